"""Answering a meeting: members only, until the start, one row per person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.db import utcnow
from app.errors import DomainError
from app.meetings import services
from app.meetings.models import Answer, Rsvp
from tests.conftest import post_form
from tests.meetings.conftest import add_meeting


def rows(db, meeting):
    return db.session.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting.id)).all()


def test_member_answers_in_one_tap_and_can_change_it(client, db, login_as, setup):
    login_as(client, setup.member)
    url = f"/meetings/{setup.meeting.id}/rsvp"
    assert post_form(client, url, {"answer": "yes"}).status_code == 302
    assert post_form(client, url, {"answer": "no", "reason": "Tandlæge"}).status_code == 302
    saved = rows(db, setup.meeting)
    assert len(saved) == 1
    assert (saved[0].answer, saved[0].reason) == (Answer.NO, "Tandlæge")
    assert post_form(client, url, {"answer": "yes", "reason": "ignored"}).status_code == 302
    db.session.expire_all()
    saved = rows(db, setup.meeting)
    assert len(saved) == 1 and (saved[0].answer, saved[0].reason) == (Answer.YES, "")


def test_non_member_cannot_answer_and_gets_404(client, db, login_as, setup):
    login_as(client, setup.outsider)
    assert post_form(client, f"/meetings/{setup.meeting.id}/rsvp", {"answer": "yes"}).status_code == 404
    assert rows(db, setup.meeting) == []
    with pytest.raises(DomainError):
        services.answer(setup.outsider, setup.meeting, Answer.YES)


def test_no_answer_after_the_start(db, setup):
    with pytest.raises(DomainError) as caught:
        services.answer(setup.member, setup.meeting, Answer.NO, now=setup.meeting.starts_at)
    assert caught.value.field == "answer"
    assert services.answer(setup.member, setup.meeting, Answer.NO, now=setup.meeting.starts_at - timedelta(seconds=1))


def test_started_meeting_answer_refused_over_http(client, db, login_as, setup):
    started = add_meeting(db, setup.group, utcnow() - timedelta(minutes=5))
    login_as(client, setup.member)
    response = post_form(client, f"/meetings/{started.id}/rsvp", {"answer": "no"}, follow_redirects=True)
    assert response.status_code == 200
    assert rows(db, started) == []


def test_garbage_answer_is_refused_without_500(client, db, login_as, setup):
    login_as(client, setup.member)
    for value in ("maybe", "", "yes\x00", "ja" * 500):
        assert post_form(client, f"/meetings/{setup.meeting.id}/rsvp", {"answer": value}).status_code == 302
    assert rows(db, setup.meeting) == []


def test_cancelled_meeting_cannot_be_answered(db, setup):
    setup.meeting.cancelled_at = utcnow()
    db.session.commit()
    with pytest.raises(DomainError):
        services.answer(setup.member, setup.meeting, Answer.YES)


def test_former_member_cannot_answer_future_meetings(db, setup):
    from app.groups.services import current_membership, end_membership

    end_membership(setup.facilitator, current_membership(setup.member))
    with pytest.raises(DomainError):
        services.answer(setup.member, setup.meeting, Answer.YES)


# --- the reason for a no is asked for after the no, never before ---------------------------------------------------

REASON_FIELD = 'name="reason"'


@pytest.mark.parametrize("page", ["/week", "/meetings/{id}"])
def test_reason_is_asked_after_i_cant_come(client, db, login_as, setup, page):
    login_as(client, setup.member)
    path = page.format(id=setup.meeting.id)
    before = client.get(path).get_data(as_text=True)
    assert "Jeg kan ikke komme" in before
    assert REASON_FIELD not in before  # nothing to fill in before the tap

    back = {"back": "week"} if page == "/week" else {}
    response = post_form(client, f"/meetings/{setup.meeting.id}/rsvp", {"answer": "no", **back})
    assert response.headers["Location"].endswith(path)
    after = client.get(path).get_data(as_text=True)
    assert REASON_FIELD in after and "Vil du fortælle hvorfor?" in after
    assert rows(db, setup.meeting)[0].answer is Answer.NO  # the no counts at once, with or without a reason

    post_form(client, f"/meetings/{setup.meeting.id}/rsvp", {"answer": "no", "reason": "Tandlæge", **back})
    db.session.expire_all()
    assert rows(db, setup.meeting)[0].reason == "Tandlæge"
    assert 'value="Tandlæge"' in client.get(path).get_data(as_text=True)


def test_pressing_i_cant_come_again_keeps_the_reason(client, db, login_as, setup):
    login_as(client, setup.member)
    url = f"/meetings/{setup.meeting.id}/rsvp"
    post_form(client, url, {"answer": "no", "reason": "Tandlæge"})
    post_form(client, url, {"answer": "no"})  # the button alone
    db.session.expire_all()
    assert rows(db, setup.meeting)[0].reason == "Tandlæge"
    post_form(client, url, {"answer": "yes"})
    post_form(client, url, {"answer": "no"})
    db.session.expire_all()
    assert (rows(db, setup.meeting)[0].answer, rows(db, setup.meeting)[0].reason) == (Answer.NO, "")
