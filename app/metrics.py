"""Prometheus metrics (prometheus-client): request latency per endpoint, and the small HTTP servers that expose
metrics on their own address, never through the public site.

Why a separate port and not a `/metrics` page: the scrape address is bound to loopback (or a private interface
named in METRICS_BIND) by the process that serves it, so nothing about it depends on the proxy's forwarding
headers, on the app's login or on a path being blocked in nginx; the public site simply has no such page.

- The web app: each gunicorn worker records into prometheus-client's multiprocess files
  (PROMETHEUS_MULTIPROC_DIR, set before the workers start); the gunicorn master serves their sum on
  METRICS_BIND (deploy/gunicorn.conf.py calls `serve_multiprocess`). The label is the Flask endpoint name
  (`meetings.detail`), never the raw path: paths carry ids and secrets and would make a series per URL.
- The push worker serves its own registry (app/notifications/metrics.py) with `serve_registry`.
"""

from __future__ import annotations

import os
import threading
from typing import Any
from wsgiref.simple_server import WSGIServer

from flask import Flask, Response, request, request_finished
from prometheus_client import CollectorRegistry, Histogram, start_http_server
from prometheus_client.multiprocess import MultiProcessCollector

from app.logs import elapsed

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

# Buckets from 5 ms (a cached static file) to 10 s (gunicorn's timeout is 30 s).
REQUEST_SECONDS = Histogram(
    "nextwork_http_request_duration_seconds",
    "Time from the start of a request to its response, by Flask endpoint, method and status code.",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def _observe(sender: Flask, response: Response, **_extra: Any) -> None:
    endpoint = request.endpoint or "unmatched"  # a 404 for a URL no rule matches: one series, not one per path
    REQUEST_SECONDS.labels(endpoint, request.method, str(response.status_code)).observe(elapsed())


def register_metrics(app: Flask) -> None:
    request_finished.connect(_observe, app)


def parse_bind(value: str) -> tuple[str, int]:
    """'127.0.0.1:9100' or '[::1]:9100' → (host, port). A bare port binds to loopback."""
    value = value.strip()
    host, _, port = value.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"METRICS_BIND={value!r}: expected host:port, e.g. 127.0.0.1:9100")
    return (host.strip("[]") or "127.0.0.1"), int(port)


def serve_registry(bind: str, registry: CollectorRegistry) -> tuple[WSGIServer, threading.Thread]:
    """Serve `registry` on `bind` (host:port) from a daemon thread; returns the server and its thread."""
    host, port = parse_bind(bind)
    return start_http_server(port, addr=host, registry=registry)


def multiprocess_dir() -> str:
    """PROMETHEUS_MULTIPROC_DIR, created if missing; ValueError when it is not set."""
    path = os.environ.get(MULTIPROC_ENV, "").strip()
    if not path:
        raise ValueError(f"{MULTIPROC_ENV} must be set (an empty directory private to this service)")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def clear_multiprocess_dir() -> None:
    """Remove the previous run's files (call before the workers start: its counters are not ours)."""
    path = multiprocess_dir()
    for name in os.listdir(path):
        if name.endswith(".db"):
            os.remove(os.path.join(path, name))


def serve_multiprocess(bind: str) -> tuple[WSGIServer, threading.Thread]:
    """Serve the sum of every worker's metrics (from PROMETHEUS_MULTIPROC_DIR) on `bind`."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=multiprocess_dir())
    return serve_registry(bind, registry)


def mark_process_dead(pid: int) -> None:
    """A gunicorn worker exited: drop its live gauges (counters and histograms keep their sums)."""
    from prometheus_client import multiprocess

    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)
