"""Who sees which report: a facilitator their own groups (one, or "my groups"), an admin the whole municipality or
any of its groups; another municipality's group, or a group that is not the facilitator's, is a 404; participants
get a 403; "Rapporter" is in the staff navigation."""

from __future__ import annotations

import pytest

from tests.reports.helpers import download, figure_cells, report_url


def figures_of(client, url: str) -> dict[str, str]:  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 200, url
    return figure_cells(response.get_data(as_text=True))


def test_a_facilitator_sees_their_groups_and_defaults_to_them(client, login_as, world):
    login_as(client, world.frida)
    assert figures_of(client, report_url(world))["participants"] == "5"
    assert figures_of(client, report_url(world, "mine"))["participants"] == "5"
    html = client.get("/staff/reports").get_data(as_text=True)
    assert '<option selected value="mine">' in html
    assert f"group-{world.h.id}" not in html  # Hans's group is not offered


def test_an_admin_sees_the_whole_municipality_and_any_group(client, login_as, world):
    login_as(client, world.admin)
    assert figures_of(client, report_url(world, "municipality"))["participants"] == "6"
    assert figures_of(client, report_url(world, f"group-{world.h.id}"))["participants"] == "1"
    assert figures_of(client, report_url(world))["participants"] == "5"
    assert figures_of(client, report_url(world, "mine"))["participants"] == "0"  # the admin runs no group


@pytest.mark.parametrize("scope", ["municipality", "group-{h}", "group-{far}", "group-999999", "group-x", "nonsense"])
def test_what_a_facilitator_may_not_see_is_a_404(client, login_as, world, scope):
    login_as(client, world.frida)
    chosen = scope.format(h=world.h.id, far=world.far_group.id)
    assert client.get(report_url(world, chosen)).status_code == 404


def test_another_municipalitys_group_is_a_404_for_an_admin_too(client, login_as, world):
    login_as(client, world.far_admin)
    assert client.get(report_url(world)).status_code == 404
    assert download(client, world).status_code == 404


def test_participants_may_not_and_anonymous_people_log_in_first(client, login_as, world):
    assert client.get("/staff/reports").status_code == 302
    login_as(client, world.people["A"])
    assert client.get("/staff/reports").status_code == 403
    assert client.post("/staff/reports/export").status_code in (400, 403)


def test_reports_are_in_the_staff_navigation(client, login_as, world):
    login_as(client, world.frida)
    html = client.get("/staff").get_data(as_text=True)
    assert 'href="/staff/reports"' in html


def test_bad_dates_fall_back_and_say_so(client, login_as, world):
    login_as(client, world.frida)
    response = client.get(report_url(world, last="2025-01-01"))  # before the first day
    assert response.status_code == 200
    assert 'class="error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_definitions_are_written_on_the_page(client, login_as, world, lang):
    """What counts as a week in placement (across a switch or an hours change) and every other figure, in words,
    in the page's language."""
    from flask_babel import force_locale

    from app.placements import weeks as placement_weeks
    from app.reports.figures import DEFINITIONS
    from tests.reports.helpers import text

    world.frida.language = lang
    from app.extensions import db

    db.session.commit()
    login_as(client, world.frida)
    page = text(client.get(report_url(world)).get_data(as_text=True))
    with force_locale(lang):
        written = [(str(term), str(words)) for term, words in DEFINITIONS]
        weeks = str(placement_weeks.DEFINITION)
    assert len(written) >= 8
    for term, words in written:
        assert term in page and words in page, term
    assert weeks in page and ("skift" if lang == "da" else "switch") in weeks
