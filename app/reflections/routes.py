"""The author's pages: write, list, read, edit, share or withdraw, delete."""

from __future__ import annotations

from uuid import uuid4

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts.models import Role
from app.errors import DomainError
from app.forms import show_error
from app.idempotency import AlreadyDone
from app.permissions import role_required
from app.reflections import bp, reactions, services
from app.reflections.forms import ReactForm, ReflectionForm, ShareForm, WriteForm
from app.reflections.models import PROMPT_TEXT, Reaction, Reflection, Visibility


@bp.app_template_global()
def group_cards(group_id: int, limit: int = 20) -> list:
    """For the group and meeting pages: the experience cards the current user may see from that group."""
    return services.group_cards(current_user, group_id, limit=limit)


@bp.get("/reflections")
@login_required
@role_required(Role.PARTICIPANT)
def index() -> ResponseReturnValue:
    items = services.own_list(current_user)
    return render_template(
        "reflections/index.html",
        items=items,
        counts=reactions.counts([item.reflection.id for item in items]),
        reactions=list(Reaction),
        cards=services.group_cards(current_user),
    )


@bp.route("/reflections/new", methods=["GET", "POST"])
@login_required
@role_required(Role.PARTICIPANT)
def create() -> ResponseReturnValue:
    form = WriteForm(
        data={
            "prompt": request.args.get("prompt", ""),
            "meeting_id": request.args.get("meeting", ""),
            "assignment_id": request.args.get("assignment", ""),
            "key": uuid4().hex,
        }
    )
    form.offer_placements(current_user)
    if request.method == "POST" and "idea" in request.form:  # "Need a start?" without JavaScript: nothing is saved
        form.add_idea(request.form["idea"])
        return _write_page(form, 200)
    if form.validate_on_submit():
        try:
            reflection = services.write(current_user, **form.values(), key=form.key.data or None)
        except AlreadyDone as done:
            flash(_("That was already done."), "success")
            return redirect(_after_write(done.result_id))
        except DomainError as error:
            show_error(form, error, "text")
        else:
            flash(_("Saved. Only you can read it."), "success")
            return redirect(_after_write(reflection.id))
    return _write_page(form, 422 if form.errors else 200)


def _after_write(reflection_id: int | None) -> str:
    if reflection_id is None:
        return url_for("reflections.index")
    return url_for("reflections.detail", reflection_id=reflection_id)


def _write_page(form: WriteForm, status: int) -> tuple[str, int]:
    return render_template("reflections/form.html", form=form, prompts=PROMPT_TEXT), status


@bp.get("/reflections/<int:reflection_id>")
@login_required
@role_required(Role.PARTICIPANT)
def detail(reflection_id: int) -> ResponseReturnValue:
    """The author sees their own; a group member opening an experience card leaves a read receipt."""
    reflection = services.get_readable_or_404(reflection_id, current_user)
    if reflection.author_id != current_user.id:
        # GET writes, on purpose: the author sees who read their shared reflection (a read receipt).
        reflection = services.open_shared(current_user, reflection_id)
        return render_template(
            "reflections/card.html",
            reflection=reflection,
            reactions=list(Reaction),
            mine=reactions.mine(current_user, reflection.id),
            react_form=ReactForm(),
        )
    return _own_page(reflection, ReflectionForm(obj=reflection))


def _own_page(reflection: Reflection, edit_form: ReflectionForm, status: int = 200) -> tuple[str, int]:
    share = ShareForm(
        data={
            "visibility": reflection.visibility.value,
            "until": reflection.shared_until,
            "show_company": reflection.show_company,
        }
    )
    readers = services.readers_of(reflection)
    return render_template(
        "reflections/detail.html",
        reflection=reflection,
        share_form=share,
        readers=readers,
        edit_form=edit_form,
        counts=reactions.counts([reflection.id])[reflection.id],
        reactions=list(Reaction),
    ), status


@bp.post("/reflections/<int:reflection_id>/react")
@login_required
@role_required(Role.PARTICIPANT)
def react(reflection_id: int) -> ResponseReturnValue:
    """One tap on someone's experience card: on, or off again."""
    form = ReactForm()
    if form.validate_on_submit():
        reactions.react(current_user, reflection_id, Reaction(form.kind.data))
    else:
        flash(_("Please reload the page and try again."), "error")
    return redirect(url_for("reflections.detail", reflection_id=reflection_id))


@bp.post("/reflections/<int:reflection_id>/edit")
@login_required
@role_required(Role.PARTICIPANT)
def edit(reflection_id: int) -> ResponseReturnValue:
    reflection = services.get_own_or_404(reflection_id, current_user)
    form = ReflectionForm()
    form.offer_placements(current_user)
    form.assignment_id.data = ""
    if form.validate_on_submit():
        try:
            services.edit(current_user, reflection, text=form.text.data)
        except DomainError as error:
            form.text.errors.append(error.message)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("reflections.detail", reflection_id=reflection.id))
    return _own_page(reflection, form, 422)


@bp.post("/reflections/<int:reflection_id>/share")
@login_required
@role_required(Role.PARTICIPANT)
def share(reflection_id: int) -> ResponseReturnValue:
    reflection = services.get_own_or_404(reflection_id, current_user)
    form = ShareForm()
    if form.validate_on_submit():
        try:
            services.share(
                current_user,
                reflection,
                Visibility(form.visibility.data),
                form.until.data,
                show_company=bool(form.show_company.data),
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Only you can read it now.") if form.visibility.data == "private" else _("Shared."), "success")
    else:
        flash(_("Choose who can read it."), "error")
    return redirect(url_for("reflections.detail", reflection_id=reflection.id))


@bp.post("/reflections/<int:reflection_id>/delete")
@login_required
@role_required(Role.PARTICIPANT)
def delete(reflection_id: int) -> ResponseReturnValue:
    services.remove(current_user, services.get_own_or_404(reflection_id, current_user))
    flash(_("The reflection is deleted."), "success")
    return redirect(url_for("reflections.index"))
