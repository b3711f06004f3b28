"""End to end through the real features: what reaches a device (decrypted by the local push service) carries
a kind, an opaque id, generic text and an inbox URL — never a name, a message, a reflection or a response."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from app.accounts.models import Role
from app.db import utcnow
from app.groups.messages import post_message
from app.notifications.inbox import latest
from app.notifications.payload import PAYLOAD_KEYS
from app.notifications.worker import run_once
from app.placements import services as placements
from app.reflections import services as reflections
from app.reflections.models import Visibility
from tests.factories import add_to_group, make_group, make_municipality, make_placement, make_user
from tests.push.helpers import add_device

SECRETS = ("Frederikke Hansen-Østergaard", "Jens Facilitator-Kvist", "Solsikkegruppen", "Kaffebaren Ved Havnen",
           "jeg var bange for at ringe", "Flot klaret, du turde", "Vi mødes i Ringsted på fredag")  # fmt: skip


def test_no_name_message_or_reflection_reaches_a_device(app, db, pushing):
    town = make_municipality()
    facilitator = make_user(Role.FACILITATOR, town, name=SECRETS[1])
    participant = make_user(Role.PARTICIPANT, town, name=SECRETS[0])
    group = make_group(town, name=SECRETS[2])
    add_to_group(group, facilitator, "facilitator")
    add_to_group(group, participant)
    placement = make_placement(town, title=SECRETS[3])
    add_device(pushing, participant, "participant-phone")
    add_device(pushing, facilitator, "facilitator-phone")

    post_message(facilitator, group, SECRETS[6])  # → the participant
    placements.choose(
        participant, placement, start=placements.next_weekday(placements.today()), hours=10, key=uuid4().hex
    )  # fmt: skip  → the facilitator
    reflection = reflections.write(participant, text=SECRETS[4])
    reflections.share(participant, reflection, Visibility.FACILITATORS, None)  # → the facilitator
    reflections.respond(facilitator, reflection.id, SECRETS[5])  # → the participant

    run_once(now=utcnow() + timedelta(days=1))  # past anyone's quiet hours

    to_participant = pushing.delivered("participant-phone")
    to_facilitator = pushing.delivered("facilitator-phone")
    assert sorted(m.json()["kind"] for m in to_participant) == ["group_message", "reflection_response"]
    assert sorted(m.json()["kind"] for m in to_facilitator) == ["placement_change", "reflection_shared"]
    assert not pushing.rejected()
    for message in to_participant + to_facilitator:
        data = message.json()
        assert sorted(data) == sorted(PAYLOAD_KEYS)
        assert data["url"] == f"/inbox/{data['id']}"
        text = message.payload.decode()
        for secret in (*SECRETS, participant.email, facilitator.email):
            assert secret.lower() not in text.lower(), (secret, data["kind"])
        for word in ("Frederikke", "Jens", "Ringsted", "bange"):
            assert word.lower() not in text.lower()
    # The inbox, behind the login, names who did it (the rows hold the actor); the pushes above never do.
    with app.test_request_context("/?lang=da"):
        titles = sorted(entry.title for entry in latest(facilitator))
    assert titles == [f"{SECRETS[0]} har delt en refleksion med dig", f"{SECRETS[0]} har ændret sin praktik"]
