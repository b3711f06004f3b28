"""Staff see the pulse only as totals of at least five people: per group and for the report's scope, per month, on
the reports page and in its CSV. Never one person's answers: not on a page, not in a CSV, not in JSON, for any role."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.db import utcnow
from app.wellbeing import aggregates, services
from tests.conftest import post_form
from tests.wellbeing.conftest import answers

# Hand-computed: WHO-5 raw x 4, loneliness sums.
FIVE = [
    (answers([5, 5, 5, 5, 5], [1, 1, 1], 5), 100, 3),
    (answers([3, 2, 4, 1, 2], [2, 1, 3], 4), 48, 6),
    (answers([2, 1, 1, 2, 1], [3, 3, 2], 2), 28, 8),
    (answers([4, 4, 3, 3, 4], [1, 2, 1], 4), 72, 4),
    (answers([3, 3, 3, 3, 3], [2, 2, 2], 3), 60, 6),
]
# Means of the five: WHO-5 (100+48+28+72+60)/5 = 61.6; at 50 or more: 3 of 5 = 60 %; loneliness 27/5 = 5.4; useful 18/5


def _people(world, count: int):  # noqa: ANN001
    return [world.amira, *world.peers][:count]


def _answer(world, count: int) -> None:  # noqa: ANN001
    for person, (values, _who5, _lonely) in zip(_people(world, count), FIVE, strict=False):
        services.answer(person, values)


def _cells(world, group_ids=None):  # noqa: ANN001
    month = services.this_month()
    return aggregates.monthly(world.group.municipality_id, group_ids, month, month + timedelta(days=27))[month]


def test_four_people_give_no_figures(world):
    _answer(world, 4)
    total, group = _cells(world)
    assert (total.shown, group.shown) == (False, False)
    assert [group.figure(name) for name in aggregates.FIGURES] == [None] * 4


def test_five_people_give_the_hand_computed_figures(world):
    _answer(world, 5)
    total, group = _cells(world)
    assert group.group_id == world.group.id and group.respondents == 5
    assert group.figure("wellbeing").value == pytest.approx(61.6)
    assert group.figure("good").value == pytest.approx(0.6)
    assert group.figure("loneliness").value == pytest.approx(5.4)
    assert group.figure("useful").value == pytest.approx(3.6)
    assert total.shown and total.figure("wellbeing").value == pytest.approx(61.6)


def test_a_figure_needs_five_complete_answers_of_its_own(world):
    _answer(world, 5)
    services.answer(world.peers[3], {**FIVE[4][0], "who5_2": None})  # one WHO-5 left incomplete
    total, group = _cells(world)
    assert group.shown and group.figure("wellbeing") is None and group.figure("good") is None
    assert group.figure("loneliness").value == pytest.approx(5.4)


def test_a_total_that_would_give_a_small_group_away_is_left_out(world):
    _answer(world, 5)  # Tirsdagsgruppen: five, shown
    services.answer(world.other_member, FIVE[0][0])  # Torsdagsgruppen: one, hidden
    total, *groups = _cells(world)
    shown = {cell.group_id: cell.shown for cell in groups}
    assert shown == {world.group.id: True, world.other_group.id: False}
    assert total.respondents == 6 and total.shown is False  # 6 minus the 5 shown would be Dina's answers


def test_answers_given_outside_a_group_count_as_hidden_in_the_total(world, db):  # noqa: ANN001
    from app.groups.models import Membership

    _answer(world, 5)
    membership = db.session.query(Membership).filter_by(user_id=world.other_member.id).one()
    membership.left_at = utcnow() - timedelta(days=1)
    db.session.commit()
    services.answer(world.other_member, FIVE[1][0])  # in no group now
    total, group = _cells(world)
    assert group.shown and total.respondents == 6 and total.shown is False


def _report(client, scope: str | None = None) -> str:  # noqa: ANN001
    return client.get("/staff/reports" + (f"?scope={scope}" if scope else "")).get_data(as_text=True)


def _wellbeing_section(html: str) -> str:
    match = re.search(r'<section class="card" id="wellbeing".*?</section>', html, re.S)
    assert match, "no wellbeing section"
    return match.group(0)


def test_the_reports_page_shows_figures_only_from_five(world, clients):
    _answer(world, 4)
    admin = clients(world.admin)
    section = _wellbeing_section(_report(admin))
    assert "Too few answers" in section and 'data-cell="wellbeing"' not in section
    services.answer(world.peers[3], FIVE[4][0])
    section = _wellbeing_section(_report(admin))
    assert re.search(r'data-cell="respondents">5<', section)
    assert re.search(r'data-cell="wellbeing">61[.,]6<', section), section


def test_the_csv_has_totals_only(world, clients):
    _answer(world, 5)
    services.answer(world.other_member, FIVE[0][0])
    admin = clients(world.admin)
    _report(admin)
    response = post_form(admin, "/staff/reports/wellbeing.csv", {"scope": "municipality"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").strip().splitlines()
    assert lines[0] == "month;group_id;group;respondents;wellbeing_mean;good_mean;loneliness_mean;useful_mean"
    month = services.this_month().strftime("%Y-%m")
    assert f"{month};;" in lines[1] and lines[1].endswith(";<5;;;;")  # the total would give Dina away
    assert f"{month};{world.group.id};Tirsdagsgruppen;5;61,6;60,0;5,4;3,6" in lines
    assert f"{month};{world.other_group.id};Torsdagsgruppen;<5;;;;" in lines
    assert len(lines) == 4


ROLES = ["anonymous", "amira", "facilitator", "other_facilitator", "admin", "foreign_facilitator", "foreign_admin"]


@pytest.mark.parametrize("who", ROLES)
def test_no_role_ever_gets_one_persons_answers(world, clients, make_client, who):  # noqa: ANN001
    """Amira's answers are distinctive (WHO-5 items 5,5,5,5,5 is 100): no page, CSV or JSON open to others has them."""
    _answer(world, 5)
    client = make_client() if who == "anonymous" else clients(getattr(world, who))
    seen = []
    for path in ("/staff/reports", f"/staff/reports?scope=group-{world.group.id}", f"/staff/people/{world.amira.id}",
                 "/wellbeing", "/me/data/export.json", "/inbox", "/staff"):  # fmt: skip
        response = client.get(path)
        seen.append((path, response.status_code, response.get_data(as_text=True)))
    csv = post_form(client, "/staff/reports/wellbeing.csv", {"scope": f"group-{world.group.id}"})
    seen.append(("csv", csv.status_code, csv.get_data(as_text=True)))
    for path, status, body in seen:
        if who == "amira" and path == "/wellbeing":
            assert re.search(r"data-wellbeing=\"100\"", body)  # her own page has her own answers
            continue
        if who == "amira" and path == "/me/data/export.json":
            assert '"who5_1": 5' in body  # and so has her own export
            continue
        assert not re.search(r"data-(wellbeing|value)[^>]*>?\s*100\b", body), (who, path)
        assert '"who5_1": 5' not in body and "who5_1" not in body, (who, path)
        assert not (status == 200 and "data-support-box" in body), (who, path)


def test_participants_cannot_open_the_staff_figures(world, clients):
    amira = clients(world.amira)
    assert amira.get("/staff/reports").status_code == 403
    assert post_form(amira, "/staff/reports/wellbeing.csv", {"scope": "municipality"}).status_code == 403


def test_staff_cannot_open_a_participants_pulse_pages(world, clients):
    for who in (world.facilitator, world.admin):
        client = clients(who)
        assert client.get("/wellbeing").status_code == 403
        assert client.get("/wellbeing/pulse").status_code == 403
        assert post_form(client, "/wellbeing/talk").status_code == 403


def test_a_facilitator_sees_only_their_groups(world, clients):
    _answer(world, 5)
    other = clients(world.other_facilitator)
    assert other.get(f"/staff/reports?scope=group-{world.group.id}").status_code == 404
    foreign = clients(world.foreign_admin)
    assert "Tirsdagsgruppen" not in _wellbeing_section(_report(foreign))
