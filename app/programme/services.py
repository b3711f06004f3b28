"""Programme periods and outcomes: a period starts when a participant joins their first group (the `member_added`
listener), the participant may report why they leave when they end their last placement, staff confirm or record
the exit (the period ends, and with it their group membership and any placement still going on), and staff record
the follow-ups 6, 12 and 30 months after the start. One use case, one transaction; each sends its domain event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from app import signals
from app.accounts.models import Role, User
from app.companies.models import Company
from app.db import utcnow
from app.errors import DomainError
from app.extensions import db
from app.groups import services as groups
from app.placements import services as placements
from app.placements.models import Assignment, AssignmentStatus, Placement
from app.programme.models import ProgrammeOutcome, ProgrammePeriod
from app.programme.policies import looks_after
from app.programme.rules import (
    EXIT_CHOICES,
    FOLLOWUP_CHOICES,
    FOLLOWUPS,
    JOB_HOURS_MAX,
    JOB_HOURS_MIN,
    LATEST_EXIT_AHEAD,
    SELF_REPORT_CHOICES,
    EducationKind,
    JobKind,
    Point,
    Status,
    due_on,
)
from app.timeutil import local_today
from app.transaction import transactional


def today() -> date:
    return local_today(utcnow())


@dataclass
class Details:
    """What an outcome says beyond its status: for a job its kind, weekly hours and whether it is at a company where
    they had a placement (which one); for education its kind and whether they get SU. Others are cleared."""

    job_kind: JobKind | None = None
    job_hours: int | None = None
    placement_company_id: int | None = None
    education_kind: EducationKind | None = None
    with_su: bool | None = None


def open_period(person: User) -> ProgrammePeriod | None:
    return db.session.scalar(
        select(ProgrammePeriod).where(ProgrammePeriod.user_id == person.id, ProgrammePeriod.ended_on.is_(None))
    )


def get_period_or_404(period_id: int, actor: User) -> ProgrammePeriod:
    """A period whose participant `actor` looks after (programme.policies), else 404."""
    period = db.session.get(ProgrammePeriod, period_id)
    if period is None or not looks_after(actor, period.user):
        abort(404)
    return period


def start_period(person: User, started_on: date) -> ProgrammePeriod | None:
    """Open a period for a participant who has none open; None if they already have one (nothing changes).
    Does not commit: part of the caller's transaction (the `member_added` listener, the demo)."""
    if person.role is not Role.PARTICIPANT or open_period(person) is not None:
        return None
    period = ProgrammePeriod(municipality_id=person.municipality_id, user_id=person.id, started_on=started_on)
    db.session.add(period)
    db.session.flush()
    return period


def placement_companies(person: User) -> list[Company]:
    """The companies where the person has had a placement (for "is the job at one of them?"), by name; one given
    up before its first day does not count."""
    return list(
        db.session.scalars(
            select(Company)
            .where(
                Company.id.in_(
                    select(Placement.company_id)
                    .join(Assignment, Assignment.placement_id == Placement.id)
                    .where(Assignment.user_id == person.id, Assignment.status != AssignmentStatus.WITHDRAWN)
                )
            )
            .order_by(Company.name, Company.id)
        )
    )


def _checked_details(person: User, status: Status, details: Details) -> Details:
    """The details that belong to `status`, checked; the others cleared. Raises DomainError naming the field."""
    if status is Status.JOB:
        if details.job_kind is None:
            raise DomainError("job_kind", _("Choose the kind of job."))
        hours = details.job_hours
        if hours is not None and not JOB_HOURS_MIN <= hours <= JOB_HOURS_MAX:
            raise DomainError(
                "job_hours", _("Write from %(min)d to %(max)d hours a week.", min=JOB_HOURS_MIN, max=JOB_HOURS_MAX)
            )
        company = details.placement_company_id
        if company is not None and company not in {c.id for c in placement_companies(person)}:
            raise DomainError("placement_company", _("Choose one of the companies where they had a placement."))
        return Details(job_kind=details.job_kind, job_hours=hours, placement_company_id=company)
    if status is Status.EDUCATION:
        if details.education_kind is None:
            raise DomainError("education_kind", _("Choose the kind of education."))
        return Details(education_kind=details.education_kind, with_su=details.with_su)
    return Details()


def _fill(outcome: ProgrammeOutcome, status: Status, details: Details) -> None:
    outcome.status = status
    outcome.job_kind = details.job_kind
    outcome.job_hours = details.job_hours
    outcome.placement_company_id = details.placement_company_id
    outcome.education_kind = details.education_kind
    outcome.with_su = details.with_su


def _outcome(period: ProgrammePeriod, point: Point) -> ProgrammeOutcome | None:
    return db.session.scalar(
        select(ProgrammeOutcome).where(ProgrammeOutcome.period_id == period.id, ProgrammeOutcome.point == point)
    )


def _check_last_day(period: ProgrammePeriod, last_day: date) -> None:
    if last_day < period.started_on:
        raise DomainError(
            "last_day",
            _("The last day cannot be before the start, %(day)s.", day=format_date(period.started_on, "medium")),
        )
    if last_day > today() + LATEST_EXIT_AHEAD:
        raise DomainError("last_day", _("Choose a last day within the next three months."))


def active_assignments(person: User) -> list[Assignment]:
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.user_id == person.id, Assignment.status == AssignmentStatus.ACTIVE)
            .order_by(Assignment.placement_id)  # seat rows in id order, as placements do
        )
    )


def may_report_exit(person: User) -> bool:
    """Whether the participant may tell us why they leave: they are in the programme and it is not confirmed yet."""
    period = open_period(person) if person.role is Role.PARTICIPANT else None
    if period is None:
        return False
    exit_ = _outcome(period, Point.EXIT)
    return exit_ is None or not exit_.confirmed


@transactional
def report_exit(
    person: User,
    *,
    status: Status,
    last_day: date,
    details: Details,
    ending: Assignment | None = None,
) -> ProgrammeOutcome:
    """The participant says they leave for a job or education, from `last_day` on; `ending` is their last placement,
    ended on that day in the same transaction. Their facilitators are told (`exit_reported`) and confirm it.
    Reporting again before it is confirmed replaces the report.

    Raises DomainError (nothing changed) without an open period, when it is already confirmed, for another status
    than job or education, for a last day out of range or wrong details, and while another placement goes on."""
    period = open_period(person) if person.role is Role.PARTICIPANT else None
    if period is None:
        raise DomainError(None, _("You are not in the programme right now."))
    if status not in SELF_REPORT_CHOICES:
        raise DomainError("status", _("Choose a job or education."))
    _check_last_day(period, last_day)
    checked = _checked_details(person, status, details)
    existing = _outcome(period, Point.EXIT)
    if existing is not None and existing.confirmed:
        raise DomainError(None, _("Your facilitator has already confirmed that you have left the programme."))
    if ending is not None:
        if ending.user_id != person.id:
            raise DomainError(None, _("That placement has already ended."))
        reason = _("Got a job") if status is Status.JOB else _("Starts education")
        placements.end(person, ending, last_day=last_day, reason=reason)
    if active_assignments(person):
        raise DomainError(None, _("End your other placements first."))
    outcome = existing or ProgrammeOutcome(period=period, point=Point.EXIT)
    _fill(outcome, status, checked)
    outcome.as_of = last_day
    outcome.reported_by_id = person.id
    outcome.reported_at = utcnow()
    db.session.add(outcome)
    db.session.flush()
    signals.exit_reported.send(outcome=outcome)
    return outcome


@transactional
def record_exit(actor: User, period: ProgrammePeriod, *, status: Status, last_day: date, details: Details) -> None:
    """Staff confirm the participant's report (with any correction) or record the exit themselves: the period ends
    on `last_day`, placements still going on end then too, and the participant leaves their group.

    Raises DomainError (nothing changed) for someone the actor does not look after, a period that has ended, a
    status that is not an exit, a last day out of range or wrong details."""
    person = period.user
    if not looks_after(actor, person):
        raise DomainError(None, _("That is not part of your municipality."))
    if period.ended_on is not None:
        raise DomainError(None, _("This period in the programme has already ended."))
    if status not in EXIT_CHOICES:
        raise DomainError("status", _("Choose why they leave."))
    _check_last_day(period, last_day)
    checked = _checked_details(person, status, details)
    now = utcnow()
    outcome = _outcome(period, Point.EXIT) or ProgrammeOutcome(
        period=period, point=Point.EXIT, reported_by_id=actor.id, reported_at=now
    )
    _fill(outcome, status, checked)
    outcome.as_of = last_day
    outcome.confirmed_by_id = actor.id
    outcome.confirmed_at = now
    db.session.add(outcome)
    for assignment in active_assignments(person):
        placements.end(
            person, assignment, last_day=max(assignment.start_date, last_day), reason=_("Left the programme")
        )
    current = groups.current_membership(person)
    if current is not None:
        groups.end_membership(actor, current)
    period.ended_on = last_day
    db.session.flush()
    signals.programme_ended.send(period=period)


def followup_open(period: ProgrammePeriod, point: Point, day: date) -> bool:
    """Whether the `point` follow-up can be recorded on `day`: it has fallen due."""
    return point in FOLLOWUPS and due_on(period.started_on, point) <= day


@transactional
def record_followup(
    actor: User, period: ProgrammePeriod, point: Point, *, status: Status, details: Details
) -> ProgrammeOutcome:
    """Record (or correct) how the person is doing at a follow-up that has fallen due, as of today.

    Raises DomainError (nothing changed) for someone the actor does not look after, a follow-up not due yet, a
    status that is not a follow-up's, or wrong details."""
    person = period.user
    if not looks_after(actor, person):
        raise DomainError(None, _("That is not part of your municipality."))
    day = today()
    if point not in FOLLOWUPS:
        raise DomainError(None, _("That is not a follow-up."))
    if not followup_open(period, point, day):
        due = format_date(due_on(period.started_on, point), "medium")
        raise DomainError(None, _("This follow-up is due on %(day)s.", day=due))
    if status not in FOLLOWUP_CHOICES:
        raise DomainError("status", _("Choose what they do now."))
    checked = _checked_details(person, status, details)
    now = utcnow()
    outcome = _outcome(period, point) or ProgrammeOutcome(period=period, point=point)
    _fill(outcome, status, checked)
    outcome.as_of = day
    outcome.reported_by_id = actor.id
    outcome.reported_at = now
    outcome.confirmed_by_id = actor.id
    outcome.confirmed_at = now
    db.session.add(outcome)
    db.session.flush()
    signals.followup_recorded.send(outcome=outcome)
    return outcome
