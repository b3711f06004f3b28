"""Destructive staff actions ask first (a confirmation page, no JavaScript needed), and taking someone out
of a group can be undone right after."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.accounts.models import Role, User
from app.errors import DomainError
from app.extensions import db as _db
from app.groups import services
from app.groups.models import Membership
from tests.conftest import post_form
from tests.factories import add_to_group, make_group, make_municipality, make_user


@pytest.fixture
def setup(db):  # noqa: ANN001, ANN201
    town = make_municipality()
    facilitator = make_user(Role.FACILITATOR, town)
    group = make_group(town, name="Tirsdagsgruppen")
    add_to_group(group, facilitator, "facilitator")
    amira = make_user(Role.PARTICIPANT, town, name="Amira")
    membership = add_to_group(group, amira)
    return facilitator, group, amira, membership


def test_taking_out_asks_first_then_can_be_undone(client, login_as, setup):
    facilitator, group, amira, membership = setup
    login_as(client, facilitator)
    end = f"/staff/groups/{group.id}/members/{membership.id}/end"
    page = client.get(f"{end}/confirm").get_data(as_text=True)
    assert "Tag Amira ud af Tirsdagsgruppen?" in page and f'action="{end}"' in page
    assert _db.session.get(Membership, membership.id).left_at is None  # asking changes nothing

    assert post_form(client, end).status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Membership, membership.id).left_at is not None
    page = client.get(f"/staff/groups/{group.id}").get_data(as_text=True)
    undo = f"/staff/groups/{group.id}/members/{membership.id}/undo"
    assert f'action="{undo}"' in page
    assert f'action="{undo}"' not in client.get(f"/staff/groups/{group.id}").get_data(as_text=True)  # offered once

    assert post_form(client, undo).status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Membership, membership.id).left_at is None


def test_undo_only_right_after_and_not_into_a_second_group(setup):
    facilitator, group, amira, membership = setup
    services.end_membership(facilitator, membership)
    left = _db.session.get(Membership, membership.id).left_at
    with pytest.raises(DomainError, match="for sent"):
        services.undo_end_membership(facilitator, membership, now=left + services.UNDO_WITHIN + timedelta(seconds=1))
    services.add_member(facilitator, make_group(facilitator.municipality), amira)
    with pytest.raises(DomainError, match="anden gruppe"):
        services.undo_end_membership(facilitator, membership, now=left + timedelta(minutes=1))
    assert _db.session.get(Membership, membership.id).left_at == left


def test_the_confirmation_and_undo_are_staff_only_and_in_their_municipality(client, login_as, setup):
    facilitator, group, amira, membership = setup
    base = f"/staff/groups/{group.id}/members/{membership.id}"
    login_as(client, amira)
    assert client.get(f"{base}/end/confirm").status_code == 403
    assert post_form(client, f"{base}/undo").status_code == 403
    login_as(client, make_user(Role.FACILITATOR, make_municipality()))
    assert client.get(f"{base}/end/confirm").status_code == 404
    assert post_form(client, f"{base}/undo").status_code == 404
    client.post(f"{base}/end")  # no CSRF token: nothing happens
    assert _db.session.get(Membership, membership.id).left_at is None


def test_deactivating_a_person_asks_first(client, login_as, setup):
    facilitator, _group, amira, _membership = setup
    admin = make_user(Role.ADMIN, facilitator.municipality)
    login_as(client, admin)
    page = client.get(f"/staff/people/{amira.id}").get_data(as_text=True)
    assert f'href="/staff/people/{amira.id}/active/confirm"' in page
    assert f'action="/staff/people/{amira.id}/active"' not in page  # no one-tap deactivation
    page = client.get(f"/staff/people/{amira.id}/active/confirm").get_data(as_text=True)
    assert "Deaktivér kontoen for Amira?" in page and f'action="/staff/people/{amira.id}/active"' in page
    assert _db.session.get(User, amira.id).active is True
    login_as(client, facilitator)
    assert client.get(f"/staff/people/{amira.id}/active/confirm").status_code == 403


def test_cancelling_a_meeting_asks_first_with_the_reason_on_the_question_page(client, login_as, setup):
    from app.meetings.models import Meeting
    from app.meetings.schedule import generate_meetings

    facilitator, group, _amira, _membership = setup
    meeting = generate_meetings(group, weeks=1)[0]
    login_as(client, facilitator)
    page = client.get(f"/staff/meetings/{meeting.id}").get_data(as_text=True)
    assert f'href="/staff/meetings/{meeting.id}/cancel/confirm"' in page
    assert f'action="/staff/meetings/{meeting.id}/cancel"' not in page  # no one-tap cancelling
    page = client.get(f"/staff/meetings/{meeting.id}/cancel/confirm").get_data(as_text=True)
    assert (
        "Aflys mødet" in page and "Tirsdagsgruppen" in page and f'action="/staff/meetings/{meeting.id}/cancel"' in page
    )
    assert _db.session.get(Meeting, meeting.id).cancelled_at is None
    assert post_form(client, f"/staff/meetings/{meeting.id}/cancel", {"reason": "Sygdom"}).status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Meeting, meeting.id).cancelled_at is not None
    assert client.get(f"/staff/meetings/{meeting.id}/cancel/confirm").status_code == 302  # already cancelled


def test_deleting_a_note_asks_first(client, login_as, setup):
    from app.notes import services as notes

    facilitator, _group, amira, _membership = setup
    note = notes.add(facilitator, amira, "Amira hjalp en ny i gruppen.")
    login_as(client, facilitator)
    page = client.get(f"/staff/people/{amira.id}").get_data(as_text=True)
    confirm = f"/staff/people/{amira.id}/notes/{note.id}/delete/confirm"
    assert f'href="{confirm}"' in page and f'action="/staff/people/{amira.id}/notes/{note.id}/delete"' not in page
    assert "Slet notatet om Amira?" in client.get(confirm).get_data(as_text=True)
    login_as(client, make_user(Role.ADMIN, facilitator.municipality))
    assert client.get(confirm).status_code == 404  # only the author deletes


def test_cancelling_a_match_event_asks_first(client, login_as, setup):
    from app.events.models import MatchEvent
    from tests.factories import make_event

    facilitator, _group, _amira, _membership = setup
    event = make_event(facilitator.municipality, title="Match-event i hallen")
    login_as(client, facilitator)
    page = client.get(f"/staff/events/{event.id}").get_data(as_text=True)
    assert f'href="/staff/events/{event.id}/cancel/confirm"' in page
    assert f'action="/staff/events/{event.id}/cancel"' not in page  # no one-tap cancelling
    page = client.get(f"/staff/events/{event.id}/cancel/confirm").get_data(as_text=True)
    assert "Aflys matcharrangementet Match-event i hallen?" in page
    assert f'action="/staff/events/{event.id}/cancel"' in page
    assert _db.session.get(MatchEvent, event.id).cancelled_at is None
    login_as(client, make_user(Role.FACILITATOR, make_municipality()))
    assert client.get(f"/staff/events/{event.id}/cancel/confirm").status_code == 404
