"""The participant's "Me and work" page and the pages that build it: strengths and interests, reflections shown,
what to try next, and sharing with their facilitators."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.errors import DomainError
from app.forms import show_error
from app.permissions import parse_id, role_required
from app.placements.queries import filter_choices
from app.reflections.services import own_list
from app.workidentity import bp, queries, services
from app.workidentity.choices import OWN, ItemKind
from app.workidentity.forms import ItemsForm, NextForm, OwnWordsForm, PicksForm, PlaceForm, ShareForm
from app.workidentity.suggestions import suggestions


@bp.get("/me/work")
@login_required
@role_required(Role.PARTICIPANT)
def page() -> ResponseReturnValue:
    work = queries.work_page(current_user)
    shared = work.profile is not None and work.profile.shared_at is not None
    return render_template(
        "workidentity/page.html",
        work=work,
        suggestions=suggestions(work),
        share_form=ShareForm(data={"shared": "yes" if shared else "no"}),
        readers=services.readers(current_user),
    )


def _strengths_page(items_form: ItemsForm, own_form: OwnWordsForm | None = None, status: int = 200) -> tuple[str, int]:
    work = queries.work_page(current_user)
    assignments = work.assignments
    chosen = work.strengths + work.interests
    place_forms = {
        entry.item.id: PlaceForm(
            assignments,
            prefix=f"item{entry.item.id}",
            data={"assignment_id": str(entry.item.assignment_id or "")},
        )
        for entry in chosen
    }
    return render_template(
        "workidentity/strengths.html",
        work=work,
        form=items_form,
        own_form=own_form or OwnWordsForm(assignments),
        place_forms=place_forms,
        chosen=chosen,
    ), status


def _items_form(from_request: bool = True) -> ItemsForm:
    """The checkboxes ticked as saved; `from_request`: a POST to this page fills them from the request instead."""
    rows = queries.items(current_user)
    data = {
        "strengths": [r.key for r in rows if r.kind is ItemKind.STRENGTH and r.key != OWN],
        "interests": [r.key for r in rows if r.kind is ItemKind.INTEREST and r.key != OWN],
    }
    return ItemsForm(data=data) if from_request else ItemsForm(formdata=None, data=data)


@bp.route("/me/work/strengths", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
def strengths() -> ResponseReturnValue:
    form = _items_form()
    if form.validate_on_submit():
        try:
            services.choose_items(current_user, form.strengths.data or [], form.interests.data or [])
        except DomainError as error:
            show_error(form, error, "strengths")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("workidentity.strengths"))
    return _strengths_page(form, status=422 if form.errors else 200)


@bp.post("/me/work/items")
@login_required
@role_required(Role.PARTICIPANT)
def add_item() -> ResponseReturnValue:
    work = queries.work_page(current_user)
    form = OwnWordsForm(work.assignments)
    if form.validate_on_submit():
        try:
            services.add_own_words(
                current_user, ItemKind(form.kind.data), form.words.data or "", parse_id(form.assignment_id.data)
            )
        except DomainError as error:
            show_error(form, error, "words")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("workidentity.strengths"))
    return _strengths_page(_items_form(from_request=False), form, 422)


@bp.post("/me/work/items/<int:item_id>/place")
@login_required
@role_required(Role.PARTICIPANT)
def place_item(item_id: int) -> ResponseReturnValue:
    item = services.get_own_item_or_404(item_id, current_user)
    form = PlaceForm(queries.work_page(current_user).assignments, prefix=f"item{item.id}")
    if form.validate_on_submit():
        try:
            services.place_item(current_user, item, form.chosen())
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Saved."), "success")
    else:
        flash(_("Choose one of your own placements."), "error")
    return redirect(url_for("workidentity.strengths"))


@bp.post("/me/work/items/<int:item_id>/delete")
@login_required
@role_required(Role.PARTICIPANT)
def remove_item(item_id: int) -> ResponseReturnValue:
    services.remove_item(current_user, services.get_own_item_or_404(item_id, current_user))
    flash(_("Removed."), "success")
    return redirect(url_for("workidentity.strengths"))


@bp.route("/me/work/reflections", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
def pick_reflections() -> ResponseReturnValue:
    mine = [item.reflection for item in own_list(current_user)]
    picked = [str(r.id) for r in queries.picked_reflections(current_user)]
    form = PicksForm(mine, data={"reflections": picked})
    if form.validate_on_submit():
        try:
            services.pick_reflections(current_user, form.chosen())
        except DomainError as error:
            show_error(form, error, "reflections")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("workidentity.page"))
    status = 422 if form.errors else 200
    return render_template("workidentity/reflections.html", form=form, has_any=bool(mine)), status


@bp.route("/me/work/next", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
def next_steps() -> ResponseReturnValue:
    profile = services.profile_of(current_user)
    data = {
        "sectors": queries.wish_sectors(current_user),
        "kind": profile.next_kind.value if profile and profile.next_kind else "",
        "hours": profile.next_hours if profile else None,
        "note": profile.next_note if profile else "",
    }
    form = NextForm(filter_choices(current_user)[0], data=data)
    if form.validate_on_submit():
        try:
            services.save_next(
                current_user,
                sectors=form.sectors.data or [],
                kind=form.chosen_kind(),
                hours=form.hours.data,
                note=form.note.data or "",
            )
        except DomainError as error:
            show_error(form, error, "note")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("workidentity.page"))
    return render_template("workidentity/next.html", form=form), 422 if form.errors else 200


@bp.post("/me/work/share")
@login_required
@role_required(Role.PARTICIPANT)
def share() -> ResponseReturnValue:
    form = ShareForm()
    if form.validate_on_submit():
        services.share(current_user, form.shared.data == "yes")
        if form.shared.data == "yes":
            flash(_("Your facilitators can now see your page. You can stop sharing at any time."), "success")
        else:
            flash(_("Only you can see your page now."), "success")
    else:
        flash(_("Choose who can see your page."), "error")
    return redirect(url_for("workidentity.page"))
