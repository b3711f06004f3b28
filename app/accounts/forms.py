"""Input shapes for logging in, invitations, passwords and profiles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from app.accounts.passwords import MAX_LENGTH
from app.forms import SimpleEmail, clean_line

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


class CreatePersonForm(FlaskForm):
    display_name = StringField(_l("Name"), filters=[clean_line], validators=[DataRequired(), Length(max=80)])
    email = StringField(_l("E-mail"), filters=[clean_line], validators=[DataRequired(), Length(max=254), SimpleEmail()])
    role = SelectField(_l("Role"), choices=[])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons."""
