"""gzip for text responses (pages, CSS, JS, JSON, the manifest) when the browser accepts it."""

from __future__ import annotations

import gzip
from functools import lru_cache

from flask import Flask, Response, request

COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
    "text/calendar",
    "text/csv",
}
MIN_SIZE = 500  # below this the gzip header costs more than it saves


@lru_cache(maxsize=256)
def _gzip_cached(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _gzip(data: bytes, cache: bool) -> bytes:
    """Static files (few, unchanging) are compressed once at the best level; pages at a fast one."""
    return _gzip_cached(data) if cache else gzip.compress(data, compresslevel=6, mtime=0)


def _accepts_gzip() -> bool:
    return any(value == "gzip" and q > 0 for value, q in request.accept_encodings)


def _read_static_file(response: Response) -> None:
    """Read a (small) static file into memory and close it, so a dropped connection cannot leak the handle."""
    original = response.response
    response.direct_passthrough = False
    response.get_data()
    if original is not response.response and hasattr(original, "close"):
        original.close()


def compress(response: Response) -> Response:
    """gzip `response` in place when it is worth it; always say the answer varies with Accept-Encoding."""
    if request.endpoint == "static" and response.direct_passthrough and response.status_code == 200:
        _read_static_file(response)
    if response.mimetype not in COMPRESSIBLE or request.method == "HEAD":
        return response
    response.vary.add("Accept-Encoding")
    if response.status_code != 200 or "Content-Encoding" in response.headers or not _accepts_gzip():
        return response
    if response.is_streamed:
        return response  # a generator (e.g. a long export): leave it streaming
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(_gzip(data, cache=request.endpoint == "static"))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(etag + "-gz", weak=weak)
    return response


def register_compression(app: Flask) -> None:
    # Registered first, so it runs after every other after_request hook has finished the body.
    app.after_request(compress)
