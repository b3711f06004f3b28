"""Input shapes for writing and sharing reflections, and for responses."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import clean_text, sane_date
from app.reflections.models import MAX_LENGTH, RESPONSE_MAX_LENGTH, Visibility

TOO_LONG = _l("Keep it to %(max)d characters or fewer.")

PROMPT_TEXT = {
    "did": _l("What did you do?"),
    "went_well": _l("What went well?"),
    "learned": _l("What did you learn about yourself?"),
    "next": _l("What do you want to try next?"),
}


def visibility_choices() -> list[SelectChoice]:
    return [
        SelectChoice(Visibility.PRIVATE.value, str(_l("Only me"))),
        SelectChoice(Visibility.FACILITATORS.value, str(_l("Me and my facilitators"))),
        SelectChoice(Visibility.GROUP.value, str(_l("My group and facilitators (experience card)"))),
    ]


class ReflectionForm(FlaskForm):
    text = TextAreaField(
        _l("Your reflection"),
        filters=[clean_text],
        validators=[DataRequired(message=_l("Write a few words first.")), Length(max=MAX_LENGTH, message=TOO_LONG)],
        description=_l("Up to 1,000 characters. Only you can read it until you choose to share it."),
    )
    prompt = HiddenField()
    meeting_id = HiddenField()
    assignment_id = SelectField(_l("About a placement (optional)"), choices=[], validators=[Optional()])


class ShareForm(FlaskForm):
    visibility = SelectField(_l("Who can read it"), choices=[])
    until = DateField(
        _l("Shared until (optional)"),
        validators=[Optional(), sane_date],
        description=_l("After this day it is private again."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visibility.choices = visibility_choices()


class ResponseForm(FlaskForm):
    text = TextAreaField(
        _l("A short, kind response"),
        filters=[clean_text],
        validators=[DataRequired(), Length(max=RESPONSE_MAX_LENGTH, message=TOO_LONG)],
    )
