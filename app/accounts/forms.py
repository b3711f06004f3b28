"""Input shapes for logging in, invitations, passwords, profiles and the municipality's settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional, Regexp

from app.accounts.models import NAME_MAX, PHONE_MAX, WEEKLY_CAP_MAX, WEEKLY_CAP_MIN
from app.accounts.passwords import MAX_LENGTH
from app.forms import TOO_LONG, ClockField, SimpleEmail, WholeNumberField, clean_line

LANGUAGE_CHOICES = [SelectChoice("da", "Dansk"), SelectChoice("en", "English")]


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail"), filters=[clean_line], validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


class NewPasswordMixin:
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=MAX_LENGTH)],
        description=_l("At least 8 characters. A short sentence is easy to remember."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))],
    )


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    pass


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Name"), filters=[clean_line], validators=[DataRequired(), Length(max=80)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    # Staff: how the participants of their groups reach them. Participants: whether their group sees them coming.
    phone = StringField(
        _l("Phone (optional)"),
        filters=[clean_line],
        validators=[Optional(), Length(max=PHONE_MAX), Regexp(r"^[0-9+() -]*$", message=_l("Write a phone number."))],
        description=_l("The participants in your groups see it with your name, to call or text you."),
    )
    shown_to_group = BooleanField(
        _l("Show my first name to my group when I say I am coming"),
        description=_l("Then the others can see who is coming to the next meeting. Your group sees nothing else."),
    )


class CreatePersonForm(FlaskForm):
    display_name = StringField(_l("Name"), filters=[clean_line], validators=[DataRequired(), Length(max=80)])
    email = StringField(_l("E-mail"), filters=[clean_line], validators=[DataRequired(), Length(max=254), SimpleEmail()])
    role = SelectField(_l("Role"), choices=[])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons."""


# The same message as accounts.settings.cap_message(), for the form's own checks.
CAP_MESSAGE = _l("Write a number of hours from %(min)d to %(max)d.", min=WEEKLY_CAP_MIN, max=WEEKLY_CAP_MAX)


class MunicipalitySettingsForm(FlaskForm):
    name = StringField(
        _l("Name of the municipality"),
        filters=[clean_line],
        validators=[DataRequired(_l("Write the municipality's name.")), Length(max=NAME_MAX, message=TOO_LONG)],
    )
    weekly_hours_cap = WholeNumberField(
        _l("Most hours a week in placements"),
        validators=[
            InputRequired(CAP_MESSAGE),
            NumberRange(min=WEEKLY_CAP_MIN, max=WEEKLY_CAP_MAX, message=CAP_MESSAGE),
        ],
        description=_l(
            "A participant's placements together, from %(min)d to %(max)d hours. Placements chosen before a change "
            "keep their hours.",
            min=WEEKLY_CAP_MIN,
            max=WEEKLY_CAP_MAX,
        ),
    )
    quiet_start = ClockField(_l("Quiet from"), validators=[InputRequired(_l("Write a time like 21:00."))])
    quiet_end = ClockField(_l("Quiet until"), validators=[InputRequired(_l("Write a time like 08:00."))])
    deletion_needs_confirmation = BooleanField(
        _l("A facilitator must confirm when a participant deletes their account"),
        description=_l(
            "Use this if the municipality must check that no records have to be kept before an account is deleted."
        ),
    )
