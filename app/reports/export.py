"""The report as CSV: one row per participant-period with the figures of the page (figures.rows), for the
municipality's own use (with names) or pseudonymised for evaluators.

The pseudonymised CSV has no names, e-mails, free text or exact dates of birth (the app stores none), and months
instead of exact days; its ids are an HMAC of the row's database id under a secret export key, so they are stable
across exports with the same key (an evaluator can follow a person from one export to the next), unrelated across
keys, and say nothing of the database ids.

Both are written for Excel in Danish: UTF-8 with a byte order mark (so Æ, Ø and Å open correctly), semicolons
between the cells and a decimal comma. A cell that starts with =, +, -, @, a tab or a carriage return is written
with a leading apostrophe, so a spreadsheet never reads it as a formula.

Every export is logged (ReportExport); the identifiable one also adds a row to each person's staff-access log.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.accounts.audit import AuditEntry
from app.accounts.models import User
from app.db import utcnow
from app.errors import DomainError
from app.extensions import db
from app.groups.models import Group
from app.programme.models import KEY_NAME_MAX, ExportKey, ReportExport
from app.programme.policies import last_groups
from app.programme.rules import FOLLOWUPS, Status
from app.reports.figures import Params, Quarter, rows
from app.transaction import transaction, transactional

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AUDIT_ACTION = "report_export"
ID_LENGTH = 16

FIGURES = (
    "start_quarter",
    "in_report_period",
    "days_in_report_period",
    "meetings_held",
    "meetings_came",
    "placement_days",
    "internship_days",
    "paid_hours_days",
    "placement_hours",
    "days_to_first_placement",
    "switches",
    "event_signups",
    "event_signed_up_and_came",
    "events_came",
    "talk_more",
    "talk_more_to_placement",
    "exit_outcome",
    "exit_group",
    "exit_job_kind",
    "exit_job_hours",
    "exit_hired_by_placement_company",
    "exit_education_kind",
    "exit_with_su",
)
FOLLOWUP_COLUMNS = tuple(
    f"followup_{point.months}m_{what}" for point in FOLLOWUPS for what in ("due", "outcome", "group", "hired")
)
PLAIN_HEADER = ("name", "group", "started_on", "ended_on", *FIGURES, *FOLLOWUP_COLUMNS)
PSEUDONYMISED_HEADER = ("id", "group_id", "start_month", "end_month", *FIGURES, *FOLLOWUP_COLUMNS)


def escape_cell(value: str) -> str:
    """A text cell as a spreadsheet should show it: one that could start a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def pseudonym(secret: str, kind: str, object_id: int) -> str:
    """A stable id for `kind` `object_id` under the export key `secret` (HMAC-SHA256, hex, shortened)."""
    digest = hmac.new(bytes.fromhex(secret), f"{kind}:{object_id}".encode(), hashlib.sha256).hexdigest()
    return digest[:ID_LENGTH]


def decimal_cell(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _flag(value: int | None) -> str:
    return "" if value is None else str(int(value))


def _group(status: str | None) -> str:
    return Status(status).group if status else ""


def _figures(row: Any) -> list[str]:
    """The figure cells of one row (the same order as FIGURES, then FOLLOWUP_COLUMNS)."""
    first = row.days_to_first
    cells = [
        Quarter.from_number(int(row.quarter)).value,
        str(row.in_period),
        str(row.window_days),
        str(row.meetings_held),
        str(row.meetings_came),
        str(row.placement_days),
        str(row.internship_days),
        str(row.paid_days),
        decimal_cell(row.hour_days / 7),
        "" if first is None else str(first),
        str(row.switches),
        str(row.event_signups),
        str(row.event_signed_came),
        str(row.events_came),
        str(row.talk_more),
        str(row.talk_more_placed),
        row.exit_status or "",
        _group(row.exit_status),
        row.exit_job_kind or "",
        "" if row.exit_job_hours is None else str(row.exit_job_hours),
        _flag(row.exit_hired) if row.exit_status == Status.JOB.value else "",
        row.exit_education_kind or "",
        _flag(row.exit_with_su),
    ]
    for point in FOLLOWUPS:
        status = getattr(row, f"{point.value}_status")
        cells += [
            str(getattr(row, f"{point.value}_due")),
            status or "",
            _group(status),
            _flag(getattr(row, f"{point.value}_hired")) if status == Status.JOB.value else "",
        ]
    return cells


def write_csv(header: Sequence[str], lines: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    for line in lines:
        writer.writerow([escape_cell(cell) for cell in line])
    return buffer.getvalue().encode("utf-8")


def _rows_with_people(p: Params) -> list[Any]:
    """The report's rows with each person's name and latest group (one query)."""
    r = rows(p).subquery("r")
    latest = last_groups(select(r.c.user_id)).subquery("latest")
    return list(
        db.session.execute(
            select(r, User.display_name.label("name"), Group.id.label("group_id"), Group.name.label("group_name"))
            .join(User, User.id == r.c.user_id)
            .outerjoin(latest, latest.c.user_id == r.c.user_id)
            .outerjoin(Group, Group.id == latest.c.group_id)
            .order_by(r.c.started_on, r.c.key)
        )
    )


def csv_filename(p: Params, pseudonymised: bool) -> str:
    kind = "pseudonymised" if pseudonymised else "named"
    return f"nextwork-{p.scope.logged.replace(':', '-')}-{p.first.isoformat()}-{p.last.isoformat()}-{kind}.csv"


@transactional
def export_csv(actor: User, p: Params, key: ExportKey | None = None) -> bytes:
    """The CSV of the report: pseudonymised with `key`, with names without. Logs the export (and, with names, an
    access-log row per person) in the same transaction. Raises DomainError for another municipality's key."""
    if key is not None and key.municipality_id != actor.municipality_id:
        raise DomainError("key", _("Choose one of the municipality's export keys."))
    found = _rows_with_people(p)
    now = utcnow()
    log = ReportExport(
        municipality_id=actor.municipality_id,
        actor_id=actor.id,
        at=now,
        pseudonymised=key is not None,
        key_id=key.id if key is not None else None,
        scope=p.scope.logged,
        period_from=p.first,
        period_to=p.last,
        cohort=p.cohort.value if p.cohort is not None else "",
        rows=len(found),
    )
    db.session.add(log)
    db.session.flush()
    if key is None:
        people = sorted({row.user_id for row in found})
        if people:
            db.session.execute(
                insert(AuditEntry),
                [
                    {
                        "actor_id": actor.id,
                        "actor_ref": "",
                        "subject_id": uid,
                        "subject_ref": "",
                        "action": AUDIT_ACTION,
                        "object_type": "report_export",
                        "object_id": log.id,
                        "at": now,
                    }
                    for uid in people
                ],
            )
        return write_csv(
            PLAIN_HEADER,
            (
                [
                    row.name,
                    row.group_name or "",
                    row.started_on.isoformat(),
                    row.ended_on.isoformat() if row.ended_on else "",
                    *_figures(row),
                ]
                for row in found
            ),
        )
    return write_csv(
        PSEUDONYMISED_HEADER,
        (
            [
                pseudonym(key.secret, "period", row.key),
                pseudonym(key.secret, "group", row.group_id) if row.group_id is not None else "",
                row.started_on.strftime("%Y-%m"),
                row.ended_on.strftime("%Y-%m") if row.ended_on else "",
                *_figures(row),
            ]
            for row in found
        ),
    )


def keys_of(actor: User) -> list[ExportKey]:
    """The municipality's export keys, newest first (one query)."""
    return list(
        db.session.scalars(
            select(ExportKey)
            .where(ExportKey.municipality_id == actor.municipality_id)
            .order_by(ExportKey.created_at.desc(), ExportKey.id.desc())
        )
    )


def create_key(actor: User, name: str) -> ExportKey:
    """A new export key with a fresh random secret. Raises DomainError for an empty, too long or used name."""
    name = name.strip()
    if not name or len(name) > KEY_NAME_MAX:
        raise DomainError("name", _("Write a name of at most %(max)d characters.", max=KEY_NAME_MAX))
    taken = select(func.count()).where(
        ExportKey.municipality_id == actor.municipality_id, func.lower(ExportKey.name) == name.lower()
    )
    if db.session.scalar(taken):
        raise DomainError("name", _("There is already a key with that name."))
    key = ExportKey(
        municipality_id=actor.municipality_id, name=name, secret=secrets.token_hex(32), created_by_id=actor.id
    )
    try:
        with transaction():
            db.session.add(key)
    except IntegrityError:
        raise DomainError("name", _("There is already a key with that name.")) from None
    return key


def recent_exports(actor: User, limit: int = 10) -> list[ReportExport]:
    """The municipality's latest exports with who made them (one query)."""
    return list(
        db.session.scalars(
            select(ReportExport)
            .options(joinedload(ReportExport.actor), joinedload(ReportExport.key))
            .where(ReportExport.municipality_id == actor.municipality_id)
            .order_by(ReportExport.at.desc(), ReportExport.id.desc())
            .limit(limit)
        )
    )
