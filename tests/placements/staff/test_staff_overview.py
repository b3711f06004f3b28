"""Who is where, one participant's history and the list of recent changes; who may see them."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from app.accounts.models import Role
from app.placements import services
from tests.conftest import post_form
from tests.factories import make_company, make_municipality, make_placement, make_user

STAFF_GETS = [
    "/staff/placements",
    "/staff/placements/new",
    "/staff/placements/{placement}",
    "/staff/placements/{placement}/edit",
    "/staff/placements/people",
    "/staff/placements/people/{person}",
    "/staff/placements/changes",
]


def _key() -> str:
    return uuid4().hex


def _today():
    return services.today()


@pytest.fixture
def story(town, company):  # noqa: ANN001
    """Emma chose Lager (10 h), then 15 h from next week; Ali chose Kasse, then switched to Lager;
    Bo chose Kasse and ended it; Cai is elsewhere (another town)."""
    lager = make_placement(town, company=company, title="Lager", seats=5)
    kasse = make_placement(town, company=make_company(town, name="Føtex"), title="Kasse", seats=5)
    emma, ali, bo = (make_user(Role.PARTICIPANT, town, name=name) for name in ("Emma", "Ali", "Bo"))
    first = services.choose(emma, lager, start=_today(), hours=10, key=_key())
    services.adjust_hours(emma, first, hours=15, effective=_today() + timedelta(days=7))
    old = services.choose(ali, kasse, start=_today(), hours=8, key=_key())
    services.switch(ali, old, lager, start=_today() + timedelta(days=1), hours=12, lesson="Be on time", key=_key())
    ended = services.choose(bo, kasse, start=_today(), hours=6, key=_key())
    services.end(bo, ended, last_day=_today(), reason="Found a job", lesson="Ask for help")
    elsewhere = make_municipality()
    cai = make_user(Role.PARTICIPANT, elsewhere, name="Cai")
    services.choose(cai, make_placement(elsewhere, title="Fremmed"), start=_today(), hours=5, key=_key())
    return {"emma": emma, "ali": ali, "bo": bo, "cai": cai, "lager": lager, "kasse": kasse}


def _rows(page: str) -> list[str]:
    return page.split("<tr>")[1:]


def test_who_is_where_lists_everyone_in_a_placement_now(staff, story):
    page = staff.get("/staff/placements/people").get_data(as_text=True)
    rows = _rows(page)[1:]  # after the header row
    assert len(rows) == 2
    by_person = {name: row for row in rows for name in ("Emma", "Ali") if f">{name}</a>" in row}
    assert ">Lager</a>" in by_person["Emma"] and "15 hours a week" in by_person["Emma"]
    assert ">Lager</a>" in by_person["Ali"] and "12 hours a week" in by_person["Ali"]
    assert f'href="/staff/placements/people/{story["emma"].id}"' in by_person["Emma"]
    assert ">Bo<" not in page and ">Cai<" not in page and "Kasse" not in page
    assert "2 people are in placements now." in page


def test_who_is_where_pages_by_company_placement_and_name(staff, story, town, monkeypatch):
    """A page at a time (here of 2): Føtex's Kasse before Lager's people by name; an out-of-range page shows the
    last one; the pager links only where there is a page."""
    from app.placements import queries

    monkeypatch.setattr(queries, "WHO_IS_WHERE_PAGE", 2)
    for name in ("Dina", "Fie"):
        person = make_user(Role.PARTICIPANT, town, name=name)
        services.choose(person, story["kasse"], start=_today(), hours=7, key=_key())

    def names(page: str) -> list[str]:
        return [n for row in _rows(page)[1:] for n in ("Ali", "Dina", "Emma", "Fie") if f">{n}</a>" in row]

    first = staff.get("/staff/placements/people").get_data(as_text=True)
    assert names(first) == ["Dina", "Fie"] and "Page 1 of 2" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first and "4 people are in placements now." in first
    second = staff.get("/staff/placements/people?page=2").get_data(as_text=True)
    assert names(second) == ["Ali", "Emma"] and 'rel="prev"' in second and 'rel="next"' not in second
    assert names(staff.get("/staff/placements/people?page=99").get_data(as_text=True)) == ["Ali", "Emma"]


def test_placement_page_shows_who_is_in_it(staff, story):
    page = staff.get(f"/staff/placements/{story['lager'].id}").get_data(as_text=True)
    assert ">Emma</a>" in page and ">Ali</a>" in page and "2 of 5 taken" in page
    kasse = staff.get(f"/staff/placements/{story['kasse'].id}").get_data(as_text=True)
    assert "No one is in this placement now." in kasse and ">Bo<" not in kasse


def test_person_history_shows_current_and_past_with_hours(staff, story):
    emma = staff.get(f"/staff/placements/people/{story['emma'].id}").get_data(as_text=True)
    assert "Placements now" in emma and ">Lager</a>" in emma and "Earlier placements" not in emma
    assert "10 → 15 hours a week" in emma and "15 hours a week" in emma
    ali = staff.get(f"/staff/placements/people/{story['ali'].id}").get_data(as_text=True)
    now, earlier = ali.split("Earlier placements")
    assert ">Lager</a>" in now and ">Kasse</a>" in earlier
    assert "Switched placement" in earlier and "Be on time" in earlier
    bo = staff.get(f"/staff/placements/people/{story['bo'].id}").get_data(as_text=True)
    assert "Not in a placement now." in bo and "Found a job" in bo and "Ask for help" in bo
    assert "1 day, 1 hour in all" in bo  # chose and ended on the same day: 6 hours a week for one day


def test_recent_changes_newest_first(staff, story):
    page = staff.get("/staff/placements/changes").get_data(as_text=True)
    lines = [
        "Bo ended Kasse at Føtex",
        "Bo chose Kasse at Føtex (6 h/week)",
        "Ali switched from Kasse at Føtex to Lager at Netto Syd (12 h/week)",
        "Ali chose Kasse at Føtex (8 h/week)",
        "Emma changed hours in Lager at Netto Syd: 10 → 15 h/week",
        "Emma chose Lager at Netto Syd (10 h/week)",
    ]
    positions = [page.find(line) for line in lines]
    assert -1 not in positions, [line for line, at in zip(lines, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    assert ">Cai<" not in page and "Cai " not in page and "Fremmed" not in page
    assert f'href="/staff/placements/people/{story["ali"].id}"' in page


def test_staff_navigation_and_dashboard_link_to_placements(staff):
    dashboard = staff.get("/staff").get_data(as_text=True)
    assert 'href="/staff/placements"' in dashboard  # the menu
    assert 'href="/staff/placements/changes"' in dashboard and 'href="/staff/placements/people"' in dashboard
    index = staff.get("/staff/placements").get_data(as_text=True)
    assert '<a href="/staff/placements" aria-current="page">' in index
    assert 'href="/staff/placements/new"' in index and 'href="/staff/placements/changes"' in index


@pytest.mark.parametrize("path", STAFF_GETS)
def test_participant_gets_403_and_anonymous_is_sent_to_login(client, make_client, login_as, story, path):
    url = path.format(placement=story["lager"].id, person=story["emma"].id)
    response = make_client().get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    login_as(client, story["emma"])
    assert client.get(url).status_code == 403


def test_participant_cannot_post_to_staff_pages(client, db, login_as, story, company):
    login_as(client, story["emma"])
    lager = story["lager"]
    assert post_form(client, "/staff/placements/new", {"company_id": str(company.id)}).status_code == 403
    assert post_form(client, f"/staff/placements/{lager.id}/edit", {"title": "x"}).status_code == 403
    assert post_form(client, f"/staff/placements/{lager.id}/open", {"open": "0"}).status_code == 403
    db.session.expire_all()
    assert lager.is_open is True and lager.title == "Lager"


def test_another_municipality_is_404(client, db, login_as, story):
    login_as(client, make_user(Role.FACILITATOR, make_municipality(), language="en"))
    lager = story["lager"]
    for path in (f"/staff/placements/{lager.id}", f"/staff/placements/{lager.id}/edit",
                 f"/staff/placements/people/{story['emma'].id}"):  # fmt: skip
        assert client.get(path).status_code == 404, path
    assert post_form(client, f"/staff/placements/{lager.id}/open", {"open": "0"}).status_code == 404
    assert post_form(client, f"/staff/placements/{lager.id}/edit", {"title": "Hacked"}).status_code == 404
    for listing in ("/staff/placements", "/staff/placements/people", "/staff/placements/changes"):
        page = client.get(listing).get_data(as_text=True)
        assert "Emma" not in page and "Lager" not in page, listing
    db.session.expire_all()
    assert lager.is_open is True and lager.title == "Lager"


def test_person_history_is_only_for_participants(staff, town, story):
    colleague = make_user(Role.FACILITATOR, town)
    assert staff.get(f"/staff/placements/people/{colleague.id}").status_code == 404
    assert staff.get(f"/staff/placements/people/{story['cai'].id}").status_code == 404
    for garbage in ("0", "2147483648", "99999999999", "abc", "٣"):
        assert staff.get(f"/staff/placements/people/{garbage}").status_code == 404
        assert staff.get(f"/staff/placements/{garbage}").status_code == 404
