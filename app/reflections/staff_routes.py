"""Facilitators: the feed of reflections shared with them, reading one, responding."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.errors import DomainError
from app.permissions import role_required
from app.reflections import bp, services
from app.reflections.forms import ResponseForm

STAFF = (Role.FACILITATOR, Role.ADMIN)


@bp.get("/staff/reflections")
@login_required
@role_required(*STAFF)
def staff_feed() -> ResponseReturnValue:
    return render_template("reflections/feed.html", items=services.feed(current_user))


@bp.get("/staff/reflections/<int:reflection_id>")
@login_required
@role_required(*STAFF)
def staff_read(reflection_id: int) -> ResponseReturnValue:
    # GET writes, on purpose: a staff read is recorded (read receipt for the author, audit row for My data).
    reflection = services.open_shared(current_user, reflection_id)
    return render_template("reflections/staff_read.html", reflection=reflection, form=ResponseForm())


@bp.post("/staff/reflections/<int:reflection_id>/respond")
@login_required
@role_required(*STAFF)
def respond(reflection_id: int) -> ResponseReturnValue:
    reflection = services.get_readable_or_404(reflection_id, current_user)
    form = ResponseForm()
    if form.validate_on_submit():
        try:
            services.respond(current_user, reflection.id, form.text.data)
        except DomainError as error:
            form.text.errors.append(error.message)
        else:
            flash(_("Your response is sent."), "success")
            return redirect(url_for("reflections.staff_read", reflection_id=reflection.id))
    return render_template("reflections/staff_read.html", reflection=reflection, form=form), 422
