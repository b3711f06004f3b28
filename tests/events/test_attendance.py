"""Staff mark who came to a match event (signed up or a walk-in): only once it has started, only people of their
municipality, once per person, with explicit "Came" and "Remove" buttons (POST with CSRF)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.db import utcnow
from app.errors import DomainError
from app.events import attendance, services
from app.events.models import EventAttendance
from app.extensions import db
from tests.conftest import csrf_token, post_form
from tests.factories import make_event, make_municipality, make_user


@pytest.fixture
def town(db):  # noqa: ANN001
    return make_municipality()


@pytest.fixture
def facilitator(town):  # noqa: ANN001
    return make_user(Role.FACILITATOR, town, language="en")


@pytest.fixture
def staff(client, login_as, facilitator):  # noqa: ANN001
    login_as(client, facilitator)
    return client


def _started(town, *, signed_up=(), hours_ago: float = 1):  # noqa: ANN001, ANN202
    """An event that started `hours_ago` (sign-ups made while it was still ahead)."""
    event = make_event(town, starts_at=utcnow() + timedelta(hours=1))
    for person in signed_up:
        services.sign_up(person, event)
    event.starts_at = utcnow() - timedelta(hours=hours_ago)
    event.ends_at = event.starts_at + timedelta(hours=2)
    db.session.commit()
    return event


def _came(event) -> set[int]:  # noqa: ANN001
    db.session.expire_all()
    return set(db.session.scalars(select(EventAttendance.user_id).where(EventAttendance.event_id == event.id)))


def test_staff_mark_a_signed_up_participant_and_a_walk_in_once_it_has_started(staff, town, facilitator):
    signed, walk_in, absent = (make_user(Role.PARTICIPANT, town, name=n) for n in ("Signe", "Walter", "Asta"))
    event = _started(town, signed_up=[signed, absent])
    page = staff.get(f"/staff/events/{event.id}").get_data(as_text=True)
    assert "Signed up: 2" in page and "Came: 0" in page
    assert f'<option value="{walk_in.id}">Walter</option>' in page  # the walk-in list: not signed up, not marked
    assert f'<option value="{signed.id}">' not in page

    assert post_form(staff, f"/staff/events/{event.id}/came", {"person": signed.id}).status_code == 302
    assert post_form(staff, f"/staff/events/{event.id}/came", {"person": walk_in.id}).status_code == 302
    assert _came(event) == {signed.id, walk_in.id}
    row = db.session.scalar(select(EventAttendance).where(EventAttendance.user_id == walk_in.id))
    assert row.marked_by_id == facilitator.id and utcnow() - row.marked_at < timedelta(minutes=1)

    page = staff.get(f"/staff/events/{event.id}").get_data(as_text=True)
    assert "Came: 2" in page
    assert "1 of 2 who signed up came" in page
    assert "Walk-ins: 1" in page and "Walter" in page
    assert f'<option value="{walk_in.id}">' not in page


def test_marking_before_the_start_is_refused(staff, town, facilitator):
    person = make_user(Role.PARTICIPANT, town)
    event = make_event(town, starts_at=utcnow() + timedelta(minutes=5))
    services.sign_up(person, event)
    with pytest.raises(DomainError, match="once the event has started"):
        attendance.mark_came(facilitator, event, person)
    response = post_form(staff, f"/staff/events/{event.id}/came", {"person": person.id}, follow_redirects=True)
    assert "You can mark who came once the event has started." in response.get_data(as_text=True)
    assert _came(event) == set()
    page = staff.get(f"/staff/events/{event.id}").get_data(as_text=True)
    assert f"/staff/events/{event.id}/came" not in page  # no buttons before the start


def test_a_cancelled_event_takes_no_marks(town, facilitator):
    person = make_user(Role.PARTICIPANT, town)
    event = _started(town)
    event.cancelled_at = utcnow()
    db.session.commit()
    with pytest.raises(DomainError, match="cancelled"):
        attendance.mark_came(facilitator, event, person)


def test_marking_and_removing_are_idempotent(staff, town, facilitator):
    person = make_user(Role.PARTICIPANT, town)
    event = _started(town, signed_up=[person])
    assert attendance.mark_came(facilitator, event, person) is True
    assert attendance.mark_came(facilitator, event, person) is False
    assert post_form(staff, f"/staff/events/{event.id}/came", {"person": person.id}).status_code == 302
    assert len(db.session.scalars(select(EventAttendance)).all()) == 1
    assert post_form(staff, f"/staff/events/{event.id}/came/remove", {"person": person.id}).status_code == 302
    assert _came(event) == set()
    assert post_form(staff, f"/staff/events/{event.id}/came/remove", {"person": person.id}).status_code == 302
    assert attendance.unmark_came(facilitator, event, person) is False
    assert _came(event) == set()


def test_only_participants_of_the_municipality_can_be_marked(staff, town, facilitator):
    event = _started(town)
    colleague = make_user(Role.FACILITATOR, town)
    with pytest.raises(DomainError, match="Only participants"):
        attendance.mark_came(facilitator, event, colleague)
    stranger = make_user(Role.PARTICIPANT, make_municipality())
    assert post_form(staff, f"/staff/events/{event.id}/came", {"person": stranger.id}).status_code == 404
    for garbage in ("", "abc", "-1", "99999999999"):
        assert post_form(staff, f"/staff/events/{event.id}/came", {"person": garbage}).status_code == 404
    assert _came(event) == set()


def test_another_municipalitys_event_is_404(staff, town):
    elsewhere = make_municipality()
    person = make_user(Role.PARTICIPANT, elsewhere)
    foreign = _started(elsewhere, signed_up=[person])
    assert post_form(staff, f"/staff/events/{foreign.id}/came", {"person": person.id}).status_code == 404
    assert post_form(staff, f"/staff/events/{foreign.id}/came/remove", {"person": person.id}).status_code == 404
    other_staff = make_user(Role.FACILITATOR, elsewhere)
    with pytest.raises(DomainError):
        attendance.mark_came(other_staff, _started(town), make_user(Role.PARTICIPANT, town))
    assert _came(foreign) == set()


def test_a_participant_gets_403(client, login_as, town):
    person = make_user(Role.PARTICIPANT, town)
    event = _started(town, signed_up=[person])
    login_as(client, person)
    assert post_form(client, f"/staff/events/{event.id}/came", {"person": person.id}).status_code == 403
    assert post_form(client, f"/staff/events/{event.id}/came/remove", {"person": person.id}).status_code == 403
    assert _came(event) == set()


def test_without_the_csrf_token_nothing_is_marked(staff, town, facilitator):
    person = make_user(Role.PARTICIPANT, town)
    event = _started(town, signed_up=[person])
    assert staff.post(f"/staff/events/{event.id}/came", data={"person": person.id}).status_code == 400
    assert _came(event) == set()
    attendance.mark_came(facilitator, event, person)
    assert staff.post(f"/staff/events/{event.id}/came/remove", data={"person": person.id}).status_code == 400
    token = csrf_token(staff, f"/staff/events/{event.id}")
    assert staff.post(f"/staff/events/{event.id}/came/remove", data={"person": person.id, "csrf_token": token})
    assert _came(event) == set()


def test_a_deleted_account_takes_its_attendance_and_forgets_who_marked(town, facilitator):
    from app.privacy.services import delete_account

    person, other = make_user(Role.PARTICIPANT, town), make_user(Role.PARTICIPANT, town)
    event = _started(town)
    attendance.mark_came(facilitator, event, person)
    attendance.mark_came(facilitator, event, other)
    delete_account(person)
    assert _came(event) == {other.id}
    delete_account(facilitator)
    db.session.expire_all()
    assert db.session.scalar(select(EventAttendance.marked_by_id)) is None
