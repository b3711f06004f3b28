"""`flask reflections new-key` and `rotate-key`: after rotating, the new key alone reads everything; a
wrong key fails loudly (KeyError_), never with garbage."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from app.accounts.models import Role
from app.crypto import EXTENSION, Encryptor, KeyError_
from app.extensions import db
from app.reflections import services as reflections
from app.reflections.models import Reflection, ReflectionResponse, Visibility
from tests.factories import add_to_group, make_group, make_municipality, make_user


@pytest.fixture
def use_keys(app, monkeypatch):  # noqa: ANN001
    """Switch the app's keys for the rest of the test (restored afterwards)."""

    def use(*keys: str) -> None:
        monkeypatch.setitem(app.extensions, EXTENSION, Encryptor(list(keys)))
        db.session.expire_all()

    return use


def _texts() -> dict[tuple[str, int], str]:
    db.session.expire_all()
    found = {("reflection", r.id): r.text for r in db.session.scalars(select(Reflection))}
    found.update({("response", r.id): r.text for r in db.session.scalars(select(ReflectionResponse))})
    return found


def _tokens() -> dict[tuple[str, int], str]:
    rows = {("reflection", i): t for i, t in db.session.execute(text("SELECT id, text FROM reflection"))}
    rows.update({("response", i): t for i, t in db.session.execute(text("SELECT id, text FROM reflection_response"))})
    return rows


@pytest.fixture
def written(db):  # noqa: ANN001
    town = make_municipality()
    group = make_group(town)
    facilitator = make_user(Role.FACILITATOR, town)
    add_to_group(group, facilitator, "facilitator")
    author = make_user(Role.PARTICIPANT, town)
    add_to_group(group, author)
    for n in range(5):
        reflection = reflections.write(author, text=f"Reflection number {n} æøå")
        if n % 2:
            reflections.share(author, reflection, Visibility.FACILITATORS, None)
            reflections.respond(facilitator, reflection.id, f"Response {n}")
    return _texts()


def test_new_key_prints_a_fernet_key(app):
    result = app.test_cli_runner().invoke(args=["reflections", "new-key"])
    assert result.exit_code == 0
    Fernet(result.output.strip().encode())


def test_rotation_keeps_every_text_readable_with_only_the_new_key(app, written, use_keys):
    old = app.config["REFLECTION_KEYS"]
    new = Fernet.generate_key().decode()
    before = _tokens()
    use_keys(new, old)
    result = app.test_cli_runner().invoke(args=["reflections", "rotate-key", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "reflection: 5 re-encrypted" in result.output
    assert "reflection_response: 2 re-encrypted" in result.output
    after = _tokens()
    assert after.keys() == before.keys()
    assert all(after[k] != before[k] and after[k].startswith("gAAAAA") for k in after)
    use_keys(new)
    assert _texts() == written
    use_keys(old)
    with pytest.raises(KeyError_):
        _texts()


def test_a_wrong_key_fails_loudly_not_with_garbage(app, written, use_keys):
    use_keys(Fernet.generate_key().decode())
    with pytest.raises(KeyError_):
        _texts()
    before = _tokens()
    result = app.test_cli_runner().invoke(args=["reflections", "rotate-key"])
    assert result.exit_code != 0
    assert "cannot be decrypted" in result.output
    assert _tokens() == before


def _encrypted_columns() -> set[tuple[str, str]]:
    from app.crypto import EncryptedText

    return {
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, EncryptedText)
    }


def test_rotation_covers_every_encrypted_column(app, written, use_keys):
    """A staff member's second-factor secret (and facilitator notes, facilitation reflections) are encrypted with
    the same keys: after rotating and dropping the old key, they must still be readable, or staff are locked out."""
    from app.accounts import second_factor
    from app.accounts.second_factor import StaffTotp

    staff = make_user(Role.FACILITATOR)
    second_factor.start(staff)
    secret = db.session.scalars(select(StaffTotp.secret)).one()
    old = app.config["REFLECTION_KEYS"]
    new = Fernet.generate_key().decode()
    use_keys(new, old)
    result = app.test_cli_runner().invoke(args=["reflections", "rotate-key"])
    assert result.exit_code == 0, result.output
    for table, column in _encrypted_columns():
        assert f"{table}.{column}:" in result.output or f"{table}:" in result.output, (table, column)
    assert "staff_totp: 1 re-encrypted" in result.output
    use_keys(new)
    assert db.session.scalars(select(StaffTotp.secret)).one() == secret
    assert _texts() == written
