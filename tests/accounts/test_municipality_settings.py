"""The admin's settings for the municipality (/staff/settings): name, the default quiet hours, the weekly hours cap and
whether deletions need a confirmation. Each takes effect, in that municipality only; facilitators get 403."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import CheckConstraint, select, update
from sqlalchemy.exc import IntegrityError

from app.accounts import settings
from app.accounts.models import WEEKLY_CAP_MAX, WEEKLY_CAP_MIN, Municipality, Role
from app.errors import DomainError
from app.extensions import db
from app.notifications.prefs import prefs_for_update, prefs_of, send_at
from app.placements import services as placements
from app.privacy import services as privacy
from tests.conftest import csrf_token, post_form
from tests.factories import make_municipality, make_placement, make_user
from tests.placements.test_rules import _newest_migration_text

PAGE = "/staff/settings"


def _form(town: Municipality, **change: str) -> dict:
    data = {
        "name": town.name,
        "weekly_hours_cap": str(town.weekly_hours_cap),
        "quiet_start": town.default_quiet_start.strftime("%H:%M"),
        "quiet_end": town.default_quiet_end.strftime("%H:%M"),
    }
    if town.deletion_needs_confirmation:
        data["deletion_needs_confirmation"] = "y"
    data.update(change)
    return {key: value for key, value in data.items() if value is not None}


def _fresh(town: Municipality) -> Municipality:
    db.session.expire_all()
    return db.session.get(Municipality, town.id)


@pytest.fixture
def town(db):  # noqa: ANN001
    return make_municipality("Roskilde")


@pytest.fixture
def other(db):  # noqa: ANN001
    return make_municipality("Køge")


@pytest.fixture
def admin(client, login_as, town):  # noqa: ANN001
    login_as(client, make_user(Role.ADMIN, town, language="en"))
    return client


def test_the_page_shows_the_current_settings(admin, town):
    page = admin.get(PAGE).get_data(as_text=True)
    assert 'value="Roskilde"' in page and 'value="37"' in page
    assert 'value="21:00"' in page and 'value="08:00"' in page
    assert f"from {WEEKLY_CAP_MIN} to {WEEKLY_CAP_MAX}" in page


def test_the_admin_renames_the_municipality(admin, town, other):
    response = post_form(admin, PAGE, _form(town, name="  Roskilde   Kommune "))
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    assert "The settings are saved." in admin.get(PAGE).get_data(as_text=True)
    assert _fresh(town).name == "Roskilde Kommune"
    assert _fresh(other).name == "Køge"


def test_the_weekly_cap_is_the_participants_municipalitys(admin, town, other):
    assert post_form(admin, PAGE, _form(town, weekly_hours_cap="20")).status_code == 302
    assert _fresh(town).weekly_hours_cap == 20 and _fresh(other).weekly_hours_cap == 37
    me, neighbour = make_user(Role.PARTICIPANT, town), make_user(Role.PARTICIPANT, other)
    start = placements.next_weekday(placements.today())
    placements.choose(me, make_placement(town), start=start, hours=15, key=uuid4().hex)
    with pytest.raises(DomainError) as refused:
        placements.choose(me, make_placement(town), start=start, hours=6, key=uuid4().hex)
    assert refused.value.field == "hours" and "21" in refused.value.message and "20" in refused.value.message
    assert placements.weekly_cap(me) == 20 and placements.weekly_cap(neighbour) == 37
    placements.choose(me, make_placement(town), start=start, hours=5, key=uuid4().hex)  # 20: exactly the cap
    placements.choose(neighbour, make_placement(other, hours_max=20), start=start, hours=20, key=uuid4().hex)
    placements.choose(neighbour, make_placement(other), start=start, hours=15, key=uuid4().hex)  # 35 in Køge


@pytest.mark.parametrize("typed", ["0", str(WEEKLY_CAP_MAX + 1), "-3", "ti", "7.5", ""])
def test_a_cap_out_of_bounds_is_refused_with_a_clear_message_and_the_typed_values_kept(admin, town, typed):
    response = post_form(admin, PAGE, _form(town, name="Nyt navn", weekly_hours_cap=typed))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'value="{typed}"' in page and 'value="Nyt navn"' in page
    expected = (
        "Write a whole number with the digits 0-9."
        if typed in ("-3", "ti", "7.5")
        else f"Write a number of hours from {WEEKLY_CAP_MIN} to {WEEKLY_CAP_MAX}."
    )
    assert expected in page
    assert _fresh(town).weekly_hours_cap == 37 and _fresh(town).name == "Roskilde"


@pytest.mark.parametrize("cap", [WEEKLY_CAP_MIN - 1, WEEKLY_CAP_MAX + 1])
def test_the_service_refuses_a_cap_out_of_bounds(town, cap):
    admin = make_user(Role.ADMIN, town)
    with pytest.raises(DomainError) as refused:
        settings.update(admin, **{**settings.current(town), "weekly_hours_cap": cap})
    assert refused.value.field == "weekly_hours_cap"
    assert _fresh(town).weekly_hours_cap == 37


@pytest.mark.parametrize("cap", [WEEKLY_CAP_MIN, WEEKLY_CAP_MAX])
def test_the_bounds_themselves_are_fine(admin, town, cap):
    assert post_form(admin, PAGE, _form(town, weekly_hours_cap=str(cap))).status_code == 302
    assert _fresh(town).weekly_hours_cap == cap


def test_new_municipalities_get_the_configured_cap(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "WEEKLY_HOURS_CAP", 30)
    assert make_municipality().weekly_hours_cap == 30


def test_new_participants_get_the_default_quiet_hours(admin, town, other):
    chose_own = make_user(Role.PARTICIPANT, town)
    prefs_for_update(chose_own.id).quiet_start = time(23, 0)
    db.session.commit()
    assert post_form(admin, PAGE, _form(town, quiet_start="22:30", quiet_end="06:45")).status_code == 302
    assert (_fresh(town).default_quiet_start, _fresh(town).default_quiet_end) == (time(22, 30), time(6, 45))

    newcomer, elsewhere = make_user(Role.PARTICIPANT, town), make_user(Role.PARTICIPANT, other)
    prefs = prefs_of([newcomer.id, elsewhere.id, chose_own.id])
    assert (prefs[newcomer.id].quiet_start, prefs[newcomer.id].quiet_end) == (time(22, 30), time(6, 45))
    assert (prefs[elsewhere.id].quiet_start, prefs[elsewhere.id].quiet_end) == (time(21, 0), time(8, 0))
    assert (prefs[chose_own.id].quiet_start, prefs[chose_own.id].quiet_end) == (time(23, 0), time(8, 0))
    # It takes effect: a push at 22:00 local (winter) goes out now in Køge, at 06:45 in Roskilde.
    at_ten = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
    assert send_at(prefs[elsewhere.id], at_ten, urgent=False) == datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    assert send_at(prefs[newcomer.id], at_ten, urgent=False) == at_ten
    assert send_at(prefs[newcomer.id], at_ten + timedelta(hours=1), urgent=False) == datetime(
        2026, 11, 28, 5, 45, tzinfo=UTC
    )
    # Their settings page shows it, and saving anything keeps it as their own.
    assert prefs_for_update(newcomer.id).quiet_start == time(22, 30)


def test_quiet_hours_must_start_and_end_at_different_times(admin, town):
    page = post_form(admin, PAGE, _form(town, quiet_start="22:00", quiet_end="22:00")).get_data(as_text=True)
    assert "Quiet hours must end at another time than they start." in page
    assert 'value="22:00"' in page
    assert _fresh(town).default_quiet_start == time(21, 0)


def test_the_deletion_confirmation_mode(admin, town, other):
    person = make_user(Role.PARTICIPANT, town)
    assert post_form(admin, PAGE, _form(town, deletion_needs_confirmation="y")).status_code == 302
    assert _fresh(town).deletion_needs_confirmation is True and _fresh(other).deletion_needs_confirmation is False
    assert privacy.ask_to_delete(person) is False  # a request waits for a facilitator
    assert privacy.pending_request(person) is not None
    assert post_form(admin, PAGE, _form(_fresh(town), deletion_needs_confirmation=None)).status_code == 302
    assert _fresh(town).deletion_needs_confirmation is False
    assert privacy.ask_to_delete(make_user(Role.PARTICIPANT, town)) is True  # deleted at once


def test_the_deletions_page_says_the_mode_and_links_here_for_admins(admin, client, login_as, town):
    assert 'href="/staff/settings"' in admin.get("/staff/deletions").get_data(as_text=True)
    login_as(client, make_user(Role.FACILITATOR, town, language="en"))
    page = client.get("/staff/deletions").get_data(as_text=True)
    assert "are deleted at once" in page and 'href="/staff/settings"' not in page


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.PARTICIPANT])
def test_only_an_admin_may(client, login_as, town, role):
    user = make_user(role, town)
    login_as(client, user)
    assert client.get(PAGE).status_code == 403
    assert post_form(client, PAGE, _form(town, name="Hacked", weekly_hours_cap="60")).status_code == 403
    assert _fresh(town).name == "Roskilde"
    with pytest.raises(DomainError):
        settings.update(user, **{**settings.current(town), "name": "Hacked"})
    assert _fresh(town).name == "Roskilde"


def test_the_navigation_has_settings_for_admins_only(admin, client, login_as, town):
    assert f'href="{PAGE}"' in admin.get("/staff/events").get_data(as_text=True)
    login_as(client, make_user(Role.FACILITATOR, town))
    assert f'href="{PAGE}"' not in client.get("/staff/events").get_data(as_text=True)


def test_without_the_csrf_token_nothing_changes(admin, town):
    assert admin.post(PAGE, data=_form(town, name="Uden token")).status_code == 400
    assert _fresh(town).name == "Roskilde"
    token = csrf_token(admin, PAGE)
    assert admin.post(PAGE, data={**_form(town, name="Med token"), "csrf_token": token}).status_code == 302
    assert _fresh(town).name == "Med token"


def test_an_admin_changes_only_their_own_municipality(admin, town, other):
    post_form(admin, PAGE, _form(town, name="Ny", weekly_hours_cap="12", quiet_start="20:00"))
    untouched = _fresh(other)
    assert (untouched.name, untouched.weekly_hours_cap, untouched.default_quiet_start) == ("Køge", 37, time(21, 0))
    assert db.session.scalar(select(Municipality.name).where(Municipality.id == town.id)) == "Ny"


def test_an_empty_name_is_refused(admin, town):
    page = post_form(admin, PAGE, _form(town, name="   ")).get_data(as_text=True)
    assert "Write the municipality" in page
    assert _fresh(town).name == "Roskilde"


def test_the_cap_bounds_are_declared_once_and_the_database_holds_them(town):
    column = Municipality.__table__.c.weekly_hours_cap
    (check,) = (c for c in column.constraints if isinstance(c, CheckConstraint))
    assert check.name == "ck_municipality_weekly_hours_cap_range"
    assert str(check.sqltext) == f"weekly_hours_cap >= {WEEKLY_CAP_MIN} AND weekly_hours_cap <= {WEEKLY_CAP_MAX}"
    assert _newest_migration_text(check.name) == str(check.sqltext)
    for cap, refused in [(WEEKLY_CAP_MIN, False), (WEEKLY_CAP_MAX, False), (0, True), (WEEKLY_CAP_MAX + 1, True)]:
        try:
            db.session.execute(update(Municipality).where(Municipality.id == town.id).values(weekly_hours_cap=cap))
            db.session.flush()
        except IntegrityError:
            assert refused, cap
        else:
            assert not refused, cap
        finally:
            db.session.rollback()
