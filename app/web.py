"""Language choice, template helpers, navigation and long-lived caching of static files."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import DateTimePattern, get_day_names, match_skeleton
from babel.dates import format_datetime as format_datetime_babel
from babel.support import NullTranslations
from flask import Flask, Response, current_app, has_request_context, request, url_for
from flask_babel import format_datetime, format_time, get_locale, get_timezone, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.routing import IntegerConverter, Map

from app.accounts.auth import current_token
from app.accounts.models import Role
from app.db import utcnow
from app.extensions import babel
from app.security import csp_nonce

LANG_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


def select_locale() -> str:
    """Profile language, else ?lang=, else the lang cookie, else the browser's Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and workers
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate is not None and candidate in languages:
            return candidate
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


_CATALOGUES: dict[Locale | None, NullTranslations] = {}


def translations() -> NullTranslations:
    """The catalogue of the locale Flask-Babel chose for this request (or forced with force_locale): what
    flask_babel.get_translations() returns, remembered per locale. Flask-Babel looks the locale, domain and cache
    key up again for every string (~20 µs, 30-odd strings a page); here it is one lookup of the locale."""
    locale = get_locale()
    catalogue = _CATALOGUES.get(locale)
    if catalogue is None:
        catalogue = get_translations()
        if locale is not None:  # outside a request Flask-Babel answers with an empty catalogue: not kept
            _CATALOGUES[locale] = catalogue
    return catalogue


def register_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # The templates' _(), gettext, ngettext, pgettext and npgettext, as Flask-Babel installs them but through
    # translations() above.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )

    @app.after_request
    def remember_language(response: Response) -> Response:
        lang = request.args.get("lang")
        if lang is not None and lang in app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != lang:
            response.set_cookie(
                LANG_COOKIE,
                lang,
                max_age=ONE_YEAR,
                secure=app.config["SESSION_COOKIE_SECURE"],
                httponly=True,
                samesite="Lax",
            )
        return response


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    icon: str
    admin_only: bool = False
    secondary: bool = False  # staff: under "More" on a wide screen, so the main items fit one line at 1280 px


# Each later feature's endpoint appears in the navigation as soon as that feature is registered.
PARTICIPANT_TABS = (
    NavItem("dashboard.my_week", _l("My week"), "home"),
    NavItem("meetings.index", _l("Meetings"), "calendar"),
    NavItem("placements.index", _l("Placements"), "briefcase"),
    NavItem("reflections.index", _l("Reflections"), "pen"),
    NavItem("accounts.profile", _l("More"), "more"),
)
STAFF_NAV = (
    NavItem("dashboard.staff", _l("Overview"), "home"),
    NavItem("groups.index", _l("Groups"), "calendar"),
    NavItem("events.staff_index", _l("Match events"), "calendar"),
    NavItem("companies.index", _l("Companies"), "briefcase"),
    NavItem("placements.staff_index", _l("Placements"), "briefcase"),
    NavItem("reflections.staff_feed", _l("Reflections"), "pen"),
    NavItem("people.index", _l("People"), "people"),
    NavItem("reports.index", _l("Reports"), "home"),
    NavItem("privacy.staff_deletions", _l("Deleted accounts"), "people", secondary=True),
    NavItem("accounts.municipality_settings", _l("Settings"), "more", admin_only=True, secondary=True),
    NavItem("accounts.profile", _l("Profile"), "more", secondary=True),
)


def nav_items() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    items = PARTICIPANT_TABS if current_user.role is Role.PARTICIPANT else STAFF_NAV
    admin = current_user.role is Role.ADMIN
    return [item for item in items if item.endpoint in current_app.view_functions and (admin or not item.admin_only)]


@cache
def file_digest(path: str, mtime: float) -> str:
    """Short content hash of a file; the mtime in the key makes a changed file hash again."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """URL of a static file with a content hash, so it can be cached for a year.

    Outside debug mode the files do not change while the process runs, so each URL is built once per file and
    script root (a page asks for about seven: a stat and a url_for each were 5 % of My week)."""
    if current_app.debug:
        return _versioned_static_url(filename)
    known: dict[tuple[str, str], str] = current_app.extensions.setdefault("nw_static_urls", {})
    key = (filename, request.script_root if has_request_context() else "")
    url = known.get(key)
    if url is None:
        url = known[key] = _versioned_static_url(filename)
    return url


def _versioned_static_url(filename: str) -> str:
    path = Path(current_app.static_folder or "") / filename
    return url_for("static", filename=filename, v=file_digest(str(path), path.stat().st_mtime))


def login_cache_id() -> str | None:
    """An opaque id naming this login's offline page cache in the service worker; None when logged out.

    An HMAC of the device-session token: it does not reveal the token, and every new login (even of the
    same person) gets a new cache, so one login never sees pages stored under another.
    """
    token = current_token() if current_user.is_authenticated else None
    if not token:
        return None
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"nw-cache:" + token.encode(), hashlib.sha256).hexdigest()[:24]


@cache
def skeleton_pattern(skeleton: str, locale: str) -> DateTimePattern:
    """The locale's pattern for a date skeleton. Babel's format_skeleton matches the skeleton against every
    pattern of the locale on each call (about 1 ms); the answer never changes, so it is looked up once."""
    patterns = Locale.parse(locale).datetime_skeletons
    return patterns[skeleton if skeleton in patterns else match_skeleton(skeleton, patterns)]


@cache
def day_pattern(locale: str) -> str:
    """The pattern of format_day: the locale's nearest pattern for the skeleton, with the weekday written out. CLDR's
    nearest pattern abbreviates it ("tirs. 1. december", "Tue, December 1"), and "tirs." is not how anyone says a
    day; quoted literals are left alone."""
    pattern = skeleton_pattern("MMMMEEEEd", locale).pattern
    parts = re.split(r"('[^']*')", pattern)  # odd parts are quoted literals
    return "".join(part if i % 2 else re.sub(r"E{1,3}(?!E)", "EEEE", part) for i, part in enumerate(parts))


def format_day(value: datetime | None) -> str:
    """A weekday and date for people, e.g. "fredag 27. november" / "Friday, November 27"."""
    if value is None:
        return ""
    locale = str(get_locale() or "da")
    return format_datetime_babel(value, day_pattern(locale), tzinfo=get_timezone(), locale=locale)


def format_when(value: datetime | None) -> str:
    """A moment as the pages say it: "tirsdag 1. december, 10.00" (not "01.12.2026 10.00")."""
    return f"{format_day(value)}, {format_time(value, 'short')}" if value else ""


def weekday_name(day: int) -> str:
    return get_day_names("wide", locale=str(get_locale() or "da"))[day].capitalize()


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a database id, so at most 2**31 - 1 (larger would crash the query)."""

    regex = r"[0-9]+"  # ASCII only (Werkzeug's default also reads full-width digits)

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register_url_converters(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter


def register_templates(app: Flask) -> None:
    app.jinja_env.globals.update(
        csp_nonce=csp_nonce,
        static_url=static_url,
        nav_items=nav_items,
        now=utcnow,
        weekday_name=weekday_name,
        login_cache_id=login_cache_id,
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["clock"] = lambda value: format_time(value, "short") if value else ""
    app.jinja_env.filters["when"] = format_when

    @app.context_processor
    def current_language() -> dict:
        return {"lang": str(get_locale() or "da"), "Role": Role}

    @app.after_request
    def cache_static(response: Response) -> Response:
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.no_cache = None  # Werkzeug's default for files without a max age
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response
