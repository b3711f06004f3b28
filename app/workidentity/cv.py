"""The one-page CV: what the person writes for it (contact details, a few words about themselves, education),
which placements are on it, and the data the CV page and the PDF are made from.

Only what the person chose goes on it: their contact details and education as they wrote them, their placements
(all, unless they left one off) with dates and the placement's tasks, and their strengths and interests if they
ticked those. Never a reflection, a lesson or anything a facilitator wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.accounts.models import User
from app.errors import DomainError
from app.extensions import db
from app.forms import SimpleEmail
from app.placements.models import Assignment
from app.placements.queries import TimelineEntry, timeline
from app.transaction import transactional
from app.workidentity.choices import (
    CV_ABOUT_MAX,
    CV_EMAIL_MAX,
    CV_LANGUAGES,
    CV_NAME_MAX,
    CV_PHONE_MAX,
    CV_PLACE_MAX,
    EDUCATION_PERIOD_MAX,
    EDUCATION_PLACE_MAX,
    EDUCATION_ROWS_MAX,
    EDUCATION_TITLE_MAX,
    ItemKind,
)
from app.workidentity.models import WorkCvOmit, WorkEducation, WorkProfile
from app.workidentity.queries import Item, as_items, items, today
from app.workidentity.services import ensure_profile, profile_of


def _line(value: str | None, limit: int, field: str, required: bool = False) -> str:
    text = " ".join((value or "").replace("\x00", "").split())
    if required and not text:
        raise DomainError(field, _("Write a few words first."))
    if len(text) > limit:
        raise DomainError(field, _("Keep it to %(max)d characters or fewer.", max=limit))
    return text


@transactional
def save_details(
    user: User,
    *,
    name: str,
    phone: str,
    email: str,
    place: str,
    about: str,
    language: str,
    strengths: bool,
    interests: bool,
    placements: Iterable[int],
) -> WorkProfile:
    """Save the CV's contact details and choices; `placements` are the person's assignments to put on it."""
    profile = ensure_profile(user)
    if language not in CV_LANGUAGES:
        raise DomainError("language", _("Choose Danish or English."))
    email = _line(email, CV_EMAIL_MAX, "email")
    if email and not SimpleEmail.pattern.match(email):
        raise DomainError("email", _("Write a valid e-mail address, like name@example.org."))
    about_text = (about or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if len(about_text) > CV_ABOUT_MAX:
        raise DomainError("about", _("Keep it to %(max)d characters or fewer.", max=CV_ABOUT_MAX))
    profile.cv_name = _line(name, CV_NAME_MAX, "name")
    profile.cv_phone = _line(phone, CV_PHONE_MAX, "phone")
    profile.cv_email = email
    profile.cv_place = _line(place, CV_PLACE_MAX, "place")
    profile.cv_about = about_text
    profile.cv_language = language
    profile.cv_strengths = strengths
    profile.cv_interests = interests
    mine = set(db.session.scalars(select(Assignment.id).where(Assignment.user_id == user.id)))
    wanted = set(placements)
    if not wanted <= mine:
        raise DomainError("placements", _("Choose one of your own placements."))
    db.session.execute(
        delete(WorkCvOmit).where(WorkCvOmit.user_id == user.id).execution_options(synchronize_session=False)
    )
    db.session.add_all(WorkCvOmit(user_id=user.id, assignment_id=aid) for aid in sorted(mine - wanted))
    return profile


@transactional
def add_education(user: User, *, title: str, place: str, period: str) -> WorkEducation:
    ensure_profile(user)
    count = db.session.scalar(select(func.count()).select_from(WorkEducation).where(WorkEducation.user_id == user.id))
    if (count or 0) >= EDUCATION_ROWS_MAX:
        raise DomainError("title", _("Your CV has room for %(max)d lines of education.", max=EDUCATION_ROWS_MAX))
    row = WorkEducation(
        user_id=user.id,
        title=_line(title, EDUCATION_TITLE_MAX, "title", required=True),
        place=_line(place, EDUCATION_PLACE_MAX, "place"),
        period=_line(period, EDUCATION_PERIOD_MAX, "period"),
    )
    db.session.add(row)
    return row


def get_own_education_or_404(education_id: int, user: User) -> WorkEducation:
    row = db.session.get(WorkEducation, education_id)
    if row is None or row.user_id != user.id:
        abort(404)
    return row


@transactional
def remove_education(user: User, row: WorkEducation) -> None:
    if row.user_id != user.id:
        abort(404)
    db.session.delete(row)


def education(user: User) -> list[WorkEducation]:
    stmt = select(WorkEducation).where(WorkEducation.user_id == user.id).order_by(WorkEducation.id)
    return list(db.session.scalars(stmt))


def omitted(user: User) -> set[int]:
    return set(db.session.scalars(select(WorkCvOmit.assignment_id).where(WorkCvOmit.user_id == user.id)))


@dataclass
class Cv:
    """What the CV shows. A person who never saved CV details gets their name and e-mail and everything else empty."""

    profile: WorkProfile
    experience: list[TimelineEntry]  # current placements first, then the past ones, newest first
    education: list[WorkEducation]
    strengths: list[Item]
    interests: list[Item]


def cv_of(user: User) -> Cv:
    """The CV's data (about six queries)."""
    profile = profile_of(user) or WorkProfile(
        user_id=user.id, cv_name=user.display_name, cv_email=user.email, cv_language="da", cv_strengths=True
    )
    current, past = timeline(user, today())
    left_off = omitted(user)
    rows = items(user) if profile.cv_strengths or profile.cv_interests else []
    return Cv(
        profile=profile,
        experience=[entry for entry in current + past if entry.assignment.id not in left_off],
        education=education(user),
        strengths=as_items(rows, ItemKind.STRENGTH) if profile.cv_strengths else [],
        interests=as_items(rows, ItemKind.INTEREST) if profile.cv_interests else [],
    )
