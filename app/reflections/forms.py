"""Input shapes for writing and sharing reflections, and for responses."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString, format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    Form,
    HiddenField,
    SelectChoice,
    SelectField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.accounts.models import User
from app.db import utcnow
from app.forms import TOO_LONG, clean_text, sane_date
from app.idempotency import KEY_SHAPE
from app.permissions import parse_id
from app.placements.queries import timeline
from app.reflections.models import MAX_LENGTH, PROMPT_TEXT, RESPONSE_MAX_LENGTH, Reaction, Visibility
from app.timeutil import local_today


def visibility_choices() -> list[SelectChoice]:
    return [
        SelectChoice(Visibility.PRIVATE.value, str(_l("Only me"))),
        SelectChoice(Visibility.FACILITATORS.value, str(_l("Me and my facilitators"))),
        SelectChoice(Visibility.GROUP.value, str(_l("My group and facilitators (experience card)"))),
    ]


def _meeting_id(_form: Form, field: Field) -> None:
    if field.data and parse_id(field.data) is None:
        raise ValidationError(_("You can only write about your own group's meetings."))


class ReflectionForm(FlaskForm):
    """The writing page and the queue's JSON (api.write_reflection) are both checked by this form."""

    text = TextAreaField(
        _l("Your reflection"),
        filters=[clean_text],
        validators=[DataRequired(message=_l("Write a few words first.")), Length(max=MAX_LENGTH, message=TOO_LONG)],
        description=_l(
            "Up to %(num)s characters. Only you can read it until you choose to share it.",
            num=LazyString(format_number, MAX_LENGTH),
        ),
    )
    prompt = HiddenField()
    meeting_id = HiddenField(validators=[Optional(), _meeting_id])
    assignment_id = SelectField(
        _l("About a placement (optional)"),
        choices=[],
        validators=[Optional()],
        invalid_choice_message=_l("Choose one of your own placements."),
    )

    def offer_placements(self, author: User) -> None:
        """The placements a reflection can be about: the author's current and past ones."""
        current, past = timeline(author, local_today(utcnow()))
        self.assignment_id.choices = [SelectChoice("", str(_("No placement")))] + [
            SelectChoice(str(e.assignment.id), f"{e.assignment.placement.company.name}: {e.assignment.placement.title}")
            for e in current + past
        ]

    def values(self) -> dict[str, Any]:
        """The validated input as keyword arguments for services.write."""
        return {
            "text": self.text.data or "",
            "prompt": self.prompt.data or "",
            "assignment_id": parse_id(self.assignment_id.data),
            "meeting_id": parse_id(self.meeting_id.data),
        }


class WriteForm(ReflectionForm):
    """The writing page: the reflection, with an idempotency key so a form sent twice (a lost answer, a double tap,
    the back button) saves one reflection. The page always sends one; a form from before keys still saves."""

    key = HiddenField(validators=[Optional(), Regexp(KEY_SHAPE.pattern)])

    def add_idea(self, idea: str) -> None:
        """A question from "Need a start?" goes into the text after what is already written (nothing is lost)."""
        question = PROMPT_TEXT.get(idea)
        if question is None:
            return
        text = (self.text.data or "").rstrip()
        self.text.data = (text + "\n\n" if text else "") + str(question) + "\n"
        self.prompt.data = idea


class ShareForm(FlaskForm):
    visibility = SelectField(_l("Who can read it"), choices=[])
    show_company = BooleanField(
        _l("Show the company's name on the experience card"),
        description=_l("The group always sees the kind of placement and the sector."),
    )
    until = DateField(
        _l("Shared until (optional)"),
        validators=[Optional(), sane_date],
        description=_l("After this day it is private again."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visibility.choices = visibility_choices()


class ResponseForm(FlaskForm):
    text = TextAreaField(
        _l("A short, kind response"),
        filters=[clean_text],
        validators=[DataRequired(), Length(max=RESPONSE_MAX_LENGTH, message=TOO_LONG)],
    )


class ReactForm(FlaskForm):
    """A one-tap reaction: the button pressed names the kind."""

    kind = SelectField(
        choices=[SelectChoice(kind.value) for kind in Reaction],
        invalid_choice_message=_l("Please reload the page and try again."),
    )
