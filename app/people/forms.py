"""The people list's search and filters (a GET form: nothing changes, so no CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField
from wtforms.validators import Length, Optional

from app.forms import clean_line


class PeopleFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Search by name or e-mail"), filters=[clean_line], validators=[Optional(), Length(max=80)])
    group = SelectField(_l("Group"), choices=[], default="", validate_choice=False)
    status = SelectField(
        _l("Status"),
        default="",
        choices=[
            SelectChoice("", _l("Everyone")),
            SelectChoice("active", _l("Active")),
            SelectChoice("invited", _l("Invited")),
            SelectChoice("deactivated", _l("Deactivated")),
        ],
    )
    placement = SelectField(
        _l("Placement"),
        default="",
        choices=[
            SelectChoice("", _l("Everyone")),
            SelectChoice("yes", _l("In a placement")),
            SelectChoice("no", _l("No placement")),
        ],
    )
