"""Input shapes for groups and their members."""

from __future__ import annotations

from typing import Any

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Regexp

from app.forms import TOO_LONG, clean_line, clean_text
from app.groups.messages import MESSAGE_MAX
from app.idempotency import KEY_SHAPE


def weekday_choices() -> list[SelectChoice]:
    names = get_day_names("wide", locale=str(get_locale() or "da"))
    return [SelectChoice(str(day), names[day].capitalize()) for day in range(7)]


class GroupForm(FlaskForm):
    name = StringField(_l("Name of the group"), filters=[clean_line], validators=[DataRequired(), Length(max=80)])
    weekday = SelectField(_l("Weekday"), choices=[])
    start_time = TimeField(_l("Time"), validators=[DataRequired()])
    duration = StringField(
        _l("Length in minutes"),
        default="120",
        filters=[clean_line],
        validators=[DataRequired(), Regexp(r"^[0-9]{1,3}$", message=_l("Write a number of minutes, e.g. 120."))],
    )
    place = StringField(_l("Place"), filters=[clean_line], validators=[Length(max=160)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weekday.choices = weekday_choices()

    def values(self) -> dict[str, Any]:
        """The group's fields as create_group/update_group take them."""
        return {
            "name": self.name.data,
            "weekday": int(self.weekday.data),
            "start_time": self.start_time.data,
            "place": self.place.data or "",
            "duration": int(self.duration.data),
        }


class PersonChoiceForm(FlaskForm):
    """Pick a person (participant to add, or staff to add as co-facilitator)."""

    user_id = SelectField(_l("Person"), choices=[], validators=[DataRequired()])


class MoveForm(FlaskForm):
    group_id = SelectField(_l("Move to group"), choices=[], validators=[DataRequired()])


class MessageForm(FlaskForm):
    """A short message from the facilitator to the group (it is shown in the app, never in a push)."""

    key = HiddenField(validators=[DataRequired(), Regexp(KEY_SHAPE.pattern)])
    text = TextAreaField(
        _l("Message to the group"),
        filters=[clean_text],
        description=_l("The members get a notification and read the message in the app."),
        validators=[
            DataRequired(message=_l("Write a few words first.")),
            Length(max=MESSAGE_MAX, message=TOO_LONG),
        ],
    )
