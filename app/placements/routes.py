"""Participant pages: browse, choose, switch, adjust hours, end, and my placements."""

from __future__ import annotations

from uuid import uuid4

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from app.accounts.models import Role
from app.errors import DomainError
from app.forms import required_data, show_error
from app.idempotency import AlreadyDone
from app.permissions import parse_id, role_required
from app.placements import bp, queries, services, waitlist
from app.placements import follows as sectors
from app.placements.forms import AdjustForm, BrowseForm, ChooseForm, EndForm, SwitchForm, WithdrawForm
from app.placements.models import Assignment, AssignmentStatus, Placement, PlacementKind


@bp.app_template_global()
def placement_started(assignment: Assignment) -> bool:
    """For the pages' stop buttons: whether the first day has come (before it, stopping is withdrawing)."""
    return services.has_started(assignment)


def _filters(form: BrowseForm) -> queries.Filters:
    valid = form.validate()
    page = request.args.get("page", "1")
    return queries.Filters(
        kind=PlacementKind(form.kind.data) if valid and form.kind.data in {k.value for k in PlacementKind} else None,
        sector=form.sector.data or "" if valid else "",
        area=form.area.data or "" if valid else "",
        hours=form.hours.data if valid else None,
        free_only=bool(form.free.data),
        q=(form.q.data or "") if valid else "",
        page=int(page) if page.isascii() and page.isdigit() and len(page) < 6 else 1,
    )


@bp.get("/placements")
@login_required
@role_required(Role.PARTICIPANT)
def index() -> ResponseReturnValue:
    form = BrowseForm(request.args)
    form.set_choices(*queries.filter_choices(current_user))
    filters = _filters(form)
    result = queries.browse(current_user, filters)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "placements/index.html",
        form=form,
        result=result,
        args=args,
        sector=filters.sector,
        followed=sectors.followed(current_user),
        switching=_switching(queries.current_assignments(current_user)),
    )


def _switching(current: list[Assignment]) -> Assignment | None:
    """The placement the person came to switch from ("Switch" on My placements: ?switch=<id>), if it is theirs."""
    wanted = parse_id(request.args.get("switch"))
    return next((a for a in current if a.id == wanted), None)


def _forms(
    placement: Placement, current: list[Assignment], switching: Assignment | None = None
) -> tuple[ChooseForm, SwitchForm]:
    """Fresh choose and switch forms, each with a new idempotency key; the switch form starts on `switching`."""
    defaults = {"start_date": services.next_weekday(services.today()), "hours": placement.hours_min}
    choose = ChooseForm(prefix="choose", data={**defaults, "key": uuid4().hex})
    switch = SwitchForm(prefix="switch", data={**defaults, "key": uuid4().hex})
    _switch_choices(switch, current, placement)
    if switching is not None:
        switch.from_assignment.data = str(switching.id)
    elif len(switch.from_assignment.choices or []) == 1:
        switch.from_assignment.data = switch.from_assignment.choices[0].value
    return choose, switch


def _switch_choices(form: SwitchForm, current: list[Assignment], placement: Placement) -> None:
    form.from_assignment.choices = [
        SelectChoice(str(a.id), f"{a.placement.company.name}: {a.placement.title}")
        for a in current
        if a.placement_id != placement.id
    ]


def _detail(
    placement: Placement, choose: ChooseForm, switch: SwitchForm, status: int = 200, *, switching: bool = False
) -> tuple[str, int]:
    current = queries.current_assignments(current_user)
    return render_template(
        "placements/detail.html",
        placement=placement,
        mine=next((a for a in current if a.placement_id == placement.id), None),
        choose_form=choose,
        switch_form=switch,
        switching=switching,
        place=waitlist.place_of(current_user, placement),
        cap=services.weekly_cap(current_user),
        hours_now=sum(a.weekly_hours for a in current),
    ), status


@bp.get("/placements/<int:placement_id>")
@login_required
@role_required(Role.PARTICIPANT)
def detail(placement_id: int) -> ResponseReturnValue:
    placement = services.get_placement_or_404(placement_id, current_user)
    current = queries.current_assignments(current_user)
    switching = _switching(current)
    choose, switch = _forms(placement, current, switching)
    return _detail(placement, choose, switch, switching=switching is not None)


@bp.post("/placements/<int:placement_id>/choose")
@login_required
@role_required(Role.PARTICIPANT)
def choose(placement_id: int) -> ResponseReturnValue:
    placement = services.get_placement_or_404(placement_id, current_user)
    form = ChooseForm(prefix="choose")
    _choose, switch = _forms(placement, queries.current_assignments(current_user))
    if form.validate_on_submit():
        try:
            services.choose(
                current_user,
                placement,
                start=form.start_date.data,
                hours=required_data(form.hours.data),
                key=form.key.data,
            )
        except AlreadyDone:
            flash(_("That was already done."), "success")
            return redirect(url_for("placements.mine"))
        except DomainError as error:
            show_error(form, error, "hours")
        else:
            flash(_("Good choice! You start at %(company)s.", company=placement.company.name), "success")
            return redirect(url_for("placements.mine"))
    return _detail(placement, form, switch, 422)


@bp.post("/placements/<int:placement_id>/switch")
@login_required
@role_required(Role.PARTICIPANT)
def switch(placement_id: int) -> ResponseReturnValue:
    placement = services.get_placement_or_404(placement_id, current_user)
    current = queries.current_assignments(current_user)
    choose_form, _unused = _forms(placement, current)
    form = SwitchForm(prefix="switch")
    _switch_choices(form, current, placement)
    if form.validate_on_submit():
        old = services.get_own_assignment_or_404(int(form.from_assignment.data), current_user)
        try:
            services.switch(
                current_user,
                old,
                placement,
                start=form.start_date.data,
                hours=required_data(form.hours.data),
                lesson=form.lesson.data or "",
                key=form.key.data,
            )
        except AlreadyDone:
            flash(_("That was already done."), "success")
            return redirect(url_for("placements.mine"))
        except DomainError as error:
            show_error(form, error, "hours")
        else:
            flash(_("You switched to %(company)s.", company=placement.company.name), "success")
            return redirect(url_for("placements.mine"))
    return _detail(placement, choose_form, form, 422, switching=True)


@bp.get("/placements/mine")
@login_required
@role_required(Role.PARTICIPANT)
def mine() -> ResponseReturnValue:
    current, past = queries.timeline(current_user, services.today())
    return render_template("placements/mine.html", current=current, past=past, cap=services.weekly_cap(current_user))


def _own_active(assignment_id: int) -> Assignment | None:
    assignment = services.get_own_assignment_or_404(assignment_id, current_user)
    if assignment.status is not AssignmentStatus.ACTIVE:
        flash(_("That placement has already ended."), "error")
        return None
    return assignment


@bp.route("/placements/mine/<int:assignment_id>/hours", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
def adjust(assignment_id: int) -> ResponseReturnValue:
    assignment = _own_active(assignment_id)
    if assignment is None:
        return redirect(url_for("placements.mine"))
    form = AdjustForm(data={"hours": assignment.weekly_hours, "effective": services.earliest_hours_change(assignment)})
    if form.validate_on_submit():
        try:
            services.adjust_hours(current_user, assignment, **form.values())
        except DomainError as error:
            show_error(form, error, "hours")
        else:
            flash(_("Your hours are changed."), "success")
            return redirect(url_for("placements.mine"))
    status = 422 if form.errors else 200
    return render_template("placements/adjust.html", form=form, assignment=assignment), status


@bp.route("/placements/mine/<int:assignment_id>/end", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
def end(assignment_id: int) -> ResponseReturnValue:
    assignment = _own_active(assignment_id)
    if assignment is None:
        return redirect(url_for("placements.mine"))
    if request.method == "POST" and "withdraw" in request.form:
        return _withdraw(assignment)
    form = EndForm(data={"last_day": max(services.today(), assignment.start_date)})
    if form.validate_on_submit():
        try:
            services.end(
                current_user,
                assignment,
                last_day=form.last_day.data,
                reason=form.reason.data or "",
                lesson=form.lesson.data or "",
            )
        except DomainError as error:
            form.last_day.errors.append(error.message)
        else:
            flash(_("The placement is ended. Well done for trying it!"), "success")
            return redirect(url_for("placements.mine"))
    status = 422 if form.errors else 200
    return render_template("placements/end.html", form=form, assignment=assignment), status


def _withdraw(assignment: Assignment) -> ResponseReturnValue:
    """Stopping before the first day: one tap, and the placement never becomes part of the history."""
    if not WithdrawForm().validate_on_submit():
        flash(_("Please reload the page and try again."), "error")
        return redirect(url_for("placements.end", assignment_id=assignment.id))
    try:
        services.withdraw(current_user, assignment)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("placements.end", assignment_id=assignment.id))
    company = assignment.placement.company.name
    flash(_("You will not start at %(company)s. The seat is free for someone else.", company=company), "success")
    return redirect(url_for("placements.mine"))
