"""Roles and municipality scoping of the staff pages; admins deactivate accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, User
from tests.conftest import post_form
from tests.factories import make_municipality, make_user

STAFF_PAGES = ["/staff", "/staff/people/", "/staff/people/new"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_participant_cannot_reach_staff_pages(client, db, login_as, path):
    login_as(client, make_user(Role.PARTICIPANT))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", STAFF_PAGES)
@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMIN])
def test_staff_reach_staff_pages(client, db, login_as, path, role):
    login_as(client, make_user(role))
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", [*STAFF_PAGES, "/week", "/me", "/me/password"])
def test_anonymous_is_redirected_or_gets_401_json(client, path):
    html = client.get(path)
    assert html.status_code == 302 and html.headers["Location"].startswith("/login?next=")
    api = client.get(path, headers={"Accept": "application/json"})
    assert api.status_code == 401 and api.json["error"] == "unauthorized"


def test_staff_cannot_use_my_week(client, db, login_as):
    login_as(client, make_user(Role.FACILITATOR))
    assert client.get("/week").status_code == 403
    assert client.get("/").headers["Location"] == "/staff"


def test_facilitator_sees_only_participants_of_own_municipality(client, db, login_as):
    town, other_town = make_municipality(), make_municipality()
    facilitator = make_user(Role.FACILITATOR, town)
    mine = make_user(Role.PARTICIPANT, town, name="Min Ung")
    colleague = make_user(Role.FACILITATOR, town, name="Kollega")
    theirs = make_user(Role.PARTICIPANT, other_town, name="Fremmed Ung")
    login_as(client, facilitator)
    page = client.get("/staff/people/").get_data(as_text=True)
    assert "Min Ung" in page and "Fremmed Ung" not in page and "Kollega" not in page
    assert client.get(f"/staff/people/{mine.id}").status_code == 200
    assert client.get(f"/staff/people/{theirs.id}").status_code == 404
    assert client.get(f"/staff/people/{colleague.id}").status_code == 404
    assert post_form(client, f"/staff/people/{theirs.id}/invite").status_code == 404


def test_admin_of_another_municipality_gets_404(client, db, login_as):
    admin = make_user(Role.ADMIN)
    stranger = make_user(Role.PARTICIPANT)
    login_as(client, admin)
    assert client.get(f"/staff/people/{stranger.id}").status_code == 404
    assert post_form(client, f"/staff/people/{stranger.id}/active").status_code == 404
    db.session.expire_all()
    assert db.session.get(User, stranger.id).active is True


def test_facilitator_cannot_create_facilitators_but_admin_can(client, make_client, db, login_as):
    town = make_municipality()
    login_as(client, make_user(Role.FACILITATOR, town))
    data = {"display_name": "Ny Konsulent", "email": "k@example.test", "role": "facilitator", "language": "da"}
    assert post_form(client, "/staff/people/new", data).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "k@example.test")) == 0
    admin = make_client()
    login_as(admin, make_user(Role.ADMIN, town))
    assert post_form(admin, "/staff/people/new", data).status_code == 302
    created = db.session.scalar(select(User).where(User.email == "k@example.test"))
    assert created.role is Role.FACILITATOR and created.municipality_id == town.id


def test_new_person_gets_the_staff_municipality_not_a_posted_one(client, db, login_as):
    town, other = make_municipality(), make_municipality()
    login_as(client, make_user(Role.FACILITATOR, town))
    data = {"display_name": "U", "email": "u@example.test", "role": "participant", "municipality_id": str(other.id)}
    assert post_form(client, "/staff/people/new", {**data, "language": "da"}).status_code == 302
    assert db.session.scalar(select(User.municipality_id).where(User.email == "u@example.test")) == town.id


def test_duplicate_email_is_refused_case_insensitively(client, db, login_as):
    town = make_municipality()
    make_user(Role.PARTICIPANT, town, email="same@example.test")
    login_as(client, make_user(Role.FACILITATOR, town))
    data = {"display_name": "Dublet", "email": "SAME@Example.test", "role": "participant", "language": "da"}
    response = post_form(client, "/staff/people/new", data)
    assert response.status_code == 200
    assert 'value="Dublet"' in response.get_data(as_text=True)  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_admin_deactivation_ends_live_sessions(client, make_client, db, login_as):
    town = make_municipality()
    person = make_user(Role.PARTICIPANT, town)
    phone = make_client()
    login_as(phone, person)
    assert phone.get("/week").status_code == 200
    login_as(client, make_user(Role.ADMIN, town))
    assert post_form(client, f"/staff/people/{person.id}/active").status_code == 302
    assert phone.get("/week").status_code == 302
    # Reactivating does not bring the old session back.
    assert post_form(client, f"/staff/people/{person.id}/active").status_code == 302
    assert phone.get("/week").status_code == 302


def test_facilitator_cannot_deactivate(client, db, login_as):
    town = make_municipality()
    person = make_user(Role.PARTICIPANT, town)
    login_as(client, make_user(Role.FACILITATOR, town))
    assert post_form(client, f"/staff/people/{person.id}/active").status_code == 403


def test_admin_cannot_deactivate_self(client, db, login_as):
    admin = make_user(Role.ADMIN)
    login_as(client, admin)
    post_form(client, f"/staff/people/{admin.id}/active")
    db.session.expire_all()
    assert db.session.get(User, admin.id).active is True


def test_every_route_has_an_access_expectation(app):
    """A new route must be added here with who may use it, so none is left open by accident."""
    expected = {
        "static", "health.healthz", "dashboard.home", "accounts.login", "accounts.logout", "accounts.invite",
        "accounts.profile", "accounts.change_password", "accounts.logout_all", "dashboard.my_week",
        "dashboard.staff", "people.index", "people.create", "people.detail", "people.new_link", "people.set_active",
        "people.confirm_set_active",
        "groups.add_facilitator", "groups.add_member", "groups.detail", "groups.edit",
        "groups.end_membership", "groups.confirm_end_membership", "groups.undo_end_membership", "groups.index",
        "groups.move_member",
        "meetings.calendar_page", "meetings.cancel", "meetings.check_in", "meetings.detail", "meetings.edit",
        "meetings.feed", "meetings.ics", "meetings.index", "meetings.mark_present", "meetings.remove_checkin",
        "meetings.open_checkin", "meetings.screen", "meetings.new_extra_meeting",
        "meetings.confirm_cancel", "meetings.reinstate", "meetings.renew_calendar", "meetings.rsvp",
        "meetings.staff_detail",
        "meetings.new_group", "meetings.generate_meetings",
        "companies.index", "companies.create", "companies.edit", "companies.toggle_active",
        "events.index", "events.detail", "events.signup", "events.cancel_signup", "events.interest",
        "events.staff_index", "events.staff_create", "events.staff_detail", "events.staff_edit", "events.staff_cancel",
        "events.staff_confirm_cancel",
        "events.staff_mark_came", "events.staff_unmark_came", "accounts.municipality_settings",
        "placements.staff_index", "placements.staff_create", "placements.staff_edit", "placements.staff_toggle",
        "placements.staff_detail", "placements.staff_overview", "placements.staff_person", "placements.staff_changes",
        "placements.adjust", "placements.choose", "placements.detail", "placements.end", "placements.index",
        "placements.mine", "placements.switch", "placements.join_waitlist", "placements.leave_waitlist",
        "reflections.create", "reflections.delete", "reflections.detail", "reflections.react",
        "reflections.edit", "reflections.index", "reflections.respond", "reflections.share", "reflections.staff_feed",
        "reflections.staff_read", "privacy.cancel", "privacy.delete", "privacy.export", "privacy.goodbye",
        "privacy.index", "privacy.staff_confirm", "privacy.staff_deletions",
        "pwa.manifest", "pwa.service_worker", "pwa.offline",
        "api.write_reflection", "api.rsvp", "api.adjust_hours",
        "notifications.push_key", "notifications.subscribe", "notifications.unsubscribe",
        "notifications.remove_device", "notifications.send_test", "notifications.settings_page", "notifications.pause",
        "notifications.resume", "notifications.inbox_page", "notifications.open_notification",
        "notifications.mark_read", "notifications.mark_all_read", "groups.post_message", "messages.detail",
        "placements.follow_sector", "placements.unfollow_sector",
        "notes.index", "notes.add", "notes.edit", "notes.delete", "notes.confirm_delete",
        "facilitation.meeting", "facilitation.save", "facilitation.month",
        "accounts.login_code", "accounts.second_factor", "accounts.second_factor_start",
        "accounts.second_factor_confirm", "accounts.second_factor_new_codes",
        "public.privacy", "public.security_txt",
        "workidentity.page", "workidentity.strengths", "workidentity.add_item", "workidentity.place_item",
        "workidentity.remove_item", "workidentity.pick_reflections", "workidentity.next_steps", "workidentity.share",
        "workidentity.cv_details", "workidentity.add_education", "workidentity.remove_education",
        "workidentity.cv_print", "workidentity.cv_pdf", "workidentity.staff_view",
        "programme.report_exit", "programme.staff_exit", "programme.staff_followup",
        "reports.index", "reports.export_csv", "reports.create_key", "reports.wellbeing_csv",
        "wellbeing.index", "wellbeing.pulse", "wellbeing.join", "wellbeing.later", "wellbeing.off", "wellbeing.talk",
        "api.answer_pulse",
    }  # fmt: skip
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == expected
