"""The writing page never loses what was typed: a "Need a start?" question goes into the text (also without
JavaScript, as a post that saves nothing), and a form sent twice (a lost answer, a double tap, the back button)
saves one reflection, like the other forms with an idempotency key."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import func, select

from app.accounts.models import Role
from app.reflections.models import Reflection
from tests.conftest import csrf_token, post_form
from tests.factories import make_user

TYPED = "I dag var jeg på lageret og talte varer."
KEY = "0123456789abcdef0123456789abcdef"


def _count(db) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(Reflection))


def _textarea(html: str) -> str:
    match = re.search(r"<textarea[^>]*name=\"text\"[^>]*>(.*?)</textarea>", html, re.S)
    assert match, "no text area"
    return unescape(match.group(1)).removeprefix("\r\n")  # the newline after <textarea> is not part of the value


def test_the_ideas_are_not_links_that_reload_the_page(client, db, login_as) -> None:  # noqa: ANN001
    login_as(client, make_user(Role.PARTICIPANT))
    html = client.get("/reflections/new").get_data(as_text=True)
    assert not re.search(r'<a [^>]*href="/reflections/new\?', html)  # a GET link would wipe the text area
    start = html.index('<form method="post" class="card"')
    form = html[start : html.index("</form>", start)]
    assert form.count('name="idea"') == 4  # the questions are buttons of the writing form itself


def test_an_idea_without_javascript_keeps_the_text_and_saves_nothing(client, db, login_as) -> None:  # noqa: ANN001
    login_as(client, make_user(Role.PARTICIPANT))
    response = post_form(client, "/reflections/new", {"text": TYPED, "idea": "learned", "key": KEY})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _textarea(html) == TYPED + "\n\nHvad lærte du om dig selv?\n"
    assert 'name="prompt" type="hidden" value="learned"' in html
    assert f'value="{KEY}"' in html  # the same form: sent later it still saves once
    assert _count(db) == 0


def test_the_same_form_sent_twice_saves_one_reflection(client, db, login_as) -> None:  # noqa: ANN001
    login_as(client, make_user(Role.PARTICIPANT))
    token = csrf_token(client, "/reflections/new")
    first = client.post("/reflections/new", data={"csrf_token": token, "text": TYPED, "key": KEY})
    again = client.post("/reflections/new", data={"csrf_token": token, "text": TYPED, "key": KEY})
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]  # the second lands on the first one
    assert _count(db) == 1
    other = client.post("/reflections/new", data={"csrf_token": token, "text": TYPED, "key": KEY[::-1]})
    assert other.status_code == 302 and _count(db) == 2


def test_the_page_gives_each_form_a_fresh_key(client, db, login_as) -> None:  # noqa: ANN001
    login_as(client, make_user(Role.PARTICIPANT))
    keys = {
        re.search(
            r'name="key" type="hidden" value="([0-9a-f]{32})"', client.get("/reflections/new").get_data(as_text=True)
        ).group(1)
        for _ in range(2)
    }
    assert len(keys) == 2


def test_a_bad_key_is_refused_and_the_text_stays(client, db, login_as) -> None:  # noqa: ANN001
    login_as(client, make_user(Role.PARTICIPANT))
    response = post_form(client, "/reflections/new", {"text": TYPED, "key": "x"})
    assert response.status_code == 422
    assert _textarea(response.get_data(as_text=True)) == TYPED and _count(db) == 0
