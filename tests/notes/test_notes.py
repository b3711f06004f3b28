"""Facilitator notes: the person's current facilitators (and the municipality's admins) read them; everyone else
gets a 404 and never sees them on the person page. Authors edit and delete their own notes. Each read is in the
staff access log; the text is encrypted at rest, in the person's export, and deleted with the account."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import escape

import pytest
from sqlalchemy import func, select, text

from app.accounts.audit import AuditEntry
from app.accounts.models import Role
from app.db import utcnow
from app.extensions import db
from app.groups.models import Membership
from app.notes import policies, services
from app.notes.models import MAX_LENGTH, PersonNote
from app.privacy import services as privacy
from tests.conftest import post_form
from tests.factories import add_to_group
from tests.notes.conftest import note_url, notes_url, person_url

NOTE = "Amira har fundet en praktik hun selv valgte; hun vil gerne øve jobsamtaler"

# Who reads Amira's notes (on the notes page and on her person page). Everyone else in the world may not.
READERS = {"facilitator", "co_facilitator", "admin"}
STAFF_WHO_MAY_NOT = {"other_facilitator", "foreign_facilitator", "foreign_admin"}
PARTICIPANTS = {"amira", "peer", "other_member"}


def _notes() -> list[PersonNote]:
    db.session.expire_all()
    return list(db.session.scalars(select(PersonNote).order_by(PersonNote.id)))


def _audits() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _add(world, by=None, note: str = NOTE) -> PersonNote:  # noqa: ANN001
    return services.add(by or world.facilitator, world.amira, note)


def test_a_facilitator_of_the_persons_group_adds_a_note_and_reads_it(world, clients):
    client = clients(world.facilitator)
    response = post_form(client, notes_url(world.amira), {"text": f"  {NOTE}  "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(person_url(world.amira))
    (note,) = _notes()
    assert (note.subject_id, note.author_id, note.text, note.edited_at) == (
        world.amira.id,
        world.facilitator.id,
        NOTE,
        None,
    )
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert escape(NOTE) in page and "Anne" in page
    assert escape(NOTE) in client.get(notes_url(world.amira)).get_data(as_text=True)


@pytest.mark.parametrize("who", sorted(READERS | STAFF_WHO_MAY_NOT | PARTICIPANTS))
def test_only_the_persons_facilitators_and_admins_read_the_notes(world, clients, who):
    _add(world)
    user = getattr(world, who)
    client = clients(user)
    notes_page = client.get(notes_url(world.amira))
    person_page = client.get(person_url(world.amira))
    if who in READERS:
        assert notes_page.status_code == 200
        assert escape(NOTE) in notes_page.get_data(as_text=True)
        assert escape(NOTE) in person_page.get_data(as_text=True)
    elif who in STAFF_WHO_MAY_NOT:
        assert notes_page.status_code == 404
        # The person page may or may not be theirs to open; the notes are never on it.
        assert person_page.status_code in (200, 404)
        assert escape(NOTE) not in person_page.get_data(as_text=True)
        assert escape(NOTE) not in notes_page.get_data(as_text=True)
    else:
        assert (notes_page.status_code, person_page.status_code) == (403, 403)


@pytest.mark.parametrize("who", sorted(STAFF_WHO_MAY_NOT | {"co_facilitator", "admin"}))
def test_edit_and_delete_are_a_404_for_anyone_but_the_author(world, clients, who):
    note = _add(world)
    client = clients(getattr(world, who))
    assert post_form(client, note_url(world.amira, note.id, "edit"), {"text": "Overwritten"}).status_code == 404
    assert post_form(client, note_url(world.amira, note.id, "delete")).status_code == 404
    assert post_form(client, notes_url(world.amira), {"text": "Sneaked in"}).status_code == (
        302 if who in READERS else 404
    )
    assert [n.text for n in _notes()][0] == NOTE
    assert "Overwritten" not in [n.text for n in _notes()]


def test_participants_get_403_on_every_notes_route(world, clients):
    note = _add(world)
    client = clients(world.amira)
    assert post_form(client, notes_url(world.amira), {"text": "Me"}).status_code == 403
    assert post_form(client, note_url(world.amira, note.id, "edit"), {"text": "Me"}).status_code == 403
    assert post_form(client, note_url(world.amira, note.id, "delete")).status_code == 403
    assert [n.text for n in _notes()] == [NOTE]


def test_the_author_edits_and_deletes_their_own_note(world, clients):
    note = _add(world)
    client = clients(world.facilitator)
    response = post_form(client, note_url(world.amira, note.id, "edit"), {"text": "Better wording"})
    assert response.status_code == 302 and response.headers["Location"].endswith(person_url(world.amira))
    (edited,) = _notes()
    assert edited.text == "Better wording" and edited.edited_at is not None
    response = post_form(client, note_url(world.amira, note.id, "delete"))
    assert response.status_code == 302 and response.headers["Location"].endswith(person_url(world.amira))
    assert _notes() == []


def test_a_note_is_reached_only_through_its_own_person(world, clients):
    """A note id under another person's address is a 404, even for its author."""
    note = _add(world)
    client = clients(world.facilitator)
    assert post_form(client, note_url(world.peer, note.id, "edit"), {"text": "Moved"}).status_code == 404
    assert post_form(client, note_url(world.peer, note.id, "delete")).status_code == 404
    assert [n.text for n in _notes()] == [NOTE]


def test_after_a_move_the_new_groups_facilitators_read_the_notes_and_the_old_ones_do_not(world, clients):
    _add(world)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == world.amira.id))
    membership.left_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    add_to_group(world.other_group, world.amira)
    assert clients(world.facilitator).get(notes_url(world.amira)).status_code == 404
    page = clients(world.other_facilitator).get(notes_url(world.amira))
    assert page.status_code == 200 and escape(NOTE) in page.get_data(as_text=True)


def test_a_facilitator_who_left_the_group_no_longer_reads_or_changes_their_notes(world, clients):
    note = _add(world)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == world.facilitator.id))
    membership.left_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = clients(world.facilitator)
    assert client.get(notes_url(world.amira)).status_code == 404
    assert post_form(client, note_url(world.amira, note.id, "edit"), {"text": "Still mine?"}).status_code == 404
    assert [n.text for n in _notes()] == [NOTE]
    assert escape(NOTE) in clients(world.co_facilitator).get(notes_url(world.amira)).get_data(as_text=True)


def test_staff_are_not_subjects_of_notes(world, clients):
    """Notes are about participants: a colleague's page has none, even for an admin."""
    assert clients(world.admin).get(notes_url(world.facilitator)).status_code == 404
    assert post_form(clients(world.admin), notes_url(world.facilitator), {"text": "Colleague"}).status_code == 404
    assert _notes() == []


def test_without_csrf_nothing_is_written(world, clients):
    note = _add(world)
    client = clients(world.facilitator)
    assert client.post(notes_url(world.amira), data={"text": "No token"}).status_code == 400
    assert client.post(note_url(world.amira, note.id, "edit"), data={"text": "No token"}).status_code == 400
    assert client.post(note_url(world.amira, note.id, "delete")).status_code == 400
    assert [n.text for n in _notes()] == [NOTE]


def test_too_long_text_comes_back_with_what_was_typed(world, clients):
    client = clients(world.facilitator)
    typed = "Lang tekst " + "x" * MAX_LENGTH
    response = post_form(client, notes_url(world.amira), {"text": typed})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert typed in page and f"Keep it to {MAX_LENGTH:d} characters or fewer" in page
    assert _notes() == []
    response = post_form(client, notes_url(world.amira), {"text": "x" * MAX_LENGTH})
    assert response.status_code == 302 and len(_notes()) == 1


def test_too_long_edit_comes_back_with_what_was_typed(world, clients):
    note = _add(world)
    typed = "Rettet " + "y" * MAX_LENGTH
    response = post_form(clients(world.facilitator), note_url(world.amira, note.id, "edit"), {"text": typed})
    assert response.status_code == 422
    assert typed in response.get_data(as_text=True)
    assert [n.text for n in _notes()] == [NOTE]


def test_empty_text_is_refused(world, clients):
    response = post_form(clients(world.facilitator), notes_url(world.amira), {"text": "   "})
    assert response.status_code == 422
    assert "Write a few words first." in response.get_data(as_text=True)
    assert _notes() == []


def test_the_service_holds_the_bound_and_the_rules_too(world):
    from app.errors import DomainError

    with pytest.raises(DomainError):
        services.add(world.facilitator, world.amira, "z" * (MAX_LENGTH + 1))
    note = services.add(world.facilitator, world.amira, "z" * MAX_LENGTH)
    with pytest.raises(DomainError):
        services.edit(world.facilitator, note, "")
    assert policies.may_read(world.facilitator, world.amira)
    assert not policies.may_read(world.other_facilitator, world.amira)
    assert not policies.may_read(world.peer, world.amira)
    assert not policies.may_change(world.co_facilitator, note)
    assert policies.may_change(world.facilitator, note)


def test_each_read_writes_an_audit_row_without_the_text(world, clients):
    note = _add(world)
    assert _audits() == []
    clients(world.facilitator).get(notes_url(world.amira))
    clients(world.admin).get(person_url(world.amira))
    rows = _audits()
    assert [(r.actor_id, r.subject_id, r.action, r.object_type) for r in rows] == [
        (world.facilitator.id, world.amira.id, "read", "person_note"),
        (world.admin.id, world.amira.id, "read", "person_note"),
    ]
    for row in rows:
        for column in AuditEntry.__table__.columns:
            assert NOTE not in str(getattr(row, column.key))
    # Refused readers leave no row (nothing was shown); neither does a page without notes.
    clients(world.other_facilitator).get(notes_url(world.amira))
    clients(world.facilitator).get(notes_url(world.peer))
    assert len(_audits()) == 2
    assert note.id


def test_the_form_tells_that_the_young_person_can_read_the_notes(world, clients):
    page = clients(world.facilitator).get(notes_url(world.amira)).get_data(as_text=True)
    assert "can read these notes in their data export" in page
    assert "resources and progress" in page
    assert re.search(rf'<textarea[^>]*maxlength="{MAX_LENGTH}"', page)


def test_the_text_is_encrypted_at_rest(world):
    note = _add(world)
    stored = db.session.execute(text("SELECT text FROM person_note WHERE id = :id"), {"id": note.id}).scalar_one()
    assert stored.startswith("gAAAAA") and "Amira" not in stored


def test_the_note_is_in_the_persons_export_and_gone_after_deletion(world):
    note = _add(world)
    services.edit(world.facilitator, note, "Edited: " + NOTE)
    services.add(world.admin, world.amira, "Admin note")
    services.add(world.other_facilitator, world.other_member, "About Dina")
    export = privacy.export_data(world.amira)
    rows = export["facilitator_notes"]
    assert [(r["text"], r["by"]) for r in rows] == [("Edited: " + NOTE, "Anne"), ("Admin note", "Gorm")]
    assert rows[0]["created_at"] and rows[0]["edited_at"]
    assert "About Dina" not in json.dumps(export, ensure_ascii=False)
    # The author's own export lists that they wrote notes, not what or about whom.
    written = privacy.export_data(world.facilitator)["activity"]["notes_written"]
    assert [r["id"] for r in written] == [note.id]
    assert NOTE not in json.dumps(written, ensure_ascii=False) and "subject_id" not in written[0]

    amira_id = world.amira.id
    privacy.delete_account(world.amira)
    count = select(func.count()).select_from(PersonNote).where(PersonNote.subject_id == amira_id)
    assert db.session.scalar(count) == 0
    assert [n.text for n in _notes()] == ["About Dina"]


def test_when_the_author_is_deleted_the_note_stays_without_their_name(world):
    _add(world)
    privacy.delete_account(world.facilitator)
    (note,) = _notes()
    assert note.author_id is None
    rows = privacy.export_data(world.amira)["facilitator_notes"]
    assert [(r["text"], r["by"]) for r in rows] == [(NOTE, None)]


def test_a_former_authors_note_reads_as_from_a_former_facilitator(world, clients):
    _add(world)
    privacy.delete_account(world.facilitator)
    page = clients(world.co_facilitator).get(notes_url(world.amira)).get_data(as_text=True)
    assert escape(NOTE) in page and "A former facilitator" in page


def test_the_person_page_shows_the_form_only_to_those_who_may_write(world, clients):
    form = f'action="{notes_url(world.amira)}"'
    assert form in clients(world.facilitator).get(person_url(world.amira)).get_data(as_text=True)
    page = clients(world.other_facilitator).get(person_url(world.amira)).get_data(as_text=True)
    assert form not in page


def test_notes_are_newest_first_and_only_the_authors_own_have_edit_buttons(world, clients):
    first = _add(world, note="First note")
    second = _add(world, by=world.co_facilitator, note="Second note")
    page = clients(world.facilitator).get(notes_url(world.amira)).get_data(as_text=True)
    assert page.index("Second note") < page.index("First note")
    assert note_url(world.amira, first.id, "edit") in page
    assert note_url(world.amira, second.id, "edit") not in page
    assert note_url(world.amira, second.id, "delete") not in page


def test_role_is_checked_before_the_person(world, clients):
    """A participant asking for a note page of someone who does not exist also gets a 403, not a 404."""
    assert clients(world.peer).get("/staff/people/999999/notes").status_code == 403
    assert world.admin.role is Role.ADMIN
