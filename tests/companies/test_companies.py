"""Staff register, edit and (de)activate their municipality's companies; other municipalities' are 404."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.companies import services
from app.companies.models import Company
from app.errors import DomainError
from tests.conftest import post_form
from tests.factories import make_company, make_municipality, make_user

VALID = {
    "name": "Bageriet Brød",
    "sector": "Bageri",
    "area": "Roskilde midtby",
    "description": "Vi bager brød.\nKom og prøv.",
    "contact_name": "Mette",
    "contact_email": "Mette@Bageri.example",
    "contact_phone": "+45 12 34 56 78",
}


def _count(db) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(Company))


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ADMIN])
def test_staff_create_a_company_in_their_municipality(client, db, login_as, role):
    town, other = make_municipality(), make_municipality()
    login_as(client, make_user(role, town))
    response = post_form(client, "/staff/companies/new", {**VALID, "municipality_id": str(other.id)})
    assert response.status_code == 302
    company = db.session.scalar(select(Company))
    assert company.municipality_id == town.id and company.name == "Bageriet Brød"
    assert company.contact_email == "mette@bageri.example" and company.description == "Vi bager brød.\nKom og prøv."
    page = client.get("/staff/companies/").get_data(as_text=True)
    assert "Bageriet Brød" in page and "Bageri · Roskilde midtby" in page


def test_edit_keeps_changes_and_duplicate_names_are_refused(client, db, login_as):
    town = make_municipality()
    first = make_company(town, name="Netto Syd")
    second = make_company(town, name="Føtex")
    make_company(make_municipality(), name="Brugsen")  # same name elsewhere does not count
    login_as(client, make_user(Role.FACILITATOR, town))
    assert post_form(client, f"/staff/companies/{second.id}", {**VALID, "name": "Brugsen"}).status_code == 302
    response = post_form(client, f"/staff/companies/{second.id}", {**VALID, "name": "netto SYD"})
    assert response.status_code == 200
    assert 'value="netto SYD"' in response.get_data(as_text=True) and 'class="error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Company, second.id).name == "Brugsen"
    assert db.session.get(Company, first.id).name == "Netto Syd"


def test_deactivate_and_reactivate_is_idempotent(client, db, login_as):
    town = make_municipality()
    company = make_company(town)
    login_as(client, make_user(Role.FACILITATOR, town))
    for _ in range(2):  # a double tap has one effect
        assert post_form(client, f"/staff/companies/{company.id}/active", {"active": "0"}).status_code == 302
        db.session.expire_all()
        assert db.session.get(Company, company.id).active is False
    assert post_form(client, f"/staff/companies/{company.id}/active", {"active": "1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Company, company.id).active is True
    assert post_form(client, f"/staff/companies/{company.id}/active", {"active": "maybe"}).status_code == 400
    assert post_form(client, f"/staff/companies/{company.id}/active").status_code == 400


def test_another_municipalitys_company_is_404(client, db, login_as):
    theirs = make_company(make_municipality(), name="Fremmed ApS")
    login_as(client, make_user(Role.ADMIN, make_municipality()))
    assert "Fremmed ApS" not in client.get("/staff/companies/").get_data(as_text=True)
    assert client.get(f"/staff/companies/{theirs.id}").status_code == 404
    assert post_form(client, f"/staff/companies/{theirs.id}", VALID).status_code == 404
    assert post_form(client, f"/staff/companies/{theirs.id}/active", {"active": "0"}).status_code == 404
    db.session.expire_all()
    company = db.session.get(Company, theirs.id)
    assert company.name == "Fremmed ApS" and company.active is True


@pytest.mark.parametrize("path", ["/staff/companies/", "/staff/companies/new"])
def test_participant_gets_403_and_anonymous_is_sent_to_login(client, make_client, db, login_as, path):
    anonymous = make_client()
    response = anonymous.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    login_as(client, make_user(Role.PARTICIPANT))
    assert client.get(path).status_code == 403
    assert post_form(client, "/staff/companies/new", VALID).status_code == 403
    assert _count(db) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"name": "x" * 121},
        {"contact_email": "not an e-mail"},
        {"contact_phone": "ring til Mette"},
        {"contact_phone": "٠١٢٣٤٥٦٧"},
        {"description": "x" * 1001},
        {"sector": "x" * 81},
    ],
)
def test_garbage_re_renders_the_form_with_the_text_kept(client, db, login_as, change):
    login_as(client, make_user(Role.FACILITATOR))
    data = {**VALID, "area": "Området jeg skrev", **change}
    response = post_form(client, "/staff/companies/new", data)
    assert response.status_code == 200
    assert 'value="Området jeg skrev"' in response.get_data(as_text=True)
    assert _count(db) == 0


def test_missing_fields_do_not_break_anything(client, db, login_as):
    login_as(client, make_user(Role.FACILITATOR))
    assert post_form(client, "/staff/companies/new", {"name": "Kun et navn"}).status_code == 302
    company = db.session.scalar(select(Company))
    assert (company.sector, company.contact_email, company.contact_phone) == ("", "", "")


def test_services_refuse_other_municipality_and_participants(db):
    town = make_municipality()
    company = make_company(town)
    with pytest.raises(DomainError):
        services.update_company(make_user(Role.FACILITATOR), company, name="Nyt navn")
    with pytest.raises(DomainError):
        services.create_company(make_user(Role.PARTICIPANT, town), name="Mit firma")
    with pytest.raises(DomainError):
        services.set_active(make_user(Role.ADMIN), company, False)
