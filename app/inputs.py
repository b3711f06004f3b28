"""Text that the database or the encryption cannot store never gets that far, and is never a 500.

- A lone UTF-16 surrogate ("\\ud800") cannot be encoded as UTF-8, so neither PostgreSQL, SQLite nor the Fernet
  encryption can take it. Only JSON can carry one (Werkzeug decodes URLs and form posts with replacement). Every
  JSON body the app reads goes through `loads` (request.get_json uses the app's JSON provider, the queue's API
  calls `loads` itself), where it becomes U+FFFD: what a browser sends for it when it posts a form.
- A NUL character is refused by PostgreSQL in any text. The forms' text filters (app.forms.clean_text) remove it
  with the other control characters, and fields with a fixed shape refuse it. Whatever still carries one (or a
  lone surrogate) to the database is stopped before the statement is sent, on every database alike:
  UnstorableText, a 400 (app.errors turns the statement error it arrives in into that 400).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import BadRequest

_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableText(BadRequest):
    """A value bound for the database holds a NUL character or a lone surrogate."""


def scrub(value: Any) -> Any:
    """`value` (parsed JSON) with every lone surrogate in its strings and keys replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [scrub(item) for item in value]
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    return value


def loads(data: str | bytes) -> Any:
    """Parse JSON as the app reads every request body: lone surrogates become U+FFFD."""
    return scrub(json.loads(data))


class StorableJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, reading as `loads` does (what request.get_json uses)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return scrub(super().loads(s, **kwargs))


def _unstorable(parameters: Any) -> bool:
    if isinstance(parameters, str):
        return _UNSTORABLE.search(parameters) is not None
    if isinstance(parameters, dict):
        return any(_unstorable(value) for value in parameters.values())
    if isinstance(parameters, list | tuple):
        return any(_unstorable(value) for value in parameters)
    return False


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_unstorable(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _executemany: bool
) -> None:
    if _unstorable(parameters):
        raise UnstorableText()


def register_input_guard(app: Flask) -> None:
    app.json = StorableJSONProvider(app)
