"""The notes section on a phone: write a note, see it, open the edit form; a refused note keeps what was typed.
axe-core finds no violations, with and without an error."""

from __future__ import annotations

from flask import Flask

from app.accounts.models import Role
from app.notes.models import MAX_LENGTH
from tests.e2e.conftest import PHONE, assert_no_axe_violations, log_in
from tests.factories import add_to_group, make_group, make_municipality, make_user


def test_a_facilitator_writes_a_note_on_a_phone(page, app: Flask) -> None:  # noqa: ANN001
    with app.app_context():
        town = make_municipality()
        group = make_group(town)
        facilitator = make_user(Role.FACILITATOR, town, name="Anne")
        amira = make_user(Role.PARTICIPANT, town, name="Amira")
        add_to_group(group, facilitator, "facilitator")
        add_to_group(group, amira)
        email, amira_id = facilitator.email, amira.id
    page.set_viewport_size(PHONE)
    log_in(page, email)
    page.goto(f"/staff/people/{amira_id}/notes")
    assert "dataudtræk" in page.locator("#note-new-hint").inner_text()
    assert_no_axe_violations(page)

    page.fill("#note-new-text", "Amira vil gerne øve jobsamtaler")
    page.get_by_role("button", name="Gem notatet").click()
    page.wait_for_url(f"**/staff/people/{amira_id}")
    assert page.locator("#notes p.pre").first.inner_text() == "Amira vil gerne øve jobsamtaler"

    page.goto(f"/staff/people/{amira_id}/notes")
    too_long = "x" * (MAX_LENGTH + 1)
    bypass_maxlength = "(el, text) => { el.removeAttribute('maxlength'); el.value = text; }"
    page.locator("#note-new-text").evaluate(bypass_maxlength, too_long)
    page.get_by_role("button", name="Gem notatet").click()
    assert page.locator("#note-new-text").input_value() == too_long
    assert page.locator("#note-new-error").is_visible()
    assert_no_axe_violations(page)
    page.locator("#notes summary").first.click()
    assert page.locator("#notes details textarea").first.input_value() == "Amira vil gerne øve jobsamtaler"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert [e for e in page.console_errors if "status of 422" not in e] == []  # the refused form is a 422
