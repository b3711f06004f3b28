"""The start page for each role. Later features add their cards to these pages."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.dashboard import bp
from app.permissions import role_required


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    if current_user.role is Role.PARTICIPANT:
        return redirect(url_for("dashboard.my_week"))
    return redirect(url_for("dashboard.staff"))


@bp.get("/week")
@login_required
@role_required(Role.PARTICIPANT)
def my_week():
    return render_template("dashboard/my_week.html")


@bp.get("/staff")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def staff():
    return render_template("dashboard/staff.html")
