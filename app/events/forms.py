"""Input shapes for match events: the staff form, who came, and the participant's "talk more" choice."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectMultipleField, StringField, TextAreaField, TimeField
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from app.events.models import MatchEvent
from app.events.staff_services import MAX_CAPACITY
from app.forms import WholeNumberField, clean_line, clean_text, sane_date
from app.timeutil import local_to_utc, to_local


class EventForm(FlaskForm):
    title = StringField(_l("Title"), filters=[clean_line], validators=[DataRequired(), Length(max=120)])
    day = DateField(_l("Date"), validators=[InputRequired(), sane_date])
    start_time = TimeField(_l("Starts at"), validators=[InputRequired()])
    end_time = TimeField(_l("Ends at"), validators=[InputRequired()])
    place = StringField(
        _l("Place"), filters=[clean_line], validators=[Length(max=160)], description=_l("Address or room.")
    )
    description = TextAreaField(
        _l("Description"),
        filters=[clean_text],
        validators=[Length(max=4000)],
        description=_l("What happens, and what the young people can bring or prepare."),
    )
    capacity = WholeNumberField(
        _l("Number of places"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=MAX_CAPACITY, message=_l("Write a number from %(min)d to %(max)d, or leave it empty.")
            ),
        ],
        description=_l("Leave it empty if there is room for everyone."),
    )
    companies = SelectMultipleField(
        _l("Companies taking part"),
        coerce=int,
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_choice_message=_l("Choose companies from the list."),
        invalid_value_message=_l("Choose companies from the list."),
    )

    @classmethod
    def initial(cls, event: MatchEvent) -> dict:
        """Form values for an existing event, in Copenhagen time."""
        start, end = to_local(event.starts_at), to_local(event.ends_at)
        return {
            "title": event.title,
            "day": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "place": event.place,
            "description": event.description,
            "capacity": event.capacity,
            "companies": [link.company_id for link in event.companies],
        }

    def details(self) -> dict:
        """The validated input as keyword arguments for the event services (times in UTC)."""
        day: date = self.day.data
        starts_at: datetime = local_to_utc(day, self.start_time.data)
        return {
            "title": self.title.data or "",
            "starts_at": starts_at,
            "ends_at": local_to_utc(day, self.end_time.data),
            "place": self.place.data or "",
            "description": self.description.data or "",
            "capacity": self.capacity.data,
            "company_ids": list(self.companies.data or []),
        }


class InterestForm(FlaskForm):
    """The participant's wish after tapping: "yes" (I'd like to talk more) or "no". Replays have one effect."""

    interested = HiddenField(validators=[AnyOf(["yes", "no"])])


class AttendanceForm(FlaskForm):
    """Staff mark (or unmark) that a person came: the person's id, from a button's hidden field or the walk-in list."""

    person = StringField(_l("Participant"), validators=[DataRequired()])
