"""This device's push subscription (JSON, CSRF in the X-CSRFToken header), removing a device, the test push.

Statuses: 200/201 done, 400 bad body or CSRF token (with a reason), 401 not logged in, 404 not yours,
409 an automatic re-link of a subscription that is not this person's, 429 too many test notifications."""

from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import JSON_ENDPOINTS, json_error, wants_json
from app.extensions import limiter
from app.notifications import bp, inbox, settings, subscriptions
from app.vapid import public_key_of

JSON_ENDPOINTS.update({"notifications.subscribe", "notifications.unsubscribe"})  # errors (CSRF, 401) as JSON


@bp.get("/push/key")
@login_required
def push_key() -> ResponseReturnValue:
    return jsonify({"publicKey": public_key_of(current_app.config["VAPID_PRIVATE_KEY"])})


@bp.post("/push/subscribe")
@login_required
def subscribe() -> ResponseReturnValue:
    """The subscription JSON itself (the tap on the settings page), or {"subscription": ..., "relink": true}
    (push.js on its own after a login): a re-link never takes a device from someone else."""
    data = request.get_json(silent=True)
    relink = False
    if isinstance(data, dict) and data.get("relink") is True:
        relink, data = True, data.get("subscription")
    try:
        info = subscriptions.parse_subscription(data)
    except subscriptions.InvalidSubscription as invalid:
        return json_error(400, "invalid_subscription", invalid.reason)
    row, created = subscriptions.subscribe(
        current_user,
        info,
        login_session_id=settings.current_login_session_id(),
        device=settings.device_label(request.user_agent.string),
        relink=relink,
    )
    if row is None:
        return json_error(409, "not_yours", _("Turn on notifications on this device to get them here."))
    message = _("Notifications are on for this device.")
    return jsonify({"subscribed": True, "message": message}), 201 if created else 200


@bp.post("/push/unsubscribe")
@login_required
def unsubscribe() -> ResponseReturnValue:
    data = request.get_json(silent=True)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > subscriptions.MAX_ENDPOINT:
        return json_error(400, "invalid_subscription", _("Send the endpoint of the subscription to remove."))
    if not subscriptions.unsubscribe(current_user, endpoint):
        return json_error(404, "not_found", _("This device does not get your notifications."))
    return jsonify({"subscribed": False, "message": _("Notifications are off for this device.")})


@bp.post("/push/devices/<int:subscription_id>/remove")
@login_required
def remove_device(subscription_id: int) -> ResponseReturnValue:
    settings.remove_device(current_user, subscription_id)
    flash(_("The device no longer gets notifications."), "success")
    return redirect(url_for("notifications.settings_page"))


def _per_user() -> str:
    return f"push-test:{current_user.get_id() or request.remote_addr}"


@bp.post("/push/test")
@limiter.limit(lambda: current_app.config.get("RATELIMIT_PUSH_TEST", "5 per hour"), key_func=_per_user)
@login_required
def send_test() -> ResponseReturnValue:
    inbox.send_test(current_user, url_for("notifications.inbox_page"))
    devices = settings.device_count(current_user)
    if devices:
        message = _("A test notification is on its way to your inbox and your devices.")
    else:
        message = _("A test notification is in your inbox. Turn on push to get it on this device too.")
    if wants_json():
        return jsonify({"devices": devices, "message": message}), 201
    flash(message, "success")
    return redirect(url_for("notifications.settings_page"))
