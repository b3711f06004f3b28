"""Demo step: everyone's period in the programme, and the young people who went before them — nine start cohorts
(from two and a half years ago to half a year ago) of former participants with their placements, their exits (a
job, education or something else), the follow-ups 6, 12 and 30 months after their start and a match event they
went to, so the reports show meaningful figures. One of today's participants has reported a new education, waiting
for the facilitator.

The same every time (a fixed random seed); dates are relative to today.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.accounts.models import Municipality, Role, User
from app.companies.models import Company
from app.db import utcnow
from app.events.models import CompanyInterest, EventAttendance, EventCompany, EventSignup, MatchEvent
from app.extensions import db
from app.groups.models import Group, MemberRole, Membership
from app.placements.models import (
    Assignment,
    AssignmentStatus,
    ChangeKind,
    HoursChange,
    Placement,
    PlacementChange,
)
from app.programme.models import ProgrammeOutcome, ProgrammePeriod
from app.programme.rules import FOLLOWUPS, EducationKind, JobKind, Point, Status, due_on
from app.timeutil import local_to_utc, local_today

FORMER_NAMES = (
    "Alma",
    "Anton",
    "Asta",
    "Bertram",
    "Cecilie",
    "Elias",
    "Ella",
    "Emil",
    "Freja",
    "Hugo",
    "Isabella",
    "Johan",
    "Josefine",
    "Karl",
    "Laura",
    "Liam",
    "Lærke",
    "Magnus",
    "Malthe",
    "Marie",
    "Mathias",
    "Mille",
    "Nanna",
    "Oliver",
    "Oscar",
    "Sara",
    "Signe",
    "Silas",
    "Sofie",
    "Storm",
    "Thea",
    "Valdemar",
    "Viggo",
    "Victor",
    "Vilma",
    "Aya",
)
FORMER_EMAIL = "tidligere{n}@example.org"
COHORTS = 9  # start quarters, from ten quarters ago to two quarters ago
CURRENT_START_WEEKS = 13  # today's participants started this many weeks before this Monday
REPORTED_EXIT = 10  # ung10 has reported that they start education
EXIT_WEIGHTS = {
    Status.JOB: 42,
    Status.EDUCATION: 20,
    Status.OTHER_OFFER: 12,
    Status.MOVED: 8,
    Status.NO_LONGER_WANTS: 10,
    Status.OTHER: 8,
}


def former_emails() -> list[str]:
    return [FORMER_EMAIL.format(n=n) for n in range(1, len(FORMER_NAMES) + 1)]


def _quarter_start(day: date, back: int) -> date:
    index = day.year * 4 + (day.month - 1) // 3 - back
    return date(index // 4, index % 4 * 3 + 1, 1)


def _at(day: date, hour: int = 10) -> datetime:
    return local_to_utc(day, time(hour, 0))


def _details(outcome: ProgrammeOutcome, rng: random.Random, placement_companies: list[int]) -> None:
    if outcome.status is Status.JOB:
        outcome.job_kind = rng.choices(list(JobKind), weights=(70, 10, 20))[0]
        outcome.job_hours = rng.choice((15, 20, 25, 30, 37, 37))
        if placement_companies and rng.random() < 0.45:
            outcome.placement_company_id = rng.choice(placement_companies)
    elif outcome.status is Status.EDUCATION:
        outcome.education_kind = rng.choice(list(EducationKind)[:4])
        outcome.with_su = rng.random() < 0.7


def _followup_status(at_exit: Status, rng: random.Random) -> Status:
    roll = rng.random()
    if at_exit is Status.JOB:
        return Status.JOB if roll < 0.7 else (Status.EDUCATION if roll < 0.78 else Status.NEITHER)
    if at_exit is Status.EDUCATION:
        return Status.EDUCATION if roll < 0.65 else (Status.JOB if roll < 0.8 else Status.NEITHER)
    if roll < 0.2:
        return Status.JOB
    if roll < 0.3:
        return Status.EDUCATION
    return rng.choice((Status.OTHER_OFFER, Status.NEITHER, Status.NEITHER, Status.MOVED))


def _placements(
    person: User, town: Municipality, places: list[Placement], start: date, last: date, rng: random.Random
) -> list[tuple[int, date]]:
    """None (about one in six), or one or two past placements between `start` and `last` (a switch, sometimes an
    hours change), beginning one to ten weeks after the start and sometimes ending a while before leaving; returns
    (company, first day) of each."""
    first_day = start + timedelta(days=rng.randint(7, 70))
    stop = last - timedelta(days=rng.choice((0, 0, 0, 7, 21, 35)))
    if rng.random() < 0.17 or first_day >= stop - timedelta(days=14):
        return []
    last = stop
    spans = [(first_day, last)]
    if rng.random() < 0.45 and (last - first_day).days > 60:
        middle = first_day + timedelta(days=(last - first_day).days // 2)
        spans = [(first_day, middle - timedelta(days=1)), (middle, last)]
    companies = []
    previous = None
    for index, (begin, end) in enumerate(spans):
        place = rng.choice(places)
        hours = max(place.hours_min, min(place.hours_max, rng.choice((10, 12, 15, 20))))
        assignment = Assignment(
            user_id=person.id,
            placement_id=place.id,
            status=AssignmentStatus.ENDED,
            start_date=begin,
            end_date=end,
            weekly_hours=hours,
            end_reason="Skiftede praktik" if index + 1 < len(spans) else "",
            created_at=_at(begin, 9),
            ended_at=_at(end, 16),
        )
        db.session.add(assignment)
        db.session.flush()
        db.session.add(
            HoursChange(
                assignment_id=assignment.id,
                to_hours=hours,
                effective_date=begin,
                changed_by_id=person.id,
                changed_at=_at(begin, 9),
            )
        )
        later = min(place.hours_max, hours + 5)
        if later != hours and (end - begin).days > 42 and rng.random() < 0.5:
            effective = begin + timedelta(weeks=3)
            db.session.add(
                HoursChange(
                    assignment_id=assignment.id,
                    from_hours=hours,
                    to_hours=later,
                    effective_date=effective,
                    changed_by_id=person.id,
                    changed_at=_at(effective, 9),
                )
            )
            assignment.weekly_hours = later
        db.session.add(
            PlacementChange(
                municipality_id=town.id,
                user_id=person.id,
                kind=ChangeKind.SWITCHED if previous else ChangeKind.CHOSE,
                assignment_id=assignment.id,
                previous_assignment_id=previous,
                to_hours=hours,
                created_at=_at(begin, 9),
            )
        )
        previous = assignment.id
        companies.append((place.company_id, begin))
    return companies


def _past_event(town: Municipality, day: date, people: list[tuple[User, date, date, list[tuple[int, date]]]]) -> None:
    """A match event on `day` (five companies): the former participants in the programme then signed up, most came
    (one more walked in), and some would like to talk more with a company — those who started a placement there
    afterwards count as "talk more" followed by a placement in the reports."""
    companies = list(
        db.session.scalars(select(Company).where(Company.municipality_id == town.id).order_by(Company.id).limit(5))
    )
    event = MatchEvent(
        municipality_id=town.id,
        title="Match-event: Forårets virksomheder",
        starts_at=_at(day, 10),
        ends_at=_at(day, 13),
        place="Jobcentret, Køgevej 80, Roskilde",
        companies=[EventCompany(company_id=c.id) for c in companies],
    )
    db.session.add(event)
    db.session.flush()
    there = [entry for entry in people if entry[1] <= day <= entry[2]]
    for index, (person, _start, _last, placed) in enumerate(there):
        if index % 5 != 4:  # one in five did not sign up (and the first of those walked in)
            db.session.add(EventSignup(event_id=event.id, user_id=person.id, signed_up_at=_at(day - timedelta(days=9))))
            event.signups += 1
        if index % 5 != 3 or index == 4:
            db.session.add(EventAttendance(event_id=event.id, user_id=person.id, marked_at=_at(day, 10)))
        later = [company for company, begin in placed if begin > day]
        wanted = later[0] if later else companies[index % len(companies)].id
        if index % 3 != 2:
            db.session.add(
                CompanyInterest(event_id=event.id, company_id=wanted, user_id=person.id, created_at=_at(day, 12))
            )


def add_programme(town: Municipality, users: dict[str, User], now: datetime | None = None) -> None:
    """Periods for today's participants, and the former participants' whole story. Adds and flushes; never commits."""
    now = now or utcnow()
    today = local_today(now)
    rng = random.Random(2030)
    monday = today - timedelta(days=today.weekday())
    groups = list(db.session.scalars(select(Group).where(Group.municipality_id == town.id).order_by(Group.id)))
    places = list(
        db.session.scalars(select(Placement).where(Placement.municipality_id == town.id).order_by(Placement.id))
    )
    facilitators = {
        group_id: user_id
        for group_id, user_id in db.session.execute(
            select(Membership.group_id, Membership.user_id).where(
                Membership.group_id.in_([g.id for g in groups]), Membership.role == MemberRole.FACILITATOR
            )
        )
    }
    current_start = monday - timedelta(weeks=CURRENT_START_WEEKS)
    for person in users.values():
        if person.role is Role.PARTICIPANT:
            db.session.add(ProgrammePeriod(municipality_id=town.id, user_id=person.id, started_on=current_start))
    db.session.flush()

    reporter = users[f"ung{REPORTED_EXIT}@example.org"]
    period = db.session.scalar(select(ProgrammePeriod).where(ProgrammePeriod.user_id == reporter.id))
    if period is not None:
        db.session.add(
            ProgrammeOutcome(
                period_id=period.id,
                point=Point.EXIT,
                status=Status.EDUCATION,
                education_kind=EducationKind.VOCATIONAL,
                with_su=True,
                as_of=today + timedelta(days=(4 - today.weekday()) % 7 + 14),  # a Friday in two or three weeks
                reported_by_id=reporter.id,
                reported_at=now - timedelta(hours=20),
            )
        )

    password = next(iter(users.values())).password_hash
    formers: list[tuple[User, date, date, list[tuple[int, date]]]] = []
    for number, name in enumerate(FORMER_NAMES, start=1):
        cohort = number % COHORTS  # 0 is the oldest
        start = _quarter_start(today, 10 - cohort) + timedelta(days=rng.randint(0, 80))
        last = min(start + timedelta(weeks=rng.randint(10, 40)), today - timedelta(days=21))
        person = User(
            email=FORMER_EMAIL.format(n=number),
            display_name=name,
            role=Role.PARTICIPANT,
            municipality_id=town.id,
            password_hash=password,
            language="da",
            created_at=_at(start, 8),
        )
        db.session.add(person)
        db.session.flush()
        group = groups[number % len(groups)] if groups else None
        if group is not None:
            db.session.add(
                Membership(
                    group_id=group.id,
                    user_id=person.id,
                    role=MemberRole.MEMBER,
                    joined_at=_at(start, 9),
                    left_at=_at(last, 15),
                )
            )
        placed = _placements(person, town, places, start, last, rng) if places else []
        companies = [company for company, _begin in placed]
        formers.append((person, start, last, placed))
        period = ProgrammePeriod(municipality_id=town.id, user_id=person.id, started_on=start, ended_on=last)
        db.session.add(period)
        db.session.flush()
        staff = facilitators.get(group.id) if group is not None else None
        status = rng.choices(list(EXIT_WEIGHTS), weights=list(EXIT_WEIGHTS.values()))[0]
        exit_ = ProgrammeOutcome(
            period_id=period.id,
            point=Point.EXIT,
            status=status,
            as_of=last,
            reported_by_id=person.id if status in (Status.JOB, Status.EDUCATION) else staff,
            reported_at=_at(last, 12),
            confirmed_by_id=staff,
            confirmed_at=_at(last + timedelta(days=1), 11),
        )
        _details(exit_, rng, companies)
        db.session.add(exit_)
        for point in FOLLOWUPS:
            due = due_on(start, point)
            recently = today - timedelta(days=45)
            if due > today or (due > recently and rng.random() < 0.6) or rng.random() < 0.1:
                continue  # not due yet, or not recorded (yet): the reports and the reminders show it
            checked = min(due + timedelta(days=rng.randint(0, 12)), today)
            followup = ProgrammeOutcome(
                period_id=period.id,
                point=point,
                status=_followup_status(status, rng),
                as_of=checked,
                reported_by_id=staff,
                reported_at=_at(checked, 13),
                confirmed_by_id=staff,
                confirmed_at=_at(checked, 13),
            )
            _details(followup, rng, companies)
            db.session.add(followup)
    _past_event(town, monday - timedelta(weeks=30, days=-1), formers)  # a Tuesday about seven months ago
    db.session.flush()
