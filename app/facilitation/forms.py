"""The reflection form: a rating per principle (or none) and a short text, with bounds from the model."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import Length

from app.facilitation.models import (
    MAX_LENGTH,
    PRINCIPLE_HINTS,
    PRINCIPLE_LABELS,
    RATING_LABELS,
    RATING_MAX,
    RATING_MIN,
    Principle,
)
from app.forms import TOO_LONG, clean_text

SKIPPED = ""  # the "not rated" choice
FROM_LIST = _l("Choose one of the options.")


def _rating(principle: Principle) -> RadioField:
    return RadioField(
        PRINCIPLE_LABELS[principle],
        description=PRINCIPLE_HINTS[principle],
        choices=[],
        default=SKIPPED,
        validate_choice=True,
        invalid_choice_message=FROM_LIST,
    )


class ReflectionForm(FlaskForm):
    rating_co_determination = _rating(Principle.CO_DETERMINATION)
    rating_sharing = _rating(Principle.SHARING)
    rating_resources = _rating(Principle.RESOURCES)
    rating_work_identity = _rating(Principle.WORK_IDENTITY)
    text = TextAreaField(
        _l("What worked, and what would you try next time?"),
        filters=[clean_text],
        validators=[Length(max=MAX_LENGTH, message=TOO_LONG)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for principle in Principle:
            self[principle.column].choices = [(SKIPPED, str(_l("Skip")))] + [
                (str(n), f"{n} · {RATING_LABELS[n]}") for n in range(RATING_MIN, RATING_MAX + 1)
            ]

    def ratings(self) -> dict[Principle, int | None]:
        """The chosen ratings (None: skipped). Only after validation: the choices are the digits 1-4."""
        return {p: int(self[p.column].data) if self[p.column].data else None for p in Principle}

    def fill(self, ratings: dict[Principle, int | None]) -> None:
        for principle, value in ratings.items():
            self[principle.column].data = SKIPPED if value is None else str(value)
