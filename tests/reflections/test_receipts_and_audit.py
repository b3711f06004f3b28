"""Read receipts and audit rows: one of each per read by staff, a receipt only for a group peer, nothing when
the author reads their own; the author sees who read it and when; audit rows hold no text."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.accounts.audit import AuditEntry
from app.reflections.models import ReflectionRead, Visibility
from app.timeutil import to_local
from tests.reflections.conftest import own_url, staff_url, write

SECRET = "Jeg turde at ringe til butikken selv"


def _receipts(db, reflection_id: int, reader_id: int | None = None) -> int:  # noqa: ANN001
    stmt = select(func.count()).select_from(ReflectionRead).where(ReflectionRead.reflection_id == reflection_id)
    if reader_id is not None:
        stmt = stmt.where(ReflectionRead.reader_id == reader_id)
    return db.session.scalar(stmt)


def _audits(db) -> list[AuditEntry]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_each_staff_read_writes_one_receipt_and_one_audit_row(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.FACILITATORS)
    staff = clients.for_(world.facilitator)

    assert staff.get(staff_url(reflection.id)).status_code == 200
    assert _receipts(db, reflection.id, world.facilitator.id) == 1
    assert len(_audits(db)) == 1

    assert staff.get(staff_url(reflection.id)).status_code == 200
    assert _receipts(db, reflection.id, world.facilitator.id) == 2
    audits = _audits(db)
    assert len(audits) == 2
    for entry in audits:
        assert (entry.actor_id, entry.subject_id, entry.object_type, entry.object_id, entry.action) == (
            world.facilitator.id, world.author.id, "reflection", reflection.id, "read",
        )  # fmt: skip
        assert entry.at is not None


def test_the_feed_itself_writes_nothing(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.FACILITATORS)
    assert clients.for_(world.facilitator).get("/staff/reflections").status_code == 200
    assert _receipts(db, reflection.id) == 0
    assert _audits(db) == []


def test_a_group_peer_leaves_a_receipt_but_no_audit_row(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.GROUP)
    peer = clients.for_(world.peer)
    assert peer.get(own_url(reflection.id)).status_code == 200
    assert peer.get(own_url(reflection.id)).status_code == 200
    assert _receipts(db, reflection.id, world.peer.id) == 2
    assert _audits(db) == []


def test_the_author_reading_their_own_writes_nothing(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.GROUP)
    author = clients.for_(world.author)
    for path in (own_url(reflection.id), "/reflections", own_url(reflection.id)):
        assert author.get(path).status_code == 200
    assert _receipts(db, reflection.id) == 0
    assert _audits(db) == []


def test_a_refused_read_writes_nothing(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.PRIVATE)
    assert clients.for_(world.facilitator).get(staff_url(reflection.id)).status_code == 404
    assert clients.for_(world.admin).get(staff_url(reflection.id)).status_code == 404
    assert clients.for_(world.peer).get(own_url(reflection.id)).status_code == 404
    assert _receipts(db, reflection.id) == 0
    assert _audits(db) == []


def test_audit_rows_hold_no_text(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.GROUP)
    clients.for_(world.facilitator).get(staff_url(reflection.id))
    clients.for_(world.admin_facilitator).get(staff_url(reflection.id))
    audits = _audits(db)
    assert len(audits) == 2
    words = [w for w in SECRET.split() if len(w) > 3]
    for entry in audits:
        for column in AuditEntry.__table__.columns:
            value = str(getattr(entry, column.key))
            assert SECRET not in value
            assert not any(word in value for word in words), (column.key, value)


def test_the_author_sees_who_read_it_and_when(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.GROUP)
    author = clients.for_(world.author)
    before = author.get(own_url(reflection.id)).get_data(as_text=True)
    assert "Anne" not in before and "Bo," not in before

    clients.for_(world.facilitator).get(staff_url(reflection.id))
    clients.for_(world.peer).get(own_url(reflection.id))

    page = author.get(own_url(reflection.id)).get_data(as_text=True)
    heading = re.search(r"<h2>(Read by|Læst af)</h2>", page)
    assert heading, "no 'read by' section"
    read_by = page[heading.end() :]
    clock = r"\d{1,2}[:.]\d{2}"
    assert re.search(rf"Anne \([^)<]+\), [^<]*{clock}", read_by), read_by[:400]
    assert re.search(rf"Bo, [^<]*{clock}", read_by), read_by[:400]
    staff_read_at = db.session.scalar(
        select(ReflectionRead.read_at).where(ReflectionRead.reader_id == world.facilitator.id)
    )
    local = to_local(staff_read_at)
    assert re.search(rf"Anne \([^)<]+\), [^<]*\b{local:%H}[:.]{local:%M}\b", read_by), (local, read_by[:400])
    # The list says how many read it.
    listing = author.get("/reflections").get_data(as_text=True)
    assert re.search(r"(Read by|Læst af) 2", listing)


def test_read_by_shows_each_reader_once_with_the_latest_time(db, world, clients):
    reflection = write(db, world.author, SECRET, Visibility.FACILITATORS)
    staff = clients.for_(world.facilitator)
    for _ in range(3):
        staff.get(staff_url(reflection.id))
    page = clients.for_(world.author).get(own_url(reflection.id)).get_data(as_text=True)
    assert page.count("Anne (") == 1
