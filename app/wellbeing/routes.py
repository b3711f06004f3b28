"""The participant's pages: "How are you?" (own trend, taking part, the support box, "I'd like to talk") and the
monthly pulse form; and the card My week shows. Staff figures are on the reports page (app/reports)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role, User
from app.errors import DomainError
from app.forms import show_error
from app.idempotency import AlreadyDone
from app.permissions import role_required
from app.wellbeing import bp, charts, services
from app.wellbeing.forms import PulseForm
from app.wellbeing.models import PulseStatus


@bp.app_template_global()
def pulse_card() -> str:
    """For My week: "invite", "due" or "none" (one query)."""
    if not current_user.is_authenticated or current_user.role is not Role.PARTICIPANT:
        return services.Card.NONE.value
    return services.card_for(current_user).value


@bp.get("/wellbeing")
@login_required
@role_required(Role.PARTICIPANT)
def index() -> ResponseReturnValue:
    points = services.trend(current_user)
    standing = services.standing(current_user)
    month = services.this_month()
    latest = points[-1] if points and points[-1].month == month else None
    return render_template(
        "wellbeing/index.html",
        points=points,
        latest=latest,
        chart=charts.trend_chart(points),
        status=standing.status,
        statuses=PulseStatus,
        card=standing.card,
        talk_asked=standing.talk_asked,
    )


@bp.route("/wellbeing/pulse", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
def pulse() -> ResponseReturnValue:
    form = PulseForm(data={"key": uuid4().hex})
    if form.validate_on_submit():
        try:
            services.answer(current_user, form.values(), key=form.key.data or None)
        except AlreadyDone:
            flash(_("That was already done."), "success")
            return redirect(url_for("wellbeing.index"))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Thank you. Only you can see your answers."), "success")
            return redirect(url_for("wellbeing.index"))
    return render_template("wellbeing/pulse.html", form=form), 422 if form.errors else 200


def _chose(change: Callable[[User], None], message: str, then: str) -> ResponseReturnValue:
    """A choice about taking part (join, not now, off): the service, a word of thanks, and on to the next page."""
    change(current_user)
    flash(message, "success")
    return redirect(url_for(then))


@bp.post("/wellbeing/join")
@login_required
@role_required(Role.PARTICIPANT)
def join() -> ResponseReturnValue:
    return _chose(services.join, _("Thanks. Once a month, My week asks how you are."), "wellbeing.pulse")


@bp.post("/wellbeing/later")
@login_required
@role_required(Role.PARTICIPANT)
def later() -> ResponseReturnValue:
    return _chose(services.not_now, _("Fine. We will ask again next month."), "dashboard.my_week")


@bp.post("/wellbeing/off")
@login_required
@role_required(Role.PARTICIPANT)
def off() -> ResponseReturnValue:
    return _chose(services.turn_off, _("The monthly check-in is off. We will not ask again."), "wellbeing.index")


@bp.post("/wellbeing/talk")
@login_required
@role_required(Role.PARTICIPANT)
def talk() -> ResponseReturnValue:
    if services.request_talk(current_user):
        flash(_("Your facilitator has been told that you would like to talk. They will contact you."), "success")
    else:
        flash(_("Your facilitator was already told today. They will contact you."), "success")
    return redirect(url_for("wellbeing.index"))
