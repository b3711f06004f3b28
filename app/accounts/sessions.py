"""Logged-in devices kept on the server, so one device can be logged out for real."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from flask import current_app, g
from sqlalchemy import ColumnElement, Select, bindparam, select, update
from sqlalchemy.orm import joinedload

from app.accounts.models import LoginSession, User
from app.db import utcnow
from app.extensions import db
from app.transaction import transaction, transactional


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transactional
def start_session(user: User, user_agent: str = "") -> str:
    """Record a new logged-in device for `user` and return the token for the cookie. Commits."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(LoginSession(user=user, token_hash=token_hash(token), user_agent=user_agent[:200]))
    user.last_login_at = now
    return token


# Figures about the logged-in person that features above this one add to the login check, so a number every page
# shows comes in the same round trip: name -> a function of the person's id column giving a scalar subquery. Each
# lands on `g` under its name; the feature reads it from there and drops it when it changes the figure.
_LOGIN_FIGURES: dict[str, Callable[[Any], ColumnElement[Any]]] = {}


def add_login_figure(name: str, figure: Callable[[Any], ColumnElement[Any]]) -> None:
    """Fetch `figure(person id)` with every login check and put it on `g` as `name` (notifications: the bell's
    unread count)."""
    _LOGIN_FIGURES[name] = figure
    _live_session.cache_clear()


@cache
def _live_session() -> Select[Any]:
    """The live device session of a token hash, with its person and the login figures: built once (constructing it
    costs more than running it), the hash is a parameter."""
    figures = [figure(LoginSession.user_id).label(name) for name, figure in _LOGIN_FIGURES.items()]
    return (
        select(LoginSession, *figures)
        .options(joinedload(LoginSession.user))  # one round trip for the device session and its person
        .where(LoginSession.token_hash == bindparam("token_hash"), LoginSession.ended_at.is_(None))
    )


def load_user(user_id: str, token: str | None) -> User | None:
    """Return the user of a live device session, or None if it ended, expired or the user is inactive.

    Writes "last seen" at most every LOGIN_SESSION_TOUCH_EVERY, so plain page views do not write.
    """
    if not token or not user_id.isdigit():
        return None
    found = db.session.execute(_live_session(), {"token_hash": token_hash(token)}).first()
    if found is None or found[0].user_id != int(user_id):
        return None
    row: LoginSession = found[0]
    config = current_app.config
    now = utcnow()
    if now - row.last_seen_at > config["LOGIN_SESSION_IDLE"] or now - row.created_at > config["LOGIN_SESSION_MAX_AGE"]:
        with transaction():  # GET may write here, on purpose: an expired login ends on the server
            row.ended_at = now
        return None
    user = row.user
    if not user.active:
        return None
    if now - row.last_seen_at > config["LOGIN_SESSION_TOUCH_EVERY"]:
        with transaction():  # GET may write here, on purpose, at most every few minutes: "last seen" on /me
            row.last_seen_at = now
    g.login_session_id = row.id  # this device's live login, for pages that need it (push settings)
    for name, value in found._mapping.items():
        if name in _LOGIN_FIGURES:
            setattr(g, name, value)
    g.login_ends_at = ends_at(row)  # when it ends if left alone: forms warn before (session.js)
    return user


def ends_at(row: LoginSession) -> datetime:
    """When a device session ends unless used again: its absolute lifetime, or the idle timeout from "last seen"."""
    config = current_app.config
    return min(row.created_at + config["LOGIN_SESSION_MAX_AGE"], row.last_seen_at + config["LOGIN_SESSION_IDLE"])


@transactional
def end_session(token: str | None) -> None:
    """End the device session behind `token` (logout). Commits."""
    if token:
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.token_hash == token_hash(token), LoginSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_all_sessions(user: User) -> None:
    """End every open device session of `user`. Does not commit: part of the caller's transaction."""
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def open_sessions(user: User) -> list[LoginSession]:
    return list(
        db.session.scalars(
            select(LoginSession)
            .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
            .order_by(LoginSession.last_seen_at.desc())
        )
    )


def is_current(row: LoginSession, token: str | None) -> bool:
    return bool(token) and row.token_hash == token_hash(token or "")
