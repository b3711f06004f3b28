"""Page weight: each participant page's first load (HTML + the CSS and JS it references), compressed as served.

Loads the demo world into a temporary SQLite database, logs in as a demo participant through the real
/login form and requests every participant page the way a phone's first visit would (nothing cached), twice:
as a browser that only accepts gzip (Accept-Encoding: gzip) and as a current browser (Chrome's
Accept-Encoding: gzip, deflate, br, zstd), which gets Brotli. Prints the bytes on the wire per page for both,
and checks the gzip figure (the larger) against the 14 KB budget (about what the first round trip of a new
connection can carry). The service worker's background precache and the manifest are listed separately:
they load after the page is shown.

    .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
from pathlib import Path

import brotli
from flask.testing import FlaskClient

BUDGET = 14 * 1024
ENCODINGS = {"gzip": "gzip", "br": "gzip, deflate, br, zstd"}  # what we expect back -> what the browser sends
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}
PAGES = ["/week", "/meetings", "/placements", "/placements/mine", "/reflections", "/reflections/new", "/events"]
PAGES += ["/calendar", "/me", "/me/data"]
PAGES += ["/me/work", "/me/work/strengths", "/me/work/next", "/me/work/reflections", "/me/work/cv"]
DETAILS = [rf'href="(/{kind}/\d+)"' for kind in ("meetings", "placements", "reflections", "events")]
ASSETS = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def wire_size(client: FlaskClient, url: str, encoding: str = "gzip") -> tuple[int, int, str]:
    """(bytes on the wire, status, body as text) for one request as a phone's first visit makes it."""
    response = client.get(url, headers={"Accept-Encoding": ENCODINGS[encoding]})
    data = response.get_data()
    response.close()
    served = response.headers.get("Content-Encoding")
    if served not in (None, encoding):
        raise AssertionError(f"{url}: asked for {encoding}, got {served}")
    body = DECODE[served](data) if served else data
    return len(data), response.status_code, body.decode(errors="replace")


def first_load(client: FlaskClient, url: str, html: str, encoding: str) -> tuple[int, int, int]:
    """(HTML bytes, CSS+JS bytes, number of CSS/JS files) on the wire for `url` in one encoding."""
    html_bytes = wire_size(client, url, encoding)[0]
    assets = [wire_size(client, src.replace("&amp;", "&"), encoding)[0] for src in ASSETS.findall(html)]
    return html_bytes, sum(assets), len(assets)


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from app import create_app
    from app.demo import DEMO_PASSWORD, load_demo
    from app.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            "testing",
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3", "RATELIMIT_ENABLED": False},
        )
        with app.app_context():
            db.create_all()
            load_demo(password_method="pbkdf2:sha256:1000")
        client = app.test_client()
        _, _, login_page = wire_size(client, "/login")
        token = re.search(r'name="csrf-token" content="([^"]+)"', login_page).group(1)
        response = client.post(
            "/login", data={"csrf_token": token, "email": "ung1@example.org", "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, "demo login failed"

        pages = list(PAGES)
        rows = []
        over = 0
        seen_details: set[str] = set()
        for url in pages:
            _, status, html = wire_size(client, url)
            if status != 200:
                print(f"{url}: status {status}, skipped")
                continue
            for pattern in DETAILS:
                match = re.search(pattern, html)
                if match and match.group(1) not in seen_details:
                    seen_details.add(match.group(1))
                    pages.append(match.group(1))
            gz_html, gz_assets, count = first_load(client, url, html, "gzip")
            br_html, br_assets, _ = first_load(client, url, html, "br")
            over += gz_html + gz_assets > BUDGET
            rows.append((url, gz_html, gz_assets, br_html, br_assets, count))

        print(f"{'':24} {'---------- gzip ----------':>26}  {'--------- Brotli ---------':>26}")
        print(
            f"{'page':24} {'HTML':>7} {'CSS+JS':>7} {'total':>10}  {'HTML':>7} {'CSS+JS':>7} {'total':>10} "
            f"{'files':>5}  budget {BUDGET} B (gzip)"
        )
        for url, gz_html, gz_assets, br_html, br_assets, count in rows:
            gz_total, br_total = gz_html + gz_assets, br_html + br_assets
            verdict = "ok" if gz_total <= BUDGET else "OVER"
            print(
                f"{url:24} {gz_html:7} {gz_assets:7} {gz_total:10}  {br_html:7} {br_assets:7} {br_total:10} "
                f"{count:5}  {gz_total / BUDGET:5.0%} {verdict}"
            )
        print("\nafter the page is shown:")
        for encoding in ENCODINGS:
            sw_bytes, _, sw = wire_size(client, "/sw.js", encoding)
            manifest_bytes = wire_size(client, "/manifest.webmanifest", encoding)[0]
            shell = re.findall(r'"(/static/[^"]+|/offline)"', sw)
            precache = sum(wire_size(client, url, encoding)[0] for url in shell)
            print(
                f"  {encoding:4} sw.js {sw_bytes} B, manifest {manifest_bytes} B, "
                f"precache of {len(shell)} shell files {precache} B (once per version)"
            )
        week = next(row for row in rows if row[0] == "/week")
        gz_week, br_week = week[1] + week[2], week[3] + week[4]
        print(
            f"\n/week first load (HTML + CSS + JS): gzip {gz_week} B, Brotli {br_week} B ({br_week / gz_week - 1:+.0%})"
        )
        print(f"{len(rows) - over} of {len(rows)} participant pages within {BUDGET} B (gzip)")
        return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
