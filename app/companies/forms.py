"""Input shape for a company."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from app.forms import SimpleEmail, clean_line, clean_text

FIELDS = ("name", "sector", "area", "description", "contact_name", "contact_email", "contact_phone")


class CompanyForm(FlaskForm):
    name = StringField(_l("Name"), filters=[clean_line], validators=[DataRequired(), Length(max=120)])
    sector = StringField(
        _l("Sector"),
        filters=[clean_line],
        validators=[Length(max=80)],
        description=_l("For example shop, building, care or IT."),
    )
    area = StringField(
        _l("Area"), filters=[clean_line], validators=[Length(max=120)], description=_l("The town or part of town.")
    )
    description = TextAreaField(
        _l("Short description"),
        filters=[clean_text],
        validators=[Length(max=1000)],
        description=_l("What the company does and what a young person could try there."),
    )
    contact_name = StringField(_l("Contact person"), filters=[clean_line], validators=[Length(max=120)])
    contact_email = StringField(_l("Contact e-mail"), filters=[clean_line], validators=[Length(max=254), SimpleEmail()])
    contact_phone = StringField(
        _l("Contact phone"),
        filters=[clean_line],
        validators=[
            Length(max=40),
            Regexp(r"^[0-9+() -]*$", message=_l("Use only the digits 0-9, spaces, + and brackets.")),
        ],
    )

    def values(self) -> dict[str, str]:
        """The typed values, as keyword arguments for the company services."""
        return {name: getattr(self, name).data or "" for name in FIELDS}
