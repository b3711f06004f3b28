"""Ids in the URL that no database integer can hold are simply "not found", never a 500."""

from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.conftest import post_form
from tests.factories import make_company, make_event, make_municipality, make_user

HUGE = ["2147483648", "9223372036854775808", "9" * 40]


@pytest.mark.parametrize("n", HUGE)
def test_participant_urls(client, db, login_as, n):
    town = make_municipality()
    event = make_event(town, companies=[make_company(town)])
    login_as(client, make_user(Role.PARTICIPANT, town))
    assert client.get(f"/events/{n}").status_code == 404
    assert post_form(client, f"/events/{n}/signup").status_code == 404
    assert post_form(client, f"/events/{n}/signup/cancel").status_code == 404
    assert post_form(client, f"/events/{event.id}/companies/{n}/interest", {"interested": "yes"}).status_code == 404


@pytest.mark.parametrize("n", HUGE)
def test_staff_urls(client, db, login_as, n):
    login_as(client, make_user(Role.FACILITATOR))
    for path in (f"/staff/events/{n}", f"/staff/events/{n}/edit", f"/staff/companies/{n}"):
        assert client.get(path).status_code == 404
    assert post_form(client, f"/staff/events/{n}/cancel").status_code == 404
    assert post_form(client, f"/staff/companies/{n}/active", {"active": "0"}).status_code == 404
