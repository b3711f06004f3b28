"""Reading a JSON request for the API: the body and its idempotency key (400/413), then the HTML page's own
form filled from it (422 with the form's messages). Never a 500."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from flask import request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import Field, HiddenField, StringField

from app.forms import WholeNumberField
from app.idempotency import valid_key
from app.inputs import loads

MAX_BODY = 32 * 1024  # a reflection is at most 1,000 characters; anything far larger is not ours

F = TypeVar("F", bound=FlaskForm)


class PayloadError(Exception):
    """The request cannot be used as sent: `status` 400 or 422, with `fields` {name: [messages]} if known."""

    def __init__(self, status: int, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields


def read_body() -> tuple[dict[str, Any], str]:
    """The JSON object of the request and its idempotency key (header `Idempotency-Key` or field `key`).

    413 for a body over MAX_BODY; PayloadError 400 for anything but a JSON object, or a missing or bad key.
    """
    if (request.content_length or 0) > MAX_BODY or len(request.get_data(cache=True)) > MAX_BODY:
        raise RequestEntityTooLarge()
    try:
        data = loads(request.get_data(cache=True))  # lone surrogates become U+FFFD (app.inputs)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise PayloadError(400, _("Something in the request was wrong"))
    header, field = request.headers.get("Idempotency-Key"), data.get("key")
    key = header if header is not None else field
    if not isinstance(key, str) or not valid_key(key) or (field is not None and field != key):
        message = _("Something in the request was wrong")
        raise PayloadError(400, message, {"key": [message]})
    return data, key


def _takes_text(field: Field) -> bool:
    """A field people type words into (not a number, and not a hidden id or choice)."""
    return isinstance(field, StringField) and not isinstance(field, WholeNumberField | HiddenField)


def _as_sent(value: object) -> str:
    """A JSON value as the text a browser would send for it: what is typed, not what it means."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)  # 12 -> "12", true -> "true", 1.5 -> "1.5", NaN -> "NaN"
    return "[…]"  # a list or an object: never a single value a form could take


def form_from(form_class: type[F], data: dict[str, Any]) -> F:
    """The HTML page's form, filled from the JSON object as the browser would post that page.

    Flask-WTF 1.3 reads a JSON body by itself (`ImmutableMultiDict(request.get_json())` in wrap_formdata), but it
    hands JSON numbers, lists and objects to fields written for a browser's strings (a list even becomes several
    values). So each field gets text: null or a missing key is not sent; anything else is the text a browser
    would send for it, which the field then judges as it judges typed input. A text field takes only a string.
    """
    form = form_class(formdata=None)
    sent, wrong_type = [], []
    for field in form:
        value = data.get(field.short_name)
        if value is None:
            continue
        sent.append((field.name, _as_sent(value)))
        if _takes_text(field) and not isinstance(value, str):
            wrong_type.append(field)
    form.process(MultiDict(sent))
    for field in wrong_type:
        field.process_errors.append(_("This must be text."))
    return form


def check(form: FlaskForm) -> None:
    """Validate a form filled by form_from; PayloadError 422 with every field's messages if it is not valid."""
    if form.validate():
        return
    fields = {name: [str(m) for m in messages] for name, messages in form.errors.items() if name and messages}
    first = next(iter(fields.values()))[0] if fields else _("Something in the request was wrong")
    raise PayloadError(422, first, fields)
