"""The inbox: a list of everything notified, opening an entry, marking read, and the bell on every page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.db import utcnow
from app.notifications.kinds import KINDS
from app.notifications.models import Kind, Notification
from app.notifications.services import notify
from tests.conftest import post_form
from tests.factories import make_municipality, make_user
from tests.test_query_budget import _count

BELL = re.compile(r'<a class="bell" href="/inbox" aria-label="([^"]+)"')


def add(db, user, kind: Kind = Kind.GROUP_MESSAGE, *, url: str = "/meetings", minutes_ago: int = 0, n: int = 1):  # noqa: ANN001, ANN201
    notes = []
    for i in range(n):
        notes += notify([user.id], kind, url=url, now=utcnow() - timedelta(minutes=minutes_ago + i))
    db.session.commit()
    return notes


def bell(client, path: str = "/me") -> str:  # noqa: ANN001
    match = BELL.search(client.get(path).get_data(as_text=True))
    assert match, "no bell"
    return match.group(1)


def test_empty_inbox_says_so(logged_in):
    response = logged_in.get("/inbox")
    assert response.status_code == 200
    assert "No notifications yet." in response.get_data(as_text=True)
    assert "Mark all as read" not in response.get_data(as_text=True)


def test_newest_first_with_localised_titles_and_unread_marked(db, logged_in, person):
    old = add(db, person, Kind.MEETING_REMINDER, minutes_ago=60)[0]
    new = add(db, person, Kind.GROUP_MESSAGE)[0]
    old.read_at = utcnow()
    db.session.commit()
    html = logged_in.get("/inbox").get_data(as_text=True)
    first, second = str(KINDS[Kind.GROUP_MESSAGE].title), str(KINDS[Kind.MEETING_REMINDER].title)
    assert html.index(first) < html.index(second)
    assert html.count('class="unread"') == 1 and html.count(">Unread<") == 1
    assert f"/inbox/{new.ref}" in html and f"/inbox/{old.ref}" in html
    assert "<time datetime=" in html


def test_danish_person_sees_danish_page(db, client, login_as):
    dane = make_user(Role.PARTICIPANT, make_municipality(), language="da")
    add(db, dane)
    login_as(client, dane)
    assert '<html lang="da">' in client.get("/inbox").get_data(as_text=True)


def test_only_my_notifications_are_listed(db, logged_in, person):
    other = make_user(Role.PARTICIPANT, make_municipality())
    theirs = add(db, other)[0]
    html = logged_in.get("/inbox").get_data(as_text=True)
    assert theirs.ref not in html and "No notifications yet." in html


def test_the_list_is_capped(db, logged_in, person):
    add(db, person, n=55)
    html = logged_in.get("/inbox").get_data(as_text=True)
    assert html.count('href="/inbox/') == 50
    assert "Showing the newest 50." in html


def test_opening_marks_read_and_goes_to_the_page(db, logged_in, person):
    note = add(db, person, url="/meetings/7")[0]
    response = logged_in.get(f"/inbox/{note.ref}")
    assert response.status_code == 302 and response.headers["Location"] == "/meetings/7"
    db.session.remove()
    assert db.session.get(Notification, note.id).read_at is not None


@pytest.mark.parametrize("url", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_opening_never_leaves_the_site(db, logged_in, person, url):
    note = add(db, person, url=url)[0]
    assert logged_in.get(f"/inbox/{note.ref}").headers["Location"] == "/inbox"


def test_someone_elses_notification_is_404_and_stays_unread(db, logged_in, make_client, login_as):
    owner = make_user(Role.PARTICIPANT, make_municipality())
    note = add(db, owner)[0]
    for response in (logged_in.get(f"/inbox/{note.ref}"), post_form(logged_in, f"/inbox/{note.ref}/read")):
        assert response.status_code == 404
    db.session.remove()
    assert db.session.get(Notification, note.id).read_at is None


@pytest.mark.parametrize("ref", ["nope", "a" * 25, "%2e%2e", "ÆØÅ"])
def test_unknown_refs_are_404(logged_in, ref):
    assert logged_in.get(f"/inbox/{ref}").status_code == 404
    assert post_form(logged_in, f"/inbox/{ref}/read").status_code == 404


def test_mark_one_read_and_all_read(db, logged_in, person):
    one, *rest = add(db, person, n=3)
    assert bell(logged_in) == "Notifications, 3 unread"
    assert post_form(logged_in, f"/inbox/{one.ref}/read").status_code == 302
    assert bell(logged_in) == "Notifications, 2 unread"
    other = make_user(Role.PARTICIPANT, make_municipality())
    theirs = add(db, other)[0].id
    response = post_form(logged_in, "/inbox/read-all", follow_redirects=True)
    assert "All notifications are marked as read." in response.get_data(as_text=True)
    assert bell(logged_in) == "Notifications"
    db.session.remove()
    assert db.session.get(Notification, theirs).read_at is None  # only mine


def test_marking_read_needs_the_csrf_token(db, logged_in, person):
    note = add(db, person)[0]
    assert logged_in.post(f"/inbox/{note.ref}/read").status_code == 400
    assert logged_in.post("/inbox/read-all").status_code == 400
    db.session.remove()
    assert db.session.get(Notification, note.id).read_at is None


def test_bell_shows_the_unread_count_on_pages_for_everyone_logged_in(db, client, login_as):
    for role, page in ((Role.PARTICIPANT, "/week"), (Role.FACILITATOR, "/staff"), (Role.ADMIN, "/me")):
        user = make_user(role, make_municipality(), language="en")
        add(db, user, n=2)
        login_as(client, user)
        html = client.get(page).get_data(as_text=True)
        assert 'aria-label="Notifications, 2 unread"' in html, role
        assert '<span class="count">2</span>' in html
    assert "bell" not in client.application.test_client().get("/login").get_data(as_text=True)


def test_bell_is_a_single_count_query(db, make_client, login_as):
    counts = {}
    for label, rows in (("few", 1), ("many", 120)):
        user = make_user(Role.PARTICIPANT, make_municipality(), language="en")
        add(db, user, n=rows)
        client = make_client()
        login_as(client, user)
        counts[label] = _count(db, client, "/inbox")
        assert sum("count(" in sql.lower() for sql in counts[label][1]) == 1
    assert counts["few"][0] == counts["many"][0], (counts["few"][1], counts["many"][1])


def test_inbox_and_settings_link_each_other_and_the_profile_links_both(logged_in):
    assert "/settings/notifications" in logged_in.get("/inbox").get_data(as_text=True)
    profile = logged_in.get("/me").get_data(as_text=True)
    assert 'href="/settings/notifications"' in profile and 'href="/inbox"' in profile


@pytest.mark.parametrize("path", ["/inbox", "/settings/notifications"])
def test_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def test_json_clients_get_json_from_mark_read(db, logged_in, person):
    note = add(db, person)[0]
    from tests.notifications.web.conftest import post_json

    response = post_json(logged_in, f"/inbox/{note.ref}/read", {})
    assert response.status_code == 200 and response.get_json() == {"read": True, "unread": 0}
    assert db.session.scalars(select(Notification.read_at)).one() is not None
