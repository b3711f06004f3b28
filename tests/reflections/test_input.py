"""What a participant types: shown literally (never as HTML or template), limited to 1,000 characters, never empty,
control characters stripped — with a clear message and the text kept, never a 500 (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.errors import DomainError
from app.reflections import services
from app.reflections.models import Reflection, Visibility
from tests.conftest import post_form
from tests.reflections.conftest import own_url, staff_url, write

SCRIPT = "<script>alert(1)</script>"
TEMPLATE = "før {{ 7*7 }} og {% if true %}ja{% endif %} efter"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ERROR = re.compile(r'<p class="error" id="text-error">([^<]+)</p>')


def _all(db) -> list[Reflection]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.scalars(select(Reflection).order_by(Reflection.id)))


def _textarea(page: str) -> str:
    match = re.search(r'<textarea[^>]*name="text"[^>]*>(?:\r\n|\n)?(.*?)</textarea>', page, re.S)
    assert match, "no text area on the page"
    return html.unescape(match.group(1))


def _error(page: str) -> str:
    match = ERROR.search(page)
    assert match, "no error message next to the text"
    return match.group(1).strip()


def test_script_and_template_syntax_are_shown_literally_to_everyone(db, world, clients):
    text = f"{SCRIPT}\n{TEMPLATE}"
    author = clients.for_(world.author)
    answer = post_form(author, "/reflections/new", {"text": text})
    assert answer.status_code == 302
    (reflection,) = _all(db)
    assert reflection.text == text  # stored as typed, escaped only when shown
    post_form(author, f"/reflections/{reflection.id}/share", {"visibility": "group"})

    pages = {
        "author's page": author.get(own_url(reflection.id)),
        "author's list": author.get("/reflections"),
        "facilitator's page": clients.for_(world.facilitator).get(staff_url(reflection.id)),
        "peer's card": clients.for_(world.peer).get(own_url(reflection.id)),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        page = response.get_data(as_text=True)
        assert SCRIPT not in page, where
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, where
        assert "{{ 7*7 }}" in page and "før 49" not in page, where


def test_a_response_with_markup_is_shown_literally_to_the_author(db, world, clients):
    reflection = write(db, world.author, "Første dag", Visibility.FACILITATORS)
    staff = clients.for_(world.facilitator)
    assert (
        post_form(staff, f"/staff/reflections/{reflection.id}/respond", {"text": f"{SCRIPT} {{{{ 7*7 }}}}"}).status_code
        == 302
    )
    for response in (clients.for_(world.author).get(own_url(reflection.id)), staff.get(staff_url(reflection.id))):
        page = response.get_data(as_text=True)
        assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in page


def test_1000_characters_are_fine(db, world, clients):
    text = "æ" * 1000
    assert post_form(clients.for_(world.author), "/reflections/new", {"text": text}).status_code == 302
    assert [r.text for r in _all(db)] == [text]


def test_1001_characters_get_a_clear_message_and_the_text_is_kept(db, world, clients):
    text = "Jeg prøvede " + "x" * 989
    assert len(text) == 1001
    answer = post_form(clients.for_(world.author), "/reflections/new", {"text": text})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert re.search(r"1[.,]?000", _error(page))  # names the limit
    assert _textarea(page) == text
    assert _all(db) == []


def test_newlines_count_as_one_character_as_in_the_live_counter(db, world, clients):
    """Browsers send line breaks as CRLF; the counter on the page counts a line break as one character."""
    lines = ["x" * 90] * 11
    text = "\r\n".join(lines)
    assert len(text.replace("\r\n", "\n")) == 1000 < len(text)
    answer = post_form(clients.for_(world.author), "/reflections/new", {"text": text})
    assert answer.status_code == 302, _error(answer.get_data(as_text=True))


@pytest.mark.parametrize("text", ["", "   ", " \n\t \r\n ", "\x00", "\x00\x01\x1b\x7f"])
def test_empty_or_blank_text_gets_a_message_and_nothing_is_saved(db, world, clients, text):
    answer = post_form(clients.for_(world.author), "/reflections/new", {"text": text})
    assert answer.status_code == 422
    assert _error(answer.get_data(as_text=True))
    assert _all(db) == []


def test_missing_text_field_gets_a_message(db, world, clients):
    answer = post_form(clients.for_(world.author), "/reflections/new", {})
    assert answer.status_code == 422
    assert _error(answer.get_data(as_text=True))


@pytest.mark.parametrize(
    "typed, saved",
    [
        ("før\x00efter", "førefter"),
        ("a\x00b\x07c\x1bd\x7fe", "abcde"),
        ("  linje 1\nlinje 2\ttab  ", "linje 1\nlinje 2\ttab"),
    ],
)
def test_control_characters_are_stripped_never_a_500(db, world, clients, typed, saved):
    answer = post_form(clients.for_(world.author), "/reflections/new", {"text": typed})
    assert answer.status_code == 302
    (reflection,) = _all(db)
    assert reflection.text.replace("\r\n", "\n") == saved
    assert not CONTROL.search(reflection.text)


def test_nul_bytes_in_every_field_never_give_a_500(db, world, clients):
    author, staff = clients.for_(world.author), clients.for_(world.facilitator)
    nul = "\x00"
    for data in (
        {"text": f"tekst{nul}", "prompt": nul, "assignment_id": nul, "meeting_id": nul},
        {"text": "ok", "prompt": f"did{nul}", "assignment_id": f"1{nul}", "meeting_id": f"1{nul}"},
    ):
        assert post_form(author, "/reflections/new", data).status_code in (302, 422)
    assert author.get(f"/reflections/new?prompt={nul}&assignment={nul}&meeting={nul}").status_code in (200, 422)
    reflection = write(db, world.author, "Delt", Visibility.FACILITATORS)
    for data in ({"visibility": nul}, {"visibility": f"group{nul}"}, {"visibility": "group", "until": nul}):
        assert post_form(author, f"/reflections/{reflection.id}/share", data).status_code == 302
    assert post_form(author, f"/reflections/{reflection.id}/edit", {"text": f"ny{nul}tekst"}).status_code == 302
    assert post_form(staff, f"/staff/reflections/{reflection.id}/respond", {"text": f"fint{nul}"}).status_code == 302
    for stored in _all(db):
        assert not CONTROL.search(stored.text)
        assert stored.prompt in ("", "did", "went_well", "learned", "next")
        assert not CONTROL.search(stored.prompt or "")
        for response in stored.responses:
            assert response.text == "fint"


def test_the_service_gives_english_messages_and_strips_nul(db, world):
    with pytest.raises(DomainError, match="Write a few words first."):
        services.write(world.author, text=" \x00 ")
    with pytest.raises(DomainError, match="1000 characters or fewer"):
        services.write(world.author, text="x" * 1001)
    assert services.write(world.author, text="a\x00b").text == "ab"
    with pytest.raises(DomainError, match="Only participants"):
        services.write(world.facilitator, text="hej")


def test_editing_keeps_the_same_rules(db, world, clients):
    reflection = write(db, world.author, "Original")
    author = clients.for_(world.author)
    url = f"/reflections/{reflection.id}/edit"

    too_long = "y" * 1001
    answer = post_form(author, url, {"text": too_long})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert _error(page) and _textarea(page) == too_long

    for blank in ("", "  \n ", "\x00\x01"):
        answer = post_form(author, url, {"text": blank})
        assert answer.status_code == 422 and _error(answer.get_data(as_text=True))

    (stored,) = _all(db)
    assert stored.text == "Original"

    edited = f"{SCRIPT} ny\x00 tekst\x07"
    assert post_form(author, url, {"text": edited}).status_code == 302
    (stored,) = _all(db)
    assert stored.text == f"{SCRIPT} ny tekst"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ny tekst" in author.get(own_url(reflection.id)).get_data(as_text=True)


def test_extra_form_fields_are_ignored_on_create(db, world, clients):
    data = {"text": "Min egen", "author_id": str(world.peer.id), "visibility": "group",
            "shared_until": "2030-01-01", "until": "2030-01-01", "id": "999"}  # fmt: skip
    assert post_form(clients.for_(world.author), "/reflections/new", data).status_code == 302
    (stored,) = _all(db)
    assert (stored.author_id, stored.visibility, stored.shared_until) == (world.author.id, Visibility.PRIVATE, None)
    assert stored.id != 999
    assert clients.for_(world.peer).get(own_url(stored.id)).status_code == 404


def test_extra_form_fields_are_ignored_on_edit(db, world, clients):
    reflection = write(db, world.author, "Min egen")
    data = {"text": "Rettet", "author_id": str(world.peer.id), "visibility": "group"}
    assert post_form(clients.for_(world.author), f"/reflections/{reflection.id}/edit", data).status_code == 302
    (stored,) = _all(db)
    assert (stored.text, stored.author_id, stored.visibility) == ("Rettet", world.author.id, Visibility.PRIVATE)


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.GROUP], ids=lambda v: v.value)
def test_nobody_else_can_share_edit_or_delete_it(db, world, clients, visibility):
    reflection = write(db, world.author, "Min egen", visibility)
    actions = [
        (f"/reflections/{reflection.id}/share", {"visibility": "group"}),
        (f"/reflections/{reflection.id}/share", {"visibility": "private"}),
        (f"/reflections/{reflection.id}/edit", {"text": "Overskrevet"}),
        (f"/reflections/{reflection.id}/delete", {}),
    ]
    for name in ("peer", "other_member", "outsider", "former", "foreign_member"):
        client = clients.for_(getattr(world, name))
        for url, data in actions:
            assert post_form(client, url, data).status_code == 404, (name, url)
    for name in ("facilitator", "admin_facilitator", "admin"):  # staff never edit: wrong role
        client = clients.for_(getattr(world, name))
        for url, data in actions:
            assert post_form(client, url, data).status_code == 403, (name, url)
    (stored,) = _all(db)
    assert (stored.text, stored.visibility) == ("Min egen", visibility)


def test_the_author_can_delete_it(db, world, clients):
    reflection_id = write(db, world.author, "Væk", Visibility.GROUP).id
    clients.for_(world.facilitator).get(staff_url(reflection_id))
    assert post_form(clients.for_(world.author), f"/reflections/{reflection_id}/delete").status_code == 302
    assert _all(db) == []
    assert clients.for_(world.facilitator).get(staff_url(reflection_id)).status_code == 404
    assert clients.for_(world.author).get(own_url(reflection_id)).status_code == 404


@pytest.mark.parametrize("until", [-1, 366, 5000])
def test_sharing_until_a_day_outside_the_next_year_is_refused(db, world, clients, until):
    reflection = write(db, world.author, "Snart")
    day = services.today() + timedelta(days=until)
    answer = post_form(clients.for_(world.author), f"/reflections/{reflection.id}/share",
                       {"visibility": "group", "until": day.isoformat()})  # fmt: skip
    assert answer.status_code == 302
    (stored,) = _all(db)
    assert (stored.visibility, stored.shared_until) == (Visibility.PRIVATE, None)


def test_sharing_with_an_unknown_audience_is_refused(db, world, clients):
    reflection = write(db, world.author, "Snart")
    for value in ("everyone", "public", "", "GROUP"):
        answer = post_form(clients.for_(world.author), f"/reflections/{reflection.id}/share", {"visibility": value})
        assert answer.status_code == 302
    (stored,) = _all(db)
    assert stored.visibility is Visibility.PRIVATE
