"""Domain errors and the error pages (HTML or JSON) for 400/401/403/404/405/413/429/500.

Every JSON error, from any endpoint, has one shape (json_error): {"error": a machine code, "message": the
translated text for people}, and "fields": {name: [messages]} when particular fields are wrong.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping, Sequence

from flask import Flask, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A business rule said no. `field` names the form field to attach the message to (or None)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class RuleConflict(DomainError):
    """A rule said no, and trying the same again will never help (e.g. the meeting has started)."""


ERROR_TEXT = {
    400: (_l("Something in the request was wrong"), _l("Please go back and try again.")),
    401: (_l("Please log in"), _l("You need to log in to see this page.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("The page does not exist, or you do not have access to it.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too much at once"), _l("What you sent is too large. Please shorten it and try again.")),
    429: (_l("Too many attempts"), _l("Please wait a moment and try again.")),
    500: (_l("Something went wrong on our side"), _l("It is not your fault. Please try again in a little while.")),
}


def error_code(status: int) -> str:
    """The machine code of an HTTP status: its name in snake case (404 -> "not_found")."""
    return HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_").replace("-", "_")


def json_error(
    status: int,
    code: str | None = None,
    message: object = None,
    fields: Mapping[str, Sequence[object]] | None = None,
) -> tuple[Response, int]:
    """The JSON error response. `code` defaults to the status's (error_code), `message` to its error page text."""
    text = message if message is not None else ERROR_TEXT.get(status, ERROR_TEXT[500])[1]
    body: dict[str, object] = {"error": code or error_code(status), "message": str(text)}
    if fields:
        body["fields"] = {name: [str(m) for m in messages] for name, messages in fields.items()}
    return jsonify(body), status


# Endpoints only our scripts call (fetch): their errors are JSON even for a request without a JSON body.
JSON_ENDPOINTS: set[str] = set()


def wants_json() -> bool:
    """True when the client asked for JSON (fetch from our scripts, API clients)."""
    if request.is_json or request.path.startswith("/api/") or request.endpoint in JSON_ENDPOINTS:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def retry_after_seconds() -> int | None:
    """Seconds until the rate limit that was just hit resets, if known."""
    from app.extensions import limiter

    current = limiter.current_limit
    if current is None:
        return None
    return max(1, math.ceil(current.reset_at - time.time()))


def _render(code: int, detail: str | None = None) -> tuple[Response | str, int]:
    title, text = ERROR_TEXT.get(code, ERROR_TEXT[500])
    try:
        wait = retry_after_seconds() if code == 429 else None
        if wait is not None:
            minutes = math.ceil(wait / 60)
            text = ngettext(
                "Please wait %(num)d minute and try again.", "Please wait %(num)d minutes and try again.", minutes
            )
        if wants_json():  # the seconds to wait are in the Retry-After header (RATELIMIT_HEADERS_ENABLED)
            return json_error(code, message=detail or text)
        return render_template("errors/error.html", code=code, title=title, text=text, detail=detail), code
    except Exception:  # the page itself failed (e.g. the database is down): answer plainly, never a traceback
        log.exception("error page %s could not be rendered", code)
        return _plain(code)


def _plain(code: int) -> tuple[Response, int]:
    """The error answer that needs neither templates, translations nor the database (the app's security headers
    are still added by its after_request hook)."""
    if wants_json():
        return jsonify({"error": error_code(code), "message": HTTP_STATUS_CODES.get(code, "Error")}), code
    body = f"<!doctype html><title>{code}</title><h1>{code}</h1><p>{escape(HTTP_STATUS_CODES.get(code, 'Error'))}</p>"
    return Response(body, mimetype="text/html"), code


def _roll_back() -> None:
    """Undo what the failed request wrote, so the error page and the after-request hooks can use the database
    again (a failed flush leaves the session unusable until rolled back)."""
    from app.extensions import db

    try:
        db.session.rollback()
    except Exception:  # the connection itself is gone: the page is still answered, without the database
        log.warning("rollback after an error failed", exc_info=False)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> ResponseReturnValue:
        message = _("The form had expired. Please go back, reload the page and try again.")
        if wants_json():
            return json_error(400, "csrf", message)
        return _render(400, message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if error.code is None or error.code < 400:
            return error
        _roll_back()  # e.g. a statement stopped before it was sent (app.inputs.UnstorableText) failed its flush
        if error.code not in ERROR_TEXT:
            return _render(error.code if error.code < 500 else 500)
        return _render(error.code)

    @app.errorhandler(Exception)
    def unhandled(error: Exception) -> ResponseReturnValue:
        if isinstance(error, HTTPException):
            return http_error(error)
        _roll_back()
        # The traceback names the code, never the request's body; SQLAlchemy hides statement parameters
        # (hide_parameters in app.config), so typed text does not reach the log through a database error either.
        # The endpoint's name, never the path: invite links and calendar feeds carry their secret in it.
        log.exception("unhandled error on %s %s", request.method, request.endpoint or "unmatched")
        return _render(InternalServerError.code)
