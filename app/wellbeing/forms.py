"""The pulse form: the WHO-5 Well-Being Index (the Danish original's wording), the three-item loneliness scale (as
in the Danish national health survey) and one question on NEXTWORK. Every question may be left out."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice
from wtforms.validators import Optional, Regexp

from app.idempotency import KEY_SHAPE
from app.wellbeing.services import FIELDS

WHO5_ANSWERS = [
    SelectChoice(5, _l("All of the time")),
    SelectChoice(4, _l("Most of the time")),
    SelectChoice(3, _l("More than half of the time")),
    SelectChoice(2, _l("Less than half of the time")),
    SelectChoice(1, _l("Some of the time")),
    SelectChoice(0, _l("At no time")),
]
LONELY_ANSWERS = [
    SelectChoice(1, _l("Hardly ever")),
    SelectChoice(2, _l("Now and then")),  # the national survey's "En gang imellem"
    SelectChoice(3, _l("Often")),
]
USEFUL_ANSWERS = [
    SelectChoice(1, _l("Not at all")),
    SelectChoice(2, _l("A little")),
    SelectChoice(3, _l("Somewhat")),
    SelectChoice(4, _l("Quite useful")),
    SelectChoice(5, _l("Very useful")),
]


def _question(label: object, answers: list[SelectChoice]) -> RadioField:
    return RadioField(label, choices=answers, coerce=int, validators=[Optional()])


class PulseForm(FlaskForm):
    who5_1 = _question(_l("I have felt cheerful and in good spirits"), WHO5_ANSWERS)
    who5_2 = _question(_l("I have felt calm and relaxed"), WHO5_ANSWERS)
    who5_3 = _question(_l("I have felt active and vigorous"), WHO5_ANSWERS)
    who5_4 = _question(_l("I woke up feeling fresh and rested"), WHO5_ANSWERS)
    who5_5 = _question(_l("My daily life has been filled with things that interest me"), WHO5_ANSWERS)
    lonely_1 = _question(_l("How often do you feel that you lack someone to be with?"), LONELY_ANSWERS)
    lonely_2 = _question(_l("How often do you feel left out?"), LONELY_ANSWERS)
    lonely_3 = _question(_l("How often do you feel isolated from others?"), LONELY_ANSWERS)
    useful = _question(_l("How useful was NEXTWORK for you this month?"), USEFUL_ANSWERS)
    key = HiddenField(validators=[Optional(), Regexp(KEY_SHAPE.pattern)])

    def values(self) -> dict[str, int | None]:
        return {name: self[name].data for name in FIELDS}

    def who5_fields(self) -> list:
        return [self[f"who5_{n}"] for n in range(1, 6)]

    def lonely_fields(self) -> list:
        return [self[f"lonely_{n}"] for n in range(1, 4)]
