"""Input shapes for browsing, choosing, switching, adjusting hours and ending a placement."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from app.forms import WholeNumberField, clean_line, sane_date
from app.idempotency import KEY_SHAPE
from app.placements.models import PlacementKind
from app.placements.rules import HOURS_MAX, HOURS_MIN, NOTE_MAX

# Any weekly hours (a placement's own range is the services' rule); the staff's placement form uses it too.
WEEKLY_HOURS = NumberRange(min=HOURS_MIN, max=HOURS_MAX, message=_l("Write a number from %(min)d to %(max)d."))
NOTE_LENGTH = Length(max=NOTE_MAX)


class BrowseForm(FlaskForm):
    """The filters on the browse page (a GET form: no CSRF needed, nothing changes)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), filters=[clean_line], validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Kind"), choices=[], validators=[Optional()])
    sector = SelectField(_l("Sector"), choices=[], validators=[Optional()])
    area = SelectField(_l("Area"), choices=[], validators=[Optional()])
    hours = WholeNumberField(
        _l("Hours a week"),
        validators=[Optional(), WEEKLY_HOURS],
        description=_l("Show placements where this number of hours fits."),
    )
    free = BooleanField(_l("Only with free seats"))

    def set_choices(self, sectors: list[str], areas: list[str]) -> None:
        everything = SelectChoice("", str(_l("All")))
        self.kind.choices = [everything] + [SelectChoice(k.value, k.label) for k in PlacementKind]
        self.sector.choices = [everything] + [SelectChoice(s) for s in sectors]
        self.area.choices = [everything] + [SelectChoice(a) for a in areas]


class KeyedForm(FlaskForm):
    key = HiddenField(validators=[DataRequired(), Regexp(KEY_SHAPE.pattern)])


class ChooseForm(KeyedForm):
    start_date = DateField(_l("First day"), validators=[InputRequired(), sane_date])
    hours = WholeNumberField(_l("Hours a week"), validators=[InputRequired(), WEEKLY_HOURS])


class SwitchForm(ChooseForm):
    # Radio buttons, not a select: "Company: title" wraps on a narrow phone instead of being cut off.
    from_assignment = RadioField(
        _l("Instead of"), choices=[], validators=[DataRequired(message=_l("Choose the placement you leave."))]
    )
    lesson = StringField(
        _l("What did this place teach you? (optional)"),
        filters=[clean_line],
        validators=[Optional(), NOTE_LENGTH],
    )


class AdjustForm(FlaskForm):
    """The hours page and the queue's JSON (api.adjust_hours) are both checked by this form."""

    hours = WholeNumberField(_l("New hours a week"), validators=[InputRequired(), WEEKLY_HOURS])
    effective = DateField(_l("From"), validators=[InputRequired(), sane_date])

    def values(self) -> dict[str, Any]:
        """The validated input as keyword arguments for services.adjust_hours."""
        return {"hours": self.hours.data, "effective": self.effective.data}


class WithdrawForm(FlaskForm):
    """Giving up a placement before its first day: nothing to fill in, one confirming tap."""


class WaitForm(FlaskForm):
    """Lining up for a full placement, or leaving its waiting list: one tap (the CSRF token only)."""


class EndForm(FlaskForm):
    last_day = DateField(_l("Last day"), validators=[InputRequired(), sane_date])
    reason = StringField(
        _l("Why are you stopping? (optional)"), filters=[clean_line], validators=[Optional(), NOTE_LENGTH]
    )
    lesson = StringField(
        _l("What did this place teach you? (optional)"),
        filters=[clean_line],
        validators=[Optional(), NOTE_LENGTH],
    )
