"""Staff pages to create people, hand out invite links and (admins) deactivate accounts."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from app.accounts import services
from app.accounts.forms import ConfirmForm, CreatePersonForm
from app.accounts.models import Role, User
from app.errors import DomainError
from app.extensions import db
from app.forms import show_error
from app.groups.models import Group
from app.people import bp, listing
from app.people.forms import PeopleFilterForm
from app.people.profile import group_of, profile
from app.people.roster import Facts
from app.people.roster import roster_facts as facts_for
from app.people.scope import get_person_or_404, my_groups
from app.people.scope import people as people_scope
from app.people.services import create_person
from app.permissions import get_in_municipality_or_404, parse_id, role_required
from app.security import external_url

INVITE_LINK_KEY = "new_invite_link"


def _manageable_person(user_id: int) -> User:
    """A person the current staff member may look after, else 404 (see app/people/scope.py)."""
    return get_person_or_404(current_user, user_id)


@bp.app_template_global()
def viewable_people() -> frozenset[int] | None:
    """For linking names on staff pages: the ids of the people whose page the current user may open (None: all of
    the municipality, for an admin). One query, once per request."""
    if current_user.role is Role.ADMIN:
        return None
    if "viewable_people" not in g:
        g.viewable_people = frozenset(db.session.scalars(people_scope(current_user).with_only_columns(User.id)))
    return g.viewable_people


@bp.app_template_global()
def roster_facts(group: Group) -> dict[int, Facts]:
    """For the staff group page: attendance, placement, last seen and unread reflections per participant."""
    return facts_for(current_user, group)


def _group_from_query() -> Group | None:
    """The group a "new participant" was started from (404 if it is not one of ours)."""
    raw = request.args.get("group")
    if raw is None:
        return None
    group_id = parse_id(raw)
    if group_id is None:
        abort(404)
    return get_in_municipality_or_404(Group, group_id, current_user)


def _remember_link(person: User, token: str) -> None:
    """Keep the new link for exactly one display on the person's page (post/redirect/get)."""
    session[INVITE_LINK_KEY] = {"user_id": person.id, "url": external_url("accounts.invite", token=token)}


@bp.get("/")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def index() -> ResponseReturnValue:
    form = PeopleFilterForm(request.args)
    groups = my_groups(current_user)
    form.group.choices = [SelectChoice("", _("All groups"))] + [SelectChoice(str(g.id), g.name) for g, _n in groups]
    form.validate()  # a field that does not validate (too long, unknown choice) is left out of the filter
    filters = listing.Filters(
        q="" if form.q.errors else form.q.data or "",
        group_id=None if form.group.errors else parse_id(form.group.data or ""),
        status="" if form.status.errors else form.status.data or "",
        placement="" if form.placement.errors else form.placement.data or "",
    )
    rows = listing.find(current_user, filters)
    return render_template("people/people.html", rows=rows, form=form, limit=listing.LIST_LIMIT)


@bp.route("/new", methods=["GET", "POST"])
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def create() -> ResponseReturnValue:
    form = CreatePersonForm()
    group = _group_from_query()
    form.role.choices = [
        SelectChoice(r.value, str(label)) for r, label in _role_labels().items() if services.may_create(current_user, r)
    ]
    if form.validate_on_submit():
        try:
            person, token = create_person(
                current_user,
                email=form.email.data,
                display_name=form.display_name.data,
                role=Role(form.role.data),
                language=form.language.data,
                group=group,
            )
        except DomainError as error:
            show_error(form, error, "email")
        else:
            _remember_link(person, token)
            flash(_("%(name)s is created. Show or send the link below.", name=person.display_name), "success")
            return redirect(url_for("people.detail", user_id=person.id))
    return render_template("people/person_new.html", form=form)


@bp.get("/<int:user_id>")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def detail(user_id: int) -> ResponseReturnValue:
    person = _manageable_person(user_id)
    link = session.get(INVITE_LINK_KEY)
    if link and link.get("user_id") == person.id:
        session.pop(INVITE_LINK_KEY)
    else:
        link = None
    about = profile(current_user, person) if person.role is Role.PARTICIPANT else None
    return render_template(
        "people/person.html",
        person=person,
        about=about,
        group=group_of(about.memberships) if about else None,
        link=link,
        form=ConfirmForm(),
        role_labels=_role_labels(),
    )


@bp.post("/<int:user_id>/invite")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def new_link(user_id: int) -> ResponseReturnValue:
    person = _manageable_person(user_id)
    try:
        token = services.issue_invite(current_user, person)
    except DomainError as error:
        flash(error.message, "error")
    else:
        _remember_link(person, token)
        flash(_("A new link is ready. Older links no longer work."), "success")
    return redirect(url_for("people.detail", user_id=person.id))


@bp.get("/<int:user_id>/active/confirm")
@login_required
@role_required(Role.ADMIN)
def confirm_set_active(user_id: int) -> ResponseReturnValue:
    person = _manageable_person(user_id)
    if not person.active:
        return redirect(url_for("people.detail", user_id=person.id))
    return render_template(
        "confirm.html",
        question=_("Deactivate %(name)s's account?", name=person.display_name),
        detail=_(
            "They are logged out everywhere and can no longer log in. Their data stays; you can activate "
            "the account again."
        ),
        action=url_for("people.set_active", user_id=person.id),
        button=_("Deactivate the account"),
        back=url_for("people.detail", user_id=person.id),
    )


@bp.post("/<int:user_id>/active")
@login_required
@role_required(Role.ADMIN)
def set_active(user_id: int) -> ResponseReturnValue:
    person = _manageable_person(user_id)
    make_active = not person.active
    try:
        services.set_active(current_user, person, make_active)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The account is active again.") if make_active else _("The account is deactivated."), "success")
    return redirect(url_for("people.detail", user_id=person.id))


def _role_labels() -> dict[Role, str]:
    return {Role.PARTICIPANT: _("Participant"), Role.FACILITATOR: _("Facilitator"), Role.ADMIN: _("Admin")}
