"""Fixtures for the staff placement tests: a town with a facilitator logged in (English pages;
service messages in English come from tests/placements/conftest.py)."""

from __future__ import annotations

import pytest

from app.accounts.models import Role
from tests.factories import make_company, make_municipality, make_user


@pytest.fixture
def town(db):  # noqa: ANN001
    return make_municipality()


@pytest.fixture
def company(town):  # noqa: ANN001
    return make_company(town, name="Netto Syd", sector="Butik", area="Syd")


@pytest.fixture
def facilitator(town):  # noqa: ANN001
    return make_user(Role.FACILITATOR, town, language="en", name="Facilitator Fie")


@pytest.fixture
def staff(client, login_as, facilitator):  # noqa: ANN001
    login_as(client, facilitator)
    return client
