"""Manifest, service worker, offline page and compression, seen from the server."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from app.accounts.models import Role
from tests.factories import make_user

GZIP = {"Accept-Encoding": "gzip"}


def test_manifest_has_what_an_installable_app_needs(client):
    response = client.get("/manifest.webmanifest?lang=en")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "NEXTWORK" and manifest["short_name"]
    assert manifest["description"] and manifest["lang"] == "en"
    assert (manifest["id"], manifest["start_url"], manifest["scope"]) == ("/", "/week", "/")
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5d4b" and manifest["background_color"] == "#f6f7f5"
    icons = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        data = image.get_data()
        image.close()
        assert image.status_code == 200 and image.mimetype == "image/png"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]
    assert json.loads(client.get("/manifest.webmanifest?lang=da").data)["lang"] == "da"


def test_pages_link_the_manifest_and_the_app_script(client):
    html = client.get("/login").get_data(as_text=True)
    assert re.search(r'<link rel="manifest" href="/manifest.webmanifest', html)
    assert re.search(r'<script src="/static/js/app.js\?v=\w+" nonce="[^"]+" defer></script>', html)


def test_service_worker_headers_and_shell(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    shell = json.loads(re.search(r"var SHELL = (\[.*\]);", body).group(1))
    assert any(url.startswith("/static/css/app.css?v=") for url in shell)
    assert any(url.startswith("/static/js/app.js?v=") for url in shell)
    assert any(url.startswith("/static/icons/icon-512.png?v=") for url in shell)
    assert '"/offline"' in body
    assert "nextwork-queue" in body and "flush-queue" in body


def _version(client) -> str:
    return re.search(r'var VERSION = "(\w+)";', client.get("/sw.js").get_data(as_text=True)).group(1)


def test_service_worker_version_changes_when_a_shell_file_changes(app, client):
    css = Path(app.static_folder) / "css" / "app.css"
    original = css.read_bytes()
    before = _version(client)
    assert _version(client) == before  # stable between requests
    try:
        css.write_bytes(original + b"\n/* deploy */\n")
        changed = _version(client)
    finally:
        css.write_bytes(original)
    assert changed != before
    assert _version(client) == before


def test_offline_page_is_public_and_holds_no_personal_data(client, login_as, db):
    anonymous = client.get("/offline")
    assert anonymous.status_code == 200
    user = make_user(Role.PARTICIPANT, name="Zebulon Særnavn")
    login_as(client, user)
    html = client.get("/offline").get_data(as_text=True)
    for personal in ("Zebulon", user.email, "csrf", "nw-cache", "logout"):
        assert personal not in html
    assert "no-store" not in client.get("/offline").headers["Cache-Control"]


def test_logged_in_pages_name_their_offline_cache_and_anonymous_pages_do_not(client, make_client, login_as, db):
    assert "X-NW-Cache" not in client.get("/login").headers
    user = make_user(Role.PARTICIPANT)
    login_as(client, user)
    page = client.get("/week")
    cache_id = page.headers["X-NW-Cache"]
    assert f'<meta name="nw-cache" content="{cache_id}">' in page.get_data(as_text=True)
    other = make_client()
    login_as(other, user)  # the same person on a new login gets a different cache
    assert other.get("/week").headers["X-NW-Cache"] != cache_id


def test_html_css_and_js_are_compressed(client):
    page = client.get("/login", headers=GZIP)
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    assert b"<!doctype html>" in gzip.decompress(page.data)
    css_url = re.search(r'href="(/static/css/app.css\?v=\w+)"', gzip.decompress(page.data).decode()).group(1)
    css = client.get(css_url, headers=GZIP)
    assert css.headers["Content-Encoding"] == "gzip"
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert int(css.headers["Content-Length"]) == len(css.data) < len(gzip.decompress(css.data))
    plain = client.get("/login")
    assert "Content-Encoding" not in plain.headers and plain.data.startswith(b"<!doctype html>")
