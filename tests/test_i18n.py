"""Language choice (profile, ?lang=, cookie, browser) and completeness of both catalogues."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"
HTML_LANG = re.compile(r'<html lang="([^"]+)"')
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")


def page_lang(response) -> str:  # noqa: ANN001
    assert response.status_code == 200, response.status_code
    match = HTML_LANG.search(response.get_data(as_text=True))
    assert match, "no <html lang> on the page"
    return match.group(1)


@pytest.mark.parametrize(
    ("query", "accept_language", "expected"),
    [
        ("", None, "da"),
        ("", "da", "da"),
        ("", "da-DK,da;q=0.9,en;q=0.5", "da"),
        ("", "en", "en"),
        ("", "en-GB,en;q=0.9", "en"),
        ("", "fr", "da"),  # an unsupported browser language falls back to Danish
        ("?lang=en", None, "en"),
        ("?lang=en", "da", "en"),
        ("?lang=da", "en", "da"),
        ("?lang=xx", "en", "en"),  # an unknown ?lang= is ignored
    ],
)
def test_login_page_language(client, query, accept_language, expected):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = client.get(f"/login{query}", headers=headers)
    assert page_lang(response) == expected


def test_login_page_text_is_translated(client):
    english = client.get("/login?lang=en").get_data(as_text=True)
    danish = client.get("/login?lang=da").get_data(as_text=True)
    assert "Password" in english
    assert "Password" not in danish


def test_lang_parameter_is_remembered_in_a_cookie(client):
    first = client.get("/login?lang=en")
    assert page_lang(first) == "en"
    cookie = client.get_cookie("lang")
    assert cookie is not None and cookie.value == "en"
    # The next request has no ?lang= and a Danish browser, yet stays English.
    assert page_lang(client.get("/login", headers={"Accept-Language": "da"})) == "en"
    assert page_lang(client.get("/login?lang=da")) == "da"
    assert client.get_cookie("lang").value == "da"
    assert page_lang(client.get("/login", headers={"Accept-Language": "en"})) == "da"


@pytest.mark.parametrize(("profile", "cookie"), [("da", "en"), ("en", "da")])
def test_profile_language_wins_over_cookie(client, db, login_as, profile, cookie):
    login_as(client, make_user(language=profile))
    client.set_cookie("lang", cookie)
    headers = {"Accept-Language": cookie}
    assert page_lang(client.get("/week", headers=headers)) == profile


# --- catalogue completeness ------------------------------------------------------------------------


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


@pytest.fixture(scope="module")
def template_catalog(tmp_path_factory) -> Catalog:  # noqa: ANN001
    """Extract the messages from the source, exactly like `flask translations update` does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg", "-k", "_l"]
    done = subprocess.run([*command, "--no-location", "-o", str(pot), "app"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    catalog = _read(pot)
    assert len([m for m in catalog if m.id]) > 20, "extraction found almost nothing"
    return catalog


def _ids(message) -> tuple[str, ...]:  # noqa: ANN001
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:  # noqa: ANN001
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def catalogue_problems(template: Catalog, translated: Catalog) -> list[str]:
    """Each msgid of the template must be translated, not fuzzy, with the same %(name)s placeholders."""
    problems = []
    for source in template:
        if not source.id:
            continue
        key = source.id if not isinstance(source.id, tuple) else source.id[0]
        message = translated.get(key, context=source.context)
        label = repr(key)
        if message is None:
            problems.append(f"missing: {label}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {label}")
        if _ids(message) != _ids(source):
            problems.append(f"different plural form: {label}")
        strings = _strings(message)
        if not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {label}")
            continue
        if isinstance(source.id, tuple):
            allowed = set(_placeholders(source.id[0])) | set(_placeholders(source.id[1]))
            for string in strings:
                if not set(_placeholders(string)) <= allowed:
                    problems.append(f"unknown placeholder in {label}: {string!r}")
            if _placeholders(strings[-1]) != _placeholders(source.id[1]):
                problems.append(f"placeholders differ in {label}: {strings[-1]!r}")
        elif _placeholders(strings[0]) != _placeholders(source.id):
            problems.append(f"placeholders differ in {label}: {strings[0]!r}")
    return problems


@pytest.mark.parametrize("locale", ["da", "en"])
def test_catalogue_is_complete(template_catalog, locale):
    catalog = _read(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", locale)
    problems = catalogue_problems(template_catalog, catalog)
    assert not problems, f"{len(problems)} problem(s) in {locale}:\n" + "\n".join(problems)


def test_catalogue_check_finds_each_kind_of_problem():
    """The checker itself: it must notice a missing, an empty, a fuzzy and a broken-placeholder message."""
    template = Catalog()
    for msgid in ("Hello", "Bye", "Maybe", "Hi %(name)s"):
        template.add(msgid)
    translated = Catalog(locale="da")
    translated.add("Bye", "")
    translated.add("Maybe", "Måske", flags=["fuzzy"])
    translated.add("Hi %(name)s", "Hej %(navn)s")
    problems = catalogue_problems(template, translated)
    assert problems == [
        "missing: 'Hello'",
        "untranslated: 'Bye'",
        "fuzzy: 'Maybe'",
        "placeholders differ in 'Hi %(name)s': 'Hej %(navn)s'",
    ]
