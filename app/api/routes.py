"""The queue's endpoints. Thin views: body -> the HTML page's own form -> one service call -> JSON.

Statuses: 201/200 done (200 with `duplicate` for a key seen before), 400 bad body, key or CSRF token,
401 not logged in, 404 not yours, 409 a rule that will not change by trying again, 413 too large,
422 check a field (the same messages as the page's form). Errors have the app's one JSON shape
(app.errors.json_error); 422 and a bad key name their fields in "fields"."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.api import bp
from app.api.payload import PayloadError, check, form_from, read_body
from app.errors import DomainError, RuleConflict, error_code, json_error
from app.idempotency import AlreadyDone
from app.meetings import services as meetings
from app.meetings.forms import RsvpForm
from app.meetings.models import Answer
from app.permissions import role_required
from app.placements import services as placements
from app.placements.forms import AdjustForm
from app.reflections import services as reflections
from app.reflections.forms import ReflectionForm
from app.wellbeing import services as wellbeing
from app.wellbeing.forms import PulseForm


@bp.errorhandler(PayloadError)
def payload_error(error: PayloadError) -> tuple[Response, int]:
    code = "invalid" if error.status == 422 else error_code(error.status)
    return json_error(error.status, code, error.message, error.fields)


@bp.errorhandler(DomainError)
def domain_error(error: DomainError) -> tuple[Response, int]:
    status, code = (409, "conflict") if isinstance(error, RuleConflict) else (422, "invalid")
    return json_error(status, code, error.message, {error.field: [error.message]} if error.field else None)


def _done(**body: Any) -> tuple[Response, int]:
    return jsonify({"duplicate": True, "message": _("That was already done."), **body}), 200


@bp.post("/reflections")
@login_required
@role_required(Role.PARTICIPANT)
def write_reflection() -> ResponseReturnValue:
    data, key = read_body()
    form = form_from(ReflectionForm, data)
    form.offer_placements(current_user)
    check(form)
    try:
        reflection = reflections.write(current_user, **form.values(), key=key)
    except AlreadyDone as done:
        return _done(id=done.result_id)
    url = url_for("reflections.detail", reflection_id=reflection.id)
    return jsonify({"id": reflection.id, "url": url, "message": _("Saved. Only you can read it.")}), 201


@bp.post("/wellbeing/pulse")
@login_required
@role_required(Role.PARTICIPANT)
def answer_pulse() -> ResponseReturnValue:
    data, key = read_body()
    form = form_from(PulseForm, data)
    check(form)
    try:
        answer_id = wellbeing.answer(current_user, form.values(), key=key)
    except AlreadyDone as done:
        return _done(id=done.result_id)
    url = url_for("wellbeing.index")
    return jsonify({"id": answer_id, "url": url, "message": _("Thank you. Only you can see your answers.")}), 201


@bp.post("/meetings/<int:meeting_id>/rsvp")
@login_required
@role_required(Role.PARTICIPANT)
def rsvp(meeting_id: int) -> ResponseReturnValue:
    data, key = read_body()
    meeting = meetings.get_meeting_for_participant_or_404(meeting_id, current_user)
    form = form_from(RsvpForm, data)
    check(form)
    value = form.answer.data
    reason = (form.reason.data or "") if "reason" in data else None  # as the page: the no button sends none
    try:
        meetings.answer(current_user, meeting, Answer(value), reason, key=key)
    except AlreadyDone:
        return _done(answer=value)
    message = _("Thanks, see you there!") if value == "yes" else _("Thanks for letting us know.")
    return jsonify({"answer": value, "message": message}), 200


@bp.post("/placements/assignments/<int:assignment_id>/hours")
@login_required
@role_required(Role.PARTICIPANT)
def adjust_hours(assignment_id: int) -> ResponseReturnValue:
    data, key = read_body()
    assignment = placements.get_own_assignment_or_404(assignment_id, current_user)
    form = form_from(AdjustForm, data)
    check(form)
    values = form.values()
    try:
        placements.adjust_hours(current_user, assignment, **values, key=key)
    except AlreadyDone:
        return _done(hours=values["hours"])
    message = _("Your hours are changed.")
    return jsonify({"hours": values["hours"], "effective": values["effective"].isoformat(), "message": message}), 200
