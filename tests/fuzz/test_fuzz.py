"""Fuzzing every route of the url_map with Hypothesis, logged in as each role, on SQLite and PostgreSQL:

- no answer is a 500 (whatever the text, type, size or shape of what is sent);
- a refused request (4xx) changes no stored data;
- nothing that was sent shows up in the logs (marked text is sent, and the marker looked for).

FUZZ_EXAMPLES (default 3) is the number of examples per route and method in `make test`; `make fuzz` runs many more.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select, text
from werkzeug.routing import Rule

from app.accounts import sessions
from app.accounts.models import Role, User
from app.errors import JSON_ENDPOINTS
from app.extensions import db as _db
from tests.factories import make_user
from tests.fuzz.strategies import (
    MARKER,
    field_value,
    form_fields,
    garbage_text,
    hostile_text,
    json_body,
    marked_text,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))  # per route, method and role that gets in (others: 1)

# Every endpoint of the url_map. A new route must be added here (test_every_route_is_fuzzed fails otherwise).
FUZZED = {
    "static", "health.healthz",
    "accounts.change_password", "accounts.invite", "accounts.login", "accounts.login_code", "accounts.logout",
    "accounts.logout_all", "accounts.profile", "accounts.second_factor", "accounts.second_factor_confirm",
    "accounts.second_factor_new_codes", "accounts.second_factor_start", "accounts.municipality_settings",
    "api.adjust_hours", "api.rsvp", "api.write_reflection", "api.answer_pulse",
    "companies.create", "companies.edit", "companies.index", "companies.toggle_active",
    "dashboard.home", "dashboard.my_week", "dashboard.staff",
    "events.cancel_signup", "events.detail", "events.index", "events.interest", "events.signup",
    "events.staff_cancel", "events.staff_create", "events.staff_detail", "events.staff_edit", "events.staff_index",
    "events.staff_mark_came", "events.staff_unmark_came", "events.staff_confirm_cancel",
    "facilitation.meeting", "facilitation.month", "facilitation.save",
    "groups.add_facilitator", "groups.add_member", "groups.confirm_end_membership", "groups.detail", "groups.edit",
    "groups.end_membership", "groups.index", "groups.move_member", "groups.post_message", "groups.undo_end_membership",
    "meetings.calendar_page", "meetings.cancel", "meetings.check_in", "meetings.confirm_cancel", "meetings.detail",
    "meetings.edit", "meetings.feed", "meetings.generate_meetings", "meetings.ics", "meetings.index",
    "meetings.mark_present", "meetings.new_extra_meeting", "meetings.new_group", "meetings.open_checkin",
    "meetings.reinstate", "meetings.remove_checkin", "meetings.renew_calendar", "meetings.rsvp", "meetings.screen",
    "meetings.staff_detail",
    "messages.detail",
    "programme.report_exit", "programme.staff_exit", "programme.staff_followup",
    "reports.create_key", "reports.export_csv", "reports.index", "reports.wellbeing_csv",
    "notes.add", "notes.confirm_delete", "notes.delete", "notes.edit", "notes.index",
    "notifications.inbox_page", "notifications.mark_all_read", "notifications.mark_read",
    "notifications.open_notification", "notifications.pause", "notifications.push_key", "notifications.remove_device",
    "notifications.resume", "notifications.send_test", "notifications.settings_page", "notifications.subscribe",
    "notifications.unsubscribe",
    "people.confirm_set_active", "people.create", "people.detail", "people.index", "people.new_link",
    "people.set_active",
    "placements.adjust", "placements.choose", "placements.detail", "placements.end", "placements.follow_sector",
    "placements.index", "placements.mine", "placements.staff_changes", "placements.staff_create",
    "placements.staff_detail", "placements.staff_edit", "placements.staff_index", "placements.staff_overview",
    "placements.staff_person", "placements.staff_toggle", "placements.switch", "placements.unfollow_sector",
    "placements.join_waitlist", "placements.leave_waitlist",
    "privacy.cancel", "privacy.delete", "privacy.export", "privacy.goodbye", "privacy.index", "privacy.staff_confirm",
    "privacy.staff_deletions",
    "pwa.manifest", "pwa.offline", "pwa.service_worker",
    "public.privacy", "public.security_txt",
    "reflections.create", "reflections.delete", "reflections.detail", "reflections.edit", "reflections.index",
    "reflections.respond", "reflections.share", "reflections.staff_feed", "reflections.staff_read",
    "reflections.react",
    "workidentity.add_education", "workidentity.add_item", "workidentity.cv_details", "workidentity.cv_pdf",
    "workidentity.cv_print", "workidentity.next_steps", "workidentity.page", "workidentity.pick_reflections",
    "workidentity.place_item", "workidentity.remove_education", "workidentity.remove_item", "workidentity.share",
    "workidentity.staff_view", "workidentity.strengths",
    "wellbeing.index", "wellbeing.join", "wellbeing.later", "wellbeing.off", "wellbeing.pulse", "wellbeing.talk",
}  # fmt: skip
BLUEPRINTS = sorted({endpoint.split(".")[0] for endpoint in FUZZED})

# Which table a URL argument's ids come from.
ARG_TABLES = {
    "assignment_id": "assignment", "company_id": "company", "education_id": "work_education", "event_id": "match_event",
    "group_id": "network_group", "item_id": "work_item", "meeting_id": "meeting", "membership_id": "membership",
    "message_id": "group_message", "note_id": "person_note", "placement_id": "placement",
    "reflection_id": "reflection", "request_id": "deletion_request", "subscription_id": "push_subscription",
    "user_id": "user",
}  # fmt: skip
QUERY_KEYS = ["q", "next", "lang", "page", "group", "status", "filter", "week", "code", "sector", "kind", "show"]
QUERY_KEYS += ["month", "months"]
ROLES = ["anonymous", "participant", "facilitator", "admin", "outsider"]
# Stored data a refused request may still write, the recorded reads of the house rules: a device's "last seen"
# (at most every few minutes), and what staff were shown on the page that answered (the staff-access audit log,
# read receipts), e.g. a person page shown again with the form's error.
VOLATILE = {("login_session", "last_seen_at")}
RECORDED_READS = {"audit_entry", "reflection_read", "work_page_read"}


@dataclass
class World:
    users: dict[str, int]
    ids: dict[str, list[int]]
    refs: list[str]


def build_world() -> World:
    """The privacy tests' world (rows in every personal-data table, through the services) and an admin."""
    from tests.privacy.conftest import make_person, make_town

    home = make_town()
    participant = make_person(home, "Fuzz", "A reflection to fuzz around")
    other_town = make_town()
    make_person(other_town, "Other", "Someone else")
    admin = make_user(Role.ADMIN, home.town)
    ids = {}
    for arg, table in ARG_TABLES.items():
        ids[arg] = list(_db.session.scalars(text(f'SELECT id FROM "{table}" ORDER BY id')))  # noqa: S608
    refs = list(_db.session.scalars(text("SELECT ref FROM notification")))
    users = {"participant": participant.user.id, "facilitator": home.facilitator.id, "admin": admin.id,
             "outsider": other_town.facilitator.id}  # fmt: skip
    return World(users, ids, refs)


def snapshot() -> dict[str, list[tuple]]:
    """Every stored row, but the recorded reads a refused request may write (VOLATILE, RECORDED_READS)."""
    _db.session.expire_all()
    state = {}
    with _db.engine.connect() as conn:
        for table in _db.metadata.sorted_tables:
            if table.name in RECORDED_READS:
                continue
            columns = [c for c in table.c if (table.name, c.name) not in VOLATILE]
            rows = conn.execute(select(*columns)).all()
            state[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
    return state


def _encode(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _form(pairs: list[tuple[str, str]]) -> bytes:
    raw = [(k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass")) for k, v in pairs]
    return urlencode(raw).encode()


def _csrf(app: Flask, client) -> str:  # noqa: ANN001
    raw = secrets.token_hex(20)
    with client.session_transaction() as session:
        session["csrf_token"] = raw
    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token").dumps(raw)


def _log_in(client, user_id: int) -> bool:  # noqa: ANN001
    user = _db.session.get(User, user_id)
    if user is None or not user.active:
        return False
    token = sessions.start_session(user, "fuzz")
    with client.session_transaction() as session:
        session.update({"_user_id": str(user.id), "_fresh": True, "sid": token})
    return True


def _url(rule: Rule, world: World, data: st.DataObject) -> str:
    def value(match: re.Match) -> str:
        converter, name = (match.group(1) or ""), match.group(2)
        if name in ARG_TABLES:
            real = world.ids.get(name) or [1]
            number = data.draw(st.sampled_from(real) | st.sampled_from([0, 1, 2**31, 2**63, 10**30]), label=name)
            return str(number)
        if name == "ref":
            return _encode(data.draw(st.sampled_from(world.refs or ["x"]) | garbage_text, label=name))
        if name == "lang" or converter.startswith("any"):
            return data.draw(st.sampled_from(["da", "en"]), label=name)
        if name == "filename":
            files = ["css/app.css", "js/app.js", "icons/icon-192.png", "../app/config.py", "%2e%2e/x", "nope.js"]
            return data.draw(st.sampled_from(files), label=name)
        return _encode(data.draw(garbage_text | marked_text, label=name))

    return re.sub(r"<(?:([^:<>]+):)?([a-z_]+)>", value, rule.rule)


def _log_text(records: list[logging.LogRecord]) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in records)


def _allowed_roles(app: Flask, world: World, rule: Rule, method: str, is_json: bool) -> list[str]:
    """The roles this route lets in (an empty, well-formed request is not answered 401, 403 or with the login
    page), so most examples are spent past the access check."""
    url = re.sub(r"<(?:[^:<>]+:)?([a-z_]+)>", lambda m: str((world.ids.get(m.group(1)) or [1])[0]), rule.rule)
    allowed = []
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous" and not _log_in(client, world.users[role]):
            continue
        headers = {"Accept": "application/json"}
        if method != "GET":
            headers["X-CSRFToken"] = _csrf(app, client)
            headers["Idempotency-Key"] = secrets.token_hex(16)
        kwargs = {"json": {}} if is_json and method != "GET" else {}
        status = client.open(url, method=method, headers=headers, **kwargs).status_code
        if status not in (401, 403):
            allowed.append(role)
    return allowed


def fuzz_rule(app: Flask, world: World, rule: Rule, method: str, caplog: pytest.LogCaptureFixture) -> None:
    own_fields = [f for f in form_fields(app.view_functions[rule.endpoint]) if f != "csrf_token"]
    is_json = rule.endpoint in JSON_ENDPOINTS or rule.rule.startswith("/api/")
    allowed = _allowed_roles(app, world, rule, method, is_json) or ROLES

    for role in ROLES:  # every role; most examples go to the roles that get past the access check
        fuzz_as(app, world, rule, method, caplog, role, EXAMPLES if role in allowed else 1, own_fields, is_json)


def fuzz_as(
    app: Flask,
    world: World,
    rule: Rule,
    method: str,
    caplog: pytest.LogCaptureFixture,
    role: str,
    examples: int,
    own_fields: list[str],
    is_json: bool,
) -> None:
    fields = own_fields or ["text", "name", "reason", "q"]
    ids = sorted({i for values in world.ids.values() for i in values})

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        client = app.test_client()
        if role != "anonymous" and not _log_in(client, world.users[role]):
            return  # an earlier example deleted or deactivated this person
        url = _url(rule, world, data)
        query = data.draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS), field_value("q", ids)), max_size=3))
        if query:
            url += "?" + "&".join(f"{_encode(k)}={_encode(v)}" for k, v in query)
        headers = {"Accept": data.draw(st.sampled_from(["text/html", "application/json", "*/*"]), label="accept")}
        body: bytes | None = None
        if method != "GET":
            # How often the request is well-formed is decided here, not by Hypothesis (which tries its simplest and
            # boundary choices first): mostly a valid CSRF token and idempotency key, and each field sent or not.
            chance = data.draw(st.randoms(use_true_random=False), label="chance")
            token = _csrf(app, client) if chance.random() < 0.9 else chance.choice(["garbage", ""])
            keys = [name for name in fields if chance.random() < 0.7]
            # Half the time one of the form's fields alone carries hostile text, the others left out as a browser
            # leaves untouched optional fields: then the text gets past the other fields' checks to the service
            # and the database (where a lone surrogate or a NUL once made a 500), instead of a 422 for another field.
            alone = chance.choice(own_fields) if own_fields and chance.random() < 0.5 else None
            keys = [alone] if alone else keys
            if is_json:
                headers.update({"Content-Type": "application/json", "X-CSRFToken": token})
                good = secrets.token_hex(16)
                headers["Idempotency-Key"] = good if chance.random() < 0.9 else chance.choice(["", "x" * 300])
                raw = data.draw(json_body(keys if own_fields else [], ids, hostile=alone is not None), label="json")
                body = json.dumps(raw, ensure_ascii=True).encode()
            else:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                value = (lambda name: hostile_text) if alone else (lambda name: field_value(name, ids))
                pairs = [("csrf_token", token)] + [(name, data.draw(value(name), label=name)) for name in keys]
                body = _form(pairs)
        before = snapshot() if method != "GET" else None
        seen = len(caplog.records)
        response = client.open(url, method=method, data=body, headers=headers)
        where = f"{method} {url} as {role}"
        assert response.status_code < 500, f"{where}: {response.status_code} {response.get_data(as_text=True)[:300]}"
        if before is not None and response.status_code >= 400:
            assert snapshot() == before, f"{where}: refused with {response.status_code} but stored data changed"
        logged = _log_text(caplog.records[seen:])
        assert MARKER not in logged, f"{where}: request text in the logs:\n{logged[:2000]}"

    one()


def test_every_route_is_fuzzed(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == FUZZED


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_no_500_no_change_no_leak(app, db, blueprint, caplog):
    caplog.set_level(logging.DEBUG)
    world = build_world()
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] == blueprint and r.endpoint in FUZZED]
    assert rules, blueprint
    for rule in sorted(rules, key=lambda r: r.rule):
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            fuzz_rule(app, world, rule, method, caplog)
