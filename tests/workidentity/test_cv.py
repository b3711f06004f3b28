"""The CV: only what the person wrote and chose (contact details, education, the placements they kept on it with
dates and tasks, strengths if they tick it), in Danish or English, print-ready HTML; never a reflection or a lesson."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest

from app.errors import DomainError
from app.placements import services as placements
from app.reflections import services as reflections
from app.workidentity import cv, services
from app.workidentity.choices import EDUCATION_ROWS_MAX, ItemKind
from app.workidentity.models import WorkEducation
from tests.conftest import post_form
from tests.factories import make_company, make_placement
from tests.workidentity.conftest import World

PRIVATE = "Jeg var bange for at ringe i dag"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def built(db, world: World):  # noqa: ANN001, ANN201
    """A page with a kept and a left-off placement, strengths, a picked (and shared) and a private reflection."""
    town = world.town
    kept = placements.choose(
        world.person, make_placement(town, company=make_company(town, name="Roskilde Cykler"), title="Cykelhjælper",
                                     tasks="Lappe dæk og samle cykler"),
        start=placements.today(), hours=10, key=uuid4().hex,
    )  # fmt: skip
    dropped = placements.choose(
        world.person, make_placement(town, company=make_company(town, name="Skjult ApS"), title="Skjult job"),
        start=placements.today(), hours=5, key=uuid4().hex,
    )  # fmt: skip
    placements.end(world.person, dropped, last_day=placements.today(), reason="", lesson="En lektie kun til mig")
    services.choose_items(world.person, ["hands"], ["outdoors"])
    services.add_own_words(world.person, ItemKind.STRENGTH, "Jeg lapper dæk hurtigt")
    picked = reflections.write(world.person, text="Min valgte refleksion")
    reflections.write(world.person, text=PRIVATE)
    services.pick_reflections(world.person, [picked.id])
    cv.save_details(
        world.person, name="Amira Jensen", phone="20 30 40 50", email="amira@example.test", place="Roskilde",
        about="Jeg møder til tiden.", language="da", strengths=True, interests=False, placements=[kept.id],
    )  # fmt: skip
    cv.add_education(world.person, title="Folkeskolens 9. klasse", place="Himmelev Skole", period="2021")
    return kept, dropped


def test_the_cv_has_what_the_person_chose_and_nothing_else(db, world: World, built, clients):
    me = clients.for_(world.person)
    html = me.get("/me/work/cv/en").get_data(as_text=True)
    text = text_of(html)
    for wanted in ("Amira Jensen", "20 30 40 50", "amira@example.test", "Roskilde", "Jeg møder til tiden.",
                   "Job title Cykelhjælper", "Employer Roskilde Cykler", "Tasks Lappe dæk og samle cykler",
                   "Education Folkeskolens 9. klasse", "Place Himmelev Skole", "When 2021",
                   "I am good with my hands", "Jeg lapper dæk hurtigt"):  # fmt: skip
        assert wanted in text, wanted
    for unwanted in ("Skjult", "En lektie kun til mig", PRIVATE, "Min valgte refleksion", "Working outdoors"):
        assert unwanted not in text, unwanted


def test_danish_and_english(db, world: World, built, clients):
    me = clients.for_(world.person)
    danish = me.get("/me/work/cv/da").get_data(as_text=True)
    english = me.get("/me/work/cv/en").get_data(as_text=True)
    assert '<html lang="da">' in danish and '<html lang="en">' in english
    assert "Erhvervserfaring" in danish and "Work experience" in english
    assert "Jeg er god med mine hænder" in danish and "I am good with my hands" in english
    # The person's own language for the rest of the app is untouched.
    assert '<html lang="en">' in me.get("/me/work").get_data(as_text=True)


def test_saving_the_details_from_the_form(db, world: World, built, clients):
    kept, dropped = built
    me = clients.for_(world.person)
    form = {"name": "A. J.", "phone": "", "email": "ny@example.test", "place": "", "about": "", "language": "en",
            "interests": "y", "placements": [str(kept.id), str(dropped.id)]}  # fmt: skip
    response = post_form(me, "/me/work/cv", form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/me/work/cv/en")
    text = text_of(me.get("/me/work/cv/en").get_data(as_text=True))
    assert "Skjult job" in text and "Working outdoors" in text and "I am good with my hands" not in text
    bad = post_form(me, "/me/work/cv", {**form, "email": "not an address"})
    assert bad.status_code == 422 and "valid e-mail" in bad.get_data(as_text=True)


def test_education_rows(db, world: World, built, clients):
    me = clients.for_(world.person)
    assert post_form(me, "/me/work/cv/education", {"title": "Førstehjælp", "period": "2024"}).status_code == 302
    assert post_form(me, "/me/work/cv/education", {"title": ""}).status_code == 422
    rows = cv.education(world.person)
    assert [r.title for r in rows] == ["Folkeskolens 9. klasse", "Førstehjælp"]
    other = cv.add_education(world.peer, title="Bo's school", place="", period="")
    assert post_form(me, f"/me/work/cv/education/{other.id}/delete").status_code == 404
    assert post_form(me, f"/me/work/cv/education/{rows[1].id}/delete").status_code == 302
    assert [r.title for r in cv.education(world.person)] == ["Folkeskolens 9. klasse"]
    assert db.session.get(WorkEducation, other.id) is not None
    for n in range(EDUCATION_ROWS_MAX - 1):
        cv.add_education(world.person, title=f"Kursus {n}", place="", period="")
    with pytest.raises(DomainError, match="room for 6"):
        cv.add_education(world.person, title="En for meget", place="", period="")


def test_someone_elses_placement_cannot_go_on_my_cv(db, world: World, built):
    theirs = placements.choose(world.peer, make_placement(world.town), start=placements.today(), hours=5,
                               key=uuid4().hex)  # fmt: skip
    with pytest.raises(DomainError, match="your own placements"):
        cv.save_details(world.person, name="", phone="", email="", place="", about="", language="da",
                        strengths=False, interests=False, placements=[theirs.id])  # fmt: skip


def test_a_cv_before_anything_is_saved_has_the_name_and_email(db, world: World, clients):
    text = text_of(clients.for_(world.person).get("/me/work/cv/da").get_data(as_text=True))
    assert world.person.display_name in text and world.person.email in text


@pytest.mark.parametrize("path", ["/me/work/cv", "/me/work/cv/da", "/me/work/cv/en.pdf"])
def test_staff_have_no_cv_pages(db, world: World, clients, path):
    assert clients.for_(world.facilitator).get(path).status_code == 403


def test_the_cv_pages_need_a_login(client, db):  # noqa: ANN001
    for path in ("/me/work/cv/da", "/me/work/cv/da.pdf"):
        assert client.get(path).headers["Location"].startswith("/login?next=")
    assert client.get("/me/work/cv/de").status_code == 404
