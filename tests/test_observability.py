"""Request latency metrics per Flask endpoint, a request id from the proxy (or a new one) in the response and in
every log line of the request, and JSON log lines that never carry passwords, reflection text, tokens or push
keys. The multi-worker side (gunicorn's master summing the workers' files) is in tests/deploy/."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from prometheus_client import REGISTRY, generate_latest

from app.accounts.models import Role
from app.logs import JSONFormatter, RequestIdFilter, json_handler
from app.metrics import parse_bind
from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD, add_to_group, make_group, make_municipality, make_user
from tests.notifications.web.conftest import post_json, subscription

TOKEN = "Secret-token-7f3c9d0e1a2b4c5d6e7f8091"


def request_count(endpoint: str, method: str = "GET", status: str = "200") -> float:
    labels = {"endpoint": endpoint, "method": method, "status": status}
    return REGISTRY.get_sample_value("nextwork_http_request_duration_seconds_count", labels) or 0.0


def test_latency_is_recorded_per_endpoint_name_never_per_path(client):
    before = request_count("health.healthz"), request_count("unmatched", status="404")
    before_invite = request_count("accounts.invite")
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/no-such-page/{TOKEN}").status_code == 404
    client.get(f"/invite/{TOKEN}")
    assert request_count("health.healthz") == before[0] + 1
    assert request_count("unmatched", status="404") == before[1] + 1
    assert sum(request_count("accounts.invite", status=s) for s in ("200", "404", "410")) >= before_invite + 1
    exposed = generate_latest(REGISTRY).decode()
    assert TOKEN not in exposed and "/invite/" not in exposed and "no-such-page" not in exposed
    assert 'endpoint="health.healthz"' in exposed


def test_the_public_site_has_no_metrics_page(client):
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("bind", ["127.0.0.1:9100", "[::1]:9100", ":9100"])
def test_metrics_bind_is_host_and_port(bind):
    host, port = parse_bind(bind)
    assert port == 9100 and host in ("127.0.0.1", "::1")


@pytest.mark.parametrize("bind", ["9100x", "host:", "host:70000", ""])
def test_a_bad_metrics_bind_is_refused(bind):
    with pytest.raises(ValueError, match="METRICS_BIND"):
        parse_bind(bind)


def test_a_well_formed_request_id_from_the_proxy_is_kept(client):
    incoming = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"  # nginx's $request_id
    assert client.get("/healthz", headers={"X-Request-ID": incoming}).headers["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming",
    [
        "",
        "short",
        "has space in it",
        "line\r\nbreak-injected",
        "<script>alert(1)</script>",
        "x" * 200,
        "æøå-unicode-id",
    ],
)
def test_a_missing_or_malformed_request_id_is_replaced(client, incoming):
    headers = {"X-Request-ID": incoming} if "\n" not in incoming else {}
    made = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made) and made != incoming


def test_every_request_gets_its_own_id(client):
    assert client.get("/healthz").headers["X-Request-ID"] != client.get("/healthz").headers["X-Request-ID"]


def test_the_formatter_writes_one_json_object_without_the_records_other_attributes():
    record = logging.LogRecord("app.x", logging.ERROR, __file__, 1, "failed %s", ("twice",), None)
    record.password = PASSWORD  # an attribute a careless `extra=` could add
    RequestIdFilter().filter(record)
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == "failed twice" and line["level"] == "ERROR" and line["logger"] == "app.x"
    assert line["request_id"] == "-"  # outside a request
    assert PASSWORD not in json.dumps(line)


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Capture what production writes: the JSON handler (to stderr) on the root logger, the app's loggers at DEBUG."""
    stream = io.StringIO()
    handler = json_handler(stream)
    root, app_logger = logging.getLogger(), logging.getLogger("app")
    old_level = app_logger.level
    root.addHandler(handler)
    app_logger.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        app_logger.setLevel(old_level)


def test_json_logs_carry_the_request_id_and_no_secrets(client, db, json_lines):  # noqa: ANN001
    town = make_municipality()
    group = make_group(town)
    person = make_user(Role.PARTICIPANT, town, language="en")
    add_to_group(group, person)
    reflection = "Secret-reflection-51c2: nobody knows I am scared"
    wrong_password = "Wrong-password-3e8a never logged"

    ids = []
    failed = post_form(client, "/login", {"email": person.email, "password": wrong_password})
    ids.append(failed.headers["X-Request-ID"])
    logged_in = post_form(client, "/login", {"email": person.email, "password": PASSWORD})
    assert logged_in.status_code == 302, logged_in.get_data(as_text=True)[:500]
    ids.append(logged_in.headers["X-Request-ID"])
    created = post_form(client, "/reflections/new", {"text": reflection, "assignment_id": ""})
    assert created.status_code == 302
    info = subscription()
    subscribed = post_json(client, "/push/subscribe", info)
    assert subscribed.status_code == 201
    client.get(f"/invite/{TOKEN}")
    client.get(f"/calendar/{TOKEN}.ics")
    client.get(f"/meetings/1/checkin?code=123456&next=/{TOKEN}")
    token = csrf_token(client)

    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "app.access"]
    assert {line["endpoint"] for line in access} >= {
        "accounts.login",
        "reflections.create",
        "notifications.subscribe",
        "accounts.invite",
        "meetings.feed",
    }
    assert all(
        set(line) >= {"time", "level", "message", "request_id", "method", "status", "duration_ms"} for line in access
    )
    logins = [line for line in access if line["endpoint"] == "accounts.login" and line["method"] == "POST"]
    assert [line["request_id"] for line in logins] == ids  # each line has its own request's id
    assert len({line["request_id"] for line in access}) == len(access)

    everything = json_lines.getvalue()
    secrets = [
        PASSWORD,
        wrong_password,
        reflection,
        "scared",
        TOKEN,
        "123456",
        token,
        info["endpoint"],
        info["keys"]["p256dh"],
        info["keys"]["auth"],
    ]
    for secret in secrets:
        assert secret not in everything, secret
