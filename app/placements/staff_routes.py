"""Staff pages for placements: offer, edit, open and close them; see who is where and what changed."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from app.accounts.forms import ConfirmForm
from app.accounts.models import User
from app.errors import DomainError
from app.forms import show_error
from app.permissions import Role, get_in_municipality_or_404, parse_id, role_required
from app.placements import bp, from_events, queries, services, staff_services
from app.placements.models import Placement
from app.placements.staff_forms import NewPlacementForm, PlacementForm

STAFF = (Role.FACILITATOR, Role.ADMIN)


@bp.app_template_global()
def placements_after_interest(event_id: int) -> dict[int, dict[int, datetime]]:
    """For the staff match event page: per company, who chose a placement there after a "talk more", and when."""
    return from_events.placements_after_interest(event_id)


def _placement_form(form_class: type[PlacementForm], placement: Placement | None = None) -> PlacementForm:
    form = form_class(obj=placement)
    form.company_id.choices = [
        SelectChoice(str(c.id), c.name) for c in staff_services.company_choices(current_user, placement)
    ]
    return form


@bp.get("/staff/placements")
@login_required
@role_required(*STAFF)
def staff_index() -> ResponseReturnValue:
    placements = staff_services.placements_for_staff(current_user)
    return render_template("placements/staff_index.html", placements=placements)


@bp.route("/staff/placements/new", methods=["GET", "POST"])
@login_required
@role_required(*STAFF)
def staff_create() -> ResponseReturnValue:
    form = _placement_form(NewPlacementForm)
    if form.validate_on_submit():
        try:
            placement = staff_services.create_placement(current_user, **form.values())
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("The placement is created."), "success")
            return redirect(url_for("placements.staff_detail", placement_id=placement.id))
    return render_template("placements/staff_form.html", form=form, placement=None)


@bp.get("/staff/placements/<int:placement_id>")
@login_required
@role_required(*STAFF)
def staff_detail(placement_id: int) -> ResponseReturnValue:
    placement = get_in_municipality_or_404(Placement, placement_id, current_user)
    people = staff_services.people_in(placement)
    return render_template("placements/staff_detail.html", placement=placement, people=people, confirm=ConfirmForm())


@bp.route("/staff/placements/<int:placement_id>/edit", methods=["GET", "POST"])
@login_required
@role_required(*STAFF)
def staff_edit(placement_id: int) -> ResponseReturnValue:
    placement = get_in_municipality_or_404(Placement, placement_id, current_user)
    form = _placement_form(PlacementForm, placement)
    if form.validate_on_submit():
        try:
            staff_services.update_placement(current_user, placement, **form.values())
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("placements.staff_detail", placement_id=placement.id))
    return render_template("placements/staff_form.html", form=form, placement=placement)


@bp.post("/staff/placements/<int:placement_id>/open")
@login_required
@role_required(*STAFF)
def staff_toggle(placement_id: int) -> ResponseReturnValue:
    placement = get_in_municipality_or_404(Placement, placement_id, current_user)
    wanted = request.form.get("open")
    if wanted not in ("0", "1"):  # the wanted state, not a toggle: a double tap has one effect
        abort(400)
    make_open = wanted == "1"
    try:
        staff_services.set_open(current_user, placement, make_open)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The placement is open for choices.") if make_open else _("The placement is closed."), "success")
    return redirect(url_for("placements.staff_detail", placement_id=placement.id))


@bp.get("/staff/placements/people")
@login_required
@role_required(*STAFF)
def staff_overview() -> ResponseReturnValue:
    view = queries.who_is_where(current_user, parse_id(request.args.get("page")) or 1)
    return render_template("placements/staff_overview.html", view=view)


@bp.get("/staff/placements/people/<int:user_id>")
@login_required
@role_required(*STAFF)
def staff_person(user_id: int) -> ResponseReturnValue:
    person = get_in_municipality_or_404(User, user_id, current_user)
    if person.role is not Role.PARTICIPANT:
        abort(404)
    current, past = queries.timeline(person, services.today())
    return render_template("placements/staff_person.html", person=person, current=current, past=past)


@bp.get("/staff/placements/changes")
@login_required
@role_required(*STAFF)
def staff_changes() -> ResponseReturnValue:
    changes = queries.recent_changes(current_user)
    return render_template("placements/staff_changes.html", changes=changes)
