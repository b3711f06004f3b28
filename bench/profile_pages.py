"""CPU per request of the participant pages, in-process, against a bare Flask app in the same run.

The real app runs with the production config on a temporary SQLite file holding the demo data (`flask demo`); a
demo participant is logged in as a real device session, every page is fetched a few times to warm up, then each
page and the bare app's "hello" (bench/bare_app.py) are timed in alternating rounds with `time.process_time()`
(CPU of this process only: the database is in-process too). The figure per page is the median over the rounds of
the mean CPU per request; "× bare" is the page's CPU divided by the bare app's in the same round, the in-process
counterpart of bench/throughput.py's ratio (which also pays gunicorn, the network and, there, PostgreSQL); "calls" is
the number of Python function calls per request (cProfile), which does not depend on how busy the machine is.

    .venv/bin/python bench/profile_pages.py [--pages /week /placements] [--rounds 7] [--requests 30]
                                            [--profile /week] [--top 30] [--sort tottime] [--queries]

--profile PAGE runs PAGE under cProfile for --requests requests (after the rounds) and prints the top --top
functions; --queries prints each page's SQL statements per request.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["/week", "/placements", "/meetings", "/reflections"]
PARTICIPANT = "ung1@example.org"
BASE_URL = "https://bench.example"


def make_app(database: str):  # noqa: ANN201
    from cryptography.fernet import Fernet

    from app import create_app
    from app.vapid import generate_keypair

    return create_app(
        "production",
        {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SQLALCHEMY_DATABASE_URI": database,
            "REFLECTION_KEYS": Fernet.generate_key().decode(),
            "VAPID_PRIVATE_KEY": generate_keypair()[0],
            "VAPID_SUBJECT": "mailto:drift@nextwork.dk",
            "PUBLIC_BASE_URL": BASE_URL,
            "LOG_LEVEL": "WARNING",
        },
    )


def logged_in_client(app, email: str):  # noqa: ANN001, ANN201
    from sqlalchemy import select

    from app.accounts import sessions
    from app.accounts.models import User
    from app.demo import load_demo
    from app.extensions import db

    with app.app_context():
        db.create_all()
        with app.test_request_context("/", base_url=BASE_URL):
            load_demo("scrypt:1024:8:1")
        user = db.session.scalars(select(User).where(User.email == email)).one()
        token = sessions.start_session(user, "bench")
        user_id = user.id
        db.session.remove()
    client = app.test_client()
    client.base_url = BASE_URL  # type: ignore[attr-defined]
    with client.session_transaction(base_url=BASE_URL) as session:
        session.update({"_user_id": str(user_id), "_fresh": True, "sid": token})
        session.permanent = True
    return client


def fetcher(client, path: str) -> Callable[[], None]:  # noqa: ANN001
    def get() -> None:
        response = client.get(path, base_url=BASE_URL)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code} {response.headers.get('Location', '')}")
        response.close()

    return get


def calls_per_request(get: Callable[[], None], n: int = 10) -> float:
    """Python function calls per request (cProfile's count): a deterministic figure that moves with the CPU cost
    but not with a busy machine."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        get()
    profiler.disable()
    return pstats.Stats(profiler).total_calls / n  # type: ignore[attr-defined,no-any-return]


def cpu_per_request(get: Callable[[], None], n: int) -> float:
    start = time.process_time()
    for _ in range(n):
        get()
    return (time.process_time() - start) / n * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", nargs="+", default=PAGES)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", metavar="PAGE")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", help="pstats sort key: tottime or cumulative")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--width", type=int, default=160, help="characters of each statement shown by --queries")
    options = parser.parse_args()
    logging.disable(logging.WARNING)

    from bench.bare_app import app as bare

    bare_get = fetcher(bare.test_client(), "/")
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/bench.sqlite3")
        client = logged_in_client(app, PARTICIPANT)
        gets = {path: fetcher(client, path) for path in options.pages}
        for get in [bare_get, *gets.values()]:
            for _ in range(5):
                get()

        if options.queries:
            from sqlalchemy import event

            from app.extensions import db

            with app.app_context():
                engine = db.engine
            for path, get in gets.items():
                statements: list[str] = []

                def collect(*args: object, into: list[str] = statements) -> None:
                    into.append(str(args[2]))

                event.listen(engine, "before_cursor_execute", collect)
                get()
                event.remove(engine, "before_cursor_execute", collect)
                print(f"\n{path}: {len(statements)} statements")
                for statement in statements:
                    print("   ", " ".join(statement.split())[: options.width])

        samples: dict[str, list[float]] = {path: [] for path in ["bare", *gets]}
        ratios: dict[str, list[float]] = {path: [] for path in gets}
        for _ in range(options.rounds):
            for path, get in gets.items():
                hello = cpu_per_request(bare_get, options.requests * 4)
                page = cpu_per_request(get, options.requests)
                samples["bare"].append(hello)
                samples[path].append(page)
                ratios[path].append(page / hello)
        calls = {path: calls_per_request(get) for path, get in [("bare", bare_get), *gets.items()]}
        print(f"\n{'page':16}{'CPU ms/request':>16}{'min':>8}{'× bare':>9}{'calls':>9}   ({options.rounds} rounds)")
        print(
            f"{'bare hello':16}{statistics.median(samples['bare']):>16.3f}{min(samples['bare']):>8.3f}"
            f"{'':>9}{calls['bare']:>9.0f}"
        )
        for path in gets:
            print(
                f"{path:16}{statistics.median(samples[path]):>16.2f}{min(samples[path]):>8.2f}"
                f"{statistics.median(ratios[path]):>9.1f}{calls[path]:>9.0f}"
            )

        if options.profile:
            get = fetcher(client, options.profile)
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(options.requests):
                get()
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(options.sort).print_stats(options.top)
            print(f"\ncProfile of {options.profile}, {options.requests} requests:")
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
