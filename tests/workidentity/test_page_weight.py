"""The participant's "Me and work" pages stay within the 14 KB first-load budget (HTML + the CSS and JS they
reference, gzip as served), measured on the demo person's full page, as bench/page_weight.py measures every page."""

from __future__ import annotations

import gzip
import re

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.demo import load_demo

BUDGET = 14 * 1024  # bench/page_weight.py
ASSETS = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def _wire(client, url: str) -> tuple[int, str]:  # noqa: ANN001
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, url
    data = response.get_data()
    body = gzip.decompress(data) if response.headers.get("Content-Encoding") == "gzip" else data
    return len(data), body.decode()


@pytest.mark.parametrize(
    "url", ["/me/work", "/me/work/strengths", "/me/work/next", "/me/work/reflections", "/me/work/cv"]
)
def test_first_load_within_the_budget(db, client, login_as, url):
    load_demo(password_method="pbkdf2:sha256:1000")
    login_as(client, db.session.scalar(select(User).where(User.email == "ung1@example.org")))
    html_bytes, html = _wire(client, url)
    assets = [_wire(client, src.replace("&amp;", "&"))[0] for src in ASSETS.findall(html)]
    assert len(assets) >= 2
    assert html_bytes + sum(assets) <= BUDGET, (url, html_bytes, sum(assets))
