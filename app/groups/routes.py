"""Staff pages for network groups: the list, edit, members, co-facilitators, messages.

Creating a group (with its meetings) and planning more meetings are pages of the meetings feature
(app/meetings/group_routes.py); the group page shows its meetings and cards through template globals
that the meetings and reflections blueprints register."""

from __future__ import annotations

from uuid import uuid4

from flask import abort, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from app.accounts.models import Role, User
from app.errors import DomainError
from app.extensions import db
from app.forms import show_error
from app.groups import bp, messages, services
from app.groups.forms import GroupForm, MessageForm, MoveForm, PersonChoiceForm
from app.groups.models import Group, MemberRole, Membership
from app.idempotency import AlreadyDone
from app.permissions import get_in_municipality_or_404, parse_id, role_required

STAFF = (Role.FACILITATOR, Role.ADMIN)
UNDO_KEY = "undo_membership"  # the membership just ended, offered for undo on the next group page


def _group(group_id: int) -> Group:
    return get_in_municipality_or_404(Group, group_id, current_user)


def _membership(group: Group, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.group_id != group.id:
        abort(404)
    return membership


@bp.get("/")
@login_required
@role_required(*STAFF)
def index() -> ResponseReturnValue:
    return render_template("groups/index.html", groups=services.groups_overview(current_user))


@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
@role_required(*STAFF)
def edit(group_id: int) -> ResponseReturnValue:
    group = _group(group_id)
    form = GroupForm(obj=group, data={"weekday": str(group.weekday), "duration": str(group.duration_minutes)})
    if form.validate_on_submit():
        try:
            services.update_group(current_user, group, **form.values())
        except DomainError as error:
            show_error(form, error, "name")
        else:
            flash(_("Saved. Meetings already planned keep their time; new ones use the new time."), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form, group=group)


@bp.get("/<int:group_id>")
@login_required
@role_required(*STAFF)
def detail(group_id: int) -> ResponseReturnValue:
    return _detail(_group(group_id))


def _detail(group: Group, message_form: MessageForm | None = None, status: int = 200) -> tuple[str, int]:
    add_form = PersonChoiceForm(prefix="add")
    add_form.user_id.choices = [
        SelectChoice(str(u.id), u.display_name) for u in services.participants_without_group(current_user)
    ]
    staff_form = PersonChoiceForm(prefix="staff")
    staff_form.user_id.choices = [
        SelectChoice(str(u.id), u.display_name) for u in services.staff_of_municipality(current_user)
    ]
    move_form = MoveForm(prefix="move")
    move_form.group_id.choices = [
        SelectChoice(str(g.id), g.name) for g, _count in services.groups_overview(current_user) if g.id != group.id
    ]
    undo_id = session.pop(UNDO_KEY, None)
    undo = db.session.get(Membership, undo_id) if isinstance(undo_id, int) else None
    return render_template(
        "groups/detail.html",
        group=group,
        undo=undo if undo is not None and undo.group_id == group.id and undo.left_at is not None else None,
        members=services.current_members(group),
        facilitators=services.current_members(group, MemberRole.FACILITATOR),
        add_form=add_form,
        staff_form=staff_form,
        move_form=move_form,
        messages=messages.recent_messages(group),
        message_form=message_form or MessageForm(data={"key": uuid4().hex}),
        can_message=messages.can_message(current_user, group),
    ), status


def _chosen_person(form: PersonChoiceForm) -> User:
    person_id = parse_id(form.user_id.raw_data[0] if form.user_id.raw_data else None)
    if person_id is None:
        abort(400)
    return get_in_municipality_or_404(User, person_id, current_user)


@bp.post("/<int:group_id>/members")
@login_required
@role_required(*STAFF)
def add_member(group_id: int) -> ResponseReturnValue:
    group = _group(group_id)
    person = _chosen_person(PersonChoiceForm(prefix="add"))
    try:
        services.add_member(current_user, group, person)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s is now in the group.", name=person.display_name), "success")
    return redirect(url_for("groups.detail", group_id=group.id))


@bp.post("/<int:group_id>/facilitators")
@login_required
@role_required(*STAFF)
def add_facilitator(group_id: int) -> ResponseReturnValue:
    group = _group(group_id)
    person = _chosen_person(PersonChoiceForm(prefix="staff"))
    try:
        services.add_cofacilitator(current_user, group, person)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s is now a facilitator of the group.", name=person.display_name), "success")
    return redirect(url_for("groups.detail", group_id=group.id))


@bp.get("/<int:group_id>/members/<int:membership_id>/end/confirm")
@login_required
@role_required(*STAFF)
def confirm_end_membership(group_id: int, membership_id: int) -> ResponseReturnValue:
    group = _group(group_id)
    membership = _membership(group, membership_id)
    if membership.left_at is not None:
        return redirect(url_for("groups.detail", group_id=group.id))
    return render_template(
        "confirm.html",
        question=_("Take %(name)s out of %(group)s?", name=membership.user.display_name, group=group.name),
        detail=_("Their history stays. You can undo it right after."),
        action=url_for("groups.end_membership", group_id=group.id, membership_id=membership.id),
        button=_("Take out of the group"),
        back=url_for("groups.detail", group_id=group.id),
    )


@bp.post("/<int:group_id>/members/<int:membership_id>/end")
@login_required
@role_required(*STAFF)
def end_membership(group_id: int, membership_id: int) -> ResponseReturnValue:
    group = _group(group_id)
    membership = _membership(group, membership_id)
    services.end_membership(current_user, membership)
    session[UNDO_KEY] = membership.id
    flash(_("%(name)s is taken out of the group. The history is kept.", name=membership.user.display_name), "success")
    return redirect(url_for("groups.detail", group_id=group.id))


@bp.post("/<int:group_id>/members/<int:membership_id>/undo")
@login_required
@role_required(*STAFF)
def undo_end_membership(group_id: int, membership_id: int) -> ResponseReturnValue:
    group = _group(group_id)
    membership = _membership(group, membership_id)
    session.pop(UNDO_KEY, None)
    try:
        services.undo_end_membership(current_user, membership)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s is back in the group.", name=membership.user.display_name), "success")
    return redirect(url_for("groups.detail", group_id=group.id))


@bp.post("/<int:group_id>/members/<int:membership_id>/move")
@login_required
@role_required(*STAFF)
def move_member(group_id: int, membership_id: int) -> ResponseReturnValue:
    group = _group(group_id)
    membership = _membership(group, membership_id)
    if membership.left_at is not None or membership.role is not MemberRole.MEMBER:
        abort(404)  # a stale page: they already left (or this is a facilitator's row)
    raw = MoveForm(prefix="move").group_id.raw_data
    target_id = parse_id(raw[0] if raw else None)
    if target_id is None:
        abort(400)
    target = _group(target_id)
    try:
        services.move_member(current_user, membership.user, target)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s is moved to %(group)s.", name=membership.user.display_name, group=target.name), "success")
    return redirect(url_for("groups.detail", group_id=group.id))


@bp.post("/<int:group_id>/messages")
@login_required
@role_required(*STAFF)
def post_message(group_id: int) -> ResponseReturnValue:
    group = _group(group_id)
    if not messages.can_message(current_user, group):
        abort(403)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            messages.post_message(current_user, group, form.text.data, key=form.key.data)
        except AlreadyDone:
            flash(_("That was already done."), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
        except DomainError as error:
            show_error(form, error, "text")
        else:
            flash(_("The message is sent to the group."), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return _detail(group, form, 422)
