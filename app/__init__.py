"""The NEXTWORK app: `create_app()` builds a configured Flask application."""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

from flask import Flask

from app.config import load_config, running_key_command


def create_app(env: str | None = None, overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(load_config(app.instance_path, env, overrides, key_command=running_key_command(sys.argv)))
    register_extensions(app)
    register_blueprints(app)
    register_listeners(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from werkzeug.middleware.proxy_fix import ProxyFix

    from app.accounts.auth import register_auth
    from app.compression import register_compression
    from app.crypto import register_crypto
    from app.errors import register_error_handlers
    from app.extensions import csrf, db, limiter, migrate
    from app.inputs import register_input_guard
    from app.logs import register_logging
    from app.metrics import register_metrics
    from app.security import register_security_headers
    from app.web import register_i18n, register_templates, register_url_converters

    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    register_input_guard(app)
    register_compression(app)
    register_logging(app)  # after compression: its hooks only add a header and time the request
    register_metrics(app)
    register_url_converters(app)
    register_crypto(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    register_auth(app)
    register_i18n(app)
    register_templates(app)
    register_security_headers(app)
    register_error_handlers(app)


def register_blueprints(app: Flask) -> None:
    import_module("app.models")  # every feature's tables: the metadata is complete for migrations
    from app.accounts import bp as accounts_bp
    from app.api import bp as api_bp
    from app.companies import bp as companies_bp
    from app.dashboard import bp as dashboard_bp
    from app.events import bp as events_bp
    from app.facilitation import bp as facilitation_bp
    from app.groups import bp as groups_bp
    from app.groups import messages_bp
    from app.health import register_health
    from app.meetings import bp as meetings_bp
    from app.notes import bp as notes_bp
    from app.notifications import bp as notifications_bp
    from app.people import bp as people_bp
    from app.placements import bp as placements_bp
    from app.privacy import bp as privacy_bp
    from app.programme import bp as programme_bp
    from app.public import bp as public_bp
    from app.pwa import bp as pwa_bp
    from app.reflections import bp as reflections_bp
    from app.reports import bp as reports_bp
    from app.wellbeing import bp as wellbeing_bp
    from app.workidentity import bp as workidentity_bp

    for blueprint in (
        accounts_bp,
        people_bp,
        notes_bp,
        dashboard_bp,
        groups_bp,
        messages_bp,
        meetings_bp,
        facilitation_bp,
        companies_bp,
        events_bp,
        placements_bp,
        reflections_bp,
        workidentity_bp,
        wellbeing_bp,
        programme_bp,
        reports_bp,
        privacy_bp,
        api_bp,
        pwa_bp,
        public_bp,
        notifications_bp,
    ):
        app.register_blueprint(blueprint)
    register_health(app)


def register_listeners(app: Flask) -> None:
    """Connect the reactions to domain events (app.signals) for this app, unless DOMAIN_LISTENERS is False."""
    if not app.config.get("DOMAIN_LISTENERS", True):
        return
    from app.notifications.listeners import register_listeners as notifications
    from app.programme.listeners import register_listeners as programme

    notifications(app)
    programme(app)


def register_cli(app: Flask) -> None:
    from app.cli import register_commands

    register_commands(app)
