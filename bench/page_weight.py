"""Page weight: each participant page's first load (HTML + the CSS and JS it references), compressed as served.

Loads the demo world into a temporary SQLite database, logs in as a demo participant through the real
/login form and requests every participant page the way a phone's first visit would (Accept-Encoding: gzip,
nothing cached). Prints the bytes on the wire per page against the 14 KB budget (about what the first
round trip of a new connection can carry). The service worker's background precache and the manifest
are listed separately: they load after the page is shown.

    .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.demo import DEMO_PASSWORD, load_demo  # noqa: E402
from app.extensions import db  # noqa: E402

BUDGET = 14 * 1024
GZIP = {"Accept-Encoding": "gzip"}
PAGES = ["/week", "/meetings", "/placements", "/placements/mine", "/reflections", "/reflections/new", "/events",
         "/calendar", "/me", "/me/data"]  # fmt: skip
DETAILS = [rf'href="(/{kind}/\d+)"' for kind in ("meetings", "placements", "reflections", "events")]
ASSETS = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def wire_size(client, url: str) -> tuple[int, int, str]:  # noqa: ANN001
    """(bytes on the wire, status, body as text) for one request as a phone's first visit makes it."""
    response = client.get(url, headers=GZIP)
    data = response.get_data()
    response.close()
    body = gzip.decompress(data) if response.headers.get("Content-Encoding") == "gzip" else data
    return len(data), response.status_code, body.decode(errors="replace")


def main() -> int:
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
            html_bytes, status, html = wire_size(client, url)
            if status != 200:
                print(f"{url}: status {status}, skipped")
                continue
            for pattern in DETAILS:
                match = re.search(pattern, html)
                if match and match.group(1) not in seen_details:
                    seen_details.add(match.group(1))
                    pages.append(match.group(1))
            assets = [(src, wire_size(client, src.replace("&amp;", "&"))[0]) for src in ASSETS.findall(html)]
            total = html_bytes + sum(size for _, size in assets)
            over += total > BUDGET
            rows.append((url, html_bytes, sum(size for _, size in assets), total, len(assets)))

        print(f"{'page':24} {'HTML':>7} {'CSS+JS':>7} {'total':>7} {'files':>5}  budget {BUDGET} B")
        for url, html_bytes, asset_bytes, total, count in rows:
            verdict = "ok" if total <= BUDGET else "OVER"
            print(f"{url:24} {html_bytes:7} {asset_bytes:7} {total:7} {count:5}  {total / BUDGET:5.0%} {verdict}")
        sw_bytes, _, sw = wire_size(client, "/sw.js")
        manifest_bytes = wire_size(client, "/manifest.webmanifest")[0]
        shell = re.findall(r'"(/static/[^"]+|/offline)"', sw)
        precache = sum(wire_size(client, url)[0] for url in shell)
        print(f"\nafter the page is shown: sw.js {sw_bytes} B, manifest {manifest_bytes} B, "
              f"precache of {len(shell)} shell files {precache} B (once per version)")  # fmt: skip
        print(f"{len(rows) - over} of {len(rows)} participant pages within {BUDGET} B")
        return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
