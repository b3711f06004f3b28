"""Participant pages: the list, an event's page, sign-up and interest over HTTP; scoping and roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.db import utcnow
from app.events.models import CompanyInterest, EventSignup, MatchEvent
from tests.conftest import post_form
from tests.factories import make_company, make_event, make_municipality, make_user


def _signups(db, event) -> tuple[int, int]:  # noqa: ANN001
    db.session.expire_all()
    rows = db.session.scalar(select(func.count()).select_from(EventSignup).where(EventSignup.event_id == event.id))
    return rows, db.session.get(MatchEvent, event.id).signups


def test_list_shows_upcoming_and_cancelled_but_not_past_or_foreign(client, db, login_as):
    town = make_municipality()
    make_event(town, title="Kommende matchdag")
    make_event(town, title="Aflyst matchdag", cancelled=True)
    make_event(town, title="Gammel matchdag", starts_at=utcnow() - timedelta(days=2))
    make_event(make_municipality(), title="Fremmed matchdag")
    login_as(client, make_user(Role.PARTICIPANT, town, language="en"))
    page = client.get("/events").get_data(as_text=True)
    assert "Kommende matchdag" in page and "Aflyst matchdag" in page
    assert "Gammel matchdag" not in page and "Fremmed matchdag" not in page
    assert "Cancelled" in page


def test_detail_shows_companies_seats_and_copenhagen_time(client, db, login_as):
    town = make_municipality()
    baker = make_company(town, name="Bageriet", sector="Bageri", area="Himmelev", description="Vi bager.")
    make_company(town, name="Ikke med")
    summer = datetime(utcnow().year + 1, 7, 1, 8, 0, tzinfo=UTC)
    event = make_event(town, starts_at=summer, capacity=3, companies=[baker])
    login_as(client, make_user(Role.PARTICIPANT, town, language="en"))
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Bageriet" in page and "Bageri · Himmelev" in page and "Vi bager." in page
    assert "Ikke med" not in page
    assert "3 places left" in page
    assert "10:00" in page and "12:00" in page  # 08:00 UTC is 10:00 in Copenhagen in summer


def test_sign_up_twice_then_cancel_over_http(client, db, login_as):
    town = make_municipality()
    event = make_event(town, capacity=2)
    login_as(client, make_user(Role.PARTICIPANT, town, language="en"))
    for _ in range(2):  # a double tap
        response = post_form(client, f"/events/{event.id}/signup")
        assert response.status_code == 302 and response.headers["Location"] == f"/events/{event.id}"
    assert _signups(db, event) == (1, 1)
    assert "You are signed up" in client.get(f"/events/{event.id}").get_data(as_text=True)
    assert post_form(client, f"/events/{event.id}/signup/cancel").status_code == 302
    assert post_form(client, f"/events/{event.id}/signup/cancel").status_code == 302
    assert _signups(db, event) == (0, 0)


def test_full_and_started_events_say_so(client, db, login_as):
    town = make_municipality()
    full = make_event(town, capacity=1)
    started = make_event(town, starts_at=utcnow() - timedelta(minutes=10))
    login_as(client, make_user(Role.PARTICIPANT, town))
    assert post_form(client, f"/events/{full.id}/signup").status_code == 302
    other = make_user(Role.PARTICIPANT, town, language="en")
    login_as(client, other)
    page = post_form(client, f"/events/{full.id}/signup", follow_redirects=True).get_data(as_text=True)
    assert "Sorry, the event is full." in page
    page = post_form(client, f"/events/{started.id}/signup", follow_redirects=True).get_data(as_text=True)
    assert "The event has started, so sign-up is closed." in page
    assert _signups(db, full) == (1, 1) and _signups(db, started) == (0, 0)


def test_interest_over_http(client, db, login_as):
    town = make_municipality()
    company, absent = make_company(town, name="Værkstedet"), make_company(town)
    event = make_event(town, companies=[company])
    login_as(client, make_user(Role.PARTICIPANT, town, language="en"))
    url = f"/events/{event.id}/companies/{company.id}/interest"
    for _ in range(2):
        assert post_form(client, url, {"interested": "yes"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CompanyInterest)) == 1
    assert "You would like to talk more with them." in client.get(f"/events/{event.id}").get_data(as_text=True)
    assert post_form(client, url, {"interested": "no"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CompanyInterest)) == 0
    assert post_form(client, url, {"interested": "perhaps"}).status_code == 400
    assert post_form(client, url).status_code == 400
    elsewhere = f"/events/{event.id}/companies/{absent.id}/interest"
    assert post_form(client, elsewhere, {"interested": "yes"}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(CompanyInterest)) == 0


def test_another_municipalitys_event_is_404(client, db, login_as):
    town = make_municipality()
    foreign_town = make_municipality()
    foreign_company = make_company(foreign_town)
    foreign = make_event(foreign_town, companies=[foreign_company])
    login_as(client, make_user(Role.PARTICIPANT, town))
    assert client.get(f"/events/{foreign.id}").status_code == 404
    assert post_form(client, f"/events/{foreign.id}/signup").status_code == 404
    assert post_form(client, f"/events/{foreign.id}/signup/cancel").status_code == 404
    url = f"/events/{foreign.id}/companies/{foreign_company.id}/interest"
    assert post_form(client, url, {"interested": "yes"}).status_code == 404
    assert _signups(db, foreign) == (0, 0)
    assert client.get("/events/999999").status_code == 404


@pytest.mark.parametrize("path", ["/events", "/events/{id}"])
def test_roles_for_participant_pages(client, make_client, db, login_as, path):
    town = make_municipality()
    url = path.format(id=make_event(town).id)
    anonymous = make_client().get(url)
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login?next=")
    login_as(client, make_user(Role.FACILITATOR, town))
    assert client.get(url).status_code == 403


def test_anonymous_posts_are_sent_to_login(client, db):
    event = make_event(make_municipality())
    response = post_form(client, f"/events/{event.id}/signup")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert post_form(client, f"/events/{event.id}/signup", headers={"Accept": "application/json"}).status_code == 401
    assert _signups(db, event) == (0, 0)


def test_my_week_card_partial_renders(app, db):
    from flask import render_template

    from app.events.services import upcoming_events_for

    town = make_municipality()
    person = make_user(Role.PARTICIPANT, town, language="en")
    make_event(town, title="Næste matchdag")
    with app.test_request_context("/week?lang=en"):
        html = render_template("events/_card.html", upcoming_events=upcoming_events_for(person))
        empty = render_template("events/_card.html", upcoming_events=[])
    assert "Næste matchdag" in html and "/events/" in html
    assert "No match events are planned right now." in empty
