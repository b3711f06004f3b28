"""The staff pages about people: who may open a person page, what it shows (never a private reflection), the
roster's columns, the people list's search and filters, and the overview's attention list."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.accounts.models import Role
from app.db import utcnow
from app.extensions import db as _db
from app.meetings.models import Attendance, CheckinMethod
from app.meetings.schedule import new_meeting
from app.placements.models import Assignment, HoursChange
from app.reflections import services as reflections
from app.reflections.models import Visibility
from app.timeutil import local_today
from tests.factories import add_to_group, make_company, make_group, make_municipality, make_placement, make_user

LONG_AGO = utcnow() - timedelta(days=200)


@pytest.fixture
def town(db):  # noqa: ANN001, ANN201
    town = make_municipality()
    facilitator = make_user(Role.FACILITATOR, town, name="Mette")
    group = make_group(town, name="Tirsdagsgruppen")
    add_to_group(group, facilitator, "facilitator", joined_at=LONG_AGO)
    amira = make_user(Role.PARTICIPANT, town, name="Amira", email="amira@example.test")
    add_to_group(group, amira, joined_at=LONG_AGO)
    other_facilitator = make_user(Role.FACILITATOR, town, name="Omar")
    other_group = make_group(town, name="Torsdagsgruppen")
    add_to_group(other_group, other_facilitator, "facilitator")
    bo = make_user(Role.PARTICIPANT, town, name="Bo")
    add_to_group(other_group, bo)
    loner = make_user(Role.PARTICIPANT, town, name="Ny uden gruppe")
    admin = make_user(Role.ADMIN, town, name="Anne")

    class Town:
        pass

    t = Town()
    t.__dict__.update(locals())
    return t


def test_who_may_open_a_person_page(client, login_as, town):
    paths = {name: f"/staff/people/{getattr(town, name).id}" for name in ("amira", "bo", "loner", "other_facilitator")}
    login_as(client, town.facilitator)
    assert client.get(paths["amira"]).status_code == 200  # in my group
    assert client.get(paths["loner"]).status_code == 200  # in no group yet: someone must take them in
    assert client.get(paths["bo"]).status_code == 404  # another facilitator's participant
    assert client.get(paths["other_facilitator"]).status_code == 404  # staff: for admins only
    assert client.get(f"/staff/people/{make_user(Role.PARTICIPANT, make_municipality()).id}").status_code == 404
    login_as(client, town.admin)
    assert all(client.get(path).status_code == 200 for path in paths.values())
    login_as(client, town.amira)
    assert client.get(paths["amira"]).status_code == 403


def test_the_person_page_shows_their_week_and_only_what_is_shared(client, login_as, town):
    amira, group = town.amira, town.group
    company = make_company(town.town, name="Bageriet")
    placement = make_placement(town.town, company=company, title="Bager")
    assignment = Assignment(user_id=amira.id, placement_id=placement.id, start_date=date(2026, 10, 5), weekly_hours=10)
    _db.session.add(assignment)
    _db.session.flush()
    _db.session.add_all(
        [
            HoursChange(assignment_id=assignment.id, from_hours=None, to_hours=10, effective_date=date(2026, 10, 5)),
            HoursChange(assignment_id=assignment.id, from_hours=10, to_hours=15, effective_date=date(2026, 11, 2)),
        ]
    )
    held = new_meeting(group, local_today(utcnow()) - timedelta(days=7))
    held.starts_at, held.ends_at = utcnow() - timedelta(days=7), utcnow() - timedelta(days=7) + timedelta(hours=2)
    _db.session.add(held)
    _db.session.flush()
    _db.session.add(
        Attendance(meeting_id=held.id, user_id=amira.id, method=CheckinMethod.QR, checked_in_at=held.starts_at)
    )
    _db.session.commit()
    private = reflections.write(amira, text="PRIVAT-TEKST")
    shared = reflections.write(amira, text="Delt tekst")
    reflections.share(amira, shared, Visibility.FACILITATORS, None)

    login_as(client, town.facilitator)
    page = client.get(f"/staff/people/{amira.id}").get_data(as_text=True)
    assert "Amira" in page and "amira@example.test" in page and "Tirsdagsgruppen" in page
    assert "Bager" in page and "Bageriet" in page
    # The hours history and the time in whole numbers, dates written out (as on the participant's own pages).
    assert "10 timer om ugen fra 5. okt. 2026" in page and "10 → 15 timer om ugen fra 2. nov. 2026" in page
    assert re.search(r"\d+ uger?, \d+ timer i alt", page) and not re.search(r"\d,\d (uger|timer)", page)
    assert not re.search(r"\d\d\.\d\d\.\d{4}", page)  # no "02.12.2026" anywhere (last active, dates)
    assert f"/staff/reflections/{shared.id}" in page
    assert f"/staff/reflections/{private.id}" not in page and "PRIVAT-TEKST" not in page
    assert "100 %" in page  # came to the one meeting held


def test_the_roster_has_the_columns_and_names_link_to_the_person(client, login_as, town):
    reflections.share(town.amira, reflections.write(town.amira, text="Delt"), Visibility.GROUP, None)
    login_as(client, town.facilitator)
    page = client.get(f"/staff/groups/{town.group.id}").get_data(as_text=True)
    assert f'href="/staff/people/{town.amira.id}"' in page
    for heading in ("Kom til møder", "Praktik nu", "Sidst aktiv", "Ulæste refleksioner"):
        assert heading in page, heading
    assert not re.search(r"\d\d\.\d\d\.\d{4}", page)  # "siden 3. okt. 2026", not "siden 03.10.2026"


def test_the_people_list_searches_and_filters(client, login_as, town):
    login_as(client, town.admin)
    names = lambda query: {  # noqa: E731
        n
        for n in ("Amira", "Bo", "Ny uden gruppe", "Mette")
        if f">{n}</a>" in client.get(f"/staff/people/{query}").get_data(as_text=True)
    }
    assert names("") == {"Amira", "Bo", "Ny uden gruppe", "Mette"}
    assert names("?q=amira") == {"Amira"}
    assert names("?q=AMIRA%40example") == {"Amira"}
    assert names(f"?group={town.group.id}") == {"Amira"}
    assert names("?placement=no") >= {"Amira", "Bo"}
    assert names("?status=deactivated") == set()
    assert client.get("/staff/people/?q=" + "x" * 500).status_code == 200  # too long: the filter is ignored
    login_as(client, town.facilitator)
    assert names("") == {"Amira", "Ny uden gruppe"}  # my participants and those in no group


def test_the_overview_lists_who_needs_attention_with_a_reason(client, login_as, town):
    reflections.share(town.amira, reflections.write(town.amira, text="Delt"), Visibility.FACILITATORS, None)
    login_as(client, town.facilitator)
    page = client.get("/staff").get_data(as_text=True)
    assert ">Amira</a>" in page and ">Bo</a>" not in page
    assert "du ikke har læst" in page  # the unread shared reflection, in kind words


def test_this_weeks_meetings_show_their_state(client, login_as, town):
    from app.dashboard.staff import week_bounds

    start, _end = week_bounds(utcnow())
    now = utcnow()
    if now - start < timedelta(hours=4) or _end - now < timedelta(hours=3):
        pytest.skip("the first or last hours of a week: the past and coming meetings would fall in another week")
    group = town.group
    slots = [start + timedelta(hours=h) for h in (1, 2, 3)]
    made = []
    for n, when in enumerate(slots):
        m = new_meeting(group, local_today(when) + timedelta(days=n))
        made.append(m)
        _db.session.add(m)
    over, live, cancelled = made
    over.starts_at, over.ends_at = now - timedelta(hours=3), now - timedelta(hours=1)
    live.starts_at, live.ends_at = now - timedelta(minutes=10), now + timedelta(minutes=100)
    cancelled.starts_at, cancelled.ends_at = now + timedelta(minutes=5), now + timedelta(minutes=125)
    cancelled.cancelled_at = now
    _db.session.flush()
    _db.session.add(Attendance(meeting_id=over.id, user_id=town.amira.id, method=CheckinMethod.QR, checked_in_at=now))
    _db.session.add(Attendance(meeting_id=live.id, user_id=town.amira.id, method=CheckinMethod.QR, checked_in_at=now))
    _db.session.commit()
    login_as(client, town.facilitator)
    page = client.get("/staff").get_data(as_text=True)
    week = page[page.index('id="week-h"') : page.index('id="groups-h"')]
    assert week.count("Kommer:") == 1  # only the meeting going on asks who is coming; the past one does not
    assert "1 kom" in week and "I gang nu" in week and "Aflyst" in week
    assert f'href="/staff/people/{town.amira.id}">Amira</a>' in week  # checked in at the live one


def test_names_on_staff_pages_link_to_the_person_page_where_it_opens(client, login_as, town):
    from app.events.models import EventSignup
    from app.meetings.schedule import generate_meetings
    from tests.factories import make_event

    meeting = generate_meetings(town.group, weeks=1)[0]
    event = make_event(town.town)
    for person in (town.amira, town.bo):
        _db.session.add(EventSignup(event_id=event.id, user_id=person.id))
    _db.session.commit()
    amira, bo = (f'href="/staff/people/{p.id}"' for p in (town.amira, town.bo))
    login_as(client, town.facilitator)
    assert amira in client.get(f"/staff/meetings/{meeting.id}").get_data(as_text=True)
    page = client.get(f"/staff/events/{event.id}").get_data(as_text=True)
    assert amira in page and bo not in page and ">Bo<" in page  # another facilitator's participant: a name only
    login_as(client, town.admin)
    page = client.get(f"/staff/events/{event.id}").get_data(as_text=True)
    assert amira in page and bo in page


def test_last_activity_is_the_latest_moment_as_an_aware_utc_time(town):
    from app.meetings.models import Answer, Rsvp
    from app.people.profile import last_activity

    meeting = new_meeting(town.group, local_today(utcnow()))
    _db.session.add(meeting)
    _db.session.flush()
    answered = utcnow().replace(microsecond=0) - timedelta(hours=1)
    _db.session.add(Rsvp(meeting_id=meeting.id, user_id=town.amira.id, answer=Answer.YES, answered_at=answered))
    _db.session.commit()
    assert last_activity([town.amira.id, town.bo.id]) == {town.amira.id: answered}
    assert last_activity([town.amira.id])[town.amira.id].utcoffset() == timedelta(0)
