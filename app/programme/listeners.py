"""The programme as a listener of the domain events (app.signals): joining a first group starts a period.

Connected per app by `create_app` (register_listeners), like the notifications' listeners; it only adds rows to the
sender's transaction and never commits."""

from __future__ import annotations

from flask import Flask

from app import signals
from app.accounts.models import User
from app.extensions import db
from app.groups.models import Membership
from app.programme.services import start_period
from app.timeutil import local_today


def member_added(_app: Flask, *, membership: Membership) -> None:
    """A participant in a group who is not in the programme yet starts it the day they joined (local date)."""
    person = db.session.get(User, membership.user_id)
    if person is not None:
        start_period(person, local_today(membership.joined_at))


def register_listeners(app: Flask) -> None:
    signals.member_added.connect(app, member_added)
