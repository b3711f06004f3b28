"""Facilitation reflections: the group's facilitators and the admins write one per meeting once it has started
(a rating of 1-4 per principle, each may be left out, and a short text); every member of staff of the municipality
reads them; participants never do (403), and another municipality's staff get a 404."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import escape

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.errors import DomainError, RuleConflict
from app.extensions import db
from app.facilitation import services
from app.facilitation.models import MAX_LENGTH, FacilitationReflection, Principle
from app.privacy import services as privacy
from tests.conftest import post_form
from tests.facilitation.conftest import page_url

TEXT = "The round about the week worked; next time I will let them choose the topic"
FULL = {
    "rating_co_determination": "2",
    "rating_sharing": "4",
    "rating_resources": "3",
    "rating_work_identity": "",  # skipped
    "text": TEXT,
}

WRITERS = {"facilitator", "co_facilitator", "admin"}
READERS = WRITERS | {"other_facilitator"}
FOREIGN = {"foreign_facilitator", "foreign_admin"}
PARTICIPANTS = {"amira", "peer"}


def _stored() -> list[FacilitationReflection]:
    db.session.expire_all()
    return list(db.session.scalars(select(FacilitationReflection).order_by(FacilitationReflection.id)))


def _write(world, by=None, ratings=None, words: str = TEXT, meeting=None) -> FacilitationReflection:  # noqa: ANN001
    ratings = {Principle.SHARING: 3} if ratings is None else ratings
    return services.save(by or world.facilitator, meeting or world.held, ratings, words)


def test_a_facilitator_of_the_group_writes_a_reflection(world, clients):
    response = post_form(clients(world.facilitator), page_url(world.held), FULL)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/meetings/{world.held.id}")
    (row,) = _stored()
    assert (row.meeting_id, row.author_id, row.text, row.edited_at) == (world.held.id, world.facilitator.id, TEXT, None)
    assert row.ratings() == {
        Principle.CO_DETERMINATION: 2,
        Principle.SHARING: 4,
        Principle.RESOURCES: 3,
        Principle.WORK_IDENTITY: None,
    }


@pytest.mark.parametrize("who", sorted(READERS | FOREIGN | PARTICIPANTS | {"anonymous"}))
def test_every_member_of_staff_of_the_municipality_reads_them_and_nobody_else(world, clients, who):
    _write(world)
    user = None if who == "anonymous" else getattr(world, who)
    response = clients(user).get(page_url(world.held))
    page = response.get_data(as_text=True)
    if who in READERS:
        assert response.status_code == 200 and escape(TEXT) in page and "Anne" in page
    elif who in FOREIGN:
        assert response.status_code == 404
    elif who in PARTICIPANTS:
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    if who not in READERS:
        assert escape(TEXT) not in page


@pytest.mark.parametrize("who", sorted(READERS | FOREIGN | PARTICIPANTS | {"anonymous"}))
def test_only_the_groups_facilitators_and_the_admins_write(world, clients, who):
    user = None if who == "anonymous" else getattr(world, who)
    client = clients(user)
    response = post_form(client, page_url(world.held), FULL)
    expected = {"other_facilitator": 403, "amira": 403, "peer": 403, "anonymous": 302}
    expected |= {w: 302 for w in WRITERS} | {f: 404 for f in FOREIGN}
    assert response.status_code == expected[who]
    if who in WRITERS:
        assert [(r.author_id, r.text) for r in _stored()] == [(user.id, TEXT)]
    else:
        assert _stored() == []
    if who == "anonymous":
        assert "/login?next=" in response.headers["Location"]


def test_a_reader_who_may_not_write_sees_no_form(world, clients):
    _write(world)
    page = clients(world.other_facilitator).get(page_url(world.held)).get_data(as_text=True)
    assert f'action="{page_url(world.held)}"' not in page
    assert "You can read them here" in page
    page = clients(world.co_facilitator).get(page_url(world.held)).get_data(as_text=True)
    assert f'action="{page_url(world.held)}"' in page


def test_a_facilitator_who_left_the_group_no_longer_writes(world, clients):
    from app.db import utcnow
    from app.groups.models import MemberRole, Membership

    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == world.facilitator.id, Membership.role == MemberRole.FACILITATOR)
    )
    membership.left_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert post_form(clients(world.facilitator), page_url(world.held), FULL).status_code == 403
    assert _stored() == []
    assert clients(world.facilitator).get(page_url(world.held)).status_code == 200  # still staff: reads


@pytest.mark.parametrize("value", ["0", "5", "-1", "x", "3.5", "٣", "10"])
def test_a_rating_outside_1_to_4_is_refused_and_what_was_typed_comes_back(world, clients, value):
    response = post_form(clients(world.facilitator), page_url(world.held), FULL | {"rating_sharing": value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose one of the options." in page and escape(TEXT) in page
    assert _stored() == []


@pytest.mark.parametrize("value", [0, 5, -3, 100])
def test_the_service_holds_the_bounds_too(world, value):
    with pytest.raises(DomainError, match="Choose from 1 to 4"):
        _write(world, ratings={Principle.RESOURCES: value})
    assert _stored() == []


def test_the_database_holds_the_bounds_too(world):
    row = _write(world)
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE facilitation_reflection SET rating_sharing = 5 WHERE id = :id"), {"id": row.id})
        db.session.commit()
    db.session.rollback()
    assert [r.rating(Principle.SHARING) for r in _stored()] == [3]


@pytest.mark.parametrize("value", [1, 4])
def test_the_ends_of_the_scale_are_kept(world, value):
    _write(world, ratings={p: value for p in Principle})
    assert set(_stored()[0].ratings().values()) == {value}


def test_every_rating_may_be_left_out_but_then_a_text_is_needed(world, clients):
    client = clients(world.facilitator)
    nothing = {key: "" for key in FULL}
    response = post_form(client, page_url(world.held), nothing)
    assert response.status_code == 422
    assert "Choose a rating or write a few words first." in response.get_data(as_text=True)
    assert _stored() == []
    assert post_form(client, page_url(world.held), nothing | {"text": "Only words"}).status_code == 302
    (row,) = _stored()
    assert row.ratings() == {p: None for p in Principle} and row.text == "Only words"
    # A rating alone is enough too (not sending a rating at all is the same as skipping it).
    response = post_form(clients(world.co_facilitator), page_url(world.held), {"rating_resources": "4"})
    assert response.status_code == 302
    assert [(r.text, r.rating(Principle.RESOURCES)) for r in _stored()] == [("Only words", None), ("", 4)]


def test_one_reflection_per_author_per_meeting_a_second_save_changes_it(world, clients):
    client = clients(world.facilitator)
    assert post_form(client, page_url(world.held), FULL).status_code == 302
    changed = FULL | {"rating_sharing": "1", "rating_work_identity": "4", "text": "Better wording"}
    assert post_form(client, page_url(world.held), changed).status_code == 302
    (row,) = _stored()
    assert row.text == "Better wording" and row.edited_at is not None
    assert (row.rating(Principle.SHARING), row.rating(Principle.WORK_IDENTITY)) == (1, 4)
    # The form comes back filled in with what was saved.
    page = client.get(page_url(world.held)).get_data(as_text=True)
    assert "Better wording" in page and "Change your reflection" in page
    assert re.search(r'<input[^>]*checked[^>]*name="rating_sharing"[^>]*value="1"', page) or re.search(
        r'<input[^>]*name="rating_sharing"[^>]*value="1"[^>]*checked', page
    )
    # A colleague writes their own, beside it.
    _write(world, by=world.co_facilitator, words="My own view")
    assert sorted((r.author_id, r.text) for r in _stored()) == sorted(
        [(world.facilitator.id, "Better wording"), (world.co_facilitator.id, "My own view")]
    )


def test_the_database_refuses_a_second_reflection_by_the_same_author(world):
    _write(world)
    db.session.add(FacilitationReflection(meeting_id=world.held.id, author_id=world.facilitator.id, text="Twice"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert len(_stored()) == 1


def test_not_before_the_meeting_starts(world, clients):
    response = post_form(clients(world.facilitator), page_url(world.coming), FULL)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "You can write it once the meeting has started." in page
    assert _stored() == []
    assert "You can write it once the meeting has started." in clients(world.facilitator).get(
        page_url(world.coming)
    ).get_data(as_text=True)
    start = world.coming.starts_at
    with pytest.raises(RuleConflict):
        services.save(world.facilitator, world.coming, {Principle.SHARING: 2}, "", now=start - timedelta(seconds=1))
    services.save(world.facilitator, world.coming, {Principle.SHARING: 2}, "", now=start)
    assert [r.meeting_id for r in _stored()] == [world.coming.id]


def test_not_about_a_meeting_that_did_not_take_place(world, clients):
    response = post_form(clients(world.facilitator), page_url(world.cancelled), FULL)
    assert response.status_code == 422
    assert "The meeting did not take place." in response.get_data(as_text=True)
    assert _stored() == []


def test_without_csrf_nothing_is_written(world, clients):
    response = clients(world.facilitator).post(page_url(world.held), data=FULL)
    assert response.status_code == 400
    assert _stored() == []


def test_too_long_text_comes_back_with_what_was_typed(world, clients):
    typed = "Lang tekst " + "x" * MAX_LENGTH
    response = post_form(clients(world.facilitator), page_url(world.held), FULL | {"text": typed})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert typed in page and f"Keep it to {MAX_LENGTH:d} characters or fewer" in page
    assert re.search(rf'<textarea[^>]*maxlength="{MAX_LENGTH}"', page)
    assert _stored() == []
    assert (
        post_form(clients(world.facilitator), page_url(world.held), FULL | {"text": "y" * MAX_LENGTH}).status_code
        == 302
    )


def test_the_text_is_encrypted_at_rest(world):
    row = _write(world)
    stored = db.session.execute(
        text("SELECT text FROM facilitation_reflection WHERE id = :id"), {"id": row.id}
    ).scalar_one()
    assert stored.startswith("gAAAAA") and "round" not in stored


def test_the_staff_meeting_page_leads_to_the_form_once_the_meeting_has_started(world, clients):
    client = clients(world.facilitator)
    held = client.get(f"/staff/meetings/{world.held.id}").get_data(as_text=True)
    assert "Write your reflection" in held and page_url(world.held) in held
    coming = client.get(f"/staff/meetings/{world.coming.id}").get_data(as_text=True)
    assert page_url(world.coming) not in coming
    cancelled = client.get(f"/staff/meetings/{world.cancelled.id}").get_data(as_text=True)
    assert page_url(world.cancelled) not in cancelled
    # A colleague of another group sees the link only when there is something to read.
    other = clients(world.other_facilitator)
    assert page_url(world.held) not in other.get(f"/staff/meetings/{world.held.id}").get_data(as_text=True)
    _write(world)
    page = other.get(f"/staff/meetings/{world.held.id}").get_data(as_text=True)
    assert "Read 1 reflection" in page and "Write your reflection" not in page
    assert "Change your reflection" in client.get(f"/staff/meetings/{world.held.id}").get_data(as_text=True)


def test_participants_never_see_them_not_on_their_pages_nor_in_their_export(world, clients):
    _write(world)
    page = clients(world.amira).get(f"/meetings/{world.held.id}").get_data(as_text=True)
    assert escape(TEXT) not in page and "Reflection on the meeting" not in page
    assert TEXT not in json.dumps(privacy.export_data(world.amira), ensure_ascii=False)


def test_the_authors_export_has_their_reflections(world):
    row = _write(world, ratings={Principle.CO_DETERMINATION: 4})
    _write(world, by=world.co_facilitator, words="Not mine")
    written = privacy.export_data(world.facilitator)["activity"]["facilitation_reflections_written"]
    assert written == [
        {
            "id": row.id,
            "meeting_id": world.held.id,
            "rating_co_determination": 4,
            "rating_sharing": None,
            "rating_resources": None,
            "rating_work_identity": None,
            "text": TEXT,
            "created_at": row.created_at.isoformat(),
            "edited_at": None,
        }
    ]


def test_when_the_author_is_deleted_the_reflection_stays_for_the_team_without_their_name(world, clients):
    _write(world)
    privacy.delete_account(world.facilitator)
    (row,) = _stored()
    assert row.author_id is None and row.text == TEXT
    page = clients(world.co_facilitator).get(page_url(world.held)).get_data(as_text=True)
    assert escape(TEXT) in page and "A former colleague" in page
    # The co-facilitator can still write their own.
    _write(world, by=world.co_facilitator, words="Mine")
    assert len(_stored()) == 2


def test_a_meeting_of_another_municipality_is_a_404_also_for_the_service(world):
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):
        _write(world, by=world.foreign_admin)
    assert _stored() == []
