"""deploy/gunicorn.conf.py as the web service runs it (two workers, production config), without nginx: the control
socket where the service puts it (not gunicorn's one shared default), the workers' request metrics summed by the
master on the metrics port, and only JSON on its log."""

from __future__ import annotations

import json
import re
import stat
import time

import requests

from tests.deploy.conftest import Gunicorn


def healthz_count(gunicorn: Gunicorn) -> float:
    body = requests.get(gunicorn.metrics_url, timeout=10).text
    line = re.search(
        r'^nextwork_http_request_duration_seconds_count\{endpoint="health\.healthz",method="GET",status="200"\} (\S+)$',
        body,
        re.MULTILINE,
    )
    return float(line.group(1)) if line else 0.0


def test_the_control_socket_is_the_services_own(gunicorn: Gunicorn) -> None:
    deadline = time.monotonic() + 15  # the master opens it once the first workers are up
    while not gunicorn.control_socket.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stat.S_ISSOCK(gunicorn.control_socket.stat().st_mode)
    assert not (gunicorn.home / ".gunicorn").exists()  # gunicorn's default path, shared by every instance


def test_request_metrics_are_the_sum_of_every_worker(gunicorn: Gunicorn) -> None:
    before = healthz_count(gunicorn)
    for _ in range(20):
        with requests.Session() as fresh:  # a new connection each time: the workers take turns accepting
            assert fresh.get(gunicorn.url + "/healthz", timeout=10).status_code == 200
    assert healthz_count(gunicorn) == before + 20
    body = requests.get(gunicorn.metrics_url, timeout=10).text
    assert "nextwork_http_request_duration_seconds_bucket" in body


def test_the_app_is_not_served_on_the_metrics_port(gunicorn: Gunicorn) -> None:
    assert requests.get(gunicorn.metrics_url.replace("/metrics", "/healthz"), timeout=10).text.startswith("# HELP")


def test_every_log_line_is_json_with_a_request_id(gunicorn: Gunicorn) -> None:
    response = requests.get(gunicorn.url + "/healthz", headers={"X-Request-ID": "smoke-0123456789"}, timeout=10)
    assert response.headers["X-Request-ID"] == "smoke-0123456789"
    requests.get(gunicorn.metrics_url, timeout=10)
    lines = [json.loads(line) for line in gunicorn.log.read_text().splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)
    assert any(line["request_id"] == "smoke-0123456789" and line["logger"] == "app.access" for line in lines)
