"""Notes on a person: add, edit and delete (post/redirect/get back to the person page), a page with the notes, and
the template globals the person page (app/people) uses to show them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role, User
from app.errors import DomainError
from app.forms import show_error
from app.notes import bp, policies, services
from app.notes.forms import NoteForm
from app.notes.models import MAX_LENGTH
from app.permissions import role_required

STAFF = (Role.FACILITATOR, Role.ADMIN)


@bp.app_template_global()
def person_notes(person: User) -> list[services.NoteRow]:
    """For the person page: the notes on `person` the current user may read, newest first (none for others)."""
    if not current_user.is_authenticated or not current_user.is_staff:
        return []
    # GET writes, on purpose: notes shown to staff are recorded in the person's access log (My data export).
    return services.read(current_user, person)


@bp.app_template_global()
def can_write_notes(person: User) -> bool:
    """For the person page: whether the current user may add a note on `person`."""
    return current_user.is_authenticated and policies.may_write(current_user, person)


@bp.app_template_global()
def note_max_length() -> int:
    return MAX_LENGTH


def _back(subject: User) -> ResponseReturnValue:
    return redirect(url_for("people.detail", user_id=subject.id))


def _page(subject: User, failed: dict | None = None) -> ResponseReturnValue:
    """The notes page; after a refused form, with what was typed and why (422)."""
    status = 200 if failed is None else 422
    return render_template("notes/notes.html", person=subject, failed=failed), status


def _failed(form: NoteForm, note_id: int | None) -> dict:
    return {"note_id": note_id, "text": request.form.get("text", ""), "errors": list(form.text.errors)}


@bp.get("")
@login_required
@role_required(*STAFF)
def index(user_id: int) -> ResponseReturnValue:
    # GET writes, on purpose: the notes shown are recorded in the person's access log (through person_notes).
    return _page(services.get_subject_or_404(current_user, user_id))


@bp.post("")
@login_required
@role_required(*STAFF)
def add(user_id: int) -> ResponseReturnValue:
    subject = services.get_subject_or_404(current_user, user_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            services.add(current_user, subject, form.text.data)
        except DomainError as error:
            show_error(form, error, "text")
        else:
            flash(_("The note is saved."), "success")
            return _back(subject)
    return _page(subject, _failed(form, None))


@bp.post("/<int:note_id>/edit")
@login_required
@role_required(*STAFF)
def edit(user_id: int, note_id: int) -> ResponseReturnValue:
    subject = services.get_subject_or_404(current_user, user_id)
    note = services.get_own_note_or_404(current_user, subject, note_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            services.edit(current_user, note, form.text.data)
        except DomainError as error:
            show_error(form, error, "text")
        else:
            flash(_("The note is saved."), "success")
            return _back(subject)
    return _page(subject, _failed(form, note.id))


@bp.get("/<int:note_id>/delete/confirm")
@login_required
@role_required(*STAFF)
def confirm_delete(user_id: int, note_id: int) -> ResponseReturnValue:
    subject = services.get_subject_or_404(current_user, user_id)
    note = services.get_own_note_or_404(current_user, subject, note_id)
    return render_template(
        "confirm.html",
        question=_("Delete the note about %(name)s?", name=subject.display_name),
        detail=_("It is gone for good, also from their data export."),
        action=url_for("notes.delete", user_id=subject.id, note_id=note.id),
        button=_("Delete the note"),
        back=url_for("people.detail", user_id=subject.id),
    )


@bp.post("/<int:note_id>/delete")
@login_required
@role_required(*STAFF)
def delete(user_id: int, note_id: int) -> ResponseReturnValue:
    subject = services.get_subject_or_404(current_user, user_id)
    services.remove(current_user, services.get_own_note_or_404(current_user, subject, note_id))
    flash(_("The note is deleted."), "success")
    return _back(subject)
