"""The app shell the service worker precaches and its version."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app

from app.web import file_digest, static_url

SHELL_GLOBS = ("css/*.css", "js/*.js", "icons/*.png")
# Pages the service worker keeps a copy of (per login) for offline use; all other pages are never stored.
OFFLINE_PAGES = (
    "/week",
    "/meetings",
    "/placements/mine",
    "/reflections",
    "/me/work",
    "/reflections/new",
    "/wellbeing/pulse",
)
# Forms among them: stored as soon as any page of the login is (so they open offline from a cold start, and what is
# written there waits in the send-later queue), and shown without the "last updated" note.
OFFLINE_FORMS = ("/reflections/new", "/wellbeing/pulse")
SW_TEMPLATE = "pwa/sw.js"
OFFLINE_TEMPLATE = "pwa/offline.html"


def shell_files() -> list[str]:
    """Static files of the app shell, relative to the static folder, sorted."""
    root = Path(current_app.static_folder or "")
    return sorted(str(path.relative_to(root)) for pattern in SHELL_GLOBS for path in root.glob(pattern))


def shell_urls() -> list[str]:
    return [static_url(name) for name in shell_files()]


def shell_version() -> str:
    """A hash of every shell file, the offline page and the worker itself: any deploy that changes one changes it."""
    root = Path(current_app.static_folder or "")
    templates = Path(current_app.root_path) / "templates"
    digest = hashlib.sha256()
    for name in shell_files():
        path = root / name
        digest.update(f"{name}:{file_digest(str(path), path.stat().st_mtime)};".encode())
    for name in (OFFLINE_TEMPLATE, SW_TEMPLATE):
        path = templates / name
        digest.update(f"{name}:{file_digest(str(path), path.stat().st_mtime)};".encode())
    return digest.hexdigest()[:16]
