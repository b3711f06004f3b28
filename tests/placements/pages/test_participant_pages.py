"""The participant's placement pages over HTTP: choose, switch, adjust, end; bad input; other people's things."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import uuid4

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.placements.models import Assignment, AssignmentStatus, HoursChange, Placement, PlacementChange
from app.placements.services import next_weekday, today
from tests.conftest import post_form
from tests.factories import make_municipality, make_placement, make_user


def key_of(page: str, prefix: str) -> str:
    return re.search(rf'name="{prefix}-key" type="hidden" value="([^"]+)"', page).group(1)


def choose(client, placement, hours="10", start=None, key=None, **extra):
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    data = {"choose-key": key or key_of(page, "choose"), "choose-hours": hours,
            "choose-start_date": (start or next_weekday(today())).isoformat(), **extra}  # fmt: skip
    return post_form(client, f"/placements/{placement.id}/choose", data)


def counts(db):
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Assignment, HoursChange, PlacementChange)
    ) + (db.session.scalar(select(func.sum(Placement.taken))),)


@pytest.fixture
def town(db):
    return make_municipality()


@pytest.fixture
def me(client, db, login_as, town):
    user = make_user(Role.PARTICIPANT, town)
    login_as(client, user)
    return user


def test_choose_over_http_takes_a_seat_and_shows_in_my_placements_and_my_week(client, db, me, town):
    placement = make_placement(town, seats=2, title="Værkstedet")
    response = choose(client, placement, hours="12")
    assert response.status_code == 302 and response.headers["Location"] == "/placements/mine"
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).taken == 1
    assert "Værkstedet" in client.get("/placements/mine").get_data(as_text=True)
    week = client.get("/week").get_data(as_text=True)
    assert placement.company.name in week and "12" in week


def test_double_tap_has_one_effect(client, db, me, town):
    placement = make_placement(town, seats=2)
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    key = key_of(page, "choose")
    assert choose(client, placement, key=key).status_code == 302
    again = choose(client, placement, key=key)
    assert again.status_code == 302  # "already done", not an error
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).taken == 1
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1


BAD_HOURS = ["-1", "0", "4", "21", "nan", "1e3", "١٠", "１０", "12345678901234567890", "", "10.5", " "]


@pytest.mark.parametrize("hours", BAD_HOURS)
def test_bad_hours_are_refused_with_the_input_kept_and_nothing_changed(client, db, me, town, hours):
    placement = make_placement(town, hours_min=5, hours_max=20)
    before = counts(db)
    response = choose(client, placement, hours=hours)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'class="error"' in body
    if hours.strip():
        assert f'value="{hours}"' in body
    assert counts(db) == before


@pytest.mark.parametrize("start", ["yesterday", "far", "garbage"])
def test_bad_start_dates_are_refused(client, db, me, town, start):
    placement = make_placement(town)
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    value = {"yesterday": (today() - timedelta(days=1)).isoformat(),
             "far": (today() + timedelta(days=200)).isoformat(), "garbage": "2026-13-45"}[start]  # fmt: skip
    data = {"choose-key": key_of(page, "choose"), "choose-hours": "10", "choose-start_date": value}
    before = counts(db)
    assert post_form(client, f"/placements/{placement.id}/choose", data).status_code == 422
    assert counts(db) == before


def test_full_and_closed_placements_refuse_with_a_message(client, db, me, town):
    full = make_placement(town, seats=1, taken=1)
    closed = make_placement(town, is_open=False)
    for placement in (full, closed):
        before = counts(db)
        assert 'name="choose-key"' not in client.get(f"/placements/{placement.id}").get_data(as_text=True)
        response = choose(client, placement, key=uuid4().hex)  # a form opened before it filled up
        assert response.status_code == 422 and 'class="error"' in response.get_data(as_text=True)
        assert counts(db) == before


@pytest.mark.parametrize("path", ["/placements/{id}", "/placements/{id}/choose", "/placements/{id}/switch"])
def test_other_municipality_placement_is_404(client, db, me, path):
    foreign = make_placement(make_municipality())
    url = path.format(id=foreign.id)
    response = client.get(url) if path == "/placements/{id}" else post_form(client, url, {})
    assert response.status_code == 404


@pytest.mark.parametrize("bad", ["0", "99999999", "2147483648", "99999999999999999999", "abc", "-1"])
def test_missing_or_garbage_placement_id_is_404(client, db, me, bad):
    assert client.get(f"/placements/{bad}").status_code == 404
    assert post_form(client, f"/placements/{bad}/choose", {}).status_code == 404


def test_someone_elses_assignment_cannot_be_adjusted_or_ended(client, make_client, db, login_as, me, town):
    placement = make_placement(town)
    other = make_user(Role.PARTICIPANT, town)
    their_client = make_client()
    login_as(their_client, other)
    assert choose(their_client, placement).status_code == 302
    theirs = db.session.scalar(select(Assignment).where(Assignment.user_id == other.id))
    for path in (f"/placements/mine/{theirs.id}/hours", f"/placements/mine/{theirs.id}/end"):
        assert client.get(path).status_code == 404
    hours = post_form(client, f"/placements/mine/{theirs.id}/hours", {"hours": "6", "effective": today().isoformat()})
    ended = post_form(client, f"/placements/mine/{theirs.id}/end", {"last_day": today().isoformat()})
    assert hours.status_code == ended.status_code == 404
    db.session.expire_all()
    kept = db.session.get(Assignment, theirs.id)
    assert (kept.status, kept.weekly_hours) == (AssignmentStatus.ACTIVE, 10)


def test_extra_user_id_field_is_ignored(client, db, me, town):
    placement = make_placement(town)
    other = make_user(Role.PARTICIPANT, town)
    assert choose(client, placement, user_id=str(other.id), **{"choose-user_id": str(other.id)}).status_code == 302
    assert db.session.scalar(select(Assignment.user_id)) == me.id


def test_switch_adjust_and_end_over_http(client, db, me, town):
    first = make_placement(town, title="Første")
    second = make_placement(town, title="Anden", hours_min=8, hours_max=30)
    start = next_weekday(today())
    assert choose(client, first, hours="10", start=start).status_code == 302
    mine = db.session.scalar(select(Assignment).where(Assignment.user_id == me.id))
    page = client.get(f"/placements/{second.id}").get_data(as_text=True)
    data = {
        "switch-key": key_of(page, "switch"),
        "switch-from_assignment": str(mine.id),
        "switch-hours": "15",
        "switch-start_date": (start + timedelta(days=7)).isoformat(),
        "switch-lesson": "Jeg kan lide værktøj",
    }
    assert post_form(client, f"/placements/{second.id}/switch", data).status_code == 302
    db.session.expire_all()
    rows = {a.placement_id: a for a in db.session.scalars(select(Assignment))}
    assert rows[first.id].status is AssignmentStatus.ENDED and rows[first.id].lesson == "Jeg kan lide værktøj"
    assert rows[second.id].status is AssignmentStatus.ACTIVE
    new = rows[second.id]
    adjust = post_form(client, f"/placements/mine/{new.id}/hours",
                       {"hours": "20", "effective": (start + timedelta(days=7)).isoformat()})  # fmt: skip
    assert adjust.status_code == 302
    too_many = post_form(client, f"/placements/mine/{new.id}/hours", {"hours": "31", "effective": today().isoformat()})
    assert too_many.status_code == 422 and 'value="31"' in too_many.get_data(as_text=True)
    end = post_form(client, f"/placements/mine/{new.id}/end",
                    {"last_day": (start + timedelta(days=20)).isoformat(), "reason": "Fik job"})  # fmt: skip
    assert end.status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, new.id).status is AssignmentStatus.ENDED
    assert db.session.get(Placement, second.id).taken == 0
    assert "Jeg kan lide værktøj" in client.get("/placements/mine").get_data(as_text=True)


def test_browse_filters_and_search(client, db, me, town):
    from app.placements.models import PlacementKind

    make_placement(town, title="Lagerarbejde", sector="Lager", hours_min=20, hours_max=30)
    make_placement(town, title="Café", sector="Café", kind=PlacementKind.PAID_HOURS, hours_min=5, hours_max=10)
    make_placement(town, title="Fuld butik", sector="Detail", seats=1, taken=1)

    def titles(query: str) -> set[str]:
        body = client.get(f"/placements?{query}").get_data(as_text=True)
        return {t for t in ("Lagerarbejde", "Café", "Fuld butik") if f">{t}</a>" in body}

    assert titles("") == {"Lagerarbejde", "Café", "Fuld butik"}
    assert titles("kind=paid_hours") == {"Café"}
    assert titles("sector=Lager") == {"Lagerarbejde"}
    assert titles("hours=25") == {"Lagerarbejde"}
    assert titles("free=y") == {"Lagerarbejde", "Café"}
    assert titles("q=lager") == {"Lagerarbejde"}
    assert titles("hours=%EF%BC%91%EF%BC%90&kind=nonsense&page=zz") == {"Lagerarbejde", "Café", "Fuld butik"}
