"""The short lists a person picks from on "Me and work", and the bounds of what they write, declared once.

Every label is a resource said in plain words ("I learn new things quickly"), never a barrier. The keys are
stored; the labels are shown in the person's language.
"""

from __future__ import annotations

import enum

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


class ItemKind(enum.StrEnum):
    STRENGTH = "strength"  # what I'm good at
    INTEREST = "interest"  # what I like


STRENGTHS: dict[str, LazyString] = {
    "on_time": _l("I show up on time"),
    "together": _l("I work well with others"),
    "hands": _l("I am good with my hands"),
    "learn": _l("I learn new things quickly"),
    "people": _l("I am good at talking with people"),
    "tidy": _l("I keep things in order"),
    "calm": _l("I stay calm when there is a lot to do"),
    "own": _l("I can work on my own"),
    "helpful": _l("I like to help others"),
    "ideas": _l("I have good ideas"),
}
INTERESTS: dict[str, LazyString] = {
    "outdoors": _l("Working outdoors"),
    "people": _l("Working with people"),
    "animals": _l("Working with animals or plants"),
    "food": _l("Working with food"),
    "build": _l("Building and repairing things"),
    "tech": _l("Computers and technology"),
    "creative": _l("Creative work"),
    "physical": _l("Physical work"),
    "routine": _l("Fixed routines"),
    "variety": _l("Something new every day"),
}
LISTS: dict[ItemKind, dict[str, LazyString]] = {ItemKind.STRENGTH: STRENGTHS, ItemKind.INTEREST: INTERESTS}
OWN = "own_words"  # the key of an item the person wrote in their own words

WORDS_MAX = 80  # one strength or interest in the person's own words
OWN_ITEMS_MAX = 5  # own-words items of each kind
NOTE_MAX = 300  # what I want to try next, in my own words
PICKS_MAX = 5  # reflections shown on the page

# The CV: what the person writes, with the national job portal's CV fields in mind.
CV_NAME_MAX = 80
CV_PHONE_MAX = 30
CV_EMAIL_MAX = 254
CV_PLACE_MAX = 120
CV_ABOUT_MAX = 600
EDUCATION_TITLE_MAX = 120
EDUCATION_PLACE_MAX = 120
EDUCATION_PERIOD_MAX = 40
EDUCATION_ROWS_MAX = 6
CV_LANGUAGES = ("da", "en")


def label(kind: ItemKind, key: str) -> LazyString | None:
    """The list label of a stored key, or None for own words (and for a key no longer on the list)."""
    return LISTS[kind].get(key)
