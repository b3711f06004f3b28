"""The queue's endpoints. Thin views: body -> one service call -> JSON. Statuses: 201/200 done
(200 with `duplicate` for a key seen before), 400 bad body, key or CSRF token, 401 not logged in,
404 not yours, 409 a rule that will not change by trying again, 413 too large, 422 check a field.
Errors have the app's one JSON shape (app.errors.json_error); 422 and a bad key name the field in "fields"."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.api import bp, payload
from app.api.payload import PayloadError
from app.errors import DomainError, RuleConflict, error_code, json_error
from app.idempotency import AlreadyDone
from app.meetings import services as meetings
from app.meetings.models import Answer
from app.permissions import role_required
from app.placements import services as placements
from app.reflections import services as reflections

REASON_MAX = 300


def _fields(field: str | None, message: str) -> dict[str, list[str]] | None:
    return {field: [message]} if field else None


@bp.errorhandler(PayloadError)
def payload_error(error: PayloadError) -> tuple[Response, int]:
    code = "invalid" if error.status == 422 else error_code(error.status)
    return json_error(error.status, code, error.message, _fields(error.field, error.message))


@bp.errorhandler(DomainError)
def domain_error(error: DomainError) -> tuple[Response, int]:
    status, code = (409, "conflict") if isinstance(error, RuleConflict) else (422, "invalid")
    return json_error(status, code, error.message, _fields(error.field, error.message))


def _done(**body: Any) -> tuple[Response, int]:
    return jsonify({"duplicate": True, "message": _("That was already done."), **body}), 200


@bp.post("/reflections")
@login_required
@role_required(Role.PARTICIPANT)
def write_reflection() -> ResponseReturnValue:
    data, key = payload.read_body()
    text = payload.text(data, "text", required=True)
    prompt = payload.text(data, "prompt", line=True)
    assignment_id = payload.optional_id(data, "assignment_id", _("Choose one of your own placements."))
    meeting_id = payload.optional_id(data, "meeting_id", _("You can only write about your own group's meetings."))
    try:
        reflection = reflections.write(
            current_user, text=text, prompt=prompt, assignment_id=assignment_id, meeting_id=meeting_id, key=key
        )
    except AlreadyDone as done:
        return _done(id=done.result_id)
    url = url_for("reflections.detail", reflection_id=reflection.id)
    return jsonify({"id": reflection.id, "url": url, "message": _("Saved. Only you can read it.")}), 201


@bp.post("/meetings/<int:meeting_id>/rsvp")
@login_required
@role_required(Role.PARTICIPANT)
def rsvp(meeting_id: int) -> ResponseReturnValue:
    data, key = payload.read_body()
    meeting = meetings.get_meeting_for_participant_or_404(meeting_id, current_user)
    value = data.get("answer")
    if value not in ("yes", "no"):
        raise PayloadError(422, _("Choose coming or not coming."), "answer")
    reason = payload.text(data, "reason", line=True)
    if len(reason) > REASON_MAX:
        raise PayloadError(422, _("Keep it to %(max)d characters or fewer.", max=REASON_MAX), "reason")
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
    data, key = payload.read_body()
    assignment = placements.get_own_assignment_or_404(assignment_id, current_user)
    hours = payload.whole_number(data, "hours")
    effective = payload.iso_day(data, "effective")
    try:
        placements.adjust_hours(current_user, assignment, hours=hours, effective=effective, key=key)
    except AlreadyDone:
        return _done(hours=hours)
    return jsonify({"hours": hours, "effective": effective.isoformat(), "message": _("Your hours are changed.")}), 200
