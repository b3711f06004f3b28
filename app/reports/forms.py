"""The report's choices (a GET form: nothing changes) and the forms that export it or make an export key."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from app.forms import clean_line, sane_date
from app.programme.models import KEY_NAME_MAX


class ReportForm(FlaskForm):
    class Meta:
        csrf = False

    scope = SelectField(_l("Whose figures"), choices=[], validate_choice=False)
    first = DateField(_l("From"), validators=[Optional(), sane_date])
    last = DateField(_l("To"), validators=[Optional(), sane_date])
    cohort = SelectField(_l("Start cohort"), choices=[], validators=[Optional()])

    def validate_last(self, field: DateField) -> None:
        if field.data and self.first.data and field.data < self.first.data:
            raise ValidationError(_l("The end cannot be before the start."))


class ExportForm(FlaskForm):
    """Exports the report shown: its choices travel as hidden fields; with a key, pseudonymised."""

    scope = HiddenField()
    first = HiddenField()
    last = HiddenField()
    cohort = HiddenField()
    key = SelectField(_l("Export key"), choices=[], validate_choice=False)


class KeyForm(FlaskForm):
    name = StringField(
        _l("Name of the new key"),
        filters=[clean_line],
        validators=[DataRequired(message=_l("Write a name.")), Length(max=KEY_NAME_MAX)],
        description=_l("For example the evaluator it is for. Exports with the same key use the same ids."),
    )
