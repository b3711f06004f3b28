"""Smoke tests through the shipped nginx config (deploy/nginx/nextwork.conf) over TLS and HTTP/2 to gunicorn with
production settings: log in, POST with CSRF (the strict Referer check passes only when the app sees the
browser's scheme, host and port), check in with the current code, the offline page, push subscribe; Secure
cookies, cache headers for static files and the service worker, one compression layer, request ids in both
logs, metrics only off the public site. Marked `proxy`; skipped without nginx unless REQUIRE_SERVICES=1."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select

from app.accounts.models import Role, User
from app.db import utcnow
from app.meetings import checkin
from app.meetings.models import Attendance, Meeting
from app.notifications.models import PushSubscription
from app.reflections.models import Reflection
from tests.deploy.conftest import Gunicorn, Nginx, alpn_protocol
from tests.factories import PASSWORD, add_to_group, make_group, make_municipality, make_user
from tests.meetings.conftest import add_meeting
from tests.notifications.web.conftest import subscription

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
TOKEN = "Secret-invite-token-0d9c8b7a6f5e4d3c2b1a"


@dataclass
class World:
    participant: User
    facilitator: User
    meeting: Meeting


@pytest.fixture
def world(app, db) -> World:  # noqa: ANN001
    """A participant in a group whose meeting starts in five minutes, with check-in open."""
    town = make_municipality()
    group = make_group(town)
    facilitator = make_user(Role.FACILITATOR, town)
    participant = make_user(Role.PARTICIPANT, town, language="en")
    add_to_group(group, facilitator, "facilitator")
    add_to_group(group, participant)
    meeting = add_meeting(db, group, utcnow() + timedelta(minutes=5))
    with app.test_request_context():
        checkin.open_checkin(facilitator, meeting)
    return World(participant, facilitator, meeting)


def csrf_of(response: requests.Response) -> str:
    match = CSRF_META.search(response.text)
    assert match, f"no CSRF token on {response.url} ({response.status_code})"
    return match.group(1)


def post(session: requests.Session, nginx: Nginx, path: str, data: dict, page: str) -> requests.Response:
    """POST a form as the browser does from `page`: its CSRF token, and the page as the Referer."""
    form = session.get(nginx.url + page)
    assert form.status_code == 200, (page, form.status_code)
    return session.post(
        nginx.url + path,
        data={"csrf_token": csrf_of(form), **data},
        headers={"Referer": nginx.url + page},
        allow_redirects=False,
    )


def log_in(nginx: Nginx, user: User) -> tuple[requests.Session, requests.Response]:
    session = nginx.session()
    response = post(session, nginx, "/login", {"email": user.email, "password": PASSWORD}, "/login")
    assert response.status_code == 302, response.text[:1000]
    return session, response


def set_cookies(response: requests.Response) -> list[str]:
    return [value for key, value in response.raw.headers.items() if key.lower() == "set-cookie"]


def test_nginx_offers_http2(nginx: Nginx) -> None:
    assert alpn_protocol(int(nginx.url.rsplit(":", 1)[1]), nginx.ca) == "h2"


def test_log_in_and_post_a_form_over_https_with_secure_cookies(nginx: Nginx, world: World, db) -> None:  # noqa: ANN001
    session, login = log_in(nginx, world.participant)
    cookies = set_cookies(login)
    session_cookie = next(c for c in cookies if c.startswith("nw_session="))
    assert all(part in session_cookie for part in ("Secure", "HttpOnly", "SameSite=Lax")), session_cookie
    assert login.headers["Strict-Transport-Security"].startswith("max-age=")
    assert session.get(nginx.url + "/week").status_code == 200

    text = "Smoke test reflection over nginx"
    created = post(session, nginx, "/reflections/new", {"text": text, "assignment_id": ""}, "/reflections/new")
    assert created.status_code == 302, created.text[:1000]
    db.session.expire_all()
    assert db.session.scalar(select(Reflection).where(Reflection.author_id == world.participant.id)) is not None


@pytest.mark.parametrize(
    "referer",
    ["https://evil.example/login", "http://{host}/login", "https://localhost/login"],
    ids=["other-site", "plain-http", "no-port"],
)
def test_the_app_sees_scheme_host_and_port_so_a_foreign_referer_is_refused(nginx: Nginx, world: World, referer):  # noqa: ANN001
    """The strict Referer check runs only on requests the app sees as https, and compares the Referer's scheme,
    host and port with the request's: refusing these proves X-Forwarded-Proto and the Host (with port) arrive."""
    session, _login = log_in(nginx, world.participant)
    form = session.get(nginx.url + "/reflections/new")
    refused = session.post(
        nginx.url + "/reflections/new",
        data={"csrf_token": csrf_of(form), "text": "never stored", "assignment_id": ""},
        headers={"Referer": referer.format(host=nginx.url.removeprefix("https://"))},
        allow_redirects=False,
    )
    assert refused.status_code == 400


def test_check_in_with_the_current_code(nginx: Nginx, world: World, db) -> None:  # noqa: ANN001
    session, _login = log_in(nginx, world.participant)
    meeting_id = world.meeting.id
    code = checkin.current_code(db.session.get(Meeting, meeting_id)).code
    page = f"/meetings/{meeting_id}/checkin?code={code}"
    done = post(session, nginx, f"/meetings/{meeting_id}/checkin", {"code": code, "via": "qr"}, page)
    assert done.status_code == 302, done.text[:1000]
    assert done.headers["Location"].endswith(f"/meetings/{meeting_id}")
    row = db.session.scalar(select(Attendance).where(Attendance.meeting_id == meeting_id))
    assert row is not None and row.user_id == world.participant.id


def test_push_subscribe_sends_json_with_the_csrf_header(nginx: Nginx, world: World, db) -> None:  # noqa: ANN001
    session, _login = log_in(nginx, world.participant)
    token = csrf_of(session.get(nginx.url + "/notifications/settings"))
    info = subscription()
    response = session.post(
        nginx.url + "/push/subscribe",
        data=json.dumps(info),
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": token,
            "Referer": nginx.url + "/notifications/settings",
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["subscribed"] is True
    row = db.session.scalar(select(PushSubscription).where(PushSubscription.user_id == world.participant.id))
    assert row is not None and row.endpoint == info["endpoint"]


def test_offline_page_service_worker_and_static_files_are_cached_as_meant(nginx: Nginx) -> None:
    session = nginx.session()
    offline = session.get(nginx.url + "/offline")
    assert offline.status_code == 200 and "no-cache" in offline.headers["Cache-Control"]

    worker = session.get(nginx.url + "/sw.js")
    assert worker.status_code == 200 and worker.headers["Cache-Control"] == "no-cache"
    assert worker.headers["Service-Worker-Allowed"] == "/"
    assert "javascript" in worker.headers["Content-Type"]

    login = session.get(nginx.url + "/login")
    stylesheet = re.search(r'href="(/static/[^"]+\.css\?v=[^"]+)"', login.text)
    assert stylesheet, "the login page links no versioned stylesheet"
    static = session.get(nginx.url + stylesheet.group(1).replace("&amp;", "&"))
    assert static.status_code == 200
    cache = static.headers["Cache-Control"]
    assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache


def test_the_app_compresses_once_and_nginx_not_at_all(nginx: Nginx) -> None:
    session = nginx.session()
    page = session.get(nginx.url + "/login", headers={"Accept-Encoding": "br"})
    assert page.headers["Content-Encoding"] == "br" and "<html" in page.text  # Brotli, decoded once
    gzipped = session.get(nginx.url + "/login", headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip" and "<html" in gzipped.text
    # A 404 page is HTML that the app leaves plain (it compresses 2xx only) and nginx would gzip if it did.
    missing = session.get(nginx.url + "/no-such-page", headers={"Accept-Encoding": "gzip"})
    assert missing.status_code == 404 and "Content-Encoding" not in missing.headers


def test_a_forged_host_never_reaches_the_app(nginx: Nginx) -> None:
    with pytest.raises(requests.ConnectionError):
        nginx.session().get(nginx.url + "/login", headers={"Host": "evil.example"})


def test_plain_http_redirects_to_https(nginx: Nginx) -> None:
    response = requests.get(nginx.http_url + "/login?next=/week", allow_redirects=False, timeout=10)
    assert response.status_code == 301 and response.headers["Location"] == "https://localhost/login?next=/week"


def test_metrics_are_not_on_the_public_site(nginx: Nginx, gunicorn: Gunicorn) -> None:
    assert nginx.session().get(nginx.url + "/metrics").status_code == 404
    nginx.session().get(nginx.url + "/healthz")
    metrics = requests.get(gunicorn.metrics_url, timeout=10).text
    assert (
        'nextwork_http_request_duration_seconds_count{endpoint="health.healthz",method="GET",status="200"}' in metrics
    )
    assert 'endpoint="unmatched"' in metrics and "/metrics" not in metrics.replace("# ", "")


def test_both_logs_carry_the_request_id_and_neither_the_secrets(nginx: Nginx, gunicorn: Gunicorn, world: World):
    session, login = log_in(nginx, world.participant)
    invite = session.get(nginx.url + f"/invite/{TOKEN}")
    feed = session.get(nginx.url + f"/calendar/{TOKEN}.ics")
    ids = [login.headers["X-Request-ID"], invite.headers["X-Request-ID"], feed.headers["X-Request-ID"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in ids)  # nginx's $request_id, kept by the app
    deadline = time.monotonic() + 10  # nginx writes its line once the response is out
    while not all(rid in nginx.access_log.read_text() for rid in ids) and time.monotonic() < deadline:
        time.sleep(0.05)

    proxy_lines = [json.loads(line) for line in nginx.access_log.read_text().splitlines()]
    by_id = {line["request_id"]: line for line in proxy_lines}
    assert by_id[ids[0]]["path"] == "/login" and by_id[ids[0]]["method"] == "POST"
    assert by_id[ids[1]]["path"] == "/invite/-" and by_id[ids[2]]["path"] == "/calendar/-.ics"
    assert {line["protocol"] for line in proxy_lines} >= {"HTTP/1.1"}

    app_lines = [json.loads(line) for line in gunicorn.log.read_text().splitlines() if line.strip()]
    access = {line["request_id"]: line for line in app_lines if line["logger"] == "app.access"}
    assert access[ids[0]]["endpoint"] == "accounts.login" and access[ids[0]]["status"] == 302
    assert access[ids[1]]["endpoint"] == "accounts.invite" and access[ids[2]]["endpoint"] == "meetings.feed"

    for text in (nginx.access_log.read_text(), gunicorn.log.read_text()):
        for secret in (TOKEN, PASSWORD, world.participant.email):
            assert secret not in text


def test_a_post_over_http2_keeps_the_host(nginx: Nginx, world: World) -> None:
    """Browsers talk HTTP/2 to nginx: the Host the app sees comes from the :authority pseudo-header."""
    curl = shutil.which("curl")
    if curl is None:
        problem = "curl not found (apt-get install curl): the HTTP/2 POST is checked with curl"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)
    jar = nginx.access_log.parent / f"jar-{world.participant.id}.txt"
    base = [curl, "--http2", "--silent", "--show-error", "--cacert", str(nginx.ca), "-b", str(jar), "-c", str(jar)]
    page = subprocess.run([*base, nginx.url + "/login"], capture_output=True, text=True, check=True).stdout
    token = CSRF_META.search(page).group(1)
    result = subprocess.run(
        [
            *base,
            "--output",
            "/dev/null",
            "--write-out",
            "%{http_version} %{http_code}",
            "--referer",
            nginx.url + "/login",
            "--data-urlencode",
            f"csrf_token={token}",
            "--data-urlencode",
            f"email={world.participant.email}",
            "--data-urlencode",
            f"password={PASSWORD}",
            nginx.url + "/login",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "2 302", result.stdout
