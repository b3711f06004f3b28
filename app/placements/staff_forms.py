"""Input shape for a placement (staff)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.forms import WholeNumberField, clean_line, clean_text
from app.permissions import parse_id
from app.placements.forms import WEEKLY_HOURS
from app.placements.models import PlacementKind
from app.placements.rules import SEATS_MAX

KIND_CHOICES = [SelectChoice(kind.value, kind.label) for kind in PlacementKind]
TEXT_FIELDS = ("title", "description", "tasks", "sector", "area", "address", "first_day")


def _hours(label: str) -> WholeNumberField:
    return WholeNumberField(label, validators=[InputRequired(message=_l("Write a number.")), WEEKLY_HOURS])


class PlacementForm(FlaskForm):
    company_id = SelectField(
        _l("Company"), choices=[], invalid_choice_message=_l("Choose an active company from the list.")
    )
    title = StringField(
        _l("Title"),
        filters=[clean_line],
        validators=[DataRequired(), Length(max=120)],
        description=_l("For example shop assistant or kitchen helper."),
    )
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES, invalid_choice_message=_l("Choose internship or paid hours."))
    description = TextAreaField(
        _l("Description"),
        filters=[clean_text],
        validators=[Length(max=4000)],
        description=_l("What the place is like, and who the young person will work with."),
    )
    tasks = TextAreaField(
        _l("Tasks"),
        filters=[clean_text],
        validators=[Length(max=4000)],
        description=_l("What the young person will do."),
    )
    sector = StringField(
        _l("Sector"),
        filters=[clean_line],
        validators=[Length(max=80)],
        description=_l("Leave it empty to use the company's."),
    )
    area = StringField(
        _l("Area"),
        filters=[clean_line],
        validators=[Length(max=120)],
        description=_l("Leave it empty to use the company's."),
    )
    address = StringField(_l("Address"), filters=[clean_line], validators=[Length(max=200)])
    first_day = TextAreaField(
        _l("The first day"),
        filters=[clean_text],
        validators=[Length(max=2000)],
        description=_l(
            "Where and when to meet, whom to ask for, what to bring and wear. Only the people who chose the "
            "placement see it, with the company's contact person."
        ),
    )
    hours_min = _hours(_l("Fewest hours a week"))
    hours_max = _hours(_l("Most hours a week"))
    seats = WholeNumberField(
        _l("Seats"),
        validators=[
            InputRequired(message=_l("Write a number.")),
            NumberRange(min=0, max=SEATS_MAX, message=_l("Write a number from %(min)d to %(max)d.")),
        ],
        description=_l("How many young people can be there at the same time."),
    )

    def values(self) -> dict:
        """The validated input as keyword arguments for the placement services."""
        values = {name: getattr(self, name).data or "" for name in TEXT_FIELDS}
        values.update(
            company_id=parse_id(self.company_id.data) or 0,
            kind=PlacementKind(self.kind.data),
            hours_min=self.hours_min.data,
            hours_max=self.hours_max.data,
            seats=self.seats.data,
        )
        return values


class NewPlacementForm(PlacementForm):
    is_open = BooleanField(_l("Open for choices now"), default=True)

    def values(self) -> dict:
        return {**super().values(), "is_open": bool(self.is_open.data)}
