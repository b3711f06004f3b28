"""No reflection or response text reaches any log, over a whole flow through the web pages: write, share,
read, respond, a failed edit, export and delete — with every logger at DEBUG (SQLALCHEMY_ECHO stays off,
as in production; SQLAlchemy's loggers follow the root level)."""

from __future__ import annotations

import logging
import re

import pytest

from app.accounts.models import Role
from tests.conftest import post_form
from tests.factories import add_to_group, make_group, make_municipality, make_user

REFLECTION = "Secret-reflection-4e1d: I told them about my anxiety"
RESPONSE = "Secret-response-9b2a: thank you for trusting me"


def _everything_logged(records: list[logging.LogRecord]) -> str:
    parts = []
    for record in records:
        parts += [record.getMessage(), repr(record.args), record.exc_text or "", str(record.exc_info or "")]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "sql_level",
    [pytest.param(logging.INFO, id="sql-statements"), pytest.param(logging.DEBUG, id="sql-rows")],
)
def test_no_reflection_text_in_any_log(client, make_client, login_as, db, caplog, sql_level):  # noqa: ANN001
    caplog.set_level(logging.DEBUG)
    caplog.set_level(sql_level, logger="sqlalchemy.engine")
    town = make_municipality()
    group = make_group(town)
    facilitator = make_user(Role.FACILITATOR, town)
    author = make_user(Role.PARTICIPANT, town, language="en")
    add_to_group(group, facilitator, "facilitator")
    add_to_group(group, author)
    login_as(client, author)
    staff = make_client()
    login_as(staff, facilitator)

    created = post_form(client, "/reflections/new", {"text": REFLECTION, "assignment_id": ""})
    assert created.status_code == 302, created.get_data(as_text=True)
    reflection_id = int(re.search(r"/reflections/(\d+)", created.headers["Location"]).group(1))
    assert post_form(client, f"/reflections/{reflection_id}/share", {"visibility": "facilitators"}).status_code == 302
    assert staff.get("/staff/reflections").status_code == 200
    assert REFLECTION in staff.get(f"/staff/reflections/{reflection_id}").get_data(as_text=True)
    responded = post_form(staff, f"/staff/reflections/{reflection_id}/respond", {"text": RESPONSE})
    assert responded.status_code == 302
    page = client.get(f"/reflections/{reflection_id}").get_data(as_text=True)
    assert REFLECTION in page and RESPONSE in page
    too_long = post_form(client, f"/reflections/{reflection_id}/edit", {"text": REFLECTION + "x" * 1000})
    assert too_long.status_code == 422
    export = client.get("/me/data/export.json").get_data(as_text=True)
    assert REFLECTION in export and RESPONSE in export
    assert post_form(client, "/me/data/delete", {"email": author.email}).status_code == 302

    logged = _everything_logged(caplog.records)
    assert any(r.name.startswith("sqlalchemy.engine") for r in caplog.records), "SQL logging was not captured"
    for secret in (REFLECTION, RESPONSE, "anxiety", "trusting me"):
        assert secret not in logged
