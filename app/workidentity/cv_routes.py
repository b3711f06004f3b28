"""The CV: what the person writes for it, the print-ready page and the PDF (both in Danish or English)."""

from __future__ import annotations

import logging

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.errors import DomainError
from app.forms import show_error
from app.permissions import role_required
from app.placements.queries import timeline
from app.workidentity import bp, cv, pdf
from app.workidentity.forms import CvForm, EducationForm
from app.workidentity.queries import today

log = logging.getLogger(__name__)
LANG = "<any(da, en):lang>"


def _form_page(form: CvForm, education_form: EducationForm, status: int = 200) -> tuple[str, int]:
    return render_template(
        "workidentity/cv_form.html",
        form=form,
        education_form=education_form,
        education=cv.education(current_user),
        pdf_problem=pdf.problem(),
    ), status


def _cv_form(from_request: bool = True) -> CvForm:
    """The CV details as saved; `from_request`: a POST of this form fills it from the request instead."""
    data = cv.cv_of(current_user)
    current, past = timeline(current_user, today())
    assignments = [entry.assignment for entry in current + past]
    profile = data.profile
    return CvForm(
        assignments,
        **({} if from_request else {"formdata": None}),
        data={
            "name": profile.cv_name,
            "phone": profile.cv_phone,
            "email": profile.cv_email,
            "place": profile.cv_place,
            "about": profile.cv_about,
            "language": profile.cv_language,
            "strengths": profile.cv_strengths,
            "interests": profile.cv_interests,
            "placements": [str(entry.assignment.id) for entry in data.experience],
        },
    )


@bp.route("/me/work/cv", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
def cv_details() -> ResponseReturnValue:
    form = _cv_form()
    if form.validate_on_submit():
        try:
            profile = cv.save_details(
                current_user,
                name=form.name.data or "",
                phone=form.phone.data or "",
                email=form.email.data or "",
                place=form.place.data or "",
                about=form.about.data or "",
                language=form.language.data or "da",
                strengths=bool(form.strengths.data),
                interests=bool(form.interests.data),
                placements=form.chosen_placements(),
            )
        except DomainError as error:
            show_error(form, error, "name")
        else:
            flash(_("Saved. Here is how your CV looks."), "success")
            return redirect(url_for("workidentity.cv_print", lang=profile.cv_language))
    return _form_page(form, EducationForm(formdata=None), 422 if form.errors else 200)


@bp.post("/me/work/cv/education")
@login_required
@role_required(Role.PARTICIPANT)
def add_education() -> ResponseReturnValue:
    form = EducationForm()
    if form.validate_on_submit():
        try:
            cv.add_education(
                current_user, title=form.title.data or "", place=form.place.data or "", period=form.period.data or ""
            )
        except DomainError as error:
            show_error(form, error, "title")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("workidentity.cv_details", _anchor="education"))
    return _form_page(_cv_form(from_request=False), form, 422)


@bp.post("/me/work/cv/education/<int:education_id>/delete")
@login_required
@role_required(Role.PARTICIPANT)
def remove_education(education_id: int) -> ResponseReturnValue:
    cv.remove_education(current_user, cv.get_own_education_or_404(education_id, current_user))
    flash(_("Removed."), "success")
    return redirect(url_for("workidentity.cv_details", _anchor="education"))


def _document(lang: str, for_pdf: bool) -> str:
    """The CV as a self-contained HTML document in `lang` (only what the person chose to put on it)."""
    data = cv.cv_of(current_user)
    with force_locale(lang):
        return render_template("workidentity/cv_document.html", cv=data, cv_lang=lang, for_pdf=for_pdf)


@bp.get(f"/me/work/cv/{LANG}")
@login_required
@role_required(Role.PARTICIPANT)
def cv_print(lang: str) -> ResponseReturnValue:
    return _document(lang, for_pdf=False)


@bp.get(f"/me/work/cv/{LANG}.pdf")
@login_required
@role_required(Role.PARTICIPANT)
def cv_pdf(lang: str) -> ResponseReturnValue:
    problem = pdf.problem()
    if problem is not None:
        log.warning("no PDF: %s", problem)
        page = render_template("workidentity/no_pdf.html", lang_code=lang)
        return page, 503
    body = pdf.render(_document(lang, for_pdf=True))
    response = Response(body, mimetype="application/pdf")
    name = "CV.pdf" if lang == "en" else "CV-dansk.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.cache_control.no_store = True
    response.cache_control.private = True
    return response
