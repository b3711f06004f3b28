"""The health check answers for load balancers: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

import socket

import pytest

from app import create_app


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-dir/nextwork.sqlite3",
        pytest.param("postgresql+psycopg://postgres@127.0.0.1:{port}/test?connect_timeout=5", id="postgres-closed"),
    ],
)
def test_healthz_reports_an_unreachable_database(url):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url.format(port=_closed_port()), "SERVER_NAME": None})
    response = app.test_client().get("/healthz", headers={"Accept": "text/html"})
    assert response.status_code == 503
    assert response.mimetype == "application/json"
    assert response.get_json() == {"status": "error", "db": "unreachable"}
