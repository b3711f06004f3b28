"""Input shapes for answering, checking in, changing a meeting and adding an extra one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.forms import TOO_LONG, clean_line, clean_text
from app.idempotency import KEY_SHAPE
from app.meetings.models import REASON_MAX, Answer

CHOOSE_AN_ANSWER = _l("Choose coming or not coming.")


class RsvpForm(FlaskForm):
    """The meeting page's two buttons and the queue's JSON (api.rsvp) are both checked by this form."""

    # Rendered as two buttons named "answer" (one tap), so no label is shown for the field itself.
    answer = SelectField(
        choices=[SelectChoice(Answer.YES.value), SelectChoice(Answer.NO.value)],
        invalid_choice_message=CHOOSE_AN_ANSWER,
        invalid_value_message=CHOOSE_AN_ANSWER,
    )
    reason = StringField(
        _l("Reason (optional)"),
        filters=[clean_line],
        validators=[Optional(), Length(max=REASON_MAX, message=TOO_LONG)],
    )


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


class ExtraMeetingForm(MeetingEditForm):
    """A one-off meeting for a group: the same fields, and an idempotency key so a resent form adds one meeting."""

    key = HiddenField(validators=[DataRequired(), Regexp(KEY_SHAPE.pattern)])


class CancelForm(FlaskForm):
    reason = StringField(
        _l("Reason"),
        filters=[clean_line],
        validators=[DataRequired(), Length(max=REASON_MAX, message=TOO_LONG)],
        description=_l("The group sees the reason."),
    )
