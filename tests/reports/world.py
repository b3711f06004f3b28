"""A hand-built municipality whose report figures are worked out by hand below (EXPECTED), for the report period
Monday 5 January to Sunday 29 March 2026 (twelve weeks, 84 days).

Group G (facilitator Frida), group H (facilitator Hans), another municipality, and these programme periods:

  A  in G since 2025-12-01, still in. Internship at C1 from Jan 12 (10 h/week, 20 h from Jan 26), switched on
     Feb 9 to paid hours at C2 (15 h/week, still going on). Days in the window: 28 (internship) + 49 (paid) = 77;
     hour-days 14*10 + 14*20 + 49*15 = 1155. First placement 42 days after the start. 1 switch.
  B  in G from 2026-01-19, left on 2026-03-13 for an ordinary job (30 h) at C1, where they had a placement.
     Internship at C1 Feb 2 - Mar 13 (15 h) and at the same time paid hours at C2 Mar 2 - Mar 13 (5 h): 40 days
     (internship 40, paid 12, counted once in the total); hour-days 40*15 + 12*5 = 660. First placement after 14
     days.
  C  in G since 2025-07-20, still in, never in a placement. 6-month follow-up (due 2026-01-20): education.
  E  in G from 2025-07-07, left on 2026-01-30 (moved away). Internship 2025-09-01 - 2026-01-16 (10 h): 12 days in
     the window, hour-days 120; first placement after 56 days. 6-month follow-up (due 2026-01-07) not recorded.
  F  in G from 2023-08-01, left on 2026-01-09 for a job with wage subsidy (not at a placement company). Internship
     2025-03-03 - 2025-05-30 (before the window): first placement after 580 days. Follow-ups: 6 and 12 months (due
     long before the period: not counted) other offer and job, 30 months (due 2026-02-01) job at C1, where they had
     a placement.
  K  in G from 2025-02-10 to 2025-09-30, before the period: not a participant of the report (their internship in
     spring 2025 counts nowhere, not even for the time to a first placement), but their 12-month follow-up fell due
     in it (2026-02-10): a job (not at a placement company).
  D  in H from 2026-02-16, still in (counted for the whole municipality only).
  Y  in G 2025-10-01 - 2025-12-15: ended before the window, no follow-up in it: never counted. Z: another
     municipality.

A also chose a placement at C1 from Mar 20 and gave it up before the first day (withdrawn): it counts nowhere.

Meetings of G (Mondays 10-12): 2025-12-15 (before), Jan 12, Feb 2, Feb 23 (cancelled), Mar 16, Mar 30 (after).
Members at them: Jan 12 A, C, E; Feb 2 A, B, C; Mar 16 A, C; check-ins A Jan 12 + Mar 16, B Feb 2, E Jan 12 (and
A at the cancelled one). Held 8, came 4. H meets on Feb 17: D came (municipality only: held 9, came 5).

Match events: Jan 20 (C1, C2): A, B, C signed up; A, B came and E walked in; A would like to talk more with C2
(then switched there), B with C1 (then started there), C with C1 (never a placement): 3 sign-ups, 2 of them came,
3 came in all, 3 talk more, 2 followed by a placement. An event on Apr 10 (after) and a cancelled one on Feb 10
(in the window, B signed up) do not count.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time

from app.accounts.models import Municipality, Role, User
from app.events.models import CompanyInterest, EventAttendance, EventCompany, EventSignup, MatchEvent
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Attendance, CheckinMethod, Meeting
from app.placements.models import (
    Assignment,
    AssignmentStatus,
    ChangeKind,
    HoursChange,
    Placement,
    PlacementChange,
    PlacementKind,
)
from app.programme.models import ProgrammeOutcome, ProgrammePeriod
from app.programme.rules import EducationKind, JobKind, Point, Status
from app.timeutil import local_to_utc
from tests.factories import make_company, make_group, make_municipality, make_placement, make_user

FIRST = date(2026, 1, 5)
LAST = date(2026, 3, 29)

# What the report must say, worked out by hand from the docstring. Group G's report first, then what differs for
# the whole municipality (which adds D and group H's meeting).
EXPECTED = {
    "participants": 5,
    "started": 1,  # B
    "exits": 3,  # B, E, F
    "meetings_held": 8,
    "meetings_came": 4,
    "placement_days": 77 + 40 + 12,
    "internship_days": 28 + 40 + 12,
    "paid_days": 49 + 12,
    "hour_days": 1155 + 660 + 120,
    "with_placement": 3,
    "ever_placed": 4,
    "switches": 1,
    "event_signups": 3,
    "event_signed_came": 2,
    "events_came": 3,
    "talk_more": 3,
    "talk_more_placed": 2,
    "exit_job": 2,
    "exit_education": 0,
    "exit_other": 1,
    "exit_hired": 1,
    "m6_due": 2,  # C (education) and E (not recorded)
    "m6_job": 0,
    "m6_education": 1,
    "m6_other": 0,
    "m6_hired": 0,
    "m12_due": 1,  # K
    "m12_job": 1,
    "m12_education": 0,
    "m12_other": 0,
    "m12_hired": 0,
    "m30_due": 1,  # F
    "m30_job": 1,
    "m30_education": 0,
    "m30_other": 0,
    "m30_hired": 1,
}
EXPECTED_TOWN = {**EXPECTED, "participants": 6, "started": 2, "meetings_held": 9, "meetings_came": 5}
MEDIAN_DAYS = (42 + 56) / 2  # of 14, 42, 56 and 580
WEEKS = [  # (Monday, participants in the programme that week, of them with a placement) for group G
    (date(2026, 1, 5), 4, 1),
    (date(2026, 1, 12), 3, 2),
    (date(2026, 1, 19), 4, 1),
    (date(2026, 1, 26), 4, 1),
    (date(2026, 2, 2), 3, 2),
    (date(2026, 2, 9), 3, 2),
    (date(2026, 2, 16), 3, 2),
    (date(2026, 2, 23), 3, 2),
    (date(2026, 3, 2), 3, 2),
    (date(2026, 3, 9), 3, 2),
    (date(2026, 3, 16), 2, 1),
    (date(2026, 3, 23), 2, 1),
]
COHORTS = {  # start quarter -> (participants, exits for a job, education, other) for group G
    "2023-Q3": (1, 1, 0, 0),  # F
    "2025-Q1": (0, 0, 0, 0),  # K: only their follow-up
    "2025-Q3": (2, 0, 0, 1),  # C, E
    "2025-Q4": (1, 0, 0, 0),  # A
    "2026-Q1": (1, 1, 0, 0),  # B
}


@dataclass
class World:
    town: Municipality
    other_town: Municipality
    admin: User
    frida: User  # facilitator of G
    hans: User  # facilitator of H
    far_admin: User
    g: Group
    h: Group
    far_group: Group
    people: dict[str, User]


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return local_to_utc(day, time(hour, minute))


def _member(group: Group, user: User, joined: date, left: date | None = None) -> None:
    db.session.add(
        Membership(
            group_id=group.id,
            user_id=user.id,
            role=MemberRole.MEMBER,
            joined_at=_at(joined, 9),
            left_at=_at(left, 15) if left else None,
        )
    )


def _period(user: User, started: date, ended: date | None = None) -> ProgrammePeriod:
    period = ProgrammePeriod(municipality_id=user.municipality_id, user_id=user.id, started_on=started, ended_on=ended)
    db.session.add(period)
    db.session.flush()
    return period


def _outcome(period: ProgrammePeriod, point: Point, status: Status, staff: User, **details: object) -> None:
    db.session.add(
        ProgrammeOutcome(
            period_id=period.id,
            point=point,
            status=status,
            as_of=period.ended_on or date(2026, 1, 1),
            reported_by_id=staff.id,
            confirmed_by_id=staff.id,
            confirmed_at=_at(date(2026, 3, 30)),
            **details,
        )
    )


def _assignment(
    user: User,
    placement: Placement,
    start: date,
    end: date | None,
    hours: list[tuple[date, int]],
    *,
    created: datetime | None = None,
    kind: ChangeKind = ChangeKind.CHOSE,
    previous: Assignment | None = None,
) -> Assignment:
    assignment = Assignment(
        user_id=user.id,
        placement_id=placement.id,
        start_date=start,
        end_date=end,
        status=AssignmentStatus.ENDED if end else AssignmentStatus.ACTIVE,
        weekly_hours=hours[-1][1],
        created_at=created or _at(start, 8),
    )
    db.session.add(assignment)
    db.session.flush()
    before = None
    for effective, to_hours in hours:
        db.session.add(
            HoursChange(assignment_id=assignment.id, from_hours=before, to_hours=to_hours, effective_date=effective)
        )
        before = to_hours
    db.session.add(
        PlacementChange(
            municipality_id=user.municipality_id,
            user_id=user.id,
            kind=kind,
            assignment_id=assignment.id,
            previous_assignment_id=previous.id if previous else None,
            to_hours=hours[0][1],
            created_at=created or _at(start, 8),
        )
    )
    return assignment


def _meeting(group: Group, day: date, *, cancelled: bool = False) -> Meeting:
    meeting = Meeting(
        group_id=group.id,
        series_date=day,
        starts_at=_at(day, 10),
        ends_at=_at(day, 12),
        place="Jobcentret",
        checkin_secret=secrets.token_hex(32),
        cancelled_at=_at(day, 8) if cancelled else None,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _came(meeting: Meeting, *people: User) -> None:
    for person in people:
        db.session.add(
            Attendance(
                meeting_id=meeting.id, user_id=person.id, method=CheckinMethod.CODE, checked_in_at=meeting.starts_at
            )
        )


def _event(town: Municipality, day: date, companies: list, *, cancelled: bool = False) -> MatchEvent:
    event = MatchEvent(
        municipality_id=town.id,
        title=f"Matchdag {day.isoformat()}",
        starts_at=_at(day, 10),
        ends_at=_at(day, 13),
        signups=0,
        cancelled_at=_at(day, 7) if cancelled else None,
        companies=[EventCompany(company_id=c.id) for c in companies],
    )
    db.session.add(event)
    db.session.flush()
    return event


def build(names: dict[str, str] | None = None) -> World:
    """The world of the module docstring (committed). `names` overrides display names by letter."""
    names = names or {}
    town, other_town = make_municipality("Testby"), make_municipality("Fjernby")
    admin = make_user(Role.ADMIN, town, name="Anne Admin")
    frida = make_user(Role.FACILITATOR, town, name="Frida Facilitator")
    hans = make_user(Role.FACILITATOR, town, name="Hans Facilitator")
    far_admin = make_user(Role.ADMIN, other_town)
    g, h = make_group(town, name="Gruppe G"), make_group(town, name="Gruppe H")
    far_group = make_group(other_town, name="Fjern gruppe")
    people = {
        letter: make_user(Role.PARTICIPANT, town, name=names.get(letter, f"Deltager {letter}")) for letter in "ABCDEFKY"
    }
    people["Z"] = make_user(Role.PARTICIPANT, other_town, name="Deltager Z")
    p = people
    for group, lead in ((g, frida), (h, hans)):
        db.session.add(
            Membership(group_id=group.id, user_id=lead.id, role=MemberRole.FACILITATOR, joined_at=_at(date(2023, 1, 2)))
        )
    _member(g, p["A"], date(2025, 12, 1))
    _member(g, p["B"], date(2026, 1, 19), date(2026, 3, 13))
    _member(g, p["C"], date(2025, 7, 20))
    _member(g, p["E"], date(2025, 7, 7), date(2026, 1, 30))
    _member(g, p["F"], date(2023, 8, 1), date(2026, 1, 9))
    _member(g, p["K"], date(2025, 2, 10), date(2025, 9, 30))
    _member(g, p["Y"], date(2025, 10, 1), date(2025, 12, 15))
    _member(h, p["D"], date(2026, 2, 16))
    _member(far_group, p["Z"], date(2026, 1, 5))

    c1, c2 = make_company(town, name="Cykelværkstedet"), make_company(town, name="Caféen")
    internship = make_placement(town, company=c1, kind=PlacementKind.INTERNSHIP, hours_min=5, hours_max=30, seats=5)
    paid = make_placement(town, company=c2, kind=PlacementKind.PAID_HOURS, hours_min=5, hours_max=30, seats=5)

    a1 = _assignment(
        p["A"], internship, date(2026, 1, 12), date(2026, 2, 8), [(date(2026, 1, 12), 10), (date(2026, 1, 26), 20)]
    )
    _assignment(
        p["A"],
        paid,
        date(2026, 2, 9),
        None,
        [(date(2026, 2, 9), 15)],
        created=_at(date(2026, 2, 5)),
        kind=ChangeKind.SWITCHED,
        previous=a1,
    )
    _assignment(
        p["B"],
        internship,
        date(2026, 2, 2),
        date(2026, 3, 13),
        [(date(2026, 2, 2), 15)],
        created=_at(date(2026, 1, 28)),
    )
    _assignment(p["B"], paid, date(2026, 3, 2), date(2026, 3, 13), [(date(2026, 3, 2), 5)])
    _assignment(p["E"], internship, date(2025, 9, 1), date(2026, 1, 16), [(date(2025, 9, 1), 10)])
    _assignment(p["F"], internship, date(2025, 3, 3), date(2025, 5, 30), [(date(2025, 3, 3), 20)])
    db.session.add(
        Assignment(
            user_id=p["A"].id,
            placement_id=internship.id,
            start_date=date(2026, 3, 20),
            status=AssignmentStatus.WITHDRAWN,
            weekly_hours=30,
            created_at=_at(date(2026, 3, 2)),
        )
    )
    _assignment(p["K"], internship, date(2025, 3, 3), date(2025, 6, 30), [(date(2025, 3, 3), 10)])
    _assignment(p["Y"], internship, date(2025, 10, 6), date(2025, 12, 12), [(date(2025, 10, 6), 20)])
    db.session.flush()

    periods = {
        "A": _period(p["A"], date(2025, 12, 1)),
        "B": _period(p["B"], date(2026, 1, 19), date(2026, 3, 13)),
        "C": _period(p["C"], date(2025, 7, 20)),
        "D": _period(p["D"], date(2026, 2, 16)),
        "E": _period(p["E"], date(2025, 7, 7), date(2026, 1, 30)),
        "F": _period(p["F"], date(2023, 8, 1), date(2026, 1, 9)),
        "K": _period(p["K"], date(2025, 2, 10), date(2025, 9, 30)),
        "Y": _period(p["Y"], date(2025, 10, 1), date(2025, 12, 15)),
        "Z": _period(p["Z"], date(2026, 1, 5)),
    }
    _outcome(
        periods["B"], Point.EXIT, Status.JOB, frida, job_kind=JobKind.ORDINARY, job_hours=30, placement_company_id=c1.id
    )
    _outcome(periods["E"], Point.EXIT, Status.MOVED, frida)
    _outcome(periods["F"], Point.EXIT, Status.JOB, frida, job_kind=JobKind.WAGE_SUBSIDY, job_hours=25)
    _outcome(periods["Y"], Point.EXIT, Status.EDUCATION, frida, education_kind=EducationKind.HIGHER, with_su=True)
    _outcome(periods["C"], Point.M6, Status.EDUCATION, frida, education_kind=EducationKind.VOCATIONAL, with_su=True)
    _outcome(periods["F"], Point.M6, Status.OTHER_OFFER, frida)
    _outcome(periods["F"], Point.M12, Status.JOB, frida, job_kind=JobKind.ORDINARY)
    _outcome(periods["F"], Point.M30, Status.JOB, frida, job_kind=JobKind.ORDINARY, placement_company_id=c1.id)
    _outcome(periods["K"], Point.EXIT, Status.OTHER_OFFER, frida)
    _outcome(periods["K"], Point.M6, Status.NEITHER, frida)
    _outcome(periods["K"], Point.M12, Status.JOB, frida, job_kind=JobKind.FLEX, job_hours=20)

    before = _meeting(g, date(2025, 12, 15))
    jan12 = _meeting(g, date(2026, 1, 12))
    feb2 = _meeting(g, date(2026, 2, 2))
    feb23 = _meeting(g, date(2026, 2, 23), cancelled=True)
    mar16 = _meeting(g, date(2026, 3, 16))
    after = _meeting(g, date(2026, 3, 30))
    h_meeting = _meeting(h, date(2026, 2, 17))
    _came(before, p["A"], p["C"], p["Y"])
    _came(jan12, p["A"], p["E"])
    _came(feb2, p["B"])
    _came(feb23, p["A"])
    _came(mar16, p["A"])
    _came(after, p["A"], p["C"])
    _came(h_meeting, p["D"])

    jan20 = _event(town, date(2026, 1, 20), [c1, c2])
    april = _event(town, date(2026, 4, 10), [c1])
    cancelled = _event(town, date(2026, 2, 10), [c2], cancelled=True)
    for event, who in ((jan20, "ABC"), (april, "A"), (cancelled, "B")):
        for letter in who:
            db.session.add(EventSignup(event_id=event.id, user_id=p[letter].id, signed_up_at=_at(date(2026, 1, 2))))
        event.signups = len(who)
    for letter in "ABE":
        db.session.add(
            EventAttendance(
                event_id=jan20.id, user_id=p[letter].id, marked_by_id=frida.id, marked_at=_at(date(2026, 1, 20), 11)
            )
        )
    for letter, company in (("A", c2), ("B", c1), ("C", c1)):
        db.session.add(
            CompanyInterest(
                event_id=jan20.id, company_id=company.id, user_id=p[letter].id, created_at=_at(date(2026, 1, 20), 12)
            )
        )
    db.session.commit()
    return World(town, other_town, admin, frida, hans, far_admin, g, h, far_group, people)
