"""Small helpers shared by the forms of every feature."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeVar, overload

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, StringField, TimeField, ValidationError
from wtforms.validators import StopValidation

if TYPE_CHECKING:
    from app.errors import DomainError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
T = TypeVar("T")
TOO_LONG = _l("Keep it to %(max)d characters or fewer.")  # the message of every Length(max=...) on free text


@overload
def clean_text(value: str) -> str: ...
@overload
def clean_text(value: None) -> None: ...
def clean_text(value: str | None) -> str | None:
    """Strip surrounding space and control characters (PostgreSQL refuses NUL, logs must not be forged)."""
    if value is None:
        return None
    # Browsers send a line break as CRLF; count it as one character, as the textarea and counter do.
    return _CONTROL.sub("", value.replace("\r\n", "\n")).strip()


@overload
def clean_line(value: str) -> str: ...
@overload
def clean_line(value: None) -> None: ...
def clean_line(value: str | None) -> str | None:
    """Like clean_text, and a single line: newlines become spaces."""
    value = clean_text(value)
    return None if value is None else re.sub(r"\s+", " ", value)


def required_data(data: T | None) -> T:
    """The data of a field with a required validator once the form validated, which is never None."""
    if data is None:
        raise ValueError("a required field has no data after validation")
    return data


class SimpleEmail:
    """A plain shape check for e-mail addresses (no DNS, no extra dependency)."""

    pattern = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")

    def __call__(self, form: Form, field: Field) -> None:
        if field.data and not self.pattern.match(field.data):
            raise ValidationError(_l("Write a valid e-mail address, like name@example.org."))


_DIGITS = re.compile(r"[0-9]+")  # ASCII only: int() would also take e.g. Arabic-Indic digits


class WholeNumberField(StringField):
    """A whole number written with the digits 0-9 only; empty means None. Shows what was typed on error."""

    def process_formdata(self, valuelist: list) -> None:
        if not valuelist:
            return
        text = clean_line(valuelist[0]) or ""
        self.data = None
        if not text:
            return
        if not _DIGITS.fullmatch(text):
            raise ValueError(_l("Write a whole number with the digits 0-9."))
        if len(text) > 9:
            raise ValueError(_l("That number is too large."))
        self.data = int(text)

    def pre_validate(self, form: Form) -> None:
        if self.process_errors:
            raise StopValidation()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class ClockField(TimeField):
    """A time of day like "21:00" (seconds allowed, as some browsers send them; strptime takes ASCII digits only)."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        formats = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
        super().__init__(label, format=formats, invalid_value_message=_l("Write a time like 21:00."), **kwargs)


def sane_date(_form: Form, field: Field) -> None:
    """A date validator: years outside 2000-2100 are typos."""
    if field.data and not 2000 <= field.data.year <= 2100:
        raise ValidationError(_l("Check the year."))


def show_error(form: Form, error: DomainError, fallback: str | None = None) -> None:
    """Put a DomainError's message on its field of `form` (or on `fallback`), else flash it."""
    from flask import flash

    target = getattr(form, error.field, None) if error.field else None
    if target is None and fallback is not None:
        target = getattr(form, fallback)
    if target is None:
        flash(error.message, "error")
    else:
        target.errors.append(error.message)


def first_error(form: Form) -> str:
    """The first error of a validated form, for a page that shows one message rather than one per field."""
    for errors in form.errors.values():
        if isinstance(errors, list) and errors:
            return str(errors[0])
    return ""
