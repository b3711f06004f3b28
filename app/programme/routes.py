"""The participant's "I have got a job!" / "I start education" (when ending their last placement), and the staff
pages to confirm or record an exit and to record a follow-up. Template globals put the programme on the person page
(app/people) and the offer to report on the placement pages (app/placements)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role, User
from app.errors import DomainError
from app.forms import required_data, show_error
from app.permissions import parse_id, role_required
from app.placements.models import Assignment, AssignmentStatus
from app.placements.services import get_own_assignment_or_404
from app.programme import bp, policies, queries, services
from app.programme.forms import ExitForm, FollowUpForm, OutcomeForm
from app.programme.models import ProgrammeOutcome, ProgrammePeriod
from app.programme.rules import EXIT_CHOICES, FOLLOWUP_CHOICES, FOLLOWUPS, SELF_REPORT_CHOICES, Point

STAFF = (Role.FACILITATOR, Role.ADMIN)


@bp.app_template_global()
def programme_of(person: User) -> dict | None:
    """For the person page: the participant's periods and whether the viewer looks after them (None for staff)."""
    if person.role is not Role.PARTICIPANT or not current_user.is_authenticated or not current_user.is_staff:
        return None
    return {
        "periods": queries.periods_of(person, services.today()),
        "may_act": policies.looks_after(current_user, person),
    }


@bp.app_template_global()
def exit_report_url(assignment: Assignment | None = None, status: str | None = None) -> str | None:
    """For the participant's placement pages: where to say "I have got a job!" (`status` "job") or "I start
    education" ("education"), when that fits now — they are in the programme, it is not confirmed, and `assignment`
    is their last placement going on (or, without one, none goes on). None otherwise."""
    if not current_user.is_authenticated or current_user.role is not Role.PARTICIPANT:
        return None
    others = [a for a in services.active_assignments(current_user) if assignment is None or a.id != assignment.id]
    if others or not services.may_report_exit(current_user):
        return None
    return url_for("programme.report_exit", assignment=assignment.id if assignment is not None else None, status=status)


def _details_of(outcome: ProgrammeOutcome) -> services.Details:
    return services.Details(
        job_kind=outcome.job_kind,
        job_hours=outcome.job_hours,
        placement_company_id=outcome.placement_company_id,
        education_kind=outcome.education_kind,
        with_su=outcome.with_su,
    )


def _ending() -> Assignment | None:
    """The participant's own active placement named in ?assignment= (404 for anyone else's or a bad id)."""
    raw = request.args.get("assignment")
    if raw is None:
        return None
    assignment_id = parse_id(raw)
    if assignment_id is None:
        abort(404)
    assignment = get_own_assignment_or_404(assignment_id, current_user)
    return assignment if assignment.status is AssignmentStatus.ACTIVE else None


@bp.route("/programme/exit", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
def report_exit() -> ResponseReturnValue:
    ending = _ending()
    if exit_report_url(ending) is None:  # another placement goes on, no open period, or already confirmed
        return render_template("programme/report_exit.html", form=None, ending=None)
    form = ExitForm()
    form.set_choices(SELF_REPORT_CHOICES, services.placement_companies(current_user))
    if request.method == "GET":
        form.last_day.data = max(services.today(), ending.start_date) if ending else services.today()
        wanted = request.args.get("status")
        if wanted in {s.value for s in SELF_REPORT_CHOICES}:
            form.status.data = wanted
    if form.validate_on_submit():
        try:
            services.report_exit(
                current_user,
                status=form.status_value(),
                last_day=required_data(form.last_day.data),
                details=form.details(),
                ending=ending,
            )
        except DomainError as error:
            show_error(form, error, "status")
        else:
            flash(_("Congratulations! Your facilitator will confirm it with you."), "success")
            return redirect(url_for("placements.mine"))
    status = 422 if form.errors else 200
    return render_template("programme/report_exit.html", form=form, ending=ending), status


def _period(period_id: int) -> ProgrammePeriod:
    return services.get_period_or_404(period_id, current_user)


def _back(period: ProgrammePeriod) -> ResponseReturnValue:
    return redirect(url_for("people.detail", user_id=period.user_id, _anchor="programme"))


@bp.route("/staff/programme/<int:period_id>/exit", methods=["GET", "POST"])
@login_required
@role_required(*STAFF)
def staff_exit(period_id: int) -> ResponseReturnValue:
    period = _period(period_id)
    if period.ended_on is not None:
        flash(_("This period in the programme has already ended."), "error")
        return _back(period)
    reported = next((o for o in period.outcomes if o.point is Point.EXIT), None)
    form = ExitForm()
    form.set_choices(EXIT_CHOICES, services.placement_companies(period.user))
    if request.method == "GET":
        if reported is not None:
            form.fill_from(reported.status, _details_of(reported))
            form.last_day.data = reported.as_of
        else:
            form.last_day.data = services.today()
    if form.validate_on_submit():
        try:
            services.record_exit(
                current_user,
                period,
                status=form.status_value(),
                last_day=required_data(form.last_day.data),
                details=form.details(),
            )
        except DomainError as error:
            show_error(form, error, "status")
        else:
            flash(_("%(name)s has left the programme.", name=period.user.display_name), "success")
            return _back(period)
    status = 422 if form.errors else 200
    return render_template("programme/staff_exit.html", form=form, period=period, reported=reported), status


@bp.route("/staff/programme/<int:period_id>/followup/<point>", methods=["GET", "POST"])
@login_required
@role_required(*STAFF)
def staff_followup(period_id: int, point: str) -> ResponseReturnValue:
    period = _period(period_id)
    if point not in {p.value for p in FOLLOWUPS}:
        abort(404)
    at = Point(point)
    if not services.followup_open(period, at, services.today()):
        flash(_("This follow-up has not fallen due yet."), "error")
        return _back(period)
    recorded = next((o for o in period.outcomes if o.point is at), None)
    form: OutcomeForm = FollowUpForm()
    form.set_choices(FOLLOWUP_CHOICES, services.placement_companies(period.user))
    if request.method == "GET" and recorded is not None:
        form.fill_from(recorded.status, _details_of(recorded))
    if form.validate_on_submit():
        try:
            services.record_followup(current_user, period, at, status=form.status_value(), details=form.details())
        except DomainError as error:
            show_error(form, error, "status")
        else:
            flash(_("The follow-up is recorded."), "success")
            return _back(period)
    status = 422 if form.errors else 200
    return render_template(
        "programme/staff_followup.html", form=form, period=period, point=at, recorded=recorded
    ), status
