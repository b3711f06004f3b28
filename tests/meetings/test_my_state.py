"""A meeting's state for one participant (upcoming, open for check-in, checked in, attended, missed, cancelled, said
no) is decided by meetings.state.my_state, and every participant page shows that one state: My week, the meetings
list, the meeting page and the check-in page never contradict each other or the clock."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy

from app.db import utcnow
from app.meetings.models import Answer, Attendance, CheckinMethod, Meeting, Rsvp
from tests.meetings.conftest import Setup, add_meeting

NOW = datetime(2030, 3, 5, 9, 0, tzinfo=utcnow().tzinfo)

# What each state says, in Danish, on every participant page that shows the meeting.
SAYS = {
    "upcoming": "Du kommer",
    "said_no": "Du har meldt afbud",
    "checkin_open": "Du kan tjekke ind nu",
    "checked_in": "Du er tjekket ind",
    "under_way": "Mødet er i gang",
    "attended": "Du var der",
    "missed": "Vi så dig ikke denne gang",
    "cancelled": "Aflyst",
}
ASKS = ("Kommer du?", "Jeg kommer", "Jeg kan ikke komme")
CHECK_IN_FIELD = 'name="code"'


def meeting_at(starts: datetime, *, opened: bool = False, cancelled: bool = False) -> Meeting:
    meeting = Meeting(group_id=1, starts_at=starts, ends_at=starts + timedelta(hours=2), checkin_secret="00")
    meeting.checkin_opened_at = starts - timedelta(minutes=25) if opened else None
    meeting.cancelled_at = starts - timedelta(days=1) if cancelled else None
    return meeting


@pytest.mark.parametrize(
    ("starts_in", "opened", "cancelled", "answer", "checked_in", "expected"),
    [
        (timedelta(days=2), False, False, None, False, "upcoming"),
        (timedelta(days=2), False, False, Answer.YES, False, "upcoming"),
        (timedelta(days=2), False, False, Answer.NO, False, "said_no"),
        (timedelta(minutes=20), True, False, Answer.YES, False, "checkin_open"),
        (timedelta(minutes=20), True, False, Answer.NO, False, "checkin_open"),  # came after all
        (timedelta(minutes=20), True, False, Answer.YES, True, "checked_in"),  # before the start: not "were"
        (timedelta(minutes=-30), True, False, None, True, "checked_in"),
        (timedelta(minutes=-10), False, False, Answer.YES, False, "under_way"),
        (timedelta(minutes=-90), True, False, Answer.YES, False, "under_way"),  # check-in closed after 1 h
        (timedelta(minutes=-10), False, False, Answer.NO, False, "said_no"),
        (timedelta(hours=-3), True, False, Answer.YES, True, "attended"),
        (timedelta(hours=-3), True, False, Answer.YES, False, "missed"),  # a yes, no check-in: not "coming"
        (timedelta(hours=-3), False, False, None, False, "missed"),
        (timedelta(hours=-3), False, False, Answer.NO, False, "said_no"),
        (timedelta(days=2), False, True, Answer.YES, False, "cancelled"),
        (timedelta(hours=-3), False, True, Answer.YES, False, "cancelled"),
    ],
)
def test_one_rule_decides_the_state(starts_in, opened, cancelled, answer, checked_in, expected) -> None:  # noqa: ANN001
    from app.meetings.state import can_answer, my_state

    meeting = meeting_at(NOW + starts_in, opened=opened, cancelled=cancelled)
    state = my_state(meeting, answer, checked_in, NOW)
    assert state == expected
    assert can_answer(meeting, state, NOW) == (starts_in > timedelta(0) and expected in ("upcoming", "said_no"))


def _make(db: SQLAlchemy, setup: Setup, state: str) -> Meeting:
    """A meeting that is in `state` for setup.member right now."""
    now = utcnow()
    starts = {
        "checkin_open": now + timedelta(minutes=20),
        "checked_in": now + timedelta(minutes=20),
        "under_way": now - timedelta(minutes=10),
        "attended": now - timedelta(hours=3),
        "missed": now - timedelta(hours=3),
    }.get(state, now + timedelta(days=2))
    meeting = add_meeting(db, setup.group, starts)
    if state in ("checkin_open", "checked_in", "attended"):
        meeting.checkin_opened_at = starts - timedelta(minutes=25)
    if state == "cancelled":
        meeting.cancelled_at, meeting.cancel_reason = now, "Sygdom"
    answer = Answer.NO if state == "said_no" else Answer.YES
    db.session.add(Rsvp(meeting_id=meeting.id, user_id=setup.member.id, answer=answer))
    if state in ("checked_in", "attended"):
        db.session.add(Attendance(meeting_id=meeting.id, user_id=setup.member.id, method=CheckinMethod.CODE))
    db.session.commit()
    return meeting


def _main(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    return html[html.index("<main") :]


@pytest.mark.parametrize("state", list(SAYS))
def test_every_page_shows_the_same_state(client, db, login_as, setup, state) -> None:  # noqa: ANN001
    db.session.delete(setup.meeting)
    db.session.commit()
    meeting = _make(db, setup, state)
    login_as(client, setup.member)
    pages = [f"/meetings/{meeting.id}", "/meetings"]
    if meeting.ends_at > utcnow():
        pages.append("/week")
    for path in pages:
        html = _main(client, path)
        assert SAYS[state] in html, (path, state)
        for other, words in SAYS.items():
            if other != state and not (state == "cancelled" and words == "Aflyst"):
                assert f">{words}<" not in html, (path, state, other)
        if path == "/meetings":
            continue  # the list links to the meeting; answering and checking in happen on the pages below
        asks = any(word in html for word in ASKS)
        assert asks == (state in ("upcoming", "said_no")), (path, state)
        assert (CHECK_IN_FIELD in html) == (state == "checkin_open"), (path, state)


def test_after_checking_in_my_week_is_about_the_meeting_now(client, db, login_as, setup) -> None:  # noqa: ANN001
    db.session.delete(setup.meeting)
    db.session.commit()
    meeting = _make(db, setup, "checked_in")
    login_as(client, setup.member)
    week = _main(client, "/week")
    assert "Mødet nu" in week and "Næste møde" not in week
    assert "Du var der" not in week  # it has not even begun
    page = _main(client, f"/meetings/{meeting.id}/checkin")
    assert "Du er tjekket ind" in page and CHECK_IN_FIELD not in page


def test_a_past_yes_without_check_in_is_not_you_are_coming(client, db, login_as, setup) -> None:  # noqa: ANN001
    meeting = _make(db, setup, "missed")
    login_as(client, setup.member)
    listing = _main(client, "/meetings")
    earlier = listing[listing.index("Tidligere") :]
    assert "Vi så dig ikke denne gang" in earlier and "Du kommer" not in earlier
    assert "Du kommer" not in _main(client, f"/meetings/{meeting.id}")


def test_staff_person_page_uses_the_same_rule(client, db, login_as, setup) -> None:  # noqa: ANN001
    """The facilitator's list of a person's last meetings says came / said no / not seen by the same rule."""
    now = utcnow()
    for days, answer, came in ((1, Answer.YES, True), (2, Answer.YES, False), (3, Answer.NO, False)):
        meeting = add_meeting(db, setup.group, now - timedelta(days=days))
        db.session.add(Rsvp(meeting_id=meeting.id, user_id=setup.member.id, answer=answer))
        if came:
            db.session.add(Attendance(meeting_id=meeting.id, user_id=setup.member.id, method=CheckinMethod.CODE))
    db.session.commit()
    login_as(client, setup.facilitator)
    html = _main(client, f"/staff/people/{setup.member.id}")
    badges = re.findall(r'class="badge[^"]*">([^<]+)<', html[html.index('id="meetings-h"') :])
    assert badges[:3] == ["Kom", "Ikke set", "Meldte afbud"]
