"""Command-line tools: `flask demo`, `flask users …`, `flask translations …`, `flask reflections …`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import select

from app.db import affected_rows
from app.errors import DomainError
from app.extensions import db
from app.notifications.cli import push
from app.security import external_url
from app.transaction import transaction


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo)
    app.cli.add_command(users)
    app.cli.add_command(translations)
    app.cli.add_command(reflections)
    app.cli.add_command(push)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) if the database already has users.")
@click.option(
    "--in-production-with-published-password",
    "in_production",
    is_flag=True,
    help="Load the demo even with APP_ENV=production: its logins have a password printed in the README.",
)
@click.option(
    "--scale",
    type=click.Choice(["demo", "town", "country"]),
    default="demo",
    show_default=True,
    help="country: 98 municipalities, 50,000 participants, 500,000 reflections, 1,000,000 check-ins (for measuring).",
)
def demo(if_empty: bool, scale: str, in_production: bool) -> None:
    """Load the demo municipality "Roskilde (demo)" with its logins (or, with --scale, data for measuring)."""
    from app.accounts.models import User
    from app.demo import DEMO_PASSWORD, DemoRefused, load_demo

    if current_app.config["ENV_NAME"] == "production" and not in_production:
        raise click.ClickException(
            "APP_ENV is production: the demo's logins use a password that is printed in the README, so anyone "
            "could log in with them. Not loaded. (--in-production-with-published-password loads it all the same.)"
        )
    if if_empty and db.session.scalar(select(User.id).limit(1)) is not None:
        click.echo("The database already has users; demo not loaded.")
        return
    if scale != "demo":
        from app.demo_scale import load_scale

        try:
            load_scale(scale, echo=click.echo)
        except DemoRefused as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Log in as ung-1-1@scale.example or konsulent-1-1@scale.example with the password {DEMO_PASSWORD}.")
        return
    try:
        load_demo(current_app.config["PASSWORD_HASH_METHOD"])
    except DemoRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Demo loaded. Log in as admin@example.org, facilitator@example.org or ung1@example.org "
        f"with the password {DEMO_PASSWORD}."
    )


@click.group("users")
def users() -> None:
    """Manage accounts from the command line."""


@users.command("create-admin")
@click.argument("email")
@click.option("--name", required=True, help="Display name of the admin.")
@click.option("--municipality", required=True, help="Name of the municipality (created if new).")
def create_admin(email: str, name: str, municipality: str) -> None:
    """Create the first admin of a municipality and print their invite link (on PUBLIC_BASE_URL)."""
    from app.accounts.services import create_first_admin

    try:
        token = create_first_admin(email, name, municipality)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    with current_app.test_request_context():
        click.echo(external_url("accounts.invite", token=token))


@users.command("reset-second-factor")
@click.argument("email")
def reset_second_factor(email: str) -> None:
    """Forget a staff member's authenticator and recovery codes (a lost phone): they set it up again at login."""
    from app.accounts import second_factor
    from app.accounts.services import find_by_email

    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the e-mail {email}.")
    second_factor.reset(user)
    click.echo(f"The second factor of {user.email} is reset; they set it up again when they log in.")


@click.group("translations")
def translations() -> None:
    """Extract, update and compile the Danish and English catalogues."""


TRANSLATIONS = Path(__file__).parent / "translations"
ROOT = Path(__file__).parent.parent


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translations.command("update")
def translations_update() -> None:
    """Extract messages, merge them into both catalogues and fill English with the source text."""
    from babel.messages.pofile import read_po, write_po

    pot = TRANSLATIONS / "messages.pot"
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output", "-o", str(pot), "app")
    _pybabel("update", "-i", str(pot), "-d", str(TRANSLATIONS), "--no-fuzzy-matching", "--ignore-obsolete")
    en = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with en.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable and not any(message.string or ()):
            message.string = tuple(message.id)
        elif not message.pluralizable and not message.string:
            message.string = message.id
    with en.open("wb") as fh:
        write_po(fh, catalog, no_location=True, sort_output=True)


@translations.command("compile")
def translations_compile() -> None:
    """Compile the catalogues into .mo files (done by `make install`)."""
    _pybabel("compile", "-d", str(TRANSLATIONS))


@click.group("reflections")
def reflections() -> None:
    """Keys for the encrypted reflection texts."""


@reflections.command("new-key")
def reflections_new_key() -> None:
    """Print a new key. Put it first in REFLECTION_KEYS (keep the old ones after it), then run rotate-key."""
    from cryptography.fernet import Fernet

    click.echo(Fernet.generate_key().decode())


def encrypted_columns() -> list[tuple[str, str, str]]:
    """(table, primary key, column) of every column stored encrypted (EncryptedText): reflections and responses,
    facilitator notes, facilitation reflections, the staff's second-factor secrets. Read from the models, so a new
    encrypted column is rotated too."""
    from app.crypto import EncryptedText

    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText):
                [key] = table.primary_key.columns
                found.append((table.name, key.name, column.name))
    return sorted(found)


@reflections.command("rotate-key")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000))
def reflections_rotate_key(batch_size: int) -> None:
    """Re-encrypt every encrypted text (reflections, responses, notes, second-factor secrets, ...) with the first key
    of REFLECTION_KEYS.

    Works on the stored tokens (never on clear text), a batch per transaction, so it can be run again
    after an interruption. A text that no configured key can read stops it with an error.
    """
    from sqlalchemy import Integer, Text, column, table, update

    from app.crypto import KeyError_, encryptor

    for name, key_column, text_column in encrypted_columns():
        raw = table(name, column(key_column, Integer), column(text_column, Text))
        key, value = raw.c[key_column], raw.c[text_column]
        done = last_id = 0
        while True:
            rows = db.session.execute(
                select(key, value).where(key > last_id, value.is_not(None)).order_by(key).limit(batch_size)
            ).all()
            if not rows:
                break
            with transaction():  # one batch, one transaction: a bad key undoes only the batch it stops in
                for row_id, token in rows:
                    try:
                        fresh = encryptor().rotate(token)
                    except KeyError_ as error:
                        raise click.ClickException(f"{name} {row_id}: {error}") from error
                    # Only if unchanged since it was read: an edit meanwhile was written with the current first key.
                    result = db.session.execute(
                        update(raw).where(key == row_id, value == token).values({text_column: fresh})
                    )
                    done += affected_rows(result)
            last_id = rows[-1][0]
        click.echo(f"{name}: {done} re-encrypted")
