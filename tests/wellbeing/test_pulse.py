"""The participant's pulse: opt in, the card on My week, answering (page and offline queue, once per key), the
person's own trend, the support box at a very low WHO-5 (raw 7 and below, not 8), and the "I'd like to talk" request,
the only thing that ever tells anyone anything (a neutral inbox entry, no answers)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.db import utcnow
from app.extensions import db
from app.idempotency import AlreadyDone
from app.notifications.models import Delivery, Kind, Notification
from app.wellbeing import services
from app.wellbeing.models import PulseAnswer, PulseSetting, PulseStatus
from tests.api.conftest import new_key, send
from tests.conftest import post_form
from tests.test_query_budget import counting
from tests.wellbeing.conftest import answers

LOW = answers([2, 1, 1, 2, 1], [3, 3, 2], 2)  # WHO-5 raw 7 (28 of 100)
JUST_ABOVE = answers([2, 2, 1, 2, 1], [3, 3, 2], 2)  # raw 8 (32)
GOOD = answers([4, 4, 3, 3, 4], [1, 1, 1], 5)  # raw 18 (72)


def _form(values: dict) -> dict:
    return {name: "" if value is None else str(value) for name, value in values.items()}


def _answers() -> list[PulseAnswer]:
    db.session.expire_all()
    return list(db.session.scalars(select(PulseAnswer).order_by(PulseAnswer.id)))


def _notifications() -> int:
    return db.session.scalar(select(func.count()).select_from(Notification)) or 0


def _card(html: str) -> str | None:
    match = re.search(r'<section class="card pulse-card".*?</section>', html, re.S)
    return match.group(0) if match else None


def test_my_week_invites_until_the_person_decides(world, clients):
    client = clients(world.amira)
    card = _card(client.get("/week").get_data(as_text=True))
    assert card is not None and "How are you doing?" in card and "Yes, ask me" in card
    assert post_form(client, "/wellbeing/later").headers["Location"].endswith("/week")
    assert _card(client.get("/week").get_data(as_text=True)) is None  # not now: quiet this month
    assert services.card_for(world.amira, utcnow() + timedelta(days=35)) is services.Card.INVITE  # asked next month


def test_saying_yes_shows_the_pulse_card_until_answered(world, clients):
    client = clients(world.amira)
    assert post_form(client, "/wellbeing/join").headers["Location"].endswith("/wellbeing/pulse")
    card = _card(client.get("/week").get_data(as_text=True))
    assert card is not None and "Answer now" in card and "Skip this month" in card
    response = post_form(client, "/wellbeing/pulse", _form(GOOD))
    assert response.status_code == 302 and response.headers["Location"].endswith("/wellbeing")
    assert _card(client.get("/week").get_data(as_text=True)) is None
    (row,) = _answers()
    assert (row.user_id, row.group_id, row.who5_items(), row.lonely_items(), row.useful) == (
        world.amira.id,
        world.group.id,
        [4, 4, 3, 3, 4],
        [1, 1, 1],
        5,
    )
    assert services.card_for(world.amira, utcnow() + timedelta(days=35)) is services.Card.DUE  # next month


def test_turned_off_for_good_never_shows_a_card_again(world, clients):
    client = clients(world.amira)
    post_form(client, "/wellbeing/off")
    assert _card(client.get("/week").get_data(as_text=True)) is None
    for months in (1, 2, 12):
        assert services.card_for(world.amira, utcnow() + timedelta(days=31 * months)) is services.Card.NONE
    page = client.get("/wellbeing").get_data(as_text=True)
    assert "The check-in is off. We will not ask again, but you can start it yourself." in page


def test_skipping_a_month_hides_the_card_that_month_only(world, clients):
    services.join(world.amira)
    client = clients(world.amira)
    post_form(client, "/wellbeing/later")
    assert _card(client.get("/week").get_data(as_text=True)) is None
    assert services.card_for(world.amira, utcnow() + timedelta(days=35)) is services.Card.DUE
    assert _answers() == []


def test_every_question_may_be_left_out(world, clients):
    client = clients(world.amira)
    response = post_form(client, "/wellbeing/pulse", _form(answers([3, None, None, None, None], [None] * 3, None)))
    assert response.status_code == 302
    (row,) = _answers()
    assert row.who5_items() == [3, None, None, None, None] and row.lonely_items() == [None] * 3
    page = client.get("/wellbeing").get_data(as_text=True)
    assert re.search(r"data-wellbeing=\"\">–<", page)  # no WHO-5 score from one item


@pytest.mark.parametrize("bad", ["6", "-1", "abc", "3.5", "1e1"])
def test_an_answer_outside_the_scale_is_refused_and_nothing_is_saved(world, clients, bad):
    client = clients(world.amira)
    response = post_form(client, "/wellbeing/pulse", {**_form(GOOD), "who5_1": bad})
    assert response.status_code == 422
    assert _answers() == []


def test_the_service_refuses_values_outside_each_scale(world):
    for name, value in (
        ("who5_3", 6),
        ("lonely_1", 0),
        ("lonely_2", 4),
        ("useful", 0),
        ("useful", 6),
        ("who5_1", True),
    ):
        with pytest.raises(services.RuleConflict):
            services.answer(world.amira, {**GOOD, name: value})
    assert _answers() == []


def test_answering_again_in_a_month_changes_that_months_answer(world):
    services.answer(world.amira, GOOD)
    services.answer(world.amira, LOW)
    (row,) = _answers()
    assert row.who5_items() == [2, 1, 1, 2, 1]


def test_the_offline_queue_sends_the_pulse_once_per_key(world, clients):
    client = clients(world.amira)
    key = new_key()
    first = send(client, "/api/wellbeing/pulse", _form(GOOD), key=key)
    assert first.status_code == 201, first.get_data(as_text=True)
    again = send(client, "/api/wellbeing/pulse", _form(LOW), key=key)  # the queue resends after a lost answer
    assert again.status_code == 200 and again.get_json()["duplicate"] is True
    (row,) = _answers()
    assert row.who5_items() == [4, 4, 3, 3, 4]  # the first stands
    with pytest.raises(AlreadyDone):
        services.answer(world.amira, GOOD, key=key)


def test_the_offline_queue_gets_the_pages_errors(world, clients):
    client = clients(world.amira)
    response = send(client, "/api/wellbeing/pulse", {**_form(GOOD), "lonely_2": "7"})
    assert response.status_code == 422 and "lonely_2" in response.get_json()["fields"]
    assert _answers() == []


def test_the_pulse_page_is_kept_for_offline_use(world, clients):
    html = clients(world.amira).get("/wellbeing/pulse").get_data(as_text=True)
    assert 'data-queue="/api/wellbeing/pulse"' in html and 'name="key"' in html
    worker = clients(world.amira).get("/sw.js").get_data(as_text=True)
    assert '"/wellbeing/pulse"' in worker


def _support_box(client) -> bool:  # noqa: ANN001
    return "data-support-box" in client.get("/wellbeing").get_data(as_text=True)


def test_the_support_box_shows_at_raw_seven(world, clients):
    services.answer(world.amira, LOW)
    client = clients(world.amira)
    page = client.get("/wellbeing").get_data(as_text=True)
    assert "data-support-box" in page and "70 201 201" in page and "112" in page
    assert _notifications() == 0  # nobody is told anything


def test_no_support_box_at_raw_eight(world, clients):
    services.answer(world.amira, JUST_ABOVE)
    assert _support_box(clients(world.amira)) is False


def test_no_support_box_when_a_who5_item_is_left_out(world, clients):
    services.answer(world.amira, {**LOW, "who5_5": None})
    assert _support_box(clients(world.amira)) is False


def test_the_trend_shows_the_persons_own_months(world, clients):
    now = utcnow()
    services.answer(world.amira, GOOD, now=now - timedelta(days=62))
    services.answer(world.amira, JUST_ABOVE, now=now)
    page = clients(world.amira).get("/wellbeing").get_data(as_text=True)
    assert re.findall(r'<circle class="dot"[^>]*data-value="(\d+)"', page) == ["72", "32"]
    assert re.findall(r"data-wellbeing=\"(\d+)\"", page) == ["32", "72"]  # the table, newest first


def test_talk_request_tells_the_facilitators_and_nothing_else(world, clients):
    services.answer(world.amira, LOW)
    client = clients(world.amira)
    response = post_form(client, "/wellbeing/talk")
    assert response.status_code == 302
    db.session.expire_all()
    (note,) = db.session.scalars(select(Notification)).all()
    assert (note.user_id, note.kind, note.actor_id, note.url) == (
        world.facilitator.id,
        Kind.TALK_REQUESTED,
        world.amira.id,
        f"/staff/people/{world.amira.id}",
    )
    # The facilitator's inbox says who and nothing of why; the push says neither.
    inbox = clients(world.facilitator).get("/inbox").get_data(as_text=True)
    assert "Amira would like to talk with you" in inbox
    for secret in ("28", "WHO", "wellbeing", "lonely"):
        assert secret not in (note.url or "")
    for delivery in db.session.scalars(select(Delivery)):
        assert "Amira" not in json.dumps(delivery.__dict__, default=str)
    # Asking again the same day sends nothing more.
    post_form(client, "/wellbeing/talk")
    assert _notifications() == 1
    assert "Your facilitator was told" in client.get("/wellbeing").get_data(as_text=True)


def test_the_setting_remembers_the_choice(world, clients):
    client = clients(world.amira)
    post_form(client, "/wellbeing/join")
    db.session.expire_all()
    assert db.session.scalar(select(PulseSetting).filter_by(user_id=world.amira.id)).status is PulseStatus.ON
    post_form(client, "/wellbeing/off")
    db.session.expire_all()
    assert db.session.scalar(select(PulseSetting).filter_by(user_id=world.amira.id)).status is PulseStatus.OFF


def test_the_how_are_you_page_reads_the_setting_once(world, clients):
    """Status, this month's card and the talk request come from one read of the person's setting."""
    client = clients(world.amira)
    post_form(client, "/wellbeing/join")
    post_form(client, "/wellbeing/talk")
    client.get("/wellbeing")  # warm-up
    with counting(db.engine) as statements:
        page = client.get("/wellbeing").get_data(as_text=True)
    assert "Your facilitator was told" in page and 'action="/wellbeing/off"' in page
    assert sum("FROM pulse_setting" in statement for statement in statements) == 1, statements
