"""Roles, role checks for views, and scoping of staff queries to one municipality."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ClassVar, ParamSpec, Protocol, TypeVar

from flask import abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import Select
from sqlalchemy.orm import Mapped

from app.accounts.models import Role, User
from app.errors import json_error, wants_json
from app.extensions import db

P = ParamSpec("P")
View = Callable[P, ResponseReturnValue]


class InMunicipality(Protocol):
    """A model whose rows belong to one municipality (a mapped column: SQL on the class, an int on a row)."""

    municipality_id: ClassVar[Mapped[int]]


M = TypeVar("M", bound=InMunicipality)
S = TypeVar("S", bound=Select)

__all__ = ["Role", "get_in_municipality_or_404", "parse_id", "role_required", "scoped", "unauthorized_response"]


def unauthorized_response() -> ResponseReturnValue:
    """Answer a request that needs a login: JSON 401 for fetch/API calls, else a redirect to /login."""
    if wants_json():
        return json_error(401)
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("accounts.login", next=target))


def role_required(*roles: Role) -> Callable[[View[P]], View[P]]:
    """Allow the view only for logged-in users holding one of `roles`; others get 401 or 403."""

    def decorator(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
            if not current_user.is_authenticated:
                return unauthorized_response()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def scoped(stmt: S, model: type[InMunicipality], user: User) -> S:
    """Limit a select over `model` (which has `municipality_id`) to the user's municipality."""
    return stmt.where(model.municipality_id == user.municipality_id)


MAX_ID = 2**31 - 1


def parse_id(raw: str | None) -> int | None:
    """An id typed into a form or query string: ASCII digits within the database's range, else None."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def get_in_municipality_or_404(model: type[M], object_id: int, user: User) -> M:
    """Load `model` by id if it belongs to the user's municipality, else 404 (never reveal it exists)."""
    if not 0 < object_id <= MAX_ID:
        abort(404)
    obj = db.session.get(model, object_id)
    if obj is None or obj.municipality_id != user.municipality_id:
        abort(404)
    return obj
