"""Web app manifest, service worker and offline page: public, with no personal data."""

from __future__ import annotations

from flask import Response, current_app, jsonify, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _

from app.pwa import bp
from app.pwa.shell import OFFLINE_FORMS, OFFLINE_PAGES, OFFLINE_TEMPLATE, SW_TEMPLATE, shell_urls, shell_version
from app.web import login_cache_id, static_url

THEME_COLOUR = "#0b5d4b"  # --brand in app.css
BACKGROUND_COLOUR = "#f6f7f5"  # --bg in app.css


@bp.get("/manifest.webmanifest")
def manifest() -> ResponseReturnValue:
    lang = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    icons = [
        {"src": static_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": static_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {
            "src": static_url("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    response = jsonify(
        id="/",
        name="NEXTWORK",
        short_name="NEXTWORK",
        description=_("Your network meetings, placements and reflections in one place."),
        lang=lang,
        dir="ltr",
        start_url=url_for("dashboard.my_week"),
        scope="/",
        display="standalone",
        theme_color=THEME_COLOUR,
        background_color=BACKGROUND_COLOUR,
        icons=icons,
    )
    response.mimetype = "application/manifest+json"
    response.cache_control.no_cache = True
    return response


@bp.get("/sw.js")
def service_worker() -> ResponseReturnValue:
    body = render_template(  # nosec B604 # `shell` is the PWA's app-shell URL list, not a subprocess shell
        SW_TEMPLATE,
        version=shell_version(),
        shell=shell_urls(),
        offline_url=url_for("pwa.offline"),
        pages=list(OFFLINE_PAGES),
        forms=list(OFFLINE_FORMS),
    )
    response = Response(body, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.cache_control.no_cache = True
    return response


@bp.get("/offline")
def offline() -> ResponseReturnValue:
    response = Response(render_template(OFFLINE_TEMPLATE))
    response.cache_control.no_cache = True
    return response


@bp.after_app_request
def name_offline_cache(response: Response) -> Response:
    """Tell the service worker which login's cache a page belongs to (no header: never store the page)."""
    if response.mimetype == "text/html" and response.status_code == 200:
        cache_id = login_cache_id()
        if cache_id:
            response.headers["X-NW-Cache"] = cache_id
    return response
