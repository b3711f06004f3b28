"""Demo step: two network groups with six weeks of meetings (answers, check-ins) and eight coming weeks."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from app.accounts.models import Municipality, User
from app.db import utcnow
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Answer, Attendance, CheckinMethod, Meeting, Rsvp
from app.meetings.schedule import plan_meetings
from app.timeutil import local_to_utc, local_today

PLACE = "Jobcentret, Køgevej 80, Roskilde"
PAST_WEEKS = 6
COMING_WEEKS = 8
GROUPS = (
    # name, weekday (0 = Monday), start, facilitator, participant numbers
    ("Tirsdagsgruppen", 1, time(10, 0), "facilitator@example.org", range(1, 11)),
    ("Torsdagsgruppen", 3, time(13, 0), "facilitator2@example.org", range(11, 21)),
)
NO_REASONS = ("Lægetid", "Syg", "Jobsamtale", "Tandlæge", "Min søster har fødselsdag", "")
# The next meeting, answered already by some of the group (who is coming shows on their pages): participant
# number -> yes or no. Number 7 is coming but does not show their first name to the group (counted only).
NEXT_ANSWERS = {2: Answer.YES, 3: Answer.YES, 4: Answer.YES, 5: Answer.NO, 6: Answer.YES, 7: Answer.YES}
HIDDEN = (7,)
NEXT_AGENDA = "Runde: hvordan gik ugen?\nVi forbereder matcharrangementet og øver en kort præsentation af os selv."


def _first_coming_day(group: Group, now: datetime) -> date:
    """The local date of the group's first weekly meeting that has not ended yet."""
    today = local_today(now)
    day = today + timedelta(days=(group.weekday - today.weekday()) % 7)
    if local_to_utc(day, group.start_time) + timedelta(minutes=group.duration_minutes) <= now:
        day += timedelta(weeks=1)
    return day


def _history(meeting: Meeting, people: list[User], facilitator: User, rng: random.Random) -> None:
    """Answers and check-ins for a meeting that is over: mostly yes, a few no, most of the yes-sayers came."""
    meeting.checkin_opened_at = meeting.starts_at - timedelta(minutes=rng.randint(3, 12))
    for person in people:
        roll = rng.random()
        if roll < 0.08:
            continue  # never answered
        said_yes = roll < 0.85
        answered = meeting.starts_at - timedelta(hours=rng.randint(2, 6 * 24))
        reason = "" if said_yes else rng.choice(NO_REASONS)
        db.session.add(
            Rsvp(
                meeting_id=meeting.id,
                user_id=person.id,
                answer=Answer.YES if said_yes else Answer.NO,
                reason=reason,
                answered_at=answered,
            )
        )
        if not said_yes or rng.random() < 0.1:
            continue  # said no, or said yes and did not come
        by_hand = rng.random() < 0.15  # forgot the phone: the facilitator marks them
        if by_hand:
            at = meeting.starts_at + timedelta(minutes=rng.randint(5, 40), seconds=rng.randint(0, 59))
        else:
            at = meeting.checkin_opened_at + timedelta(minutes=rng.randint(0, 25), seconds=rng.randint(0, 59))
        db.session.add(
            Attendance(
                meeting_id=meeting.id,
                user_id=person.id,
                method=CheckinMethod.MANUAL if by_hand else CheckinMethod.CODE,
                marked_by_id=facilitator.id if by_hand else None,
                checked_in_at=at,
            )
        )


def add_groups(town: Municipality, users: dict[str, User], now: datetime | None = None) -> None:
    """Two groups of ten with their facilitators and weekly meetings. Adds and flushes; never commits."""
    now = now or utcnow()
    rng = random.Random(2017)  # the same demo every time
    for name, weekday, start, facilitator_email, numbers in GROUPS:
        group = Group(
            municipality_id=town.id, name=name, weekday=weekday, start_time=start, place=PLACE, duration_minutes=120
        )
        db.session.add(group)
        db.session.flush()
        coming_day = _first_coming_day(group, now)
        first_past_day = coming_day - timedelta(weeks=PAST_WEEKS)
        joined = local_to_utc(first_past_day - timedelta(weeks=2), time(9, 0))
        facilitator = users[facilitator_email]
        people = [users[f"ung{n}@example.org"] for n in numbers]
        db.session.add(Membership(group=group, user_id=facilitator.id, role=MemberRole.FACILITATOR, joined_at=joined))
        db.session.add_all(
            Membership(group=group, user_id=p.id, role=MemberRole.MEMBER, joined_at=joined) for p in people
        )
        past = plan_meetings(group, first_past_day, PAST_WEEKS)
        coming = plan_meetings(group, coming_day, COMING_WEEKS)
        db.session.flush()
        for meeting in past:
            _history(meeting, people, facilitator, rng)
        coming[0].agenda = NEXT_AGENDA
        for number, answer in NEXT_ANSWERS.items():
            person = users[f"ung{number}@example.org"]
            if person in people:
                reason = "Jobsamtale" if answer is Answer.NO else ""
                answered_at = now - timedelta(hours=number)
                db.session.add(
                    Rsvp(
                        meeting_id=coming[0].id,
                        user_id=person.id,
                        answer=answer,
                        reason=reason,
                        answered_at=answered_at,
                    )
                )
    for number in HIDDEN:
        users[f"ung{number}@example.org"].shown_to_group = False
    db.session.flush()
