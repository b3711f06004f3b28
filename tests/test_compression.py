"""Brotli for browsers that accept it, gzip for those that only accept gzip, the plain body otherwise."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterator

import brotli
import pytest
from flask import Flask, Response
from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy

from app.accounts.models import Role, User
from app.compression import register_compression
from tests.factories import make_user

BR_AND_GZIP = {"Accept-Encoding": "br, gzip"}
CHROME = {"Accept-Encoding": "gzip, deflate, br, zstd"}
GZIP_ONLY = {"Accept-Encoding": "gzip"}
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}
TEXT = "Ugens netværksmøde er flyttet til torsdag kl. 14. " * 40  # well over the 500-byte minimum


def decoded(response: Response) -> bytes:
    """The body as the browser reads it after undoing Content-Encoding."""
    encoding = response.headers.get("Content-Encoding")
    return DECODE[encoding](response.get_data()) if encoding else response.get_data()


def asset_urls(client: FlaskClient) -> list[str]:
    html = client.get("/login").get_data(as_text=True)
    return re.findall(r'(?:href|src)="(/static/(?:css|js)/[^"]+\?v=\w+)"', html)


@pytest.mark.parametrize(
    ("headers", "encoding"),
    [(BR_AND_GZIP, "br"), (CHROME, "br"), (GZIP_ONLY, "gzip"), ({}, None), ({"Accept-Encoding": "identity"}, None)],
)
def test_static_css_and_js_are_served_in_the_best_encoding_the_browser_accepts(
    client: FlaskClient, headers: dict[str, str], encoding: str | None
) -> None:
    urls = asset_urls(client)
    assert any("/css/" in url for url in urls) and any("/js/" in url for url in urls)
    for url in urls:
        plain = client.get(url)
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert int(response.headers["Content-Length"]) == len(response.get_data())
        assert decoded(response) == plain.get_data()
        if encoding:
            assert len(response.get_data()) < len(plain.get_data())


def test_brotli_is_smaller_than_gzip_for_the_stylesheet(client: FlaskClient) -> None:
    url = next(url for url in asset_urls(client) if "/css/" in url)
    assert len(client.get(url, headers=BR_AND_GZIP).data) < len(client.get(url, headers=GZIP_ONLY).data)


def test_a_page_is_compressed_for_a_logged_in_participant(
    client: FlaskClient, login_as: Callable[[FlaskClient, User], str], db: SQLAlchemy
) -> None:
    login_as(client, make_user(Role.PARTICIPANT))
    for headers, encoding in ((BR_AND_GZIP, "br"), (GZIP_ONLY, "gzip")):
        page = client.get("/week", headers=headers)
        assert page.status_code == 200 and page.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in page.headers["Vary"]
        assert decoded(page).startswith(b"<!doctype html>")
    plain = client.get("/week")
    assert "Content-Encoding" not in plain.headers and plain.data.startswith(b"<!doctype html>")


def test_a_strong_etag_names_the_encoding(client: FlaskClient) -> None:
    url = asset_urls(client)[0]
    plain_etag = client.get(url).headers["ETag"]
    br = client.get(url, headers=BR_AND_GZIP)
    assert br.headers["ETag"] == plain_etag[:-1] + ':br"'
    assert client.get(url, headers={**BR_AND_GZIP, "If-None-Match": br.headers["ETag"]}).status_code == 304


def test_a_pre_compressed_image_is_left_alone(client: FlaskClient) -> None:
    icon = client.get("/static/icons/icon-192.png", headers=BR_AND_GZIP)
    assert icon.status_code == 200 and "Content-Encoding" not in icon.headers


@pytest.fixture
def bare() -> Iterator[FlaskClient]:
    """A bare app with only the compression step, and routes for the cases the real app has few of."""
    bare = Flask(__name__)
    register_compression(bare)

    @bare.get("/text")
    def text() -> Response:
        return Response(TEXT, mimetype="text/html")

    @bare.get("/small")
    def small() -> Response:
        return Response("<p>kort</p>", mimetype="text/html")

    @bare.get("/stream")
    def stream() -> Response:
        return Response((line for line in TEXT.split(". ")), mimetype="text/csv")

    @bare.get("/already")
    def already() -> Response:
        return Response(gzip.compress(TEXT.encode()), mimetype="text/html", headers={"Content-Encoding": "gzip"})

    @bare.get("/binary")
    def binary() -> Response:
        return Response(TEXT, mimetype="application/octet-stream")

    @bare.get("/missing")
    def missing() -> Response:
        return Response(TEXT, status=404, mimetype="text/html")

    yield bare.test_client()


@pytest.mark.parametrize(("headers", "encoding"), [(BR_AND_GZIP, "br"), (GZIP_ONLY, "gzip"), ({}, None)])
def test_decompressed_body_equals_the_plain_one(bare: FlaskClient, headers: dict[str, str], encoding: str) -> None:
    response = bare.get("/text", headers=headers)
    assert response.headers.get("Content-Encoding") == encoding
    assert response.headers["Vary"] == "Accept-Encoding"
    assert decoded(response) == TEXT.encode()


def test_brotli_is_preferred_only_at_an_equal_or_higher_q(bare: FlaskClient) -> None:
    assert bare.get("/text", headers={"Accept-Encoding": "br;q=0.5, gzip"}).headers["Content-Encoding"] == "gzip"
    assert bare.get("/text", headers={"Accept-Encoding": "gzip, br"}).headers["Content-Encoding"] == "br"
    assert "Content-Encoding" not in bare.get("/text", headers={"Accept-Encoding": "deflate"}).headers


@pytest.mark.parametrize("path", ["/small", "/stream", "/binary", "/missing"])
def test_left_uncompressed(bare: FlaskClient, path: str) -> None:
    response = bare.get(path, headers=BR_AND_GZIP)
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]


def test_an_already_encoded_body_is_not_encoded_twice(bare: FlaskClient) -> None:
    response = bare.get("/already", headers=BR_AND_GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == TEXT.encode()


def test_a_streamed_response_keeps_streaming(bare: FlaskClient) -> None:
    response = bare.get("/stream", headers=BR_AND_GZIP, buffered=False)
    assert response.is_streamed
    assert b"".join(response.response) == "".join(TEXT.split(". ")).encode()
