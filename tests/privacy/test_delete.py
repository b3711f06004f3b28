"""Deleting an account: nothing refers to the person afterwards, seats go back, sessions die, the audit log
stays with a pseudonym, and the staff see that someone left. Both modes: at once, or confirmed by staff."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.audit import AuditEntry
from app.accounts.models import Role, User
from app.errors import DomainError
from app.events.models import EventSignup, MatchEvent
from app.extensions import db
from app.placements.models import Assignment, Placement
from app.privacy import services
from app.privacy.models import DeletionRequest
from app.reflections.models import Reflection, ReflectionRead, ReflectionResponse
from tests.conftest import post_form
from tests.factories import make_user
from tests.privacy.conftest import make_town, rows_referring_to


def _fresh(model, id_):  # noqa: ANN001, ANN202
    db.session.expire_all()
    return db.session.get(model, id_)


def _audit_rows() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_delete_from_the_page_removes_every_trace(client, make_client, login_as, world):
    person, peer, home = world.participant, world.peer, world.home
    uid, ref, reflection_id = person.user.id, services.pseudonym(person.user), person.reflection.id
    phone = make_client()
    login_as(client, person.user)
    login_as(phone, person.user)
    assert phone.get("/week").status_code == 200
    assert rows_referring_to(uid)  # the person has rows in many tables
    taken_before = _fresh(Placement, home.placement.id).taken
    signups_before = _fresh(MatchEvent, home.event.id).signups
    audit_before = len(_audit_rows())
    peer_state = db.session.execute(select(Assignment.id, Assignment.status).where(Assignment.user_id == peer.user.id))
    peer_state = sorted(peer_state.all())

    response = post_form(client, "/me/data/delete", {"email": person.user.email.upper()})

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/me/data/goodbye")
    assert "storage" in response.headers["Clear-Site-Data"] and "cookies" in response.headers["Clear-Site-Data"]
    goodbye = client.get(response.headers["Location"])
    assert goodbye.status_code == 200 and "deleted" in goodbye.get_data(as_text=True)
    assert rows_referring_to(uid) == {}
    # Seats and sign-ups go back; the peer's placements are untouched.
    assert _fresh(Placement, home.placement.id).taken == taken_before - 1
    assert _fresh(MatchEvent, home.event.id).signups == signups_before - 1
    assert db.session.scalar(select(func.count()).select_from(EventSignup)) == 2  # peer + other town
    peer_after = db.session.execute(select(Assignment.id, Assignment.status).where(Assignment.user_id == peer.user.id))
    assert sorted(peer_after.all()) == peer_state
    # Reflections go, with the responses and read receipts on them; the peer's card stays, without the read.
    assert _fresh(Reflection, reflection_id) is None
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(ReflectionResponse)
            .where(ReflectionResponse.reflection_id == reflection_id)
        )
        == 0
    )
    assert _fresh(Reflection, peer.reflection.id) is not None
    readers = select(ReflectionRead.reader_id).where(ReflectionRead.reflection_id == peer.reflection.id)
    assert set(db.session.scalars(readers)) == {home.facilitator.id}
    # Every device is logged out.
    for device in (client, phone):
        answer = device.get("/week")
        assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    # The audit log keeps its rows, with a pseudonym for the person, plus one saying they left.
    rows = _audit_rows()
    assert len(rows) == audit_before + 1
    read = next(r for r in rows if r.action == "read" and r.object_id == reflection_id)
    assert (read.subject_id, read.subject_ref, read.actor_id) == (None, ref, home.facilitator.id)
    left = rows[-1]
    assert (left.action, left.subject_id, left.subject_ref) == ("account_deleted", None, ref)
    assert (left.object_type, left.object_id, left.actor_id) == ("network_group", home.group.id, None)
    assert ref.startswith("deleted-user-") and len(ref) == len("deleted-user-") + 12


def test_the_facilitator_sees_that_a_participant_left(client, login_as, world):
    services.delete_account(world.participant.user)
    for staff in (world.home.facilitator, world.other_town.facilitator):
        staff.language = "en"  # the page is asserted in English
    db.session.commit()
    login_as(client, world.home.facilitator)
    page = client.get("/staff/deletions").get_data(as_text=True)
    assert f"A participant in {world.home.group.name} deleted their account" in page
    assert "Participant" not in page.replace("A participant", "")
    login_as(client, world.other_town.facilitator)
    assert "deleted their account" not in client.get("/staff/deletions").get_data(as_text=True)


def test_wrong_email_or_missing_csrf_deletes_nothing(client, login_as, world):
    user = world.participant.user
    login_as(client, user)
    response = post_form(client, "/me/data/delete", {"email": "someone.else@example.test"})
    assert response.status_code == 422
    assert "not the e-mail of your account" in response.get_data(as_text=True)
    assert client.post("/me/data/delete", data={"email": user.email}).status_code == 400
    assert post_form(client, "/me/data/delete", {"email": ""}).status_code == 422
    assert _fresh(User, user.id) is not None
    assert client.get("/week").status_code == 200


def test_deleting_a_facilitator_keeps_what_they_did_for_others_without_their_name(world):
    facilitator, person = world.home.facilitator, world.participant
    ref, facilitator_id = services.pseudonym(facilitator), facilitator.id
    services.delete_account(facilitator)
    assert rows_referring_to(facilitator_id) == {}
    stmt = select(ReflectionResponse).where(ReflectionResponse.reflection_id == person.reflection.id)
    response = db.session.scalar(stmt)
    assert response.text == "Well done, Participant!" and response.author_id is None
    home_ids = {person.user.id, world.peer.user.id}
    reads = [r for r in _audit_rows() if r.action == "read" and r.subject_id in home_ids]
    # Each of the two read a reflection and the "Me and work" page.
    assert len(reads) == 4 and {(r.actor_id, r.actor_ref) for r in reads} == {(None, ref)}
    # The participant's export still shows that someone looked, under the pseudonym.
    looked = services.export_data(_fresh(User, person.user.id))["who_looked_at_my_data"]
    assert [(entry["who"], entry["object_type"]) for entry in looked] == [(ref, "reflection"), (ref, "work_identity")]


def test_the_only_admin_cannot_delete_their_account(db):
    admin = make_user(Role.ADMIN)
    with pytest.raises(DomainError, match="only administrator"):
        services.ask_to_delete(admin)
    make_user(Role.ADMIN, admin.municipality)
    assert services.ask_to_delete(admin) is True


# --- a facilitator confirms --------------------------------------------------------------------


@pytest.fixture
def confirming(world):  # noqa: ANN001
    world.home.town.deletion_needs_confirmation = True
    db.session.commit()
    return world


def test_request_waits_for_a_facilitator_of_the_same_municipality(client, make_client, login_as, confirming):
    world = confirming
    person = world.participant.user
    uid = person.id
    login_as(client, person)
    response = post_form(client, "/me/data/delete", {"email": person.email})
    assert response.status_code == 302 and response.headers["Location"] == "/me/data"
    assert "confirm" in client.get("/me/data").get_data(as_text=True)
    post_form(client, "/me/data/delete", {"email": person.email})  # asking twice keeps one request
    request_id = db.session.scalar(select(DeletionRequest.id).where(DeletionRequest.user_id == uid))
    assert db.session.scalar(select(func.count()).select_from(DeletionRequest)) == 1
    assert client.get("/week").status_code == 200
    assert _fresh(User, uid) is not None

    staff = make_client()
    for outsider in (world.other_town.facilitator, world.peer.user):
        login_as(staff, outsider)
        expected = 404 if outsider.is_staff else 403
        assert post_form(staff, f"/staff/deletions/{request_id}/confirm").status_code == expected
        assert person.display_name not in staff.get("/staff/deletions").get_data(as_text=True)
    assert _fresh(User, uid) is not None and client.get("/week").status_code == 200

    login_as(staff, world.home.facilitator)
    assert person.display_name in staff.get("/staff/deletions").get_data(as_text=True)
    assert post_form(staff, f"/staff/deletions/{request_id}/confirm").status_code == 302
    assert rows_referring_to(uid) == {}
    assert client.get("/week").status_code == 302
    left = _audit_rows()[-1]
    assert (left.action, left.actor_id) == ("account_deleted", world.home.facilitator.id)
    assert post_form(staff, f"/staff/deletions/{request_id}/confirm").status_code == 404


def test_a_facilitator_cannot_confirm_for_a_colleague_but_an_admin_can(confirming):
    world = confirming
    colleague = make_user(Role.FACILITATOR, world.home.town)
    admin = make_user(Role.ADMIN, world.home.town)
    assert services.ask_to_delete(colleague) is False
    request_id, colleague_id = services.pending_request(colleague).id, colleague.id
    assert services.pending_requests(world.home.facilitator) == []
    with pytest.raises(Exception) as error:
        services.confirm_request(world.home.facilitator, request_id)
    assert getattr(error.value, "code", None) == 404
    services.confirm_request(admin, request_id)
    assert _fresh(User, colleague_id) is None


def test_the_participant_can_withdraw_the_request(client, login_as, confirming):
    person = confirming.participant.user
    login_as(client, person)
    post_form(client, "/me/data/delete", {"email": person.email})
    assert services.pending_request(person) is not None
    assert post_form(client, "/me/data/delete/cancel").status_code == 302
    assert services.pending_request(person) is None
    assert _fresh(User, person.id) is not None


def test_participants_cannot_open_the_staff_page(client, login_as, world):
    login_as(client, world.participant.user)
    assert client.get("/staff/deletions").status_code == 403


def test_a_town_without_a_group_gets_a_municipality_row(db):
    town = make_town()
    loner = make_user(Role.PARTICIPANT, town.town)
    services.delete_account(loner)
    left = _audit_rows()[-1]
    assert (left.object_type, left.object_id) == ("municipality", town.town.id)
    assert [group for _entry, group in services.recent_deletions(town.facilitator)] == [None]
