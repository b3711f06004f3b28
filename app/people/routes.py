"""Staff pages to create people, hand out invite links and (admins) deactivate accounts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from app.accounts import services
from app.accounts.forms import ConfirmForm, CreatePersonForm
from app.accounts.models import Role, User
from app.errors import DomainError
from app.forms import show_error
from app.groups.models import Group
from app.people import bp
from app.people.services import create_person
from app.permissions import get_in_municipality_or_404, parse_id, role_required

INVITE_LINK_KEY = "new_invite_link"


def _manageable_person(user_id: int) -> User:
    """A person the current staff member may manage, else 404 (facilitators only manage participants)."""
    person = get_in_municipality_or_404(User, user_id, current_user)
    if current_user.role is Role.FACILITATOR and person.role is not Role.PARTICIPANT:
        abort(404)
    return person


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
    session[INVITE_LINK_KEY] = {"user_id": person.id, "url": url_for("accounts.invite", token=token, _external=True)}


@bp.get("/")
@login_required
@role_required(Role.FACILITATOR, Role.ADMIN)
def index() -> ResponseReturnValue:
    people = services.people_in_municipality(current_user)
    return render_template("people/people.html", people=people)


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
    return render_template(
        "people/person.html", person=person, link=link, form=ConfirmForm(), role_labels=_role_labels()
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
