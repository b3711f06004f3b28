"""Throughput of the real pages as a share of a bare Flask app, measured side by side (`make bench`).

Both apps run under gunicorn (2 sync workers) on this machine; the real one with the production config on
PostgreSQL (127.0.0.1:5432, user postgres). wrk (Debian's package) sends 16 connections for a few seconds to
one URL at a time, in rounds that alternate the bare app's "hello" with each page, so a noisy neighbour slows
both sides alike. The figure per page is its requests/s divided by the bare app's in the same round, as the
median over the rounds; p50/p99 latency is the page's own. Absolute numbers mean little on a shared machine.

    .venv/bin/python bench/throughput.py [--scale demo|country|both] [--rounds 3] [--seconds 4]

demo: `flask demo` in database nw_bench_demo (made fresh each run). country: `flask demo --scale country` in
nw_bench_country (made once, ~3 minutes, then reused; drop it to rebuild). Keys for both are kept in
instance/bench_keys.json so reused data stays readable.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/"
PARTICIPANT_PAGES = ["/week", "/meetings", "/placements", "/reflections", "/events"]
STAFF_PAGES = ["/staff", "/staff/reflections", "/staff/placements/people", "/staff/people/"]
LOGINS = {
    "demo": {"participant": "ung1@example.org", "facilitator": "facilitator@example.org"},
    "country": {"participant": "ung-1-1@scale.example", "facilitator": "konsulent-1-1@scale.example"},
}


@dataclass
class Result:
    ratios: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)


def keys() -> dict[str, str]:
    path = ROOT / "instance" / "bench_keys.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    sys.path.insert(0, str(ROOT))
    from cryptography.fernet import Fernet

    from app.vapid import generate_keypair

    made = {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "REFLECTION_KEYS": Fernet.generate_key().decode(),
        "VAPID_PRIVATE_KEY": generate_keypair()[0],
    }
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(made))
    path.chmod(0o600)
    return made


def env_for(database: str, production: bool = True) -> dict[str, str]:
    env = dict(os.environ, **keys(), DATABASE_URL=PG + database, FLASK_APP="wsgi")
    env.update(
        APP_ENV="production" if production else "development",
        VAPID_SUBJECT="mailto:drift@nextwork.dk",
        PUBLIC_BASE_URL="https://bench.nextwork.dk",
        TRUSTED_HOSTS="127.0.0.1",
        STAFF_TOTP_REQUIRED="0",
        RATELIMIT_STORAGE_URI="memory://",
        LOG_LEVEL="WARNING",
    )
    return env


def psql(*commands: str) -> str:
    args = ["psql", "-qtA", "-h", "127.0.0.1", "-U", "postgres"]
    for command in commands:
        args += ["-c", command]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def prepare(scale: str) -> str:
    database = f"nw_bench_{scale}"
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'").strip() == "1"  # nosec B608 # name is ours
    if scale == "demo" or not exists:
        psql(f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}")
        flask = [str(VENV / "flask"), "--app", "wsgi"]
        dev = env_for(database, production=False)
        subprocess.run([*flask, "db", "upgrade"], check=True, env=dev, cwd=ROOT, capture_output=True)
        demo = [*flask, "demo"] + (["--scale", "country"] if scale == "country" else [])
        print(f"loading {scale} data…", flush=True)
        subprocess.run(demo, check=True, env=dev, cwd=ROOT, capture_output=True)
    return database


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(target: str, env: dict[str, str]) -> Iterator[int]:
    port = free_port()
    args = [
        str(VENV / "gunicorn"),
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--no-control-socket",
    ]
    args.append(target)
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError as error:
                if process.poll() is not None:
                    why = process.stderr.read() if process.stderr else ""
                    raise RuntimeError(f"gunicorn {target} stopped: {why}") from error
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


COOKIE_SCRIPT = """
import sys
from sqlalchemy import select
from app import create_app
from app.accounts import sessions
from app.accounts.models import User
from app.extensions import db
app = create_app()
with app.app_context():
    user = db.session.scalars(select(User).where(User.email == sys.argv[1])).one()
    token = sessions.start_session(user, "bench")
    value = app.session_interface.get_signing_serializer(app).dumps({"_user_id": str(user.id), "_fresh": True,
                                                                    "sid": token})
    print(app.config["SESSION_COOKIE_NAME"] + "=" + value)
"""


def cookie(email: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(VENV / "python"), "-c", COOKIE_SCRIPT, email],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def wrk(port: int, path: str, seconds: int, cookie_header: str | None = None) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p99 ms) of one wrk run; fails if any answer is not a 2xx."""
    args = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", f"Host: 127.0.0.1:{port}"]
    if cookie_header:
        args += ["-H", f"Cookie: {cookie_header}"]
    out = subprocess.run([*args, f"http://127.0.0.1:{port}{path}"], check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{path}: some answers were not 2xx\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def percentile(name: str) -> float:
        value, unit = re.search(rf"\s{name}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return rps, percentile("50"), percentile("99")


def check(port: int, path: str, cookie_header: str) -> None:
    import urllib.request

    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie_header})
    with urllib.request.urlopen(request) as response:  # noqa: S310  # nosec B310 # our own local server
        if response.status != 200 or response.url.rstrip("/") != f"http://127.0.0.1:{port}{path}".rstrip("/"):
            raise RuntimeError(f"{path}: {response.status} at {response.url}")


def measure(scale: str, rounds: int, seconds: int) -> dict[str, Result]:
    database = prepare(scale)
    env = env_for(database)
    cookies = {role: cookie(email, env) for role, email in LOGINS[scale].items()}
    pages = [(p, "participant") for p in PARTICIPANT_PAGES] + [(p, "facilitator") for p in STAFF_PAGES]
    results = {path: Result() for path, _ in pages}
    with gunicorn("bench.bare_app:app", env) as bare, gunicorn("wsgi:app", env) as real:
        for path, role in pages:
            check(real, path, cookies[role])
        for number in range(rounds):
            for path, role in pages:
                hello, _p50, _p99 = wrk(bare, "/", seconds)
                rps, p50, p99 = wrk(real, path, seconds, cookies[role])
                results[path].ratios.append(rps / hello)
                results[path].p50.append(p50)
                results[path].p99.append(p99)
            print(f"{scale}: round {number + 1} of {rounds} done", flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["demo", "country", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=4)
    options = parser.parse_args()
    scales = ["demo", "country"] if options.scale == "both" else [options.scale]
    table = {scale: measure(scale, options.rounds, options.seconds) for scale in scales}
    print(
        f"\n{'page':28}"
        + "".join(f"{s + ' ratio':>15}{'p50/p99 ms':>16}" for s in scales)
        + ("   country/demo" if len(scales) == 2 else "")
    )
    for path in PARTICIPANT_PAGES + STAFF_PAGES:
        line = f"{path:28}"
        for scale in scales:
            r = table[scale][path]
            line += (
                f"{statistics.median(r.ratios):>15.3f}{statistics.median(r.p50):>8.1f}/{statistics.median(r.p99):<7.1f}"
            )
        if len(scales) == 2:
            demo, country = (statistics.median(table[s][path].p50) for s in scales)
            line += f"{country / demo:>12.2f}×"
        print(line)
    if "country" in scales:
        print("\nEXPLAIN at country scale (bench/explain_pages.py):", flush=True)
        explain = [str(VENV / "python"), str(ROOT / "bench" / "explain_pages.py")]
        env = dict(env_for("nw_bench_country", production=False), SCALE_DATABASE_URL=PG + "nw_bench_country")
        return subprocess.run(explain, cwd=ROOT, env=env).returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
