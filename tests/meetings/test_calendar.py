"""Calendar files parse with icalendar and hold exactly the person's own meetings, in UTC."""

from __future__ import annotations

import re
from datetime import UTC, time, timedelta

from icalendar import Calendar

from app.db import utcnow
from app.groups.models import Group
from tests.conftest import post_form
from tests.meetings.conftest import add_meeting

LINK = re.compile(r'value="http://[^"]+(/calendar/[^"]+\.ics)"')


def events_of(body: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(body)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def make_feed(client) -> str:
    response = post_form(client, "/calendar/renew")
    assert response.status_code == 302
    return LINK.search(client.get("/calendar").get_data(as_text=True)).group(1)


def test_meeting_ics_has_the_meeting_in_utc(client, db, login_as, setup):
    login_as(client, setup.member)
    response = client.get(f"/meetings/{setup.meeting.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    (event,) = events_of(response.data).values()
    assert event.decoded("dtstart") == setup.meeting.starts_at
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == setup.meeting.ends_at
    assert str(event["location"]) == setup.meeting.place


def test_meeting_ics_of_another_group_is_404(client, db, login_as, setup):
    login_as(client, setup.outsider)
    assert client.get(f"/meetings/{setup.meeting.id}.ics").status_code == 404


def test_feed_has_exactly_my_group_meetings(client, make_client, db, login_as, setup):
    other_group = Group(municipality_id=setup.group.municipality_id, name="Torsdag", weekday=3, start_time=time(13))
    db.session.add(other_group)
    db.session.commit()
    foreign = add_meeting(db, other_group, utcnow() + timedelta(days=3))
    second = add_meeting(db, setup.group, utcnow() + timedelta(days=9))
    login_as(client, setup.member)
    path = make_feed(client)

    anonymous = make_client()  # calendar apps have no session
    response = anonymous.get(path)
    assert response.status_code == 200
    events = events_of(response.data)
    assert set(events) == {f"meeting-{setup.meeting.id}@nextwork", f"meeting-{second.id}@nextwork"}
    assert f"meeting-{foreign.id}@nextwork" not in events
    starts = {events[f"meeting-{m.id}@nextwork"].decoded("dtstart") for m in (setup.meeting, second)}
    assert starts == {setup.meeting.starts_at, second.starts_at}
    assert all(start.tzinfo is not None and start.utcoffset() == timedelta(0) for start in starts)


def test_cancelled_meeting_is_marked_cancelled_in_the_feed(client, make_client, db, login_as, setup):
    setup.meeting.cancelled_at = utcnow()
    db.session.commit()
    login_as(client, setup.member)
    events = events_of(make_client().get(make_feed(client)).data)
    assert str(events[f"meeting-{setup.meeting.id}@nextwork"]["status"]) == "CANCELLED"


def test_renewed_feed_makes_the_old_url_404(client, make_client, db, login_as, setup):
    login_as(client, setup.member)
    old = make_feed(client)
    new = make_feed(client)
    assert old != new
    calendar_app = make_client()
    assert calendar_app.get(old).status_code == 404
    assert calendar_app.get(new).status_code == 200
    assert calendar_app.get("/calendar/not-a-token.ics").status_code == 404


def test_feed_of_deactivated_user_is_404(client, make_client, db, login_as, setup):
    login_as(client, setup.member)
    path = make_feed(client)
    setup.member.active = False
    db.session.commit()
    assert make_client().get(path).status_code == 404


def test_feed_times_are_utc_across_dst(client, make_client, db, login_as, setup):
    from datetime import datetime

    summer = add_meeting(db, setup.group, datetime(2027, 7, 6, 8, 0, tzinfo=UTC))
    login_as(client, setup.member)
    events = events_of(make_client().get(make_feed(client)).data)
    assert events[f"meeting-{summer.id}@nextwork"].decoded("dtstart") == datetime(2027, 7, 6, 8, 0, tzinfo=UTC)
