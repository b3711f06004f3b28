"""Builders for test data. Each commits, so requests in the test see the rows."""

from __future__ import annotations

import itertools

from werkzeug.security import generate_password_hash

from app.accounts.models import Municipality, Role, User
from app.extensions import db

PASSWORD = "a long enough test password"
_seq = itertools.count(1)
_hash_cache: dict[str, str] = {}


def _hash(password: str) -> str:
    if password not in _hash_cache:
        _hash_cache[password] = generate_password_hash(password, method="scrypt:1024:8:1")
    return _hash_cache[password]


def make_municipality(name: str | None = None) -> Municipality:
    n = next(_seq)
    town = Municipality(name=name or f"Kommune {n}", slug=f"kommune-{n}")
    db.session.add(town)
    db.session.commit()
    return town


def make_user(
    role: Role = Role.PARTICIPANT,
    municipality: Municipality | None = None,
    *,
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    language: str = "da",
    active: bool = True,
) -> User:
    n = next(_seq)
    user = User(
        email=email or f"{role.value}{n}@example.test",
        display_name=name or f"{role.value.title()} {n}",
        role=role,
        municipality=municipality or make_municipality(),
        password_hash=_hash(password) if password else None,
        language=language,
        active=active,
    )
    db.session.add(user)
    db.session.commit()
    return user


from datetime import datetime, time  # noqa: E402

from app.groups.models import Group, MemberRole, Membership  # noqa: E402


def make_group(
    municipality: Municipality,
    *,
    weekday: int = 0,
    start: time = time(10, 0),
    name: str | None = None,
    place: str = "Jobcentret",
    duration: int = 120,
) -> Group:
    group = Group(
        municipality_id=municipality.id,
        name=name or f"Gruppe {next(_seq)}",
        weekday=weekday,
        start_time=start,
        place=place,
        duration_minutes=duration,
    )
    db.session.add(group)
    db.session.commit()
    return group


def add_to_group(group: Group, user: User, role: str = "member", *, joined_at: datetime | None = None) -> Membership:
    membership = Membership(group_id=group.id, user_id=user.id, role=MemberRole(role))
    if joined_at is not None:
        membership.joined_at = joined_at
    db.session.add(membership)
    db.session.commit()
    return membership


from datetime import timedelta  # noqa: E402

from app.companies.models import Company  # noqa: E402
from app.db import utcnow  # noqa: E402
from app.events.models import EventCompany, MatchEvent  # noqa: E402


def make_company(municipality: Municipality, *, name: str | None = None, active: bool = True, **fields) -> Company:
    company = Company(
        municipality_id=municipality.id,
        name=name or f"Virksomhed {next(_seq)}",
        sector=fields.pop("sector", "Butik"),
        area=fields.pop("area", "Centrum"),
        active=active,
        **fields,
    )
    db.session.add(company)
    db.session.commit()
    return company


def make_event(
    municipality: Municipality,
    *,
    title: str | None = None,
    starts_at: datetime | None = None,
    hours: float = 2,
    capacity: int | None = None,
    companies: tuple[Company, ...] | list[Company] = (),
    cancelled: bool = False,
) -> MatchEvent:
    """A match event (by default in three days, for two hours, without a capacity)."""
    starts_at = starts_at or utcnow() + timedelta(days=3)
    event = MatchEvent(
        municipality_id=municipality.id,
        title=title or f"Matchdag {next(_seq)}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        place="Jobcentret",
        capacity=capacity,
        signups=0,
        cancelled_at=utcnow() if cancelled else None,
        companies=[EventCompany(company_id=company.id) for company in companies],
    )
    db.session.add(event)
    db.session.commit()
    return event


from app.placements.models import Placement, PlacementKind  # noqa: E402


def make_placement(
    municipality: Municipality,
    *,
    company: Company | None = None,
    seats: int = 3,
    hours_min: int = 5,
    hours_max: int = 20,
    kind: PlacementKind = PlacementKind.INTERNSHIP,
    is_open: bool = True,
    title: str | None = None,
    sector: str = "Detail",
    area: str = "Roskilde C",
    **fields,
) -> Placement:
    """An open offer (by default three seats, 5–20 hours a week) at `company` or a new company in the town."""
    placement = Placement(
        municipality_id=municipality.id,
        company_id=(company or make_company(municipality)).id,
        title=title or f"Praktik {next(_seq)}",
        kind=kind,
        seats=seats,
        taken=fields.pop("taken", 0),
        hours_min=hours_min,
        hours_max=hours_max,
        is_open=is_open,
        sector=sector,
        area=area,
        **fields,
    )
    db.session.add(placement)
    db.session.commit()
    return placement
