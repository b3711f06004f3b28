"""Country-scale data for measuring (`flask demo --scale country`): 98 municipalities, 50,000 participants in 5,000
groups, 10,000 placements, 500,000 reflections and 1,000,000 check-ins with their meetings and hours history.

Rows go in with bulk INSERTs (executemany, in chunks) and explicit ids, so it takes minutes, not hours;
afterwards PostgreSQL's id sequences are moved past the inserted ids. Reflections are encrypted at rest like
any other (the column type does it). Every account's password is DEMO_PASSWORD; the first participant of
each municipality is `ung-<n>-1@scale.example` (n = 1..98), its first facilitator `konsulent-<n>-1@scale.example`.
It refuses a database that already holds users, like the demo.
"""

from __future__ import annotations

import random
import secrets
import time as clock
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from werkzeug.security import generate_password_hash

from app.accounts.models import Municipality, Role, User
from app.companies.models import Company
from app.db import utcnow
from app.demo import DEMO_PASSWORD, DemoRefused
from app.extensions import Model, db
from app.groups.models import Group, MemberRole, Membership
from app.meetings.models import Answer, Attendance, CheckinMethod, Meeting, Rsvp
from app.placements.models import Assignment, AssignmentStatus, HoursChange, Placement, PlacementKind
from app.reflections.models import Reflection, Visibility
from app.timeutil import local_to_utc, local_today

CHUNK = 10_000
SECTORS = ("Detail", "Lager", "Byggeri", "Pleje", "Café", "Kontor", "Værksted", "Landbrug")
TEXTS = (
    "I dag lærte jeg at tale med kunderne.",
    "Det gik godt at komme til tiden hele ugen.",
    "Jeg fandt ud af, at jeg kan lide at arbejde med hænderne.",
    "Næste gang vil jeg spørge mere, når jeg er i tvivl.",
)


@dataclass(frozen=True)
class Scale:
    municipalities: int
    groups_per_town: int
    members_per_group: int
    past_meetings: int
    coming_meetings: int
    placements_per_town: int
    reflections_per_person: int


SCALES = {
    # 98 × 51 = 4,998 groups of 10 = 49,980 participants; 25 past meetings × 80 % came = 1,000,000 check-ins.
    "country": Scale(98, 51, 10, 25, 4, 102, 10),
    "town": Scale(2, 10, 10, 10, 2, 20, 3),  # a small version for tests
}


class _Ids:
    """Explicit ids per table, after what is already there."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, model: type[Model], count: int) -> range:
        table = model.__tablename__
        if table not in self.next:
            self.next[table] = (db.session.scalar(select(func.max(model.id))) or 0) + 1  # type: ignore[attr-defined]
        first = self.next[table]
        self.next[table] += count
        return range(first, first + count)


def _bulk(model: type[Model], rows: Sequence[dict[str, Any]] | Iterator[dict[str, Any]]) -> int:
    count, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            db.session.execute(insert(model), chunk)
            count, chunk = count + len(chunk), []
    if chunk:
        db.session.execute(insert(model), chunk)
        count += len(chunk)
    db.session.commit()
    return count


def load_scale(name: str = "country", echo: Callable[[str], None] = print) -> dict[str, int]:
    """Create the data of scale `name` and return the row counts per table. Raises DemoRefused when the
    database already has users."""
    scale = SCALES[name]
    if db.session.scalar(select(func.count()).select_from(User)):
        raise DemoRefused("This database already holds users; scale data is only loaded into an empty database.")
    rng = random.Random(2016)
    ids = _Ids()
    now = utcnow()
    today = local_today(now)
    password = generate_password_hash(DEMO_PASSWORD)
    counts: dict[str, int] = {}
    started = clock.monotonic()

    def step(label: str, model: type[Model], rows: Sequence[dict[str, Any]] | Iterator[dict[str, Any]]) -> None:
        counts[model.__tablename__] = counts.get(model.__tablename__, 0) + _bulk(model, rows)
        echo(f"{label}: {counts[model.__tablename__]:,} rows ({clock.monotonic() - started:.0f} s)")

    towns = list(ids.take(Municipality, scale.municipalities))
    step(
        "municipalities",
        Municipality,
        ({"id": t, "name": f"Kommune {n}", "slug": f"scale-{n}", "is_demo": True} for n, t in enumerate(towns, 1)),
    )

    groups_total = scale.municipalities * scale.groups_per_town
    group_ids = list(ids.take(Group, groups_total))
    facilitators = list(ids.take(User, groups_total // 3 + scale.municipalities))
    people = list(ids.take(User, groups_total * scale.members_per_group))
    admins = list(ids.take(User, scale.municipalities))
    town_of_group = {g: towns[i // scale.groups_per_town] for i, g in enumerate(group_ids)}
    number = {t: n for n, t in enumerate(towns, 1)}
    staff_of_town: dict[int, list[int]] = {t: [] for t in towns}
    town_of_staff: dict[int, int] = {}
    for i, f in enumerate(facilitators):
        town_of_staff[f] = towns[i % scale.municipalities]
        staff_of_town[town_of_staff[f]].append(f)

    def users() -> Iterator[dict[str, Any]]:
        base = {"password_hash": password, "language": "da", "active": True}
        for i, a in enumerate(admins):
            yield {
                "id": a,
                "email": f"admin-{i + 1}@scale.example",
                "display_name": f"Admin {i + 1}",
                "role": Role.ADMIN,
                "municipality_id": towns[i],
                **base,
            }
        seen: dict[int, int] = {}
        for f in facilitators:
            town = town_of_staff[f]
            seen[town] = seen.get(town, 0) + 1
            n = number[town]
            yield {
                "id": f,
                "email": f"konsulent-{n}-{seen[town]}@scale.example",
                "display_name": f"Konsulent {n}-{seen[town]}",
                "role": Role.FACILITATOR,
                "municipality_id": town,
                **base,
            }
        for i, p in enumerate(people):
            group = group_ids[i // scale.members_per_group]
            town = town_of_group[group]
            n = number[town]
            k = i % (scale.groups_per_town * scale.members_per_group) + 1
            yield {
                "id": p,
                "email": f"ung-{n}-{k}@scale.example",
                "display_name": f"Ung {n}-{k}",
                "role": Role.PARTICIPANT,
                "municipality_id": town,
                **base,
            }

    step("users", User, users())

    joined = local_to_utc(today - timedelta(weeks=scale.past_meetings + 2), time(9))
    members_of: dict[int, list[int]] = {
        g: people[i * scale.members_per_group : (i + 1) * scale.members_per_group] for i, g in enumerate(group_ids)
    }

    def groups() -> Iterator[dict[str, Any]]:
        for i, g in enumerate(group_ids):
            yield {
                "id": g,
                "municipality_id": town_of_group[g],
                "name": f"Gruppe {i % scale.groups_per_town + 1}",
                "weekday": i % 5,
                "start_time": time(10),
                "duration_minutes": 120,
                "place": "Jobcentret",
                "active": True,
            }

    step("groups", Group, groups())

    def memberships() -> Iterator[dict[str, Any]]:
        for i, g in enumerate(group_ids):
            staff = staff_of_town[town_of_group[g]]
            yield {"group_id": g, "user_id": staff[i % len(staff)], "role": MemberRole.FACILITATOR, "joined_at": joined}
            for p in members_of[g]:
                yield {"group_id": g, "user_id": p, "role": MemberRole.MEMBER, "joined_at": joined}

    step("memberships", Membership, memberships())

    weeks = range(-scale.past_meetings, scale.coming_meetings)
    meeting_ids = list(ids.take(Meeting, groups_total * len(weeks)))
    meetings_of: dict[int, list[tuple[int, datetime]]] = {}

    def meetings() -> Iterator[dict[str, Any]]:
        index = 0
        for i, g in enumerate(group_ids):
            first = today + timedelta(days=(i % 5 - today.weekday()) % 7)
            for week in weeks:
                day = first + timedelta(weeks=week)
                starts = local_to_utc(day, time(10))
                meeting_id = meeting_ids[index]
                index += 1
                meetings_of.setdefault(g, []).append((meeting_id, starts))
                yield {
                    "id": meeting_id,
                    "group_id": g,
                    "series_date": day,
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2),
                    "place": "Jobcentret",
                    "checkin_secret": secrets.token_hex(32),
                }

    step("meetings", Meeting, meetings())

    def attendance() -> Iterator[dict[str, Any]]:
        for g in group_ids:
            for meeting_id, starts in meetings_of[g]:
                if starts >= now:
                    continue
                for p in members_of[g]:
                    if rng.random() < 0.8:
                        yield {
                            "meeting_id": meeting_id,
                            "user_id": p,
                            "method": CheckinMethod.CODE,
                            "checked_in_at": starts + timedelta(minutes=rng.randint(0, 20)),
                        }

    step("check-ins", Attendance, attendance())

    def rsvps() -> Iterator[dict[str, Any]]:
        for g in group_ids:
            coming = next((m for m, starts in meetings_of[g] if starts >= now), None)
            for p in members_of[g] if coming else []:
                if rng.random() < 0.7:
                    yield {
                        "meeting_id": coming,
                        "user_id": p,
                        "answered_at": now,
                        "answer": Answer.YES if rng.random() < 0.85 else Answer.NO,
                    }

    step("answers", Rsvp, rsvps())

    company_ids = list(ids.take(Company, scale.municipalities * 10))
    step(
        "companies",
        Company,
        (
            {
                "id": c,
                "municipality_id": towns[i // 10],
                "name": f"Virksomhed {i + 1}",
                "sector": SECTORS[i % len(SECTORS)],
            }
            for i, c in enumerate(company_ids)
        ),
    )
    placement_ids = list(ids.take(Placement, scale.municipalities * scale.placements_per_town))
    placement_town = {p: towns[i // scale.placements_per_town] for i, p in enumerate(placement_ids)}
    step(
        "placements",
        Placement,
        (
            {
                "id": p,
                "municipality_id": placement_town[p],
                "company_id": company_ids[(i // scale.placements_per_town) * 10 + i % 10],
                "title": f"Praktik {i + 1}",
                "kind": PlacementKind.INTERNSHIP if i % 3 else PlacementKind.PAID_HOURS,
                "sector": SECTORS[i % len(SECTORS)],
                "area": "Centrum",
                "hours_min": 5,
                "hours_max": 30,
                "seats": 5,
                "taken": 0,
                "is_open": True,
            }
            for i, p in enumerate(placement_ids)
        ),
    )

    by_town: dict[int, list[int]] = {}
    for p, t in placement_town.items():
        by_town.setdefault(t, []).append(p)
    placed = [(i, p) for i, p in enumerate(people) if i % 5 < 3]  # 60 % have a placement
    assignment_ids = list(ids.take(Assignment, len(placed)))
    starts_on = today - timedelta(weeks=8)

    def assignments() -> Iterator[dict[str, Any]]:
        for (i, person), a in zip(placed, assignment_ids, strict=True):
            town = town_of_group[group_ids[i // scale.members_per_group]]
            yield {
                "id": a,
                "user_id": person,
                "placement_id": by_town[town][i % len(by_town[town])],
                "status": AssignmentStatus.ACTIVE,
                "start_date": starts_on,
                "weekly_hours": 10 + i % 15,
            }

    step("assignments", Assignment, assignments())
    step(
        "hours history",
        HoursChange,
        (
            row
            for (i, _person), a in zip(placed, assignment_ids, strict=True)
            for row in (
                {"assignment_id": a, "from_hours": None, "to_hours": 10, "effective_date": starts_on},
                {
                    "assignment_id": a,
                    "from_hours": 10,
                    "to_hours": 10 + i % 15,
                    "effective_date": starts_on + timedelta(weeks=4),
                },
            )
        ),
    )
    db.session.execute(
        text(
            "UPDATE placement SET taken = (SELECT count(*) FROM assignment WHERE assignment.placement_id = placement.id"
            " AND assignment.status = 'active')"
        )
    )
    db.session.commit()

    visibility = (Visibility.PRIVATE,) * 7 + (Visibility.FACILITATORS,) * 2 + (Visibility.GROUP,)

    def reflections() -> Iterator[dict[str, Any]]:
        for p in people:
            for k in range(scale.reflections_per_person):
                yield {
                    "author_id": p,
                    "text": TEXTS[k % len(TEXTS)],
                    "visibility": visibility[(p + k) % 10],
                    "created_at": now - timedelta(days=k * 3 + 1),
                }

    step("reflections", Reflection, reflections())
    _move_sequences()
    echo(f"done in {clock.monotonic() - started:.0f} s")
    return counts


def _move_sequences() -> None:
    """PostgreSQL: the id sequences start after the ids inserted explicitly, and the planner gets fresh
    statistics (without them it guesses, and picks full scans for small lookups)."""
    if db.engine.dialect.name != "postgresql":
        db.session.execute(text("ANALYZE"))
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "  # nosec B608 # our metadata
                    f'COALESCE((SELECT max(id) FROM "{table.name}"), 1))'
                )
            )
    db.session.commit()
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
