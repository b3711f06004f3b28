"""Staff plan, edit and cancel match events; see sign-ups and interest; garbage never gives a 500."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.db import utcnow
from app.errors import DomainError
from app.events import services, staff_services
from app.events.models import EventCompany, MatchEvent
from tests.conftest import post_form
from tests.factories import make_company, make_event, make_municipality, make_user

NEXT_YEAR = utcnow().year + 1


def _form(**change) -> dict:
    data = {
        "title": "Matchdag i hallen",
        "day": f"{NEXT_YEAR}-07-01",
        "start_time": "10:00",
        "end_time": "13:30",
        "place": "Hallen",
        "description": "Mød fem virksomheder.",
        "capacity": "12",
    }
    data.update(change)
    return {key: value for key, value in data.items() if value is not None}


def _events(db) -> list[MatchEvent]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.scalars(select(MatchEvent)))


@pytest.fixture
def town(db):  # noqa: ANN001
    return make_municipality()


@pytest.fixture
def staff(client, login_as, town):  # noqa: ANN001
    login_as(client, make_user(Role.FACILITATOR, town, language="en"))
    return client


@pytest.mark.parametrize(
    ("day", "start", "end", "utc_start", "utc_end"),
    [
        (date(NEXT_YEAR, 7, 1), "10:00", "13:30", (8, 0), (11, 30)),  # summer time, UTC+2
        (date(NEXT_YEAR, 1, 15), "09:00", "11:00", (8, 0), (10, 0)),  # winter time, UTC+1
    ],
)
def test_create_stores_copenhagen_time_as_utc(staff, db, town, day, start, end, utc_start, utc_end):
    active, inactive = make_company(town, name="Aktiv"), make_company(town, name="Lukket", active=False)
    data = _form(day=day.isoformat(), start_time=start, end_time=end, companies=[str(active.id)])
    assert "Lukket" not in staff.get("/staff/events/new").get_data(as_text=True)
    response = post_form(staff, "/staff/events/new", data)
    assert response.status_code == 302
    (event,) = _events(db)
    assert event.municipality_id == town.id and event.capacity == 12 and event.signups == 0
    assert event.starts_at == datetime(day.year, day.month, day.day, *utc_start, tzinfo=UTC)
    assert event.ends_at == datetime(day.year, day.month, day.day, *utc_end, tzinfo=UTC)
    assert [link.company_id for link in event.companies] == [active.id]
    assert response.headers["Location"] == f"/staff/events/{event.id}"
    edit = staff.get(f"/staff/events/{event.id}/edit").get_data(as_text=True)
    assert f'value="{start}"' in edit and f'value="{day.isoformat()}"' in edit  # shown back in local time
    del inactive


def test_edit_changes_companies_and_times(staff, db, town):
    a, b = make_company(town, name="A/S A"), make_company(town, name="B ApS")
    event = make_event(town, companies=[a])
    a.active = False  # a company that was deactivated later stays choosable for its event
    db.session.commit()
    response = post_form(staff, f"/staff/events/{event.id}/edit", _form(companies=[str(a.id), str(b.id)], capacity=""))
    assert response.status_code == 302
    (event,) = _events(db)
    assert {link.company_id for link in event.companies} == {a.id, b.id} and event.capacity is None
    assert post_form(staff, f"/staff/events/{event.id}/edit", _form()).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(EventCompany)) == 0


def test_capacity_cannot_be_lowered_below_signups(staff, db, town):
    event = make_event(town, capacity=5)
    for _ in range(3):
        services.sign_up(make_user(Role.PARTICIPANT, town), event)
    response = post_form(staff, f"/staff/events/{event.id}/edit", _form(title="Nyt navn", capacity="2"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 people have already signed up, so there must be at least 3 places." in page
    assert 'value="Nyt navn"' in page  # what was typed is kept
    (event,) = _events(db)
    assert (event.capacity, event.signups, event.title != "Nyt navn") == (5, 3, True)
    assert post_form(staff, f"/staff/events/{event.id}/edit", _form(capacity="3")).status_code == 302
    assert _events(db)[0].capacity == 3


def test_capacity_rule_in_the_service(db, town):
    event = make_event(town, capacity=2)
    services.sign_up(make_user(Role.PARTICIPANT, town), event)
    services.sign_up(make_user(Role.PARTICIPANT, town), event)
    kwargs = {"title": "X", "starts_at": event.starts_at, "ends_at": event.ends_at}
    with pytest.raises(DomainError) as caught:
        staff_services.update_event(make_user(Role.ADMIN, town), event, capacity=1, **kwargs)
    assert caught.value.field == "capacity"
    assert _events(db)[0].capacity == 2


def test_cancel_keeps_the_event_visible_as_cancelled(staff, client, make_client, login_as, db, town):
    event = make_event(town, title="Matchdag der aflyses")
    for _ in range(2):
        assert post_form(staff, f"/staff/events/{event.id}/cancel").status_code == 302
    (event,) = _events(db)
    assert event.cancelled_at is not None
    assert "This event is cancelled." in staff.get(f"/staff/events/{event.id}").get_data(as_text=True)
    phone = make_client()
    login_as(phone, make_user(Role.PARTICIPANT, town, language="en"))
    assert "Matchdag der aflyses" in phone.get("/events").get_data(as_text=True)
    assert "This event is cancelled." in phone.get(f"/events/{event.id}").get_data(as_text=True)
    assert post_form(phone, f"/events/{event.id}/signup").status_code == 302
    assert _events(db)[0].signups == 0
    page = post_form(staff, f"/staff/events/{event.id}/edit", _form(), follow_redirects=True).get_data(as_text=True)
    assert "can no longer be changed" in page


def test_staff_page_shows_signups_and_interest_per_company(staff, db, town):
    baker, smith = make_company(town, name="Bageren"), make_company(town, name="Smeden")
    event = make_event(town, capacity=10, companies=[baker, smith])
    ann, bo = make_user(Role.PARTICIPANT, town, name="Ann"), make_user(Role.PARTICIPANT, town, name="Bo")
    services.sign_up(ann, event)
    services.set_interest(ann, event, baker, True)
    services.set_interest(bo, event, baker, True)
    page = staff.get(f"/staff/events/{event.id}").get_data(as_text=True)
    assert "Signed up: 1 of 10" in page and "Ann" in page
    assert "2 people would like to talk more." in page and "0 people would like to talk more." in page
    assert "Bo" in page.split("Bageren")[1].split("Smeden")[0]


def test_another_municipalitys_event_is_404_for_staff(staff, db):
    foreign = make_event(make_municipality(), title="Fremmed")
    assert "Fremmed" not in staff.get("/staff/events").get_data(as_text=True)
    assert staff.get(f"/staff/events/{foreign.id}").status_code == 404
    assert staff.get(f"/staff/events/{foreign.id}/edit").status_code == 404
    assert post_form(staff, f"/staff/events/{foreign.id}/edit", _form()).status_code == 404
    assert post_form(staff, f"/staff/events/{foreign.id}/cancel").status_code == 404
    assert _events(db)[0].cancelled_at is None and _events(db)[0].title == "Fremmed"


STAFF_PATHS = ["/staff/events", "/staff/events/new", "/staff/events/{id}", "/staff/events/{id}/edit"]


@pytest.mark.parametrize("path", STAFF_PATHS)
def test_participant_403_and_anonymous_to_login(client, make_client, db, login_as, path):
    town = make_municipality()
    url = path.format(id=make_event(town).id)
    anonymous = make_client().get(url)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login?next=")
    login_as(client, make_user(Role.PARTICIPANT, town))
    assert client.get(url).status_code == 403


def test_participant_cannot_post_to_staff_endpoints(client, db, login_as):
    town = make_municipality()
    event = make_event(town)
    login_as(client, make_user(Role.PARTICIPANT, town))
    assert post_form(client, "/staff/events/new", _form()).status_code == 403
    assert post_form(client, f"/staff/events/{event.id}/cancel").status_code == 403
    assert len(_events(db)) == 1 and _events(db)[0].cancelled_at is None


@pytest.mark.parametrize(
    "change",
    [
        {"capacity": "١٢"},  # Arabic-Indic digits
        {"capacity": "１２"},  # full-width digits
        {"capacity": "12abc"},
        {"capacity": "-3"},
        {"capacity": "0"},
        {"capacity": "10001"},
        {"capacity": "9" * 40},
        {"capacity": "1e3"},
        {"title": None},
        {"title": "x" * 121},
        {"day": None},
        {"day": "2026-13-45"},
        {"day": "0001-01-01"},
        {"day": "9999-12-31"},
        {"start_time": "25:99"},
        {"end_time": None},
        {"end_time": "09:00"},  # before the start
        {"day": "2001-05-05"},  # in the past
        {"companies": "abc"},
        {"companies": "999999"},
        {"companies": "9" * 5000},
        {"description": "x" * 4001},
    ],
)
def test_garbage_re_renders_the_form_with_the_text_kept(staff, db, change):
    data = _form(place="Stedet jeg skrev", **change)
    response = post_form(staff, "/staff/events/new", data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'value="Stedet jeg skrev"' in page and 'class="error"' in page
    if isinstance(change.get("capacity"), str) and len(change["capacity"]) < 10:
        assert f'value="{change["capacity"]}"' in page
    assert _events(db) == []


def test_a_very_long_number_gets_a_plain_message(staff, db):
    page = post_form(staff, "/staff/events/new", _form(capacity="9" * 5000)).get_data(as_text=True)
    assert "That number is too large." in page and _events(db) == []


def test_another_municipalitys_company_cannot_be_chosen(staff, db):
    foreign = make_company(make_municipality())
    response = post_form(staff, "/staff/events/new", _form(companies=[str(foreign.id)]))
    assert response.status_code == 200 and _events(db) == []
    with pytest.raises(DomainError):
        staff_services.create_event(
            make_user(Role.FACILITATOR, make_municipality()),
            title="X",
            starts_at=utcnow() + timedelta(days=1),
            ends_at=utcnow() + timedelta(days=1, hours=2),
            company_ids=[foreign.id],
        )
