"""Small helpers shared by the forms of every feature."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None) -> str | None:
    """Strip surrounding space and control characters (PostgreSQL refuses NUL, logs must not be forged)."""
    if value is None:
        return None
    return _CONTROL.sub("", value).strip()


def clean_line(value: str | None) -> str | None:
    """Like clean_text, and a single line: newlines become spaces."""
    value = clean_text(value)
    return None if value is None else re.sub(r"\s+", " ", value)


class SimpleEmail:
    """A plain shape check for e-mail addresses (no DNS, no extra dependency)."""

    pattern = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")

    def __call__(self, form, field) -> None:  # noqa: ANN001
        if field.data and not self.pattern.match(field.data):
            raise ValidationError(_l("Write a valid e-mail address, like name@example.org."))
