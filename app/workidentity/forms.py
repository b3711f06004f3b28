"""Input shapes for "Me and work" and its CV. The services check the same bounds (app/workidentity/choices.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import TOO_LONG, SimpleEmail, WholeNumberField, clean_line, clean_text
from app.permissions import parse_id
from app.placements.models import Assignment, PlacementKind
from app.placements.rules import HOURS_MAX, HOURS_MIN
from app.reflections.models import Reflection
from app.workidentity.choices import (
    CV_ABOUT_MAX,
    CV_EMAIL_MAX,
    CV_NAME_MAX,
    CV_PHONE_MAX,
    CV_PLACE_MAX,
    EDUCATION_PERIOD_MAX,
    EDUCATION_PLACE_MAX,
    EDUCATION_TITLE_MAX,
    INTERESTS,
    NOTE_MAX,
    STRENGTHS,
    WORDS_MAX,
    ItemKind,
)

FROM_LIST = _l("Choose from the list.")


def _checkboxes(label: Any, **kwargs: Any) -> SelectMultipleField:
    return SelectMultipleField(
        label,
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_choice_message=FROM_LIST,
        invalid_value_message=FROM_LIST,
        **kwargs,
    )


def placement_choices(assignments: list[Assignment]) -> list[SelectChoice]:
    """ "At no particular place" and each of the person's placements, for "where did it show?": the company's name
    (as the page then says "showed at …"), with the title only when the person has been there more than once, so a
    select on a phone does not cut "Roskilde Cykler: Cykelmekaniker-hj…" off."""
    names = Counter(a.placement.company.name for a in assignments)

    def label(a: Assignment) -> str:
        name = a.placement.company.name
        return f"{name}: {a.placement.title}" if names[name] > 1 else name

    return [SelectChoice("", str(_("At no particular place")))] + [
        SelectChoice(str(a.id), label(a)) for a in assignments
    ]


class ItemsForm(FlaskForm):
    strengths = _checkboxes(_l("What I'm good at"))
    interests = _checkboxes(_l("What I like"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strengths.choices = [(key, str(text)) for key, text in STRENGTHS.items()]
        self.interests.choices = [(key, str(text)) for key, text in INTERESTS.items()]


class OwnWordsForm(FlaskForm):
    kind = RadioField(
        _l("It is"),
        choices=[],
        default=ItemKind.STRENGTH.value,
        validators=[DataRequired(FROM_LIST)],
        invalid_choice_message=FROM_LIST,
    )
    words = StringField(
        _l("In your own words"),
        filters=[clean_line],
        validators=[DataRequired(_l("Write a few words first.")), Length(max=WORDS_MAX, message=TOO_LONG)],
    )
    assignment_id = SelectField(_l("Where did it show?"), choices=[], validators=[Optional()])

    def __init__(self, assignments: list[Assignment], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            (ItemKind.STRENGTH.value, _("Something I'm good at")),
            (ItemKind.INTEREST.value, _("Something I like")),
        ]
        self.assignment_id.choices = placement_choices(assignments)


class PlaceForm(FlaskForm):
    """Where one strength or interest showed."""

    assignment_id = SelectField(_l("Where did it show?"), choices=[], validators=[Optional()])

    def __init__(self, assignments: list[Assignment], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assignment_id.choices = placement_choices(assignments)

    def chosen(self) -> int | None:
        return parse_id(self.assignment_id.data)


class NextForm(FlaskForm):
    sectors = _checkboxes(_l("Sectors I would like to try"))
    kind = SelectField(_l("Kind"), choices=[], validators=[Optional()])
    hours = WholeNumberField(
        _l("Hours a week I would like"),
        validators=[
            Optional(),
            NumberRange(min=HOURS_MIN, max=HOURS_MAX, message=_l("Write a number from %(min)d to %(max)d.")),
        ],
    )
    note = TextAreaField(
        _l("In your own words (optional)"),
        filters=[clean_text],
        validators=[Optional(), Length(max=NOTE_MAX, message=TOO_LONG)],
    )

    def __init__(self, sectors: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sectors.choices = [(sector, sector) for sector in sectors]
        self.kind.choices = [SelectChoice("", str(_("Either")))] + [
            SelectChoice(kind.value, str(kind.label)) for kind in PlacementKind
        ]

    def chosen_kind(self) -> PlacementKind | None:
        return PlacementKind(self.kind.data) if self.kind.data else None


class PicksForm(FlaskForm):
    reflections = _checkboxes(_l("Reflections on my page"))

    def __init__(self, reflections: list[Reflection], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reflections.choices = [(str(r.id), _excerpt(r.text)) for r in reflections]

    def chosen(self) -> list[int]:
        return [value for value in (parse_id(raw) for raw in self.reflections.data or []) if value is not None]


def _excerpt(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ShareForm(FlaskForm):
    shared = RadioField(_l("Who can see my page"), choices=[], validators=[DataRequired(FROM_LIST)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shared.choices = [("no", _("Only me")), ("yes", _("Me and my facilitators"))]


class CvForm(FlaskForm):
    name = StringField(_l("Name"), filters=[clean_line], validators=[Length(max=CV_NAME_MAX, message=TOO_LONG)])
    phone = StringField(_l("Phone"), filters=[clean_line], validators=[Length(max=CV_PHONE_MAX, message=TOO_LONG)])
    email = StringField(
        _l("E-mail"), filters=[clean_line], validators=[Length(max=CV_EMAIL_MAX, message=TOO_LONG), SimpleEmail()]
    )
    place = StringField(
        _l("Where you live (town or address)"),
        filters=[clean_line],
        validators=[Length(max=CV_PLACE_MAX, message=TOO_LONG)],
    )
    about = TextAreaField(
        _l("A few words about you"),
        filters=[clean_text],
        validators=[Length(max=CV_ABOUT_MAX, message=TOO_LONG)],
        description=_l("For example what you are like at work, and what you are looking for."),
    )
    language = SelectField(_l("Language of the CV"), choices=[], invalid_choice_message=FROM_LIST)
    strengths = BooleanField(_l("Show what I'm good at"))
    interests = BooleanField(_l("Show what I like"))
    placements = _checkboxes(_l("Placements on the CV"))

    def __init__(self, assignments: list[Assignment], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [("da", "Dansk"), ("en", "English")]
        self.placements.choices = [(str(a.id), f"{a.placement.company.name}: {a.placement.title}") for a in assignments]

    def chosen_placements(self) -> list[int]:
        return [value for value in (parse_id(raw) for raw in self.placements.data or []) if value is not None]


class EducationForm(FlaskForm):
    title = StringField(
        _l("Education or course"),
        filters=[clean_line],
        validators=[DataRequired(_l("Write a few words first.")), Length(max=EDUCATION_TITLE_MAX, message=TOO_LONG)],
        description=_l("For example: 9th grade, a driving licence, a course in first aid."),
    )
    place = StringField(
        _l("School or place (optional)"),
        filters=[clean_line],
        validators=[Length(max=EDUCATION_PLACE_MAX, message=TOO_LONG)],
    )
    period = StringField(
        _l("When (optional)"),
        filters=[clean_line],
        validators=[Length(max=EDUCATION_PERIOD_MAX, message=TOO_LONG)],
        description=_l("For example: 2019–2022"),
    )
