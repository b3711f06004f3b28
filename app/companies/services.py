"""Company rules: staff of a municipality register, edit and (de)activate its companies."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.accounts.models import User
from app.companies.models import Company
from app.errors import DomainError
from app.extensions import db
from app.permissions import scoped
from app.transaction import transactional

TEXT_FIELDS = ("sector", "area", "description", "contact_name", "contact_email", "contact_phone")


def _check_staff(actor: User, company: Company | None = None) -> None:
    if not actor.is_staff or (company is not None and company.municipality_id != actor.municipality_id):
        raise DomainError(None, _("That is not part of your municipality."))


def _check_name_free(actor: User, name: str, company: Company | None = None) -> None:
    stmt = scoped(select(func.count()).select_from(Company), Company, actor).where(
        func.lower(Company.name) == name.lower()
    )
    if company is not None:
        stmt = stmt.where(Company.id != company.id)
    if db.session.scalar(stmt):
        raise DomainError("name", _("There is already a company with this name. Find it in the list."))


def _apply(company: Company, name: str, fields: dict[str, str]) -> None:
    company.name = name
    for key in TEXT_FIELDS:
        setattr(company, key, (fields.get(key) or "").strip())
    company.contact_email = company.contact_email.lower()


def companies_in_municipality(actor: User, *, active_only: bool = False) -> list[Company]:
    """The companies of the actor's municipality by name; active ones first unless `active_only`."""
    stmt = scoped(select(Company), Company, actor)
    if active_only:
        stmt = stmt.where(Company.active.is_(True))
    return list(db.session.scalars(stmt.order_by(Company.active.desc(), func.lower(Company.name), Company.id)))


@transactional
def create_company(actor: User, *, name: str, **fields: str) -> Company:
    """Register a company in the actor's municipality.

    Raises DomainError if the actor is not staff or the municipality already has a company of that name.
    """
    _check_staff(actor)
    name = (name or "").strip()
    if not name:
        raise DomainError("name", _("Write the name of the company."))
    _check_name_free(actor, name)
    company = Company(municipality_id=actor.municipality_id)
    _apply(company, name, fields)
    db.session.add(company)
    return company


@transactional
def update_company(actor: User, company: Company, *, name: str, **fields: str) -> None:
    """Change a company's details. Raises DomainError like create_company."""
    _check_staff(actor, company)
    name = (name or "").strip()
    if not name:
        raise DomainError("name", _("Write the name of the company."))
    _check_name_free(actor, name, company)
    _apply(company, name, fields)


@transactional
def set_active(actor: User, company: Company, active: bool) -> None:
    """Deactivate a company (it can no longer be chosen for new events) or make it active again."""
    _check_staff(actor, company)
    company.active = active
