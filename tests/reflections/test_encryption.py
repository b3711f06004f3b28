"""Reflection text and responses are encrypted at rest: a raw SQL read shows Fernet tokens, never clear text."""

from __future__ import annotations

from sqlalchemy import text

from app.reflections import services
from app.reflections.models import Visibility
from tests.conftest import post_form
from tests.reflections.conftest import write

CLEAR = "Jeg lærte at jeg er god til at hjælpe kunder ÆØÅ"
ANSWER = "Hvor er det flot at du turde spørge om hjælp"
FERNET_PREFIX = "gAAAA"


def _raw(db, table: str) -> list[str]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.execute(text(f"SELECT text FROM {table}")).scalars())  # noqa: S608


def _assert_ciphertext(stored: list[str], clear: str) -> None:
    assert stored
    for value in stored:
        assert value.startswith(FERNET_PREFIX), value[:20]
        assert clear not in value
        for word in clear.split():
            if len(word) > 3:
                assert word not in value, word


def test_reflection_text_is_stored_encrypted(db, world):
    write(db, world.author, CLEAR)
    _assert_ciphertext(_raw(db, "reflection"), CLEAR)


def test_written_over_http_and_edited_it_stays_encrypted(db, world, clients):
    author = clients.for_(world.author)
    assert post_form(author, "/reflections/new", {"text": CLEAR}).status_code == 302
    _assert_ciphertext(_raw(db, "reflection"), CLEAR)
    reflection_id = db.session.execute(text("SELECT id FROM reflection")).scalar_one()
    edited = CLEAR + " og at spørge"
    assert post_form(author, f"/reflections/{reflection_id}/edit", {"text": edited}).status_code == 302
    _assert_ciphertext(_raw(db, "reflection"), edited)


def test_response_text_is_stored_encrypted(db, world, clients):
    reflection = write(db, world.author, CLEAR, Visibility.FACILITATORS)
    staff = clients.for_(world.facilitator)
    answer = post_form(staff, f"/staff/reflections/{reflection.id}/respond", {"text": ANSWER})
    assert answer.status_code == 302
    _assert_ciphertext(_raw(db, "reflection_response"), ANSWER)


def test_the_same_text_twice_gives_different_tokens(db, world):
    write(db, world.author, CLEAR)
    write(db, world.author, CLEAR)
    first, second = _raw(db, "reflection")
    assert first != second  # Fernet uses a fresh IV and timestamp: equal texts cannot be spotted


def test_python_sees_the_clear_text(db, world):
    reflection = write(db, world.author, CLEAR)
    db.session.expire_all()
    assert services.get_own_or_404(reflection.id, world.author).text == CLEAR
