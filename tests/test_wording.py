"""One word per thing and no jargon on the participant's pages, in Danish: every page a demo participant can open
(and every detail page linked from them) is read as text, and none uses the words the programme does not use."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from flask import Flask

from app.demo import DEMO_PASSWORD, load_demo
from tests.conftest import post_form

START = ["/week", "/meetings", "/placements", "/placements/mine", "/reflections", "/reflections/new", "/events"]
START += ["/calendar", "/me", "/me/data", "/inbox", "/settings/notifications"]
START += ["/me/work", "/me/work/strengths", "/me/work/reflections", "/me/work/next", "/me/work/cv", "/me/work/cv/da"]
LINKS = re.compile(r'href="(/(?:meetings|placements|reflections|events|messages)/\d+)"')
# word -> why it is not used
NOT_USED = {
    r"match-?event": "the term is «matcharrangement»",
    r"indtjekning": "the term is «tjek ind»",
    r"\.ics\b": "jargon: a calendar file is «Føj til min kalender»",
    r"push-?notifikation": "jargon: «notifikationer på telefonen»",
    r"\b(man|tirs|ons|tors|fre|lør|søn)\. \d": "cryptic: the weekday is written out",
    r"\d,\d (uger|uge|timer|time|dage)\b": "decimals that add nothing",
    r"^Ret$": "cryptic: say what is changed",
    r"\b\d{2}\.\d{2}\.\d{4}\b": "a date as on the other pages: «tirsdag 1. december, 10.00»",
    r"\d\. [a-zæøå]+ \d{1,2}\.\d{2}\b": "a moment as on the other pages, with a comma: «1. december, 10.00»",
}


def _text(html: str) -> list[str]:
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    return [unescape(part).strip() for part in re.split(r"<[^>]+>", main) if part.strip()]


def test_the_participant_pages_use_one_word_per_thing_and_no_jargon(app: Flask, db, client) -> None:  # noqa: ANN001
    load_demo(password_method="pbkdf2:sha256:1000")
    response = post_form(client, "/login", {"email": "ung1@example.org", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    pages, seen, problems = list(START), set(START), []
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        for link in LINKS.findall(html):
            if link not in seen:
                seen.add(link)
                pages.append(link)
        for piece in _text(html):
            for pattern, why in NOT_USED.items():
                if re.search(pattern, piece, re.I | re.M):
                    problems.append(f"{path}: {piece!r} ({why})")
    assert len(pages) > len(START) + 5, "the demo's detail pages were not reached"
    assert not problems, "\n".join(problems)


def test_moments_on_pages_read_as_everywhere_else() -> None:
    """A moment on any page is written out as the app's `when` filter writes it ("onsdag 2. december, 19.29"), never
    Babel's numeric short datetime ("02.12.2026 19.29"), which five staff templates used."""
    templates = Path(__file__).resolve().parent.parent / "app" / "templates"
    numeric = [str(p.relative_to(templates)) for p in templates.rglob("*.html") if "|datetime(" in p.read_text()]
    assert numeric == []
