"""The network, made visible: a participant sees their contact person (their group's facilitators, with how to
reach them) on My week and /me, and who else from the group is coming to the next meeting: first names, only to
the group, and never of someone who hides themselves in their settings."""

from __future__ import annotations

import re
from datetime import timedelta

from app.accounts.models import Role
from app.db import utcnow
from app.meetings.models import Answer, Rsvp
from tests.conftest import post_form
from tests.factories import add_to_group, make_group, make_municipality, make_user
from tests.meetings.conftest import add_meeting


def _group(db):  # noqa: ANN001, ANN202
    town = make_municipality()
    group = make_group(town)
    anne = make_user(Role.FACILITATOR, town, name="Anne Jensen", email="anne@kommune.test")
    anne.phone = "20 30 40 50"
    me = make_user(Role.PARTICIPANT, town, name="Sofie Larsen", language="da")
    ali, emma, bo = (make_user(Role.PARTICIPANT, town, name=n) for n in ("Ali Hassan", "Emma Holm", "Bo Skjult"))
    bo.shown_to_group = False
    for person in (me, ali, emma, bo):
        add_to_group(group, person)
    add_to_group(group, anne, "facilitator")
    meeting = add_meeting(db, group, utcnow() + timedelta(days=2))
    for person in (ali, emma, bo):
        db.session.add(Rsvp(meeting_id=meeting.id, user_id=person.id, answer=Answer.YES))
    db.session.commit()
    return town, me, meeting


def test_my_week_and_me_name_the_contact_person_and_how_to_reach_them(client, db, login_as) -> None:  # noqa: ANN001
    _town, me, _meeting = _group(db)
    login_as(client, me)
    for path in ("/week", "/me"):
        html = client.get(path).get_data(as_text=True)
        assert "Din kontaktperson" in html and "Anne Jensen" in html, path
        assert 'href="tel:20304050"' in html and 'href="mailto:anne@kommune.test"' in html, path


def test_staff_write_their_phone_on_their_profile(client, db, login_as) -> None:  # noqa: ANN001
    anne = make_user(Role.FACILITATOR, make_municipality(), language="da")
    login_as(client, anne)
    assert 'name="phone"' in client.get("/me").get_data(as_text=True)
    data = {"display_name": anne.display_name, "language": "da", "phone": "+45 20 30 40 50"}
    assert post_form(client, "/me", data).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(anne), anne.id).phone == "+45 20 30 40 50"


def test_who_is_coming_shows_first_names_of_those_who_show_themselves(client, db, login_as) -> None:  # noqa: ANN001
    _town, me, meeting = _group(db)
    login_as(client, me)
    for path in ("/week", f"/meetings/{meeting.id}"):
        html = client.get(path).get_data(as_text=True)
        assert "Kommer: Ali og Emma og 1 mere" in html or "Kommer: Ali, Emma og 1 mere" in html, path
        assert "Hassan" not in html and not re.search(r"\bBo\b", html), path  # first names only; Bo hides


def test_a_participant_can_hide_themselves(client, db, login_as, make_client) -> None:  # noqa: ANN001
    _town, me, meeting = _group(db)
    login_as(client, me)
    assert post_form(client, "/me", {"display_name": "Sofie Larsen", "language": "da"}).status_code == 302  # unticked
    db.session.expire_all()
    assert db.session.get(type(me), me.id).shown_to_group is False
    post_form(client, f"/meetings/{meeting.id}/rsvp", {"answer": "yes"})
    other = make_client()
    ali = db.session.scalars(db.select(type(me)).filter_by(display_name="Ali Hassan")).one()
    login_as(other, ali)
    html = other.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Sofie" not in html and "og 2 mere" in html


def test_no_one_outside_the_group_sees_who_is_coming(client, db, login_as) -> None:  # noqa: ANN001
    town, _me, meeting = _group(db)
    stranger = make_user(Role.PARTICIPANT, town, language="da")
    login_as(client, stranger)
    assert client.get(f"/meetings/{meeting.id}").status_code == 404
    assert "Kommer:" not in client.get("/week").get_data(as_text=True)
