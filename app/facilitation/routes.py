"""Staff pages: a meeting's facilitation reflections with the form to write or change one's own
(/staff/meetings/<id>/facilitation), the monthly view of a group (/staff/groups/<id>/facilitation?month=YYYY-MM),
and the template globals the meeting and group pages (app/meetings, app/groups) use."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_skeleton
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.errors import DomainError, RuleConflict
from app.facilitation import bp, policies, services
from app.facilitation.chart import facilitation_chart
from app.facilitation.composition import Composition, composition
from app.facilitation.forms import ReflectionForm
from app.facilitation.models import MAX_LENGTH, RATING_LABELS, Principle
from app.facilitation.month import SPANS, month_view, parse_month, parse_span
from app.forms import show_error
from app.groups.models import Group
from app.meetings.models import Meeting
from app.permissions import get_in_municipality_or_404, role_required
from app.timeutil import to_local

STAFF = (Role.FACILITATOR, Role.ADMIN)


@bp.app_template_global()
def group_composition(group: Group) -> Composition:
    """For the staff group page: who of the current members is new, has tried a placement, has been to a match
    event."""
    return composition(group)


@bp.app_template_global()
def facilitation_for_meeting(meeting: Meeting) -> dict:
    """For the staff meeting page: whether the current user can write a reflection on it now, whether they have,
    and how many there are."""
    rows = services.meeting_reflections(current_user, meeting)
    return {
        "open": policies.open_for_reflection(meeting),
        "may_write": policies.may_write_for(current_user, meeting),
        "mine": any(r.author_id == current_user.id for r in rows),
        "count": len(rows),
    }


@bp.app_template_global()
def facilitation_principles() -> list[Principle]:
    """The four principles in the order the pages show them."""
    return list(Principle)


@bp.app_template_global()
def facilitation_rating_label(value: int | None) -> str:
    """A rating in words (\"Godt\"), or that it was not rated."""
    return str(RATING_LABELS[value]) if value in RATING_LABELS else _("Not rated")


@bp.app_template_filter("rating_mean")
def rating_mean(value: float | None) -> str:
    """A mean rating with one decimal in the page's language ("3,5"), or a dash."""
    return "–" if value is None else format_decimal(round(value, 1), "0.0")


@bp.app_template_filter("month_key")
def month_key(value: date | datetime) -> str:
    """The month of a day, or of a moment in local time, as the monthly view's address has it: YYYY-MM."""
    day = to_local(value).date() if isinstance(value, datetime) else value
    return f"{day.year:04d}-{day.month:02d}"


@bp.app_template_filter("month_name")
def month_name(value: date) -> str:
    """A month in words: "november 2026" / "November 2026"."""
    return format_skeleton("yMMMM", value, locale=str(get_locale() or "da"))


def _page(meeting: Meeting, form: ReflectionForm, status: int = 200) -> ResponseReturnValue:
    reflections = services.meeting_reflections(current_user, meeting)
    return render_template(
        "facilitation/meeting.html",
        meeting=meeting,
        form=form,
        reflections=reflections,
        mine=next((r for r in reflections if r.author_id == current_user.id), None),
        may_write=policies.may_write_for(current_user, meeting),
        is_open=policies.open_for_reflection(meeting),
        max_length=MAX_LENGTH,
    ), status


@bp.get("/meetings/<int:meeting_id>/facilitation")
@login_required
@role_required(*STAFF)
def meeting(meeting_id: int) -> ResponseReturnValue:
    found = services.get_meeting_or_404(current_user, meeting_id)
    form = ReflectionForm()
    own = services.own_reflection(current_user, found)
    if own is not None:
        form.fill(own.ratings())
        form.text.data = own.text
    return _page(found, form)


@bp.post("/meetings/<int:meeting_id>/facilitation")
@login_required
@role_required(*STAFF)
def save(meeting_id: int) -> ResponseReturnValue:
    found = services.get_meeting_or_404(current_user, meeting_id)
    if not policies.may_write_for(current_user, found):
        abort(403)
    form = ReflectionForm()
    if form.validate_on_submit():
        try:
            services.save(current_user, found, form.ratings(), form.text.data)
        except RuleConflict as error:  # not started, or not held: the page shows no form to put it on
            flash(error.message, "error")
        except DomainError as error:
            show_error(form, error, "text")
        else:
            flash(_("Your reflection is saved. Your colleagues can read it."), "success")
            return redirect(url_for("meetings.staff_detail", meeting_id=found.id))
    return _page(found, form, 422)


@bp.get("/groups/<int:group_id>/facilitation")
@login_required
@role_required(*STAFF)
def month(group_id: int) -> ResponseReturnValue:
    group = get_in_municipality_or_404(Group, group_id, current_user)
    last: date | None = parse_month(request.args.get("month"))
    months = parse_span(request.args.get("months"))
    if last is None or months is None:
        abort(404)
    view = month_view(current_user, group, last, months)
    if months == 1:
        period = month_name(view.last)
    else:
        period = _("%(first)s to %(last)s", first=month_name(view.first), last=month_name(view.last))
    return render_template(
        "facilitation/month.html", view=view, period=period, chart=facilitation_chart(view.meetings), spans=SPANS
    )
