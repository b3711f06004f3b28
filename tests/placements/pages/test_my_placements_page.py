"""My placements: switching is one tap away (to browsing with the switch ready), the hours show when and how they
changed, and time reads in whole days, weeks and hours."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.placements import services
from app.placements.models import Assignment
from tests.factories import make_municipality, make_placement, make_user
from tests.placements.support import new_key


@pytest.fixture
def town(db):  # noqa: ANN001
    return make_municipality()


@pytest.fixture
def me(client, login_as, town):  # noqa: ANN001
    person = make_user(Role.PARTICIPANT, town, language="da")
    login_as(client, person)
    return person


def _started(me, place, days_ago: int, hours: int = 10) -> Assignment:  # noqa: ANN001
    mine = services.choose(me, place, start=services.today(), hours=hours, key=new_key())
    mine.start_date = services.today() - timedelta(days=days_ago)
    for change in mine.hours_history:
        change.effective_date = mine.start_date
    db.session.commit()
    return mine


def test_switch_from_my_placements_leads_to_browsing_with_the_switch_ready(client, me, town) -> None:  # noqa: ANN001
    mine = _started(me, make_placement(town, title="Lager"), 20)
    other = make_placement(town, title="Café")
    page = client.get("/placements/mine").get_data(as_text=True)
    link = re.search(r'<a class="button" href="(/placements\?switch=\d+)">Skift til en anden praktik</a>', page)
    assert link and link.group(1) == f"/placements?switch={mine.id}"

    browse = client.get(link.group(1)).get_data(as_text=True)
    assert "Skift fra " in browse
    detail_link = re.search(rf'href="(/placements/{other.id}\?switch={mine.id}#switch)"', browse)
    assert detail_link, "the placements carry the switch along"

    detail = client.get(detail_link.group(1).split("#")[0]).get_data(as_text=True)
    switch, choose = detail.index("Skift til denne praktik"), detail.index("Eller tag den ved siden af")
    assert switch < choose  # the switch comes first, highlighted, with the old placement chosen
    radios = re.findall(r'<input[^>]*name="switch-from_assignment"[^>]*>', detail)
    assert radios and all(("checked" in r) == (f'value="{mine.id}"' in r) for r in radios)


def test_a_switch_link_for_someone_elses_placement_is_ignored(client, me, town, make_client, login_as) -> None:  # noqa: ANN001
    stranger = make_user(Role.PARTICIPANT, town)
    theirs = _started(stranger, make_placement(town), 5)
    browse = client.get(f"/placements?switch={theirs.id}").get_data(as_text=True)
    assert "Skift fra " not in browse and f"switch={theirs.id}" not in browse


def test_my_placements_show_how_the_hours_changed(client, me, town) -> None:  # noqa: ANN001
    mine = _started(me, make_placement(town, hours_max=30), 14, hours=10)
    services.adjust_hours(me, mine, hours=15, effective=services.today() + timedelta(days=3))
    page = client.get("/placements/mine").get_data(as_text=True)
    history = page[page.index('class="hours-history"') :]
    assert "10 timer om ugen fra" in history and "10 → 15 timer om ugen fra" in history


def test_time_reads_in_whole_numbers(client, me, town) -> None:  # noqa: ANN001
    _started(me, make_placement(town, title="Lager"), 9, hours=10)  # 10 days: 1.4 weeks, 14.3 hours
    page = client.get("/placements/mine").get_data(as_text=True)
    assert "1 uge, 14 timer i alt" in page
    assert not re.search(r"\d,\d (uger|timer)", page)  # "1,4 uger, 14,3 timer" said nothing a person needs
    services.choose(me, make_placement(town, title="Café"), start=services.today() + timedelta(days=3), hours=5,
                    key=new_key())  # fmt: skip
    assert "Du starter " in client.get("/placements/mine").get_data(as_text=True)
