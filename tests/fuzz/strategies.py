"""Hypothesis strategies for hostile input: text with lone surrogates, NUL and other control characters, bidi
overrides, very long and empty values, wrong JSON types and missing fields; and what the pages' forms expect (their
field names, read from the view's source, and plausible values for them), so requests get past the first check."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

MARKER = "FZMK"  # starts every marked text: none of it may show up in the logs

ODD = [
    "", " ", "\x00", "a\x00b", "\ud800", "x\udfff", "\ud83d", "\u202e", "\u200b", "\ufeff", "\r\n", "\t", "\x1b[31m",
    "😀", "👩🏽‍🚀", "ﷺ", "𝕏", "Ω", "ß", "İ", "ÆØÅ æøå", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "%s%n",
    "../../etc/passwd", "//evil.example", "javascript:alert(1)", "null", "NaN", "-1", "0", "1e309",
    "99999999999999999999", "0x10", "١٢", "2026-02-30", "24:00", "9999-12-31", "true",
]  # fmt: skip

# Any code point, lone surrogates included (Hypothesis leaves them out of text() by default).
ANY_CHAR = st.characters(codec=None, categories=None, exclude_categories=())
garbage_text = st.one_of(
    st.sampled_from(ODD),
    st.text(ANY_CHAR, max_size=40),
    st.text(st.sampled_from("\x00\ud800\udbff\udc00\u202e\x7f\x01 a"), max_size=12),
    st.integers(min_value=0, max_value=5).map(lambda n: "x" * (10**n + 1)),  # up to 100,001 characters
)
marked_text = st.text(ANY_CHAR, max_size=30).map(lambda t: f"{MARKER}{t}")
# What goes into the one field that is attacked: mostly text the database or the encryption cannot store as sent.
UNSTORABLE = st.sampled_from(["\x00", "\ud800", "\udfff", "\udbff\udc00x\ud800"])
hostile_text = st.one_of(
    st.tuples(marked_text, UNSTORABLE, marked_text).map("".join),
    garbage_text,
    marked_text,
)


def plausible(name: str, ids: list[int]) -> st.SearchStrategy[str]:
    """Values a form field of this name would take from a browser, so validation passes now and then."""
    lowered = name.lower()
    id_values = st.sampled_from([str(i) for i in ids] or ["1"])
    if lowered.endswith("_id") or lowered in ("id", "user", "member", "group", "company", "placement", "target"):
        return id_values
    if any(word in lowered for word in ("date", "effective", "start", "day", "until", "end")):
        return st.sampled_from(["2026-12-07", "2026-12-14", "2025-01-01", "2030-06-30", "2026-12-07T10:00"])
    if "time" in lowered or lowered.startswith("quiet"):
        return st.sampled_from(["10:00", "21:00", "08:00", "23:59"])
    if any(word in lowered for word in ("hours", "seats", "capacity", "weekday", "duration", "minutes", "cap")):
        return st.sampled_from(["0", "1", "5", "10", "37", "120"])
    if "email" in lowered:
        return st.sampled_from(["ny@example.test", "NY@Example.TEST", "a@b"])
    if "password" in lowered or lowered == "confirm":
        return st.sampled_from(["a long enough test password", "short"])
    return st.sampled_from(["yes", "no", "maybe", "da", "en", "participant", "facilitator", "private",
                            "facilitators", "group", "on", "y", "Butik", "Jobcentret", "Hej"])  # fmt: skip


def field_value(name: str, ids: list[int]) -> st.SearchStrategy[str]:
    return st.one_of(plausible(name, ids), garbage_text, marked_text)


def form_fields(view: Callable[..., Any]) -> list[str]:
    """The field names of the forms a view uses (each `SomeForm` named in its source, resolved in its module)."""
    view = inspect.unwrap(view)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return []
    names: list[str] = []
    for class_name in set(re.findall(r"\b([A-Z]\w*Form)\b", source)):
        form_class = view.__globals__.get(class_name)
        if form_class is None:
            continue
        names.extend(n for n in dir(form_class) if isinstance(getattr(form_class, n, None), UnboundField))
    return sorted(set(names))


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), garbage_text, marked_text
)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=8), inner, max_size=3), max_leaves=8)  # fmt: skip
JSON_KEYS = ["text", "prompt", "meeting_id", "assignment_id", "key", "answer", "reason", "hours", "effective",
             "endpoint", "keys", "p256dh", "auth", "relink", "subscription", "expirationTime"]  # fmt: skip


def json_body(keys: list[str], ids: list[int], hostile: bool = False) -> st.SearchStrategy[Any]:
    """A JSON body: mostly an object with the given keys (some of the endpoint's form fields; else the API's keys),
    sometimes other keys, sometimes anything at all. `hostile`: an object of the given keys with hostile text or a
    value of the wrong type."""
    if hostile:
        return st.fixed_dictionaries({key: st.one_of(hostile_text, hostile_text, json_values) for key in keys})
    value = st.one_of(
        garbage_text,
        marked_text,
        json_values,
        st.sampled_from(["yes", "no", "2026-12-14", "12"]),
        st.sampled_from(ids or [1]),
    )
    own = (
        st.fixed_dictionaries({key: value for key in keys})
        if keys
        else st.dictionaries(st.sampled_from(JSON_KEYS), value)
    )
    other = st.dictionaries(st.sampled_from(JSON_KEYS) | st.text(max_size=6), value, max_size=6)
    return st.one_of(own, own, own, own, other, json_values)
