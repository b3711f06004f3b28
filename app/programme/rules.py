"""The programme's vocabulary, declared once: the outcomes a participant can leave for (matching the evaluation of
NEXTWORK), the follow-up points, when a follow-up falls due, and the bounds of the numbers. Models (CHECKs), forms,
services, reports and the CSV read these.
"""

from __future__ import annotations

import calendar
import enum
from datetime import date, timedelta

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

JOB_HOURS_MIN = 1  # weekly hours of a job
JOB_HOURS_MAX = 60
JOB_HOURS_CHECK = f"job_hours IS NULL OR (job_hours >= {JOB_HOURS_MIN} AND job_hours <= {JOB_HOURS_MAX})"
FOLLOWUP_REMIND_WITHIN = timedelta(days=60)  # a follow-up due longer ago than this is not reminded of any more
LATEST_EXIT_AHEAD = timedelta(days=90)  # an exit can be recorded at most this far ahead


class Point(enum.StrEnum):
    """When an outcome is about: leaving the programme, or a follow-up some months after the start."""

    EXIT = "exit"
    M6 = "m6"
    M12 = "m12"
    M30 = "m30"

    @property
    def months(self) -> int | None:
        return _MONTHS.get(self)

    @property
    def label(self) -> LazyString:
        return _POINT_LABELS[self]


_MONTHS = {Point.M6: 6, Point.M12: 12, Point.M30: 30}
FOLLOWUPS = (Point.M6, Point.M12, Point.M30)
_POINT_LABELS = {
    Point.EXIT: _l("At exit"),
    Point.M6: _l("After 6 months"),
    Point.M12: _l("After 12 months"),
    Point.M30: _l("After 30 months"),
}


class Status(enum.StrEnum):
    """What the young person does (at exit: why they leave). Reports group them as job, education or other."""

    JOB = "job"
    EDUCATION = "education"
    OTHER_OFFER = "other_offer"  # another municipal offer or support
    MOVED = "moved"
    NO_LONGER_WANTS = "no_longer_wants"
    IN_PROGRAMME = "in_programme"  # follow-ups only: still in NEXTWORK
    NEITHER = "neither"  # follow-ups only: neither a job nor education
    OTHER = "other"

    @property
    def label(self) -> LazyString:
        return _STATUS_LABELS[self]

    @property
    def group(self) -> str:
        """ "job", "education" or "other": how the reports count it."""
        return self.value if self in (Status.JOB, Status.EDUCATION) else "other"


_STATUS_LABELS = {
    Status.JOB: _l("A job"),
    Status.EDUCATION: _l("Education"),
    Status.OTHER_OFFER: _l("Another offer from the municipality"),
    Status.MOVED: _l("Moved away"),
    Status.NO_LONGER_WANTS: _l("No longer wants to take part"),
    Status.IN_PROGRAMME: _l("Still in NEXTWORK"),
    Status.NEITHER: _l("Neither a job nor education"),
    Status.OTHER: _l("Other"),
}
EXIT_CHOICES = (Status.JOB, Status.EDUCATION, Status.OTHER_OFFER, Status.MOVED, Status.NO_LONGER_WANTS, Status.OTHER)
FOLLOWUP_CHOICES = (
    Status.JOB,
    Status.EDUCATION,
    Status.OTHER_OFFER,
    Status.IN_PROGRAMME,
    Status.NEITHER,
    Status.MOVED,
    Status.OTHER,
)
# What a participant may report themselves when they end their last placement; the facilitator confirms.
SELF_REPORT_CHOICES = (Status.JOB, Status.EDUCATION)
GROUPS = ("job", "education", "other")


class JobKind(enum.StrEnum):
    ORDINARY = "ordinary"
    FLEX = "flex"  # fleksjob
    WAGE_SUBSIDY = "wage_subsidy"  # job med løntilskud

    @property
    def label(self) -> LazyString:
        return _JOB_LABELS[self]


_JOB_LABELS = {
    JobKind.ORDINARY: _l("Ordinary job"),
    JobKind.FLEX: _l("Flexible job (fleksjob)"),
    JobKind.WAGE_SUBSIDY: _l("Job with wage subsidy"),
}


class EducationKind(enum.StrEnum):
    PREPARATORY = "preparatory"  # FGU and other preparatory education
    UPPER_SECONDARY = "upper_secondary"  # gymnasium, HF
    VOCATIONAL = "vocational"  # erhvervsuddannelse
    HIGHER = "higher"  # videregående
    OTHER = "other"

    @property
    def label(self) -> LazyString:
        return _EDUCATION_LABELS[self]


_EDUCATION_LABELS = {
    EducationKind.PREPARATORY: _l("Preparatory (e.g. FGU)"),
    EducationKind.UPPER_SECONDARY: _l("Upper secondary (e.g. gymnasium, HF)"),
    EducationKind.VOCATIONAL: _l("Vocational (erhvervsuddannelse)"),
    EducationKind.HIGHER: _l("Higher education"),
    EducationKind.OTHER: _l("Other education"),
}

# The details that belong to one status only (a CHECK in the model, and the service clears the others).
JOB_ONLY = "status = 'job' OR (job_kind IS NULL AND job_hours IS NULL AND placement_company_id IS NULL)"
EDUCATION_ONLY = "status = 'education' OR (education_kind IS NULL AND with_su IS NULL)"


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); a day the month does not have becomes its last day (31 Aug + 6
    months is 28 or 29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def due_on(started_on: date, point: Point) -> date:
    """The day a follow-up falls due: the start plus its months (the 31st becomes the month's last day)."""
    months = point.months
    if months is None:
        raise ValueError(f"{point} is not a follow-up")
    return add_months(started_on, months)


def latest_start_due(point: Point, day: date) -> date:
    """The last start date whose `point` follow-up is due on or before `day`: every period that started on or
    before it has that follow-up due (due_on never decreases with the start date)."""
    months = point.months
    if months is None:
        raise ValueError(f"{point} is not a follow-up")
    start = add_months(day, -months)
    while due_on(start + timedelta(days=1), point) <= day:
        start += timedelta(days=1)
    return start
