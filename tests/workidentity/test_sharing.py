"""Sharing "Me and work" with the facilitators, like a reflection: unshared it is a 404 for every member of staff;
shared, only the facilitators of the person's group read it, each read leaves a read receipt the person sees and an
audit row (no content); withdrawing works at once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.audit import AuditEntry
from app.db import utcnow
from app.workidentity import services
from app.workidentity.choices import ItemKind
from app.workidentity.models import WorkPageRead
from tests.conftest import post_form
from tests.workidentity.conftest import ALLOWED_WHEN_SHARED, World, staff_url

STAFF = ["facilitator", "admin_facilitator", "other_facilitator", "admin", "former_facilitator",
         "foreign_facilitator", "foreign_admin"]  # fmt: skip


def _receipts(db) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(WorkPageRead))


def _audits(db) -> list[AuditEntry]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


@pytest.mark.parametrize("who", STAFF)
def test_an_unshared_page_is_404_for_every_staff_role(db, world: World, clients, who):
    services.add_own_words(world.person, ItemKind.STRENGTH, "Jeg lapper dæk")  # a page with something on it
    reader = world.staff()[who]
    response = clients.for_(reader).get(staff_url(world.person))
    assert response.status_code == 404
    assert "Jeg lapper dæk" not in response.get_data(as_text=True)
    assert _receipts(db) == 0 and _audits(db) == []


@pytest.mark.parametrize("who", STAFF)
def test_a_person_who_never_made_a_page_is_404_too(db, world: World, clients, who):
    assert clients.for_(world.staff()[who]).get(staff_url(world.person)).status_code == 404


@pytest.mark.parametrize("who", STAFF)
def test_shared_only_the_facilitators_of_the_group_read_it(db, world: World, clients, who):
    services.add_own_words(world.person, ItemKind.STRENGTH, "Jeg lapper dæk")
    services.share(world.person, True)
    response = clients.for_(world.staff()[who]).get(staff_url(world.person))
    if who in ALLOWED_WHEN_SHARED:
        assert response.status_code == 200
        assert "Jeg lapper dæk" in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"
    else:
        assert response.status_code == 404
        assert _receipts(db) == 0 and _audits(db) == []


def test_participants_never_reach_the_staff_view(db, world: World, clients):
    services.share(world.person, True)
    assert clients.for_(world.peer).get(staff_url(world.person)).status_code == 403
    assert clients.for_(world.person).get(staff_url(world.person)).status_code == 403


def test_staff_pages_of_staff_and_of_nobody_are_404(db, world: World, clients):
    reader = clients.for_(world.facilitator)
    assert reader.get(staff_url(world.admin)).status_code == 404
    assert reader.get("/staff/people/999999/work").status_code == 404


def test_each_read_leaves_a_receipt_and_an_audit_row_without_content(db, world: World, clients):
    services.add_own_words(world.person, ItemKind.STRENGTH, "Jeg lapper dæk")
    services.share(world.person, True)
    reader = clients.for_(world.facilitator)
    assert reader.get(staff_url(world.person)).status_code == 200
    assert reader.get(staff_url(world.person)).status_code == 200
    assert _receipts(db) == 2
    audits = _audits(db)
    profile = services.profile_of(world.person)
    assert [(a.actor_id, a.subject_id, a.action, a.object_type, a.object_id) for a in audits] == [
        (world.facilitator.id, world.person.id, "read", "work_identity", profile.id)
    ] * 2

    own = clients.for_(world.person).get("/me/work").get_data(as_text=True)
    assert "Read by" in own and "Anne" in own
    assert [reader.display_name for reader, _at in services.readers(world.person)] == ["Anne"]


def test_the_person_reading_their_own_page_writes_nothing(db, world: World, clients):
    services.share(world.person, True)
    assert clients.for_(world.person).get("/me/work").status_code == 200
    assert _receipts(db) == 0 and _audits(db) == []


def test_share_and_withdraw_from_the_page(db, world: World, clients):
    me = clients.for_(world.person)
    reader = clients.for_(world.facilitator)
    assert reader.get(staff_url(world.person)).status_code == 404

    assert post_form(me, "/me/work/share", {"shared": "yes"}).status_code == 302
    assert reader.get(staff_url(world.person)).status_code == 200
    person_page = reader.get(f"/staff/people/{world.person.id}").get_data(as_text=True)
    assert staff_url(world.person) in person_page

    assert post_form(me, "/me/work/share", {"shared": "no"}).status_code == 302
    assert reader.get(staff_url(world.person)).status_code == 404  # withdrawn at once
    assert staff_url(world.person) not in reader.get(f"/staff/people/{world.person.id}").get_data(as_text=True)
    # The receipt of the read while it was shared stays for the person to see.
    assert [r.display_name for r, _at in services.readers(world.person)] == ["Anne"]


def test_sharing_needs_csrf_and_a_valid_choice(db, world: World, clients):
    me = clients.for_(world.person)
    assert me.post("/me/work/share", data={"shared": "yes"}).status_code == 400
    post_form(me, "/me/work/share", {"shared": "everyone"})
    assert services.profile_of(world.person) is None or services.profile_of(world.person).shared_at is None


def test_a_person_who_leaves_the_group_is_no_longer_shared_with_its_facilitators(db, world: World, clients):
    from app.groups.models import Membership

    services.share(world.person, True)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == world.person.id))
    membership.left_at = utcnow()
    db.session.commit()
    assert clients.for_(world.facilitator).get(staff_url(world.person)).status_code == 404
