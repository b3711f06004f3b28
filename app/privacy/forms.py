"""Input shapes for deleting an account (the municipality's deletion mode is on the admin's settings page)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.forms import clean_line


class DeleteAccountForm(FlaskForm):
    email = StringField(
        _l("Write your e-mail to confirm"),
        filters=[clean_line],
        validators=[DataRequired(message=_l("Write your e-mail to confirm.")), Length(max=254)],
    )
