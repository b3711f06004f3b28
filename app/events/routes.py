"""Participant pages for match events: the list, an event's page, sign-up and "I'd like to talk more"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.forms import ConfirmForm
from app.errors import DomainError
from app.events import bp, services
from app.events.forms import InterestForm
from app.events.models import MatchEvent
from app.permissions import Role, get_in_municipality_or_404, role_required


@bp.get("/events")
@login_required
@role_required(Role.PARTICIPANT)
def index() -> ResponseReturnValue:
    return render_template("events/index.html", items=services.events_for(current_user))


@bp.get("/events/<int:event_id>")
@login_required
@role_required(Role.PARTICIPANT)
def detail(event_id: int) -> ResponseReturnValue:
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    page = services.event_page(current_user, event)
    return render_template("events/detail.html", page=page, event=event, form=ConfirmForm())


@bp.post("/events/<int:event_id>/signup")
@login_required
@role_required(Role.PARTICIPANT)
def signup(event_id: int) -> ResponseReturnValue:
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    try:
        services.sign_up(current_user, event)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("You are signed up. See you there!"), "success")
    return redirect(url_for("events.detail", event_id=event_id))


@bp.post("/events/<int:event_id>/signup/cancel")
@login_required
@role_required(Role.PARTICIPANT)
def cancel_signup(event_id: int) -> ResponseReturnValue:
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    try:
        services.cancel_signup(current_user, event)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("You are no longer signed up. Your place is free for someone else."), "success")
    return redirect(url_for("events.detail", event_id=event_id))


@bp.post("/events/<int:event_id>/companies/<int:company_id>/interest")
@login_required
@role_required(Role.PARTICIPANT)
def interest(event_id: int, company_id: int) -> ResponseReturnValue:
    event = get_in_municipality_or_404(MatchEvent, event_id, current_user)
    company = services.company_at_event(event, company_id)
    if company is None:
        abort(404)
    form = InterestForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = form.interested.data == "yes"
    try:
        services.set_interest(current_user, event, company, wanted)
    except DomainError as error:
        flash(error.message, "error")
    else:
        if wanted:
            flash(_("Noted: you would like to talk more with %(name)s.", name=company.name), "success")
        else:
            flash(_("%(name)s is taken off your list.", name=company.name), "success")
    return redirect(url_for("events.detail", event_id=event_id, _anchor=f"company-{company.id}"))
