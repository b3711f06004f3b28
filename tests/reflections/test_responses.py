"""A facilitator's short, kind response to a shared reflection: only where they may read it, at most 500
characters, and the author sees it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.errors import DomainError
from app.reflections import services
from app.reflections.models import ReflectionResponse, Visibility
from tests.conftest import post_form
from tests.reflections.conftest import own_url, staff_url, write

KIND = "Godt gået! Du turde spørge om hjælp"


def _responses(db) -> list[ReflectionResponse]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.scalars(select(ReflectionResponse).order_by(ReflectionResponse.id)))


def _respond(client, reflection_id: int, text: str):  # noqa: ANN001, ANN202
    return post_form(client, f"/staff/reflections/{reflection_id}/respond", {"text": text})


@pytest.mark.parametrize("visibility", [Visibility.FACILITATORS, Visibility.GROUP], ids=lambda v: v.value)
def test_the_groups_facilitator_responds_and_the_author_sees_it(db, world, clients, visibility):
    reflection = write(db, world.author, "Første dag i butikken", visibility)
    staff = clients.for_(world.facilitator)
    answer = _respond(staff, reflection.id, KIND)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(staff_url(reflection.id))
    (response,) = _responses(db)
    assert (response.reflection_id, response.author_id, response.text) == (reflection.id, world.facilitator.id, KIND)

    page = clients.for_(world.author).get(own_url(reflection.id)).get_data(as_text=True)
    assert KIND in page
    assert re.search(r"Anne, ", page[page.index(KIND) :])  # who answered
    listing = clients.for_(world.author).get("/reflections").get_data(as_text=True)
    assert re.search(r"1 (response|svar)", listing)
    assert KIND in staff.get(staff_url(reflection.id)).get_data(as_text=True)


def test_responding_to_a_private_reflection_is_404(db, world, clients):
    reflection = write(db, world.author, "Kun til mig", Visibility.PRIVATE)
    for name in ("facilitator", "admin_facilitator", "admin", "other_facilitator", "foreign_facilitator"):
        assert _respond(clients.for_(getattr(world, name)), reflection.id, KIND).status_code == 404, name
    assert _responses(db) == []


def test_responding_after_withdrawal_or_expiry_is_404(db, world, clients):
    reflection = write(db, world.author, "Delt et stykke tid", Visibility.FACILITATORS)
    staff, author = clients.for_(world.facilitator), clients.for_(world.author)
    post_form(author, f"/reflections/{reflection.id}/share", {"visibility": "private"})
    assert _respond(staff, reflection.id, KIND).status_code == 404
    expired = write(db, world.author, "Delt til i går", Visibility.FACILITATORS, until=services.today())
    assert _respond(staff, expired.id, KIND).status_code == 302
    expired.shared_until = services.today() - timedelta(days=1)
    db.session.commit()
    assert _respond(staff, expired.id, KIND).status_code == 404
    assert len(_responses(db)) == 1


def test_only_the_right_facilitators_can_respond(db, world, clients):
    reflection = write(db, world.author, "Til mine facilitatorer", Visibility.GROUP)
    for name in ("other_facilitator", "admin", "foreign_facilitator"):
        assert _respond(clients.for_(getattr(world, name)), reflection.id, KIND).status_code == 404, name
    for name in ("peer", "author", "other_member"):  # participants do not respond
        assert _respond(clients.for_(getattr(world, name)), reflection.id, KIND).status_code == 403, name
    assert _responses(db) == []
    with pytest.raises(Exception) as caught:  # the service refuses a peer too (404)
        services.respond(world.peer, reflection.id, KIND)
    assert getattr(caught.value, "code", None) == 404


def test_a_response_over_500_characters_is_refused_with_the_text_kept(db, world, clients):
    reflection = write(db, world.author, "Delt", Visibility.FACILITATORS)
    staff = clients.for_(world.facilitator)
    too_long = "Godt! " + "x" * 495
    assert len(too_long) == 501
    answer = _respond(staff, reflection.id, too_long)
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert re.search(r'<p class="error" id="text-error">[^<]*500', page)
    assert too_long in page
    assert _responses(db) == []
    assert _respond(staff, reflection.id, "y" * 500).status_code == 302
    assert [r.text for r in _responses(db)] == ["y" * 500]


def test_line_breaks_in_a_response_count_as_one_character(db, world, clients):
    reflection = write(db, world.author, "Delt", Visibility.FACILITATORS)
    text = "\r\n".join(["x" * 49] * 10) + "!"  # 500 characters as the page counts them, 509 as the browser sends
    assert len(text.replace("\r\n", "\n")) == 500
    assert _respond(clients.for_(world.facilitator), reflection.id, text).status_code == 302
    assert [r.text for r in _responses(db)] == [text.replace("\r\n", "\n")]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01"])
def test_an_empty_response_is_refused(db, world, clients, text):
    reflection = write(db, world.author, "Delt", Visibility.FACILITATORS)
    answer = _respond(clients.for_(world.facilitator), reflection.id, text)
    assert answer.status_code == 422
    assert '<p class="error" id="text-error">' in answer.get_data(as_text=True)
    assert _responses(db) == []


def test_the_service_limits_responses_in_english(db, world):
    reflection = write(db, world.author, "Delt", Visibility.FACILITATORS)
    with pytest.raises(DomainError, match="500 characters or fewer"):
        services.respond(world.facilitator, reflection.id, "x" * 501)
    assert services.respond(world.facilitator, reflection.id, " fint\x00 ").text == "fint"
    assert db.session.scalar(select(func.count()).select_from(ReflectionResponse)) == 1
