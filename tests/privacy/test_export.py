"""The export holds every row about the person (checked against the registry), in clear text, and nothing
about anyone else; the download is a no-store attachment."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select, text

from app.accounts import services as accounts
from app.accounts.models import Invite, LoginSession, User
from app.extensions import db
from app.meetings.models import CalendarFeed
from app.privacy import services
from app.privacy.registry import REGISTRY, rows_at
from app.reflections import services as reflections
from app.reflections.models import Visibility
from tests.conftest import csrf_token
from tests.privacy.conftest import SECRET, make_person, user_fk_columns
from tests.test_query_budget import counting


def _ids(table_name: str, column: str, user_id: int) -> set[int]:
    table = db.metadata.tables[table_name]
    return set(db.session.scalars(select(table.c.id).where(table.c[column] == user_id)))


def _exported_ids(export: dict, path: str) -> set[int]:
    return {row["id"] for row in rows_at(export, path)}


def _with_deletion_request(world) -> None:  # noqa: ANN001
    world.home.town.deletion_needs_confirmation = True
    db.session.commit()
    assert services.ask_to_delete(world.participant.user) is False


def test_the_world_has_rows_in_every_personal_data_table(world):
    """Guard for the tests below: the participant and the facilitator between them fill every FK column."""
    _with_deletion_request(world)
    people = (world.participant.user.id, world.home.facilitator.id)
    empty = [pair for pair in user_fk_columns() if not any(_ids(*pair, uid) for uid in people)]
    assert empty == [], "add rows for these to tests/privacy/conftest.py"


@pytest.mark.parametrize("who", ["participant", "facilitator"])
def test_export_contains_every_row_of_every_registered_table(world, who):
    _with_deletion_request(world)
    user = world.participant.user if who == "participant" else world.home.facilitator
    export = services.export_data(user)
    for entry in REGISTRY:
        stored = _ids(entry.table, entry.column, user.id)
        assert stored <= _exported_ids(export, entry.export), f"{entry.table}.{entry.column} -> {entry.export}"


def test_export_holds_nothing_of_another_person(world):
    _with_deletion_request(world)
    export = services.export_data(world.participant.user)
    other = world.other.user
    for entry in REGISTRY:
        theirs = _ids(entry.table, entry.column, other.id)
        assert not theirs & _exported_ids(export, entry.export), f"{entry.table}.{entry.column}"
    dump = json.dumps(export)
    for value in (other.email, other.display_name, world.other.reflection.text, world.peer.private.text):
        assert value not in dump


def test_export_is_readable_and_complete_for_the_participant(world):
    person = world.participant
    export = services.export_data(person.user)
    dump = json.dumps(export)  # JSON-serialisable as it is
    assert export["account"]["email"] == person.user.email
    by_id = {r["id"]: r for r in export["reflections"]}
    shared = by_id[person.reflection.id]
    assert shared["text"] == SECRET
    assert shared["visibility"] == "group"
    assert by_id[person.private.id]["visibility"] == "private"
    assert [(r["by"], r["text"]) for r in shared["responses"]] == [
        (world.home.facilitator.display_name, "Well done, Participant!")
    ]
    assert [r["reader"] for r in shared["read_by"]] == [world.home.facilitator.display_name]
    page = export["work_identity"]["profile"][0]
    assert [(a["who"], a["action"], a["object_type"], a["object_id"]) for a in export["who_looked_at_my_data"]] == [
        (world.home.facilitator.display_name, "read", "reflection", person.reflection.id),
        (world.home.facilitator.display_name, "read", "work_identity", page["id"]),
    ]
    assert [r["reader"] for r in export["work_identity"]["read_by"]] == [world.home.facilitator.display_name]
    placement = next(p for p in export["placements"] if p["id"] == person.assignment.id)
    assert [h["to_hours"] for h in placement["hours_history"]] == [10, 12]
    assert {p["status"] for p in export["placements"]} == {"active", "ended"}
    assert export["activity"]["reflections_read"][0]["reflection_id"] == world.peer.reflection.id
    assert datetime.fromisoformat(export["devices"][0]["created_at"]).tzinfo is not None
    assert export["meeting_answers"][0]["answer"] == "yes"
    # No password or token hashes, in any form.
    user = db.session.get(User, person.user.id)
    secrets = [user.password_hash or "x" * 40]
    secrets += list(db.session.scalars(select(LoginSession.token_hash).where(LoginSession.user_id == user.id)))
    secrets += list(db.session.scalars(select(Invite.token_hash).where(Invite.user_id == user.id)))
    secrets += list(db.session.scalars(select(CalendarFeed.token_hash).where(CalendarFeed.user_id == user.id)))
    assert len(secrets) >= 4
    for secret in secrets:
        assert secret not in dump
    assert "password_hash" not in dump and "token_hash" not in dump


def test_staff_export_has_what_they_wrote_and_looked_at(world):
    export = services.export_data(world.home.facilitator)
    activity = export["activity"]
    written = {r["reflection_id"]: r["text"] for r in activity["responses_written"]}
    assert written[world.participant.reflection.id] == "Well done, Participant!"
    assert {a["object_id"] for a in activity["audit_as_actor"] if a["object_type"] == "reflection"} == {
        world.participant.reflection.id,
        world.peer.reflection.id,
    }
    assert len(activity["work_pages_read"]) == 2  # the participant's and the peer's "Me and work" pages
    assert len(activity["invites_created"]) == 2
    assert export["reflections"] == []


def test_reflections_are_clear_in_the_export_and_ciphertext_in_the_database(world):
    export = services.export_data(world.participant.user)
    assert SECRET in json.dumps(export, ensure_ascii=False)
    stored = db.session.execute(
        text("SELECT text FROM reflection WHERE id = :id"), {"id": world.participant.reflection.id}
    ).scalar_one()
    assert stored.startswith("gAAAAA") and SECRET not in stored


def test_export_makes_the_same_number_of_queries_with_much_more_data(world):
    user, facilitator = world.participant.user, world.home.facilitator
    db.session.expire_all()
    with counting(db.engine) as few:
        services.export_data(db.session.get(User, user.id))
    for n in range(8):
        reflection = reflections.write(user, text=f"More {n}")
        reflections.share(user, reflection, Visibility.FACILITATORS, None)
        reflections.open_shared(facilitator, reflection.id)
        reflections.respond(facilitator, reflection.id, f"Nice {n}")
    make_person(world.home, "Third", "Another one")
    accounts.issue_invite(facilitator, user)
    db.session.expire_all()
    with counting(db.engine) as many:
        services.export_data(db.session.get(User, user.id))
    assert len(many) == len(few), (len(few), len(many))
    # + 2 second factor, + 2 event attendance, + 6 programme, + 1 waiting, + 1 reactions, + 2 pulse, + 1 facilitation
    assert len(few) <= 58


def test_download_is_an_attachment_that_is_not_stored(client, login_as, world):
    login_as(client, world.participant.user)
    response = client.get("/me/data/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="nextwork-my-data-')
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["id"] == world.participant.user.id
    assert SECRET in {r["text"] for r in data["reflections"]}


def test_my_data_page_is_linked_from_the_profile(client, login_as, world):
    login_as(client, world.participant.user)
    assert "/me/data" in client.get("/me").get_data(as_text=True)
    page = client.get("/me/data")
    assert page.status_code == 200
    assert "/me/data/export.json" in page.get_data(as_text=True)
    assert csrf_token(client, "/me/data")


@pytest.mark.parametrize("url", ["/me/data", "/me/data/export.json"])
def test_anonymous_gets_the_login_page(client, db, url):  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
