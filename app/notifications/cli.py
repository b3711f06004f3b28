"""`flask push …`: VAPID keys, the delivery worker and its statistics."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import click
from flask import Flask, current_app
from sqlalchemy import make_url
from werkzeug.local import LocalProxy

from app.extensions import db

ONE_WORKER = "Another push worker is already running on this SQLite database; one is enough."


@click.group("push")
def push() -> None:
    """Web Push: keys, the delivery worker, statistics."""


@push.command("keys")
def keys() -> None:
    """Print a new VAPID key pair for the configuration."""
    from app.vapid import generate_keypair

    private, public = generate_keypair()
    click.echo(f"VAPID_PRIVATE_KEY={private}")
    click.echo(f"VAPID_PUBLIC_KEY={public}")
    click.echo(
        "Set VAPID_PRIVATE_KEY (keep it secret) and VAPID_SUBJECT (mailto: or https: contact) in the environment. "
        "The public key is derived from the private one. Changing the key makes every browser subscribe again."
    )


def lock_path() -> Path | None:
    """Where the single-worker lock lives on SQLite: next to the database file, or in the instance folder
    for an in-memory database. None on other databases (their workers share the queue with SKIP LOCKED)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        return None
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        return Path(url.database).with_name(Path(url.database).name + ".push-worker.lock")
    return Path(current_app.instance_path) / "push-worker.lock"


@contextmanager
def single_worker() -> Iterator[None]:
    """Hold an exclusive lock for this worker on SQLite; click.ClickException if another worker holds it."""
    path = lock_path()
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise click.ClickException(ONE_WORKER) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@push.command("work")
@click.option("--once", is_flag=True, help="Send what is due now, then exit (for cron and tests).")
@click.option(
    "--poll", default=5.0, show_default=True, type=click.FloatRange(0.1, 3600), help="Seconds between rounds."
)
def work(once: bool, poll: float) -> None:
    """Deliver queued push notifications (and create due reminders). Stops cleanly on SIGTERM/SIGINT."""
    from app.notifications.worker import run_once, work_forever

    with single_worker():
        if once:
            counts = run_once()
            click.echo(" ".join(f"{key}={value}" for key, value in counts.items()))
        else:
            bind = current_app.config["METRICS_BIND"]
            if bind:
                from app.notifications.metrics import serve

                serve(cast(LocalProxy[Flask], current_app)._get_current_object(), bind)
                click.echo(f"Prometheus metrics on http://{bind}/metrics")
            click.echo("Push worker running; stop with Ctrl+C or SIGTERM.")
            work_forever(poll)
    db.session.remove()


@push.command("stats")
def stats_command() -> None:
    """Show how many deliveries are queued, sent, failed, expired and withdrawn."""
    from app.notifications.worker import stats

    for status, count in stats().items():
        click.echo(f"{status:10} {count}")


@push.command("purge")
def purge_command() -> None:
    """Delete old inbox entries and finished deliveries now (the worker also does this every hour)."""
    from app.notifications.retention import purge

    counts = purge()
    click.echo(f"Deleted {counts['notifications']} old notifications and {counts['deliveries']} finished deliveries.")
