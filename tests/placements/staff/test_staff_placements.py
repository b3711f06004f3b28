"""Staff create, edit, close and reopen placements; rules on hours and seats; garbage never gives a 500."""

from __future__ import annotations

import html
import re
from uuid import uuid4

import pytest
from sqlalchemy import func, select, update

from app.accounts.models import Role
from app.errors import DomainError
from app.placements import services, staff_services
from app.placements.models import Placement, PlacementKind
from tests.conftest import post_form
from tests.factories import make_company, make_municipality, make_placement, make_user


def _form(company, **change) -> dict:  # noqa: ANN001
    data = {
        "company_id": str(company.id),
        "title": "Kassemedarbejder",
        "kind": "paid_hours",
        "description": "En travl butik.",
        "tasks": "Fylde varer op\nHjælpe kunder",
        "sector": "",
        "area": "",
        "address": "Algade 1",
        "hours_min": "5",
        "hours_max": "20",
        "seats": "3",
        "is_open": "y",
    }
    data.update(change)
    return {key: value for key, value in data.items() if value is not None}


def _placements(db) -> list[Placement]:  # noqa: ANN001
    db.session.expire_all()
    return list(db.session.scalars(select(Placement).order_by(Placement.id)))


def _join(person, placement, hours: int = 10):  # noqa: ANN001
    return services.choose(person, placement, start=services.today(), hours=hours, key=uuid4().hex)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMIN])
def test_staff_create_a_placement(client, db, login_as, town, company, role):
    login_as(client, make_user(role, town, language="en"))
    response = post_form(client, "/staff/placements/new", _form(company, municipality_id="999"))
    assert response.status_code == 302
    (placement,) = _placements(db)
    assert response.headers["Location"] == f"/staff/placements/{placement.id}"
    assert placement.municipality_id == town.id and placement.company_id == company.id
    assert (placement.title, placement.kind, placement.address) == (
        "Kassemedarbejder",
        PlacementKind.PAID_HOURS,
        "Algade 1",
    )
    assert placement.tasks == "Fylde varer op\nHjælpe kunder"
    assert (placement.hours_min, placement.hours_max, placement.seats, placement.taken) == (5, 20, 3, 0)
    assert placement.is_open is True
    assert (placement.sector, placement.area) == ("Butik", "Syd")  # empty: taken from the company
    page = client.get("/staff/placements").get_data(as_text=True)
    assert "Kassemedarbejder" in page and "Netto Syd" in page and "Paid hours" in page
    assert "5–20 hours a week" in page and "0 of 3 taken" in page and "Open" in page


def test_create_closed_with_own_sector(staff, db, company):
    data = _form(company, is_open=None, kind="internship", sector="Detailhandel", area="Roskilde C")
    assert post_form(staff, "/staff/placements/new", data).status_code == 302
    (placement,) = _placements(db)
    assert placement.is_open is False and placement.kind is PlacementKind.INTERNSHIP
    assert (placement.sector, placement.area) == ("Detailhandel", "Roskilde C")
    assert "Closed" in staff.get("/staff/placements").get_data(as_text=True)


def test_edit_shows_the_values_and_saves(staff, db, town, company):
    placement = make_placement(town, company=company, title="Lager", seats=2, hours_min=4, hours_max=12)
    other = make_company(town, name="Bageriet")
    page = staff.get(f"/staff/placements/{placement.id}/edit").get_data(as_text=True)
    assert 'value="Lager"' in page and 'value="4"' in page and 'value="12"' in page
    assert f'<option selected value="{company.id}">' in page
    assert "is_open" not in page  # opening and closing has its own button
    data = _form(other, title="Bager", hours_min="8", hours_max="30", seats="5", is_open=None)
    response = post_form(staff, f"/staff/placements/{placement.id}/edit", data)
    assert response.status_code == 302 and response.headers["Location"] == f"/staff/placements/{placement.id}"
    (saved,) = _placements(db)
    assert (saved.company_id, saved.title, saved.hours_min, saved.hours_max, saved.seats) == (
        other.id,
        "Bager",
        8,
        30,
        5,
    )
    assert saved.is_open is True  # the edit form does not close it


def test_a_deactivated_company_stays_choosable_for_its_own_placement(staff, db, town, company):
    placement = make_placement(town, company=company)
    company.active = False
    db.session.commit()
    assert "Netto Syd" not in staff.get("/staff/placements/new").get_data(as_text=True)
    assert "Netto Syd" in staff.get(f"/staff/placements/{placement.id}/edit").get_data(as_text=True)
    assert post_form(staff, f"/staff/placements/{placement.id}/edit", _form(company, title="Nyt")).status_code == 302
    assert _placements(db)[0].title == "Nyt"
    response = post_form(staff, "/staff/placements/new", _form(company))
    assert response.status_code == 200 and len(_placements(db)) == 1


def test_close_and_reopen_is_idempotent(staff, db, town):
    placement = make_placement(town)
    url = f"/staff/placements/{placement.id}/open"
    for _ in range(2):  # a double tap has one effect
        response = post_form(staff, url, {"open": "0"})
        assert response.status_code == 302 and response.headers["Location"] == f"/staff/placements/{placement.id}"
        assert _placements(db)[0].is_open is False
    page = staff.get(f"/staff/placements/{placement.id}").get_data(as_text=True)
    assert "Open the placement" in page and "Closed" in page
    with pytest.raises(DomainError):  # participants can no longer choose it
        _join(make_user(Role.PARTICIPANT, town), _placements(db)[0])
    assert post_form(staff, url, {"open": "1"}).status_code == 302
    assert _placements(db)[0].is_open is True
    assert "Close the placement" in staff.get(f"/staff/placements/{placement.id}").get_data(as_text=True)
    for garbage in ({"open": "maybe"}, {"open": "true"}, {}):
        assert post_form(staff, url, garbage).status_code == 400
    assert _placements(db)[0].is_open is True


def test_toggle_without_csrf_token_is_refused(staff, db, town):
    placement = make_placement(town)
    assert staff.post(f"/staff/placements/{placement.id}/open", data={"open": "0"}).status_code == 400
    assert _placements(db)[0].is_open is True


def _typed(page: str, name: str) -> str | None:
    """The value an <input name=...> shows, or None if there is no such input."""
    match = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return match and html.unescape(match.group(1))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours_min": "0"}, "hours_min"),
        ({"hours_max": "61"}, "hours_max"),
        ({"hours_min": "21", "hours_max": "20"}, "hours_max"),  # the service's rule
        ({"hours_min": "٥"}, "hours_min"),  # Arabic-Indic digit
        ({"hours_min": ""}, "hours_min"),
        ({"seats": "-1"}, "seats"),
        ({"seats": "three"}, "seats"),
        ({"seats": "1001"}, "seats"),
        ({"seats": "99999999999999999999"}, "seats"),
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"kind": "full_time"}, "kind"),
        ({"company_id": "abc"}, "company_id"),
        ({"company_id": "99999999999"}, "company_id"),
        ({"company_id": None}, "company_id"),
        ({"description": "x" * 4001}, "description"),
    ],
)
def test_wrong_input_re_renders_with_the_input_kept(staff, db, company, change, field):
    data = _form(company, address="Gaden jeg skrev", **change)
    response = post_form(staff, "/staff/placements/new", data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    for name in ("address", "title", "hours_min", "hours_max", "seats"):
        assert _typed(page, name) == data[name], name
    assert _placements(db) == []


def test_seats_cannot_go_below_the_people_in_it(staff, db, town, company):
    placement = make_placement(town, company=company, seats=3, title="Lager")
    for _ in range(2):
        _join(make_user(Role.PARTICIPANT, town), placement)
    url = f"/staff/placements/{placement.id}/edit"
    response = post_form(staff, url, _form(company, seats="1", title="Nyt navn"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "2 people are in this placement now, so there must be at least 2 seats." in page
    assert 'value="Nyt navn"' in page
    (saved,) = _placements(db)
    assert (saved.seats, saved.taken, saved.title) == (3, 2, "Lager")  # nothing of the edit was saved
    assert post_form(staff, url, _form(company, seats="2")).status_code == 302
    assert _placements(db)[0].seats == 2


def test_seat_check_happens_in_the_update_not_on_a_stale_copy(db, town, company, facilitator):
    placement = make_placement(town, company=company, seats=3)
    assert placement.taken == 0  # loaded in this session
    with db.engine.begin() as conn:  # meanwhile two people took a seat (another request)
        conn.execute(update(Placement).where(Placement.id == placement.id).values(taken=2))
    with pytest.raises(DomainError) as caught:
        staff_services.update_placement(facilitator, placement, company_id=company.id, title="T",
                                        kind=PlacementKind.INTERNSHIP, hours_min=5, hours_max=20, seats=1)  # fmt: skip
    assert caught.value.field == "seats" and "2 people" in caught.value.message
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).seats == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hours_min": 0}, "hours_min"),
        ({"hours_max": 61}, "hours_max"),
        ({"hours_min": 12, "hours_max": 11}, "hours_max"),
        ({"seats": -1}, "seats"),
        ({"title": "  "}, "title"),
        ({"kind": "nonsense"}, "kind"),
        ({"company_id": 0}, "company_id"),
    ],
)
def test_services_check_the_rules(db, town, company, facilitator, change, field):
    values = {"company_id": company.id, "title": "T", "kind": "internship", "hours_min": 1, "hours_max": 60, "seats": 0}
    staff_services.create_placement(facilitator, **values)  # the bounds themselves are fine
    with pytest.raises(DomainError) as caught:
        staff_services.create_placement(facilitator, **{**values, **change})
    assert caught.value.field == field
    assert db.session.scalar(select(func.count()).select_from(Placement)) == 1


def test_services_refuse_participants_and_other_municipalities(db, town, company):
    placement = make_placement(town, company=company)
    values = {"company_id": company.id, "title": "T", "kind": "internship", "hours_min": 5, "hours_max": 20, "seats": 1}
    with pytest.raises(DomainError):
        staff_services.create_placement(make_user(Role.PARTICIPANT, town), **values)
    with pytest.raises(DomainError):
        staff_services.update_placement(make_user(Role.FACILITATOR), placement, **values)
    with pytest.raises(DomainError):
        staff_services.set_open(make_user(Role.ADMIN), placement, False)
    with pytest.raises(DomainError) as caught:  # a company of another town
        staff_services.create_placement(make_user(Role.FACILITATOR), **values)
    assert caught.value.field == "company_id"
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).is_open is True
    assert db.session.scalar(select(func.count()).select_from(Placement)) == 1


def test_another_municipalitys_company_cannot_be_chosen(staff, db, town, company):
    theirs = make_company(make_municipality(), name="Fremmed ApS")
    closed = make_company(town, name="Lukket ApS", active=False)
    page = staff.get("/staff/placements/new").get_data(as_text=True)
    assert "Netto Syd" in page and "Fremmed ApS" not in page and "Lukket ApS" not in page
    for chosen in (theirs, closed):
        response = post_form(staff, "/staff/placements/new", _form(chosen))
        assert response.status_code == 200 and 'id="company_id-error"' in response.get_data(as_text=True)
    placement = make_placement(town, company=company)
    response = post_form(staff, f"/staff/placements/{placement.id}/edit", _form(theirs, title="Flyttet"))
    assert response.status_code == 200
    (saved,) = _placements(db)
    assert saved.company_id == company.id and saved.title != "Flyttet"
