"""A participant's time in the programme (a period, from joining to leaving), what they left for and how it went
afterwards (outcomes), and the evaluators' exports: the keys that pseudonymise them and the log of every export."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.companies.models import Company
from app.db import TimestampMixin, UTCDateTime, utcnow, value_enum
from app.extensions import Model
from app.programme.rules import EDUCATION_ONLY, JOB_HOURS_CHECK, JOB_ONLY, EducationKind, JobKind, Point, Status

KEY_NAME_MAX = 60


class ProgrammePeriod(TimestampMixin, Model):
    """From the day a participant joined (their first group) to the day they left. At most one is open per person;
    someone who comes back later starts a new one."""

    __tablename__ = "programme_period"
    __table_args__ = (
        Index(
            "uq_programme_period_one_open",
            "user_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
        Index("ix_programme_period_town_start", "municipality_id", "started_on"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    started_on: Mapped[date] = mapped_column(Date)  # local date
    ended_on: Mapped[date | None] = mapped_column(Date)  # the last day (set once the exit is confirmed)

    user: Mapped[User] = relationship()
    outcomes: Mapped[list[ProgrammeOutcome]] = relationship(back_populates="period", order_by="ProgrammeOutcome.id")

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class ProgrammeOutcome(Model):
    """What the young person did at a point: why they left (exit), or 6, 12 or 30 months after the start.

    An exit the participant reported themselves waits for a facilitator (`confirmed_at` is None) until confirmed;
    staff record every other outcome confirmed at once."""

    __tablename__ = "programme_outcome"
    __table_args__ = (
        UniqueConstraint("period_id", "point", name="uq_programme_outcome_period_point"),
        CheckConstraint(JOB_HOURS_CHECK, name="job_hours_range"),
        CheckConstraint(JOB_ONLY, name="job_details_for_jobs"),
        CheckConstraint(EDUCATION_ONLY, name="education_details_for_education"),
        CheckConstraint("point = 'exit' OR confirmed_at IS NOT NULL", name="followups_confirmed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("programme_period.id", ondelete="CASCADE"))
    point: Mapped[Point] = mapped_column(value_enum(Point, 6))
    status: Mapped[Status] = mapped_column(value_enum(Status, 20))
    job_kind: Mapped[JobKind | None] = mapped_column(value_enum(JobKind, 14))
    job_hours: Mapped[int | None] = mapped_column(Integer)
    # The job is at a company where they had a placement: which one (None: another employer). Companies are never
    # deleted, so this stays.
    placement_company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    education_kind: Mapped[EducationKind | None] = mapped_column(value_enum(EducationKind, 16))
    with_su: Mapped[bool | None] = mapped_column(Boolean)  # SU: the state education grant
    as_of: Mapped[date] = mapped_column(Date)  # exit: the last day in the programme; follow-up: the day it was checked
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    period: Mapped[ProgrammePeriod] = relationship(back_populates="outcomes")
    placement_company: Mapped[Company | None] = relationship()

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class ExportKey(Model):
    """The secret that turns database ids into the pseudonymous ids of an evaluator's CSV: the same key gives the
    same ids in every export (an evaluator can join two exports), another key gives unrelated ids. It only has to
    stay unknown to the file's readers; whoever can read this table can read the real rows anyway."""

    __tablename__ = "export_key"
    __table_args__ = (UniqueConstraint("municipality_id", "name", name="uq_export_key_town_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    name: Mapped[str] = mapped_column(String(KEY_NAME_MAX))
    secret: Mapped[str] = mapped_column(String(64))  # 32 random bytes, hex
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReportExport(Model):
    """One CSV export from the reports: who, when, what (scope, period, cohort), with which key, how many rows.

    An identifiable export also adds a row per person to the staff-access log (AuditEntry). When the exporting
    staff member's account is deleted, `actor_ref` keeps a pseudonym of them."""

    __tablename__ = "report_export"
    __table_args__ = (Index("ix_report_export_town_at", "municipality_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    actor_ref: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    pseudonymised: Mapped[bool] = mapped_column(Boolean)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("export_key.id", ondelete="SET NULL"))
    scope: Mapped[str] = mapped_column(String(40))  # "municipality", "mine" or "group:<id>"
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    cohort: Mapped[str] = mapped_column(String(7), default="")  # "2026-Q3", or "" for every start
    rows: Mapped[int] = mapped_column(Integer)

    actor: Mapped[User | None] = relationship()
    key: Mapped[ExportKey | None] = relationship()
