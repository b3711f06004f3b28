"""JSON log lines with a request id, and one access line per request that names the endpoint, never the path.

Every request has an id: the proxy's `X-Request-ID` when it is well-formed (nginx sends its `$request_id`),
otherwise a new random one. It is in every log line written while the request runs and in the response's
`X-Request-ID` header, so a user's error report, the proxy's access log and the app's lines meet.

What is logged is chosen so that no line carries a password, reflection text, token or push key: the access
line has the method, the endpoint name, the status and the duration, never the URL (invite and calendar links
carry a secret in the path, check-in codes and `next` in the query), and the formatter writes only the
message, its level and logger, the request id, an exception's traceback and the `fields` a caller passes.

`LOG_FORMAT=json` (the production default) puts one handler on the root logger that writes JSON to stderr
(journald or the container keeps it); `text` leaves logging as Flask sets it up; tests set neither.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from datetime import UTC, datetime
from typing import IO, Any

from flask import Flask, Response, g, has_request_context, request, request_finished, request_started
from flask.logging import default_handler

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")  # nginx's $request_id, UUIDs, ULIDs …
NO_REQUEST = "-"

access_log = logging.getLogger("app.access")


def request_id() -> str:
    """The current request's id (taken from the proxy or made on first use); "-" outside a request."""
    if not has_request_context():
        return NO_REQUEST
    if "request_id" not in g:
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if WELL_FORMED.fullmatch(incoming) else secrets.token_hex(16)
    return str(g.request_id)


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record that passes the handler (a filter on the handler, not on a logger,
    so records from any logger — SQLAlchemy's, Werkzeug's — get it too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, and `fields` or
    the traceback when there is one. Other attributes of the record are left out on purpose."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update({key: value for key, value in fields.items() if key not in line})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is written (not the one at start-up)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.setStream(sys.stderr)
        super().emit(record)


def json_handler(stream: IO[str] | None = None) -> logging.Handler:
    """The JSON handler with the request-id filter, writing to `stream` (default: stderr at each line)."""
    handler: logging.Handler = StderrHandler() if stream is None else logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


def _install_json_logging(level: str) -> None:
    """Once per process: the JSON handler on the root logger, the app's loggers at `level`."""
    root = logging.getLogger()
    if not any(isinstance(handler, StderrHandler) for handler in root.handlers):
        root.addHandler(json_handler())
        if root.level == logging.NOTSET or root.level > logging.WARNING:
            root.setLevel(logging.WARNING)  # libraries: warnings and errors
    app_logger = logging.getLogger("app")
    app_logger.removeHandler(default_handler)  # Flask's plain-text handler would write every line twice
    app_logger.setLevel(level)


def _started(sender: Flask, **_extra: Any) -> None:
    g.request_started = time.perf_counter()


def elapsed() -> float:
    """Seconds since this request started (0 when it was not timed)."""
    started = g.get("request_started")
    return time.perf_counter() - started if started is not None else 0.0


def _finished(sender: Flask, response: Response, **_extra: Any) -> None:
    endpoint = request.endpoint or "unmatched"
    access_log.info(
        "%s %s %s",
        request.method,
        endpoint,
        response.status_code,
        extra={
            "fields": {
                "method": request.method,
                "endpoint": endpoint,
                "status": response.status_code,
                "duration_ms": round(elapsed() * 1000, 1),
            }
        },
    )


def _add_header(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    return response


def register_logging(app: Flask) -> None:
    if app.config.get("LOG_FORMAT") == "json":
        _install_json_logging(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    request_started.connect(_started, app)
    request_finished.connect(_finished, app)
    app.after_request(_add_header)
