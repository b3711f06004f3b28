"""Reading a JSON request body for the API: shape checks that answer 400/413/422, never a 500."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from flask import request
from flask_babel import gettext as _

from app.forms import clean_line, clean_text
from app.idempotency import valid_key
from app.permissions import parse_id

MAX_BODY = 32 * 1024  # a reflection is at most 1,000 characters; anything far larger is not ours
_DIGITS = re.compile(r"[0-9]{1,9}")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class PayloadError(Exception):
    """The request cannot be used as sent. `status` is 400, 413 or 422; `field` names the bad field."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def read_body() -> tuple[dict[str, Any], str]:
    """The JSON object of the request and its idempotency key (header `Idempotency-Key` or field `key`).

    Raises PayloadError 413 for a body over MAX_BODY, 400 for anything but a JSON object or a bad key.
    """
    if (request.content_length or 0) > MAX_BODY:
        raise PayloadError(413, _("What you sent is too large. Please shorten it and try again."))
    raw = request.get_data(cache=True)
    if len(raw) > MAX_BODY:
        raise PayloadError(413, _("What you sent is too large. Please shorten it and try again."))
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise PayloadError(400, _("Something in the request was wrong"))
    header, field = request.headers.get("Idempotency-Key"), data.get("key")
    key = header if header is not None else field
    if not isinstance(key, str) or not valid_key(key) or (field is not None and field != key):
        raise PayloadError(400, _("Something in the request was wrong"), "key")
    return data, key


def text(data: dict, name: str, *, required: bool = False, line: bool = False) -> str:
    """A string field, cleaned like the forms do (control characters out, trimmed); missing is ''."""
    value = data.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise PayloadError(422, _("Write a few words first."), name)
    return (clean_line(value) if line else clean_text(value)) or ""


def whole_number(data: dict, name: str) -> int:
    """A whole number: a JSON integer or a string of the digits 0-9 (at most nine). Never a float or bool."""
    value = data.get(name)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9:
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value.strip())
    raise PayloadError(422, _("Write a whole number with the digits 0-9."), name)


def iso_day(data: dict, name: str) -> date:
    """A day written as YYYY-MM-DD, between the years 2000 and 2100."""
    value = data.get(name)
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and 2000 <= day.year <= 2100:
            return day
    raise PayloadError(422, _("Check the date and time."), name)


def optional_id(data: dict, name: str, message: str) -> int | None:
    """An optional id: a positive JSON integer or digit string, or missing/empty/null."""
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    found = parse_id(value) if isinstance(value, str) else None
    if found is None:
        raise PayloadError(422, message, name)
    return found
