"""Brotli or gzip for text responses (pages, CSS, JS, JSON, the manifest), by Flask-Compress.

Brotli goes to browsers that accept it (all current ones, over HTTPS), gzip to those that only accept gzip,
the plain body to everyone else; `Vary: Accept-Encoding` is always set. Left alone: other types (images are
compressed already), bodies under 500 bytes, anything but 2xx, responses that already have a
`Content-Encoding`, and streamed responses (e.g. a long export keeps streaming). A strong ETag gets the
encoding appended (`"abc:br"`), so a cache never mixes the encodings of one file up.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

COMPRESSIBLE = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
    "text/calendar",
    "text/csv",
]

SETTINGS = {
    "COMPRESS_MIMETYPES": COMPRESSIBLE,
    # Brotli first: when a browser accepts both (at the same q) it gets the smaller one. No zstd: it is
    # larger than Brotli on these small files, and Chrome sends it at the same q as br.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    # Level 5 is where Brotli pulls clearly ahead of gzip -9 on our CSS/JS/HTML (about 10 % smaller) and
    # still takes well under a millisecond a page; 11 saves a few % more at ~50x the time, on every page.
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_LEVEL": 6,  # gzip
    "COMPRESS_MIN_SIZE": 500,  # below this the encoding's framing costs more than it saves
    "COMPRESS_STREAMS": False,  # a generator (e.g. a long export) stays a stream, uncompressed
}


def read_static_file(response: Response) -> Response:
    """Read a (small) static file into memory and close it, so it is compressed like a page.

    Flask sends static files as a stream from the open file, which Flask-Compress would leave alone
    (`COMPRESS_STREAMS` is off for the exports); closing it here means a dropped connection cannot leak
    the handle either.
    """
    if request.endpoint == "static" and response.direct_passthrough and response.status_code == 200:
        original = response.response
        response.direct_passthrough = False
        response.get_data()
        if original is not response.response and hasattr(original, "close"):
            original.close()
    return response


def register_compression(app: Flask) -> None:
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    # Registered first, so it runs after every other after_request hook has finished the body;
    # read_static_file is registered right after it, so it runs just before it. One Compress per app:
    # it keeps the app's settings on itself.
    Compress(app)
    app.after_request(read_static_file)
