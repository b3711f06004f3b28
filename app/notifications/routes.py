"""The inbox and the notification settings page — thin views over inbox and settings."""

from __future__ import annotations

from datetime import datetime

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.errors import DomainError, wants_json
from app.forms import show_error
from app.notifications import bp, inbox, settings
from app.notifications.forms import SettingsForm
from app.notifications.models import NotificationPrefs
from app.notifications.subscriptions import my_devices
from app.web import format_when


def _initial(prefs: NotificationPrefs) -> dict:
    return {
        "wanted": settings.wanted_kinds(current_user, prefs),
        "remind_evening": prefs.remind_evening,
        "remind_two_hours": prefs.remind_two_hours,
        "quiet_enabled": prefs.quiet_enabled,
        "quiet_start": prefs.quiet_start,
        "quiet_end": prefs.quiet_end,
    }


def _choices(form: SettingsForm) -> settings.Choices:
    return settings.Choices(
        wanted=frozenset(form.wanted.data or ()),
        remind_evening=form.remind_evening.data,
        remind_two_hours=form.remind_two_hours.data,
        quiet_enabled=form.quiet_enabled.data,
        quiet_start=form.quiet_start.data,
        quiet_end=form.quiet_end.data,
    )


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def settings_page() -> ResponseReturnValue:
    prefs = settings.current_prefs(current_user)
    form = SettingsForm(current_user.is_staff, data=_initial(prefs))
    if form.validate_on_submit():
        try:
            settings.save(current_user, _choices(form))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("notifications.settings_page"))
    devices, this_session = my_devices(current_user), settings.current_login_session_id()
    return render_template(
        "notifications/settings.html",
        form=form,
        devices=devices,
        this_session=this_session,
        linked=any(d.login_session_id == this_session for d in devices) if this_session else False,
        paused_until=settings.paused_until(prefs),
    ), 422 if request.method == "POST" else 200


@bp.post("/settings/notifications/pause")
@login_required
def pause() -> ResponseReturnValue:
    until = settings.pause(current_user)
    flash(_("Push is paused until %(when)s. Your inbox still gets everything.", when=_when(until)), "success")
    return redirect(url_for("notifications.settings_page"))


@bp.post("/settings/notifications/resume")
@login_required
def resume() -> ResponseReturnValue:
    settings.resume(current_user)
    flash(_("Push is on again."), "success")
    return redirect(url_for("notifications.settings_page"))


def _when(moment: datetime) -> str:
    return format_when(moment)


@bp.get("/inbox")
@login_required
def inbox_page() -> ResponseReturnValue:
    entries = inbox.latest(current_user)
    return render_template("notifications/inbox.html", entries=entries, limit=inbox.INBOX_LIMIT)


@bp.get("/inbox/<ref>")
@login_required
def open_notification(ref: str) -> ResponseReturnValue:
    note = inbox.own_or_404(current_user, ref)
    # GET writes, on purpose: opening a notification (a push tapped on the phone is a plain link) marks it read.
    inbox.mark_read(note)
    return redirect(inbox.target_of(note, url_for("notifications.inbox_page")))


@bp.post("/inbox/<ref>/read")
@login_required
def mark_read(ref: str) -> ResponseReturnValue:
    inbox.mark_read(inbox.own_or_404(current_user, ref))
    if wants_json():
        return jsonify({"read": True, "unread": inbox.unread_count(current_user.id)})
    return redirect(url_for("notifications.inbox_page"))


@bp.post("/inbox/read-all")
@login_required
def mark_all_read() -> ResponseReturnValue:
    inbox.mark_all_read(current_user)
    if wants_json():
        return jsonify({"read": True, "unread": 0})
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.inbox_page"))


@bp.app_template_global()
def unread_count() -> int:
    """The bell's number: this person's unread notifications (one COUNT per page), 0 when logged out."""
    return inbox.unread_count(current_user.id) if current_user.is_authenticated else 0
