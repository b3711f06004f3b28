"""Input shapes for answering, checking in and changing a meeting."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.forms import clean_line, clean_text
from app.meetings.models import Answer


class RsvpForm(FlaskForm):
    # Rendered as two buttons named "answer" (one tap), so no label is shown for the field itself.
    answer = SelectField(choices=[SelectChoice(Answer.YES.value), SelectChoice(Answer.NO.value)])
    reason = StringField(_l("Reason (optional)"), filters=[clean_line], validators=[Optional(), Length(max=300)])


class CheckinForm(FlaskForm):
    code = StringField(
        _l("Code from the screen"),
        filters=[lambda v: clean_line(v).replace(" ", "") if v else v],
        validators=[
            DataRequired(message=_l("Type the 6 digits shown at the meeting.")),
            Regexp(r"^[0-9]{6}$", message=_l("The code is 6 digits.")),
        ],
    )


class MeetingEditForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    at = TimeField(_l("Time"), validators=[DataRequired()])
    place = StringField(_l("Place"), filters=[clean_line], validators=[Length(max=160)])
    agenda = TextAreaField(_l("Agenda"), filters=[clean_text], validators=[Length(max=2000)])


class CancelForm(FlaskForm):
    reason = StringField(
        _l("Reason"),
        filters=[clean_line],
        validators=[DataRequired(), Length(max=300)],
        description=_l("The group sees the reason."),
    )
