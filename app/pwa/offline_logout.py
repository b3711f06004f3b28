"""A logout made while offline, finished by whatever request reaches the server next.

Offline, the logout button cannot post. app.js then wipes this login's copies on the phone (page caches, the
send-later queue) at once and leaves a cookie, `nw_logout`, holding this login's offline-cache id (an HMAC of the
device-session token, web.login_cache_id: a page of this very login set it, no other site can know it), followed by
".all" for "Log out on all devices". The next request of any kind carries the cookie: it ends the device session
(or all of the person's sessions) on the server before anything is served, so the old session cookie fails from
then on, and the answer tells the browser to clear the site's storage.
"""

from __future__ import annotations

import hmac

from flask import Response, g, request
from flask_login import current_user, logout_user

from app.accounts import sessions
from app.accounts.auth import current_token
from app.accounts.services import log_out_everywhere
from app.pwa import bp
from app.web import login_cache_id

COOKIE = "nw_logout"


@bp.before_app_request
def finish_offline_logout() -> None:
    marker = request.cookies.get(COOKIE)
    if not marker:
        return
    g.nw_offline_logout = True
    cache_id, _dot, scope = marker.partition(".")
    expected = login_cache_id() if current_user.is_authenticated else None
    if expected and hmac.compare_digest(cache_id, expected):
        # GET may write here, on purpose: the logout the person made while offline ends their login now.
        if scope == "all":
            log_out_everywhere(current_user._get_current_object())
        else:
            sessions.end_session(current_token())
        logout_user()
        g.nw_logged_out = True


@bp.after_app_request
def forget_offline_logout(response: Response) -> Response:
    if g.get("nw_offline_logout"):
        response.delete_cookie(COOKIE, path="/")
    if g.get("nw_logged_out"):
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
