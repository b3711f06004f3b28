"""The app as `flask push work` sees it in the subprocess tests: the test configuration on the tests' database,
with the local push service allowed. `NW_PUSH_HANG=1` makes the worker hang right after claiming a batch,
so a test can kill it at exactly that point.

    python -m flask --app tests.push.worker_app:create push work
"""

from __future__ import annotations

import os
import threading

from flask import Flask

from app import create_app


def create() -> Flask:
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": os.environ["NW_TEST_DATABASE"],
            "PUSH_TEST_ORIGINS": tuple(os.environ.get("NW_PUSH_ORIGINS", "").split()),
            "SERVER_NAME": None,
        },
    )
    if os.environ.get("NW_PUSH_HANG"):
        from app.notifications.sender import Sender

        def hang(self, jobs, *, deadline=None):  # noqa: ANN001, ANN202, ARG001
            print(f"claimed {len(jobs)}", flush=True)
            threading.Event().wait()

        Sender.send_all = hang  # type: ignore[method-assign]
    return app
