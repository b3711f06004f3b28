"""Staff pages to register, edit and (de)activate the municipality's companies."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.forms import ConfirmForm
from app.companies import bp, services
from app.companies.forms import CompanyForm
from app.companies.models import Company
from app.errors import DomainError
from app.forms import show_error
from app.permissions import Role, get_in_municipality_or_404, role_required


@bp.get("/")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def index() -> ResponseReturnValue:
    companies = services.companies_in_municipality(current_user)
    return render_template("companies/index.html", companies=companies)


@bp.route("/new", methods=["GET", "POST"])
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def create() -> ResponseReturnValue:
    form = CompanyForm()
    if form.validate_on_submit():
        try:
            company = services.create_company(current_user, **form.values())
        except DomainError as error:
            show_error(form, error, "name")
        else:
            flash(_("%(name)s is added.", name=company.name), "success")
            return redirect(url_for("companies.index"))
    return render_template("companies/form.html", form=form, company=None)


@bp.route("/<int:company_id>", methods=["GET", "POST"])
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def edit(company_id: int) -> ResponseReturnValue:
    company = get_in_municipality_or_404(Company, company_id, current_user)
    form = CompanyForm(obj=company)
    if form.validate_on_submit():
        try:
            services.update_company(current_user, company, **form.values())
        except DomainError as error:
            show_error(form, error, "name")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("companies.index"))
    return render_template("companies/form.html", form=form, company=company, confirm=ConfirmForm())


@bp.post("/<int:company_id>/active")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def toggle_active(company_id: int) -> ResponseReturnValue:
    company = get_in_municipality_or_404(Company, company_id, current_user)
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):  # the wanted state, not a toggle: a double tap has one effect
        abort(400)
    make_active = wanted == "1"
    try:
        services.set_active(current_user, company, make_active)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The company is active again.") if make_active else _("The company is deactivated."), "success")
    return redirect(url_for("companies.edit", company_id=company.id))
