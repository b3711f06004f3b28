"""Everything the app holds about a person, as JSON-serialisable data (the right of access).

One query per section, whatever the amount of data. Never included: password and token hashes.
Other people appear only where the person needs them to understand their own data (who answered or
read their reflections, which staff looked at their data), by display name.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.audit import AuditEntry
from app.accounts.models import Invite, LoginSession, User
from app.accounts.second_factor import RecoveryCode, StaffTotp
from app.companies.models import Company
from app.db import utcnow
from app.events.models import CompanyInterest, EventAttendance, EventSignup, MatchEvent
from app.extensions import db
from app.facilitation.models import FacilitationReflection, Principle
from app.groups.models import Group, GroupMessage, Membership
from app.idempotency import IdempotencyKey
from app.meetings.models import Attendance, CalendarFeed, Meeting, Rsvp
from app.notes.models import PersonNote
from app.notifications.models import Delivery, Notification, NotificationPrefs, PushSubscription
from app.placements.models import Assignment, HoursChange, Placement, PlacementChange, SectorFollow, WaitlistEntry
from app.privacy.models import DeletionRequest
from app.programme.models import ExportKey, ProgrammeOutcome, ProgrammePeriod, ReportExport
from app.reflections.models import Reflection, ReflectionReaction, ReflectionRead, ReflectionResponse
from app.wellbeing.models import PulseAnswer, PulseSetting
from app.wellbeing.services import FIELDS as PULSE_FIELDS
from app.workidentity import export as work

FORMAT = "nextwork-export"
VERSION = 1
CHANGE_FIELDS = ("id", "kind", "assignment_id", "previous_assignment_id", "from_hours", "to_hours", "created_at")
PREFS_FIELDS = (
    "id",
    "user_id",
    "muted_kinds",
    "quiet_enabled",
    "quiet_start",
    "quiet_end",
    "remind_evening",
    "remind_two_hours",
    "paused_until",
)
RATING_FIELDS = tuple(p.column for p in Principle)
HOURS_FIELDS = ("id", "assignment_id", "from_hours", "to_hours", "effective_date", "changed_at")


def _v(value: Any) -> Any:
    """Make a column value JSON-friendly: ISO 8601 for times and days, the value of an enum."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _row(obj: Any, *names: str, **extra: Any) -> dict:
    data = {name: _v(getattr(obj, name)) for name in names}
    data.update({key: _v(value) for key, value in extra.items()})
    return data


def _rows_of(column: Any, uid: int, *names: str) -> list[dict]:
    """The rows of `column`'s table where `column` is the person, oldest first, as dicts of `names`."""
    model = column.class_
    return [_row(obj, *names) for obj in db.session.scalars(select(model).where(column == uid).order_by(model.id))]


def _name(user: User | None, ref: str = "") -> str | None:
    return user.display_name if user is not None else (ref or None)


def export_data(user: User) -> dict:
    """Everything about `user` (a fixed number of queries; about 55)."""
    uid = user.id
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _v(utcnow()),
        "account": _account(user),
        "devices": _rows_of(LoginSession.user_id, uid, "id", "user_agent", "created_at", "last_seen_at", "ended_at"),
        "invites": _rows_of(Invite.user_id, uid, "id", "purpose", "created_at", "expires_at", "used_at"),
        "groups": [
            _row(m, "id", "role", "joined_at", "left_at", group=name)
            for m, name in db.session.execute(
                select(Membership, Group.name).join(Group).where(Membership.user_id == uid).order_by(Membership.id)
            )
        ],
        "meeting_answers": _meeting_rows(Rsvp, uid, "answer", "reason", "answered_at"),
        "check_ins": _meeting_rows(Attendance, uid, "method", "checked_in_at"),
        "calendar_feed": _rows_of(CalendarFeed.user_id, uid, "id", "created_at"),
        "event_signups": [
            _row(s, "id", "event_id", "signed_up_at", event=title, event_starts_at=starts)
            for s, title, starts in db.session.execute(
                select(EventSignup, MatchEvent.title, MatchEvent.starts_at)
                .join(MatchEvent, MatchEvent.id == EventSignup.event_id)
                .where(EventSignup.user_id == uid)
                .order_by(EventSignup.id)
            )
        ],
        "company_interests": [
            _row(i, "id", "event_id", "company_id", "created_at", event=title, company=company)
            for i, title, company in db.session.execute(
                select(CompanyInterest, MatchEvent.title, Company.name)
                .join(MatchEvent, MatchEvent.id == CompanyInterest.event_id)
                .join(Company, Company.id == CompanyInterest.company_id)
                .where(CompanyInterest.user_id == uid)
                .order_by(CompanyInterest.id)
            )
        ],
        "event_attendance": [
            _row(a, "id", "event_id", "marked_at", event=title, event_starts_at=starts)
            for a, title, starts in db.session.execute(
                select(EventAttendance, MatchEvent.title, MatchEvent.starts_at)
                .join(MatchEvent, MatchEvent.id == EventAttendance.event_id)
                .where(EventAttendance.user_id == uid)
                .order_by(EventAttendance.id)
            )
        ],
        "placements": _placements(uid),
        "placement_changes": _rows_of(PlacementChange.user_id, uid, *CHANGE_FIELDS),
        "reflections": _reflections(uid),
        "facilitator_notes": _facilitator_notes(uid),
        "who_looked_at_my_data": _who_looked(uid),
        "form_submissions": _rows_of(IdempotencyKey.user_id, uid, "id", "scope", "created_at"),
        "deletion_request": _rows_of(DeletionRequest.user_id, uid, "id", "requested_at"),
        "notifications": _notifications(uid),
        # The endpoint and keys identify the browser's push channel, not the person: left out, like token hashes.
        "push_devices": _rows_of(PushSubscription.user_id, uid, "id", "device", "created_at", "last_success_at"),
        "notification_settings": _rows_of(NotificationPrefs.user_id, uid, *PREFS_FIELDS),
        "followed_sectors": _rows_of(SectorFollow.user_id, uid, "id", "sector", "created_at"),
        # Taps on others' experience cards: which card and which reaction (the card is the other person's).
        "reactions_given": _rows_of(ReflectionReaction.user_id, uid, "id", "reflection_id", "kind", "created_at"),
        "placement_waiting_lists": _rows_of(
            WaitlistEntry.user_id, uid, "id", "placement_id", "status", "created_at", "offered_at", "hold_until"
        ),
        "second_factor": {  # when it was set up and used, never the secret or the recovery codes' hashes
            "authenticator": _rows_of(StaffTotp.user_id, uid, "id", "created_at", "confirmed_at"),
            "recovery_codes": _rows_of(RecoveryCode.user_id, uid, "id", "created_at", "used_at"),
        },
        "programme_periods": _programme(uid),
        "work_identity": work.work_identity(uid),
        "wellbeing": {  # the monthly check-in: only the person ever sees these one by one
            "setting": _rows_of(
                PulseSetting.user_id, uid, "id", "status", "quiet_month", "talk_requested_at", "changed_at"
            ),
            "answers": _rows_of(PulseAnswer.user_id, uid, "id", "month", "group_id", *PULSE_FIELDS, "answered_at"),
        },
        "activity": _activity(uid),
    }


def _account(user: User) -> dict:
    return _row(
        user,
        "id",
        "email",
        "display_name",
        "role",
        "language",
        "active",
        "created_at",
        "updated_at",
        "last_login_at",
        "phone",
        "shown_to_group",
        municipality=user.municipality.name,
        has_password=user.password_hash is not None,
    )


def _who_looked(uid: int) -> list[dict]:
    """The staff who opened the person's data: who (name and role), what, when. Never any content."""
    rows = db.session.execute(
        select(AuditEntry, User)
        .outerjoin(User, User.id == AuditEntry.actor_id)
        .where(AuditEntry.subject_id == uid)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        _row(
            a,
            "id",
            "action",
            "object_type",
            "object_id",
            "at",
            who=_name(actor, a.actor_ref),
            who_role=actor.role if actor is not None else None,
        )
        for a, actor in rows
    ]


def _meeting_rows(model: type[Rsvp] | type[Attendance], uid: int, *names: str) -> list[dict]:
    rows = db.session.execute(
        select(model, Meeting.starts_at, Group.name)
        .join(Meeting, Meeting.id == model.meeting_id)
        .join(Group, Group.id == Meeting.group_id)
        .where(model.user_id == uid)
        .order_by(Meeting.starts_at, model.id)
    )
    return [_row(r, "id", "meeting_id", *names, meeting_starts_at=starts, group=group) for r, starts, group in rows]


def _placements(uid: int) -> list[dict]:
    rows = db.session.execute(
        select(Assignment, Placement.title, Company.name)
        .options(selectinload(Assignment.hours_history))
        .join(Placement, Placement.id == Assignment.placement_id)
        .join(Company, Company.id == Placement.company_id)
        .where(Assignment.user_id == uid)
        .order_by(Assignment.start_date, Assignment.id)
    )
    return [
        _row(
            a,
            "id",
            "placement_id",
            "status",
            "start_date",
            "end_date",
            "weekly_hours",
            "end_reason",
            "lesson",
            "created_at",
            "ended_at",
            placement=title,
            company=company,
            hours_history=[_hours(h) for h in a.hours_history],
        )
        for a, title, company in rows
    ]


def _hours(change: HoursChange) -> dict:
    return _row(change, *HOURS_FIELDS)


def _reflections(uid: int) -> list[dict]:
    reflections = list(
        db.session.scalars(
            select(Reflection)
            .options(selectinload(Reflection.responses).selectinload(ReflectionResponse.author))
            .where(Reflection.author_id == uid)
            .order_by(Reflection.created_at, Reflection.id)
        )
    )
    reads: dict[int, list[dict]] = {r.id: [] for r in reflections}
    if reflections:
        mine = select(Reflection.id).where(Reflection.author_id == uid)
        for read, reader in db.session.execute(
            select(ReflectionRead, User)
            .join(User, User.id == ReflectionRead.reader_id)
            .where(ReflectionRead.reflection_id.in_(mine))
            .order_by(ReflectionRead.read_at, ReflectionRead.id)
        ):
            reads[read.reflection_id].append(
                _row(read, "id", "read_at", reader=reader.display_name, reader_role=reader.role)
            )
    return [
        _row(
            r,
            "id",
            "text",
            "prompt",
            "visibility",
            "shared_until",
            "show_company",
            "assignment_id",
            "meeting_id",
            "created_at",
            "updated_at",
            read_by=reads[r.id],
            responses=[_row(s, "id", "text", "created_at", by=_name(s.author)) for s in r.responses],
        )
        for r in reflections
    ]


def _facilitator_notes(uid: int) -> list[dict]:
    """The notes staff wrote about the person, in clear text, with who wrote them (None: a deleted account)."""
    rows = db.session.execute(
        select(PersonNote, User.display_name)
        .outerjoin(User, User.id == PersonNote.author_id)
        .where(PersonNote.subject_id == uid)
        .order_by(PersonNote.created_at, PersonNote.id)
    )
    return [_row(n, "id", "text", "created_at", "edited_at", by=name) for n, name in rows]


def _activity(uid: int) -> dict:
    """What the person did to other people's data (mostly staff): kept minimal, no one else's name."""
    return {
        "responses_written": _rows_of(ReflectionResponse.author_id, uid, "id", "reflection_id", "text", "created_at"),
        "reflections_read": _rows_of(ReflectionRead.reader_id, uid, "id", "reflection_id", "read_at"),
        "work_pages_read": work.pages_read(uid),
        "audit_as_actor": _rows_of(AuditEntry.actor_id, uid, "id", "action", "object_type", "object_id", "at"),
        "invites_created": _rows_of(Invite.created_by_id, uid, "id", "purpose", "created_at"),
        "attendance_marked": _rows_of(Attendance.marked_by_id, uid, "id", "meeting_id", "method", "checked_in_at"),
        "hours_changes_made": _rows_of(HoursChange.changed_by_id, uid, *HOURS_FIELDS),
        "group_messages_written": _rows_of(GroupMessage.author_id, uid, "id", "group_id", "text", "created_at"),
        # Notes are about someone else: when they were written, not what or about whom.
        "notes_written": _rows_of(PersonNote.author_id, uid, "id", "created_at", "edited_at"),
        # Reflections on meetings of a group they facilitated: their own ratings and words, and which meeting.
        "facilitation_reflections_written": _rows_of(
            FacilitationReflection.author_id, uid, "id", "meeting_id", *RATING_FIELDS, "text", "created_at", "edited_at"
        ),
        # Other people's inbox entries that name the person as who did it: which kind and when, not whose inbox.
        "notifications_caused": _rows_of(Notification.actor_id, uid, "id", "kind", "created_at"),
        # Who came to a match event: which event and when it was marked, not whom.
        "event_attendance_marked": _rows_of(EventAttendance.marked_by_id, uid, "id", "event_id", "marked_at"),
        # Outcomes recorded or confirmed for someone else: which point and when, not whose or what.
        "programme_outcomes_recorded": _rows_of(ProgrammeOutcome.reported_by_id, uid, "id", "point", "reported_at"),
        "programme_outcomes_confirmed": _rows_of(ProgrammeOutcome.confirmed_by_id, uid, "id", "point", "confirmed_at"),
        "export_keys_created": _rows_of(ExportKey.created_by_id, uid, "id", "name", "created_at"),
        # Report exports made (the rows themselves are other people's figures: what was exported, not whose).
        "report_exports": _rows_of(
            ReportExport.actor_id, uid, "id", "at", "pseudonymised", "scope", "period_from", "period_to", "rows"
        ),
    }


OUTCOME_FIELDS = (
    "point",
    "status",
    "job_kind",
    "job_hours",
    "placement_company_id",
    "education_kind",
    "with_su",
    "as_of",
    "reported_at",
    "confirmed_at",
)


def _programme(uid: int) -> list[dict]:
    """The person's periods in the programme, each with its outcomes (exit and follow-ups). Two queries."""
    periods = db.session.scalars(
        select(ProgrammePeriod)
        .options(selectinload(ProgrammePeriod.outcomes))
        .where(ProgrammePeriod.user_id == uid)
        .order_by(ProgrammePeriod.id)
    )
    return [
        _row(p, "id", "started_on", "ended_on", outcomes=[_row(o, "id", *OUTCOME_FIELDS) for o in p.outcomes])
        for p in periods
    ]


def _notifications(uid: int) -> list[dict]:
    """The inbox, each entry with what happened to its pushes (status per device, no endpoints)."""
    notes = list(db.session.scalars(select(Notification).where(Notification.user_id == uid).order_by(Notification.id)))
    pushes: dict[int, list[dict]] = {n.id: [] for n in notes}
    if notes:
        mine = select(Notification.id).where(Notification.user_id == uid)
        for d in db.session.scalars(select(Delivery).where(Delivery.notification_id.in_(mine)).order_by(Delivery.id)):
            pushes[d.notification_id].append(
                _row(d, "id", "subscription_id", "status", "attempts", "created_at", "finished_at")
            )
    return [
        _row(n, "id", "kind", "object_id", "url", "urgent", "created_at", "expires_at", "read_at", pushes=pushes[n.id])
        for n in notes
    ]
