"""Every GET page without URL parameters, for every role: the exact expected status.

A new page must be added to one of the sets below, so none is left open (or closed) by accident.
Pages with ids are covered per feature (404 for other people's and other municipalities' things).
"""

from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.factories import make_municipality, make_user

PUBLIC = {
    "/healthz", "/manifest.webmanifest", "/offline", "/sw.js", "/me/data/goodbye", "/privacy",
    "/.well-known/security.txt",
}  # fmt: skip
EVERYONE_LOGGED_IN = {
    "/me", "/me/password", "/me/data", "/me/data/export.json", "/inbox", "/settings/notifications", "/push/key",
}  # fmt: skip
PARTICIPANT_ONLY = {
    "/week", "/meetings", "/calendar", "/events", "/placements", "/placements/mine", "/reflections",
    "/reflections/new", "/me/work", "/me/work/strengths", "/me/work/next", "/me/work/reflections", "/me/work/cv",
    "/programme/exit", "/wellbeing", "/wellbeing/pulse",
}  # fmt: skip
STAFF_ONLY = {
    "/me/second-factor",
    "/staff", "/staff/companies/", "/staff/companies/new", "/staff/deletions", "/staff/events", "/staff/events/new",
    "/staff/groups/", "/staff/groups/new", "/staff/people/", "/staff/people/new", "/staff/placements",
    "/staff/placements/changes", "/staff/placements/new", "/staff/placements/people", "/staff/reflections",
    "/staff/reports",
}  # fmt: skip
ADMIN_ONLY = {"/staff/settings"}
ROOT = {"/", "/login/code"}  # redirect everyone (/login/code: no login is waiting for its code)
LOGIN = {"/login"}  # 200 for anonymous, a redirect home once logged in


def simple_get_pages(app) -> set[str]:  # noqa: ANN001
    return {r.rule for r in app.url_map.iter_rules() if "GET" in r.methods and not r.arguments}


def test_every_simple_page_has_an_expectation(app):
    known = PUBLIC | EVERYONE_LOGGED_IN | PARTICIPANT_ONLY | STAFF_ONLY | ADMIN_ONLY | ROOT | LOGIN
    assert simple_get_pages(app) == known


def expected(path: str, role: Role | None) -> int:
    if path in PUBLIC:
        return 200
    if path in LOGIN:
        return 200 if role is None else 302
    if role is None:
        return 302
    if path in ROOT:
        return 302
    if path in EVERYONE_LOGGED_IN:
        return 200
    if path in PARTICIPANT_ONLY:
        return 200 if role is Role.PARTICIPANT else 403
    if path in ADMIN_ONLY:
        return 200 if role is Role.ADMIN else 403
    return 403 if role is Role.PARTICIPANT else 200


@pytest.mark.parametrize("role", [None, Role.PARTICIPANT, Role.FACILITATOR, Role.ADMIN], ids=str)
def test_each_role_gets_exactly_the_expected_status(app, client, db, login_as, role):
    if role is not None:
        login_as(client, make_user(role, make_municipality()))
    wrong = {}
    for path in sorted(simple_get_pages(app)):
        status = client.get(path).status_code
        if status != expected(path, role):
            wrong[path] = (status, expected(path, role))
    assert wrong == {}, wrong


def test_anonymous_redirects_go_to_login_with_next(app, client):
    for path in sorted(EVERYONE_LOGGED_IN | PARTICIPANT_ONLY | STAFF_ONLY | ADMIN_ONLY):
        response = client.get(path)
        assert response.headers["Location"].startswith("/login?next="), path
