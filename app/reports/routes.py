"""/staff/reports: the figures for a group, "my groups" or the municipality over a period (and a start cohort),
with charts and their tables, the definitions, and the CSV exports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from app.accounts.models import Role
from app.db import utcnow
from app.errors import DomainError
from app.forms import show_error
from app.permissions import get_in_municipality_or_404, parse_id, role_required
from app.programme.models import ExportKey
from app.programme.rules import FOLLOWUPS, Point, add_months
from app.reports import bp, charts, export, figures, scope, wellbeing
from app.reports.forms import ExportForm, KeyForm, ReportForm
from app.timeutil import local_today

STAFF = (Role.FACILITATOR, Role.ADMIN)
FIELDS = ("scope", "first", "last", "cohort")


def _quarters(today_quarter: figures.Quarter, earliest: figures.Quarter) -> list[figures.Quarter]:
    """Every quarter from `earliest` to `today_quarter`, newest first."""
    found = []
    quarter = min(earliest, today_quarter)
    while quarter <= today_quarter:
        found.append(quarter)
        quarter = quarter.next()
    return found[::-1]


def _resolve(values: Mapping[str, str]) -> tuple[ReportForm, figures.Params]:
    """The report chosen by `values` (the page's query string, or an export's hidden fields). A scope the user may
    not see is a 404; dates that do not validate fall back to the last twelve months."""
    now = utcnow()
    today = local_today(now)
    form = ReportForm(formdata=MultiDict({name: values.get(name, "") for name in FIELDS if values.get(name)}))
    options = scope.choices(current_user)
    form.scope.choices = [SelectChoice(value, label) for value, label in options]
    earliest = figures.earliest_start(current_user.municipality_id) or today
    form.cohort.choices = [SelectChoice("", _("Every start"))] + [
        SelectChoice(q.value, charts.quarter_label(q.year, q.quarter))
        for q in _quarters(figures.Quarter.of(today), figures.Quarter.of(earliest))
    ]
    form.validate()
    chosen = scope.resolve(current_user, form.scope.data, options)
    form.scope.data = chosen.value
    dates_ok = not form.first.errors and not form.last.errors
    first = form.first.data if dates_ok and form.first.data else add_months(today, -12) + timedelta(days=1)
    last = form.last.data if dates_ok and form.last.data else max(today, first)
    if last < first:
        last = first
    form.first.data, form.last.data = first, last
    cohort = None if form.cohort.errors else figures.Quarter.parse(form.cohort.data or "")
    return form, figures.Params(chosen, first, last, cohort, today, now)


def _series_labels() -> dict[str, str]:
    return {"job": _("Job"), "education": _("Education"), "other": _("Other"), "open": _("Not left")}


@bp.get("")
@login_required
@role_required(*STAFF)
def index() -> ResponseReturnValue:
    form, params = _resolve(request.args)
    figures.tune_for_reports()
    cohort_rows = figures.cohorts(params)
    totals = figures.totals_of(cohort_rows)
    median, placed = figures.median_days_to_first(params)
    weeks = figures.weekly(params)
    labels = _series_labels()
    keys = export.keys_of(current_user)
    export_form = ExportForm(data={name: _value(form, name) for name in FIELDS})
    export_form.key.choices = [SelectChoice(str(k.id), k.name) for k in keys]
    return render_template(
        "reports/index.html",
        form=form,
        params=params,
        totals=totals,
        cohorts=cohort_rows,
        median=median,
        placed=placed,
        weeks=weeks,
        weekly_chart=charts.weekly_chart(weeks),
        cohort_chart=charts.cohort_chart(cohort_rows, labels),
        series=labels,
        points=(Point.EXIT, *FOLLOWUPS),
        definitions=figures.DEFINITIONS,
        export_form=export_form,
        keys=keys,
        key_form=KeyForm(),
        exports=export.recent_exports(current_user) if current_user.role is Role.ADMIN else [],
        quarter_label=charts.quarter_label,
        wellbeing=wellbeing.section(params),
    )


def _value(form: ReportForm, name: str) -> str:
    data = form[name].data
    return "" if data is None else data.isoformat() if hasattr(data, "isoformat") else str(data)


def _back(values: Mapping[str, str]) -> ResponseReturnValue:
    query: dict[str, Any] = {name: values[name] for name in FIELDS if values.get(name)}
    return redirect(url_for("reports.index", _anchor="export", **query))


@bp.post("/export")
@login_required
@role_required(*STAFF)
def export_csv() -> ResponseReturnValue:
    posted = ExportForm()
    if not posted.validate_on_submit():
        abort(400)
    _form, params = _resolve(request.form)
    key = None
    if request.form.get("pseudonymised"):
        key_id = parse_id(posted.key.data or "")
        if key_id is None:
            flash(_("Choose an export key for the pseudonymised file, or make one first."), "error")
            return _back(request.form)
        key = get_in_municipality_or_404(ExportKey, key_id, current_user)
    figures.tune_for_reports()
    data = export.export_csv(current_user, params, key)
    filename = export.csv_filename(params, pseudonymised=key is not None)
    return Response(
        data,
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/wellbeing.csv")
@login_required
@role_required(*STAFF)
def wellbeing_csv() -> ResponseReturnValue:
    """The wellbeing figures of the report shown, as CSV: totals of five or more people only."""
    if not ExportForm().validate_on_submit():
        abort(400)
    _form, params = _resolve(request.form)
    return Response(
        wellbeing.csv_bytes(params),
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{wellbeing.csv_filename(params)}"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/keys")
@login_required
@role_required(*STAFF)
def create_key() -> ResponseReturnValue:
    form = KeyForm()
    if form.validate_on_submit():
        try:
            key = export.create_key(current_user, form.name.data or "")
        except DomainError as refused:
            show_error(form, refused, "name")
        else:
            flash(_("The export key “%(name)s” is ready.", name=key.name), "success")
    for message in form.name.errors:
        flash(message, "error")
    return _back(request.form)
