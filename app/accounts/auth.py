"""Wiring between Flask-Login and the server-side device sessions."""

from __future__ import annotations

from flask import Flask, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user

from app.accounts import sessions
from app.accounts.models import User
from app.extensions import login_manager
from app.permissions import unauthorized_response

SESSION_TOKEN_KEY = "sid"


def register_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to continue.")
    # Our own device sessions replace Flask-Login's IP/user-agent heuristics, which log phones out
    # whenever they switch between Wi-Fi and mobile data.
    login_manager.session_protection = None

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return sessions.load_user(user_id, session.get(SESSION_TOKEN_KEY))

    login_manager.unauthorized_handler(unauthorized_response)


def log_in(user: User, user_agent: str) -> None:
    """Start a fresh cookie session and a new device session for `user`."""
    session.clear()
    token = sessions.start_session(user, user_agent)
    login_user(user)
    session[SESSION_TOKEN_KEY] = token
    session.permanent = True


def current_token() -> str | None:
    return session.get(SESSION_TOKEN_KEY)
