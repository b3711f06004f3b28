"""Staff use cases that span accounts and groups."""

from __future__ import annotations

from app.accounts import services as accounts
from app.accounts.models import Role, User
from app.groups import services as groups
from app.groups.models import Group
from app.transaction import transactional


@transactional
def create_person(
    actor: User, *, email: str, display_name: str, role: Role, language: str, group: Group | None = None
) -> tuple[User, str]:
    """Create the account and its invite link and, for a participant started from a group page, put them in
    that group — one transaction: either all of it lands, or nothing. Raises DomainError as create_user
    and add_member do."""
    person, token = accounts.create_user(actor, email=email, display_name=display_name, role=role, language=language)
    if group is not None and person.role is Role.PARTICIPANT:
        groups.add_member(actor, group, person)
    return person, token
