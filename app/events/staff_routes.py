"""Staff pages for match events: plan, edit, cancel; see sign-ups and interest per company; mark who came."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from app.accounts.models import User
from app.errors import DomainError
from app.events import attendance, bp, staff_services
from app.events.forms import AttendanceForm, EventForm
from app.events.models import MatchEvent
from app.forms import show_error
from app.permissions import Role, get_in_municipality_or_404, parse_id, role_required

STAFF = (Role.FACILITATOR, Role.ADMIN)


def _event_form(event: MatchEvent | None = None) -> EventForm:
    data = EventForm.initial(event) if event is not None and request.method == "GET" else None
    form = EventForm(data=data)
    form.companies.choices = [
        SelectChoice(str(c.id), c.name) for c in staff_services.company_choices(current_user, event)
    ]
    return form


@bp.get("/staff/events")
@login_required
@role_required(*STAFF)
def staff_index() -> ResponseReturnValue:
    upcoming, past = staff_services.events_for_staff(current_user)
    return render_template("events/staff_index.html", upcoming=upcoming, past=past)


@bp.route("/staff/events/new", methods=["GET", "POST"])
@login_required
@role_required(*STAFF)
def staff_create() -> ResponseReturnValue:
    form = _event_form()
    if form.validate_on_submit():
        try:
            event = staff_services.create_event(current_user, **form.details())
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The match event is created."), "success")
            return redirect(url_for("events.staff_detail", event_id=event.id))
    return render_template("events/staff_form.html", form=form, event=None)


@bp.get("/staff/events/<int:event_id>")
@login_required
@role_required(*STAFF)
def staff_detail(event_id: int) -> ResponseReturnValue:
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    view = staff_services.staff_view(event)
    return render_template("events/staff_detail.html", view=view, event=event)


@bp.route("/staff/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
@role_required(*STAFF)
def staff_edit(event_id: int) -> ResponseReturnValue:
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    form = _event_form(event)
    if form.validate_on_submit():
        try:
            staff_services.update_event(current_user, event, **form.details())
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("events.staff_detail", event_id=event.id))
    return render_template("events/staff_form.html", form=form, event=event)


@bp.get("/staff/events/<int:event_id>/cancel/confirm")
@login_required
@role_required(*STAFF)
def staff_confirm_cancel(event_id: int) -> ResponseReturnValue:
    """Cancelling tells everyone signed up and cannot be undone, so it asks first."""
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    if event.cancelled_at is not None:
        return redirect(url_for("events.staff_detail", event_id=event.id))
    return render_template(
        "confirm.html",
        question=_("Cancel the match event %(title)s?", title=event.title),
        detail=_("Everyone signed up is told, sign-up closes, and it cannot be undone."),
        action=url_for("events.staff_cancel", event_id=event.id),
        button=_("Cancel the event"),
        back=url_for("events.staff_detail", event_id=event.id),
    )


@bp.post("/staff/events/<int:event_id>/cancel")
@login_required
@role_required(*STAFF)
def staff_cancel(event_id: int) -> ResponseReturnValue:
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    try:
        staff_services.cancel_event(current_user, event)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The event is cancelled. Participants see it as cancelled."), "success")
    return redirect(url_for("events.staff_detail", event_id=event.id))


def _person_from_form(form: AttendanceForm) -> User:
    """The person named by the posted form, if they belong to the staff member's municipality; else 404."""
    person_id = parse_id(form.person.data) if form.validate_on_submit() else None
    if person_id is None:
        abort(404)
    return get_in_municipality_or_404(User, person_id, current_user)


@bp.post("/staff/events/<int:event_id>/came")
@login_required
@role_required(*STAFF)
def staff_mark_came(event_id: int) -> ResponseReturnValue:
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    person = _person_from_form(AttendanceForm())
    try:
        attendance.mark_came(current_user, event, person)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s came.", name=person.display_name), "success")
    return redirect(url_for("events.staff_detail", event_id=event.id, _anchor="came"))


@bp.post("/staff/events/<int:event_id>/came/remove")
@login_required
@role_required(*STAFF)
def staff_unmark_came(event_id: int) -> ResponseReturnValue:
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    person = _person_from_form(AttendanceForm())
    try:
        attendance.unmark_came(current_user, event, person)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s is no longer marked as came.", name=person.display_name), "success")
    return redirect(url_for("events.staff_detail", event_id=event.id, _anchor="came"))
