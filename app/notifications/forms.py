"""The notification settings form."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectMultipleField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import ClockField
from app.notifications.kinds import KINDS, choices_for


class SettingsForm(FlaskForm):
    wanted = SelectMultipleField(
        _l("Send a push notification about"),
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_choice_message=_l("Choose from the list."),
        invalid_value_message=_l("Choose from the list."),
        description=_l("What you do not tick still comes in your inbox in the app."),
    )
    remind_evening = BooleanField(_l("The evening before a meeting"))
    remind_two_hours = BooleanField(_l("2 hours before a meeting"))
    quiet_enabled = BooleanField(_l("Use quiet hours"))
    quiet_start = ClockField(_l("Quiet from"), validators=[InputRequired(_l("Write a time like 21:00."))])
    quiet_end = ClockField(_l("Quiet until"), validators=[InputRequired(_l("Write a time like 08:00."))])

    def __init__(self, is_staff: bool, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wanted.choices = [(kind.value, KINDS[kind].label) for kind in choices_for(is_staff)]
