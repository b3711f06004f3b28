"""The placement page for the people who chose it: the first-day information staff wrote (where, when, whom to
ask for, what to bring) and the company's contact person with how to reach them; the company's description once."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Role
from app.placements import services
from app.placements.models import Placement
from tests.conftest import post_form
from tests.factories import make_company, make_municipality, make_placement, make_user
from tests.placements.support import day, new_key

FIRST_DAY = "Mød op kl. 8.30 ved varemodtagelsen og spørg efter Lise. Tag sikkerhedssko på."


def test_staff_write_the_first_day_on_the_placement_form(client, db, login_as) -> None:  # noqa: ANN001
    town = make_municipality()
    company = make_company(town)
    place = make_placement(town, company=company)
    login_as(client, make_user(Role.FACILITATOR, town))
    assert 'name="first_day"' in client.get(f"/staff/placements/{place.id}/edit").get_data(as_text=True)
    data = {"company_id": str(company.id), "title": place.title, "kind": "internship", "hours_min": "5",
            "hours_max": "20", "seats": "3", "is_open": "y", "first_day": FIRST_DAY}  # fmt: skip
    assert post_form(client, f"/staff/placements/{place.id}/edit", data).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Placement.first_day).where(Placement.id == place.id)) == FIRST_DAY


def test_the_people_in_it_see_the_first_day_and_the_company_contact(client, db, login_as, make_client) -> None:  # noqa: ANN001
    town = make_municipality()
    company = make_company(town, name="Netto Syd", contact_name="Lise Berg", contact_phone="20 30 40 50",
                           contact_email="lise@netto.test", description="Supermarked i Roskilde.")  # fmt: skip
    place = make_placement(town, company=company, first_day=FIRST_DAY, description="Supermarked i Roskilde.")
    me = make_user(Role.PARTICIPANT, town, language="da")
    services.choose(me, place, start=day(3), hours=10, key=new_key())
    login_as(client, me)
    page = client.get(f"/placements/{place.id}").get_data(as_text=True)
    assert "Din første dag" in page and FIRST_DAY in page
    assert "Din kontakt hos Netto Syd" in page and "Lise Berg" in page
    assert 'href="tel:20304050"' in page and 'href="mailto:lise@netto.test"' in page
    assert page.count("Supermarked i Roskilde.") == 1  # the company's description once, not twice

    other = make_client()
    login_as(other, make_user(Role.PARTICIPANT, town, language="da"))
    browsing = other.get(f"/placements/{place.id}").get_data(as_text=True)
    assert FIRST_DAY not in browsing and "20 30 40 50" not in browsing  # only for the people who chose it
