"""Layout on a cheap phone (390×844 and 320×640), Danish and English, on the demo world: tab labels never break
inside a word and are at least 15 px; a summary shows its disclosure marker (so "Søg og filtrér" looks like
something to open); meeting, placement and experience cards are tappable on the whole card, not only on their
text line, and every link that stands alone is at least 44 px tall. axe on every page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from flask import Flask

from app.demo import DEMO_PASSWORD, load_demo
from app.extensions import db
from tests.e2e.conftest import assert_no_axe_violations

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SIZES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]
PAGES = ["/week", "/meetings", "/placements", "/placements/mine", "/reflections", "/reflections/new", "/events"]
# Pages off the tab bar: the inbox, the profile, "Mig og arbejde" with the CV (its print page has no tab bar).
MORE = ["/inbox", "/me", "/me/work", "/me/work/strengths", "/me/work/cv", "/me/work/cv/da"]

# Nothing is cut off or wider than the screen: the page does not scroll sideways, and no label or radio choice
# (the switch's "Company: title") is clipped inside its box.
OVERFLOW = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) problems.push("the page is wider than the screen");
  for (const el of document.querySelectorAll("main label, main select, main .choices li, main h1, main h2")) {
    const box = el.getBoundingClientRect();
    if (!box.width) continue;
    const name = el.tagName + " " + el.textContent.trim().slice(0, 40);
    if (box.right > width + 1) problems.push(name + " runs off the screen");
    if (el.tagName !== "SELECT" && el.scrollWidth > el.clientWidth + 1) problems.push(name + " is cut off");
  }
  return problems;
}"""

# Every label in the tab bar: its words each on one line, at least 15 px, and the bar no wider than the screen.
TABS = """() => {
  const bar = document.querySelector("nav.tabs");
  const problems = [];
  if (bar.scrollWidth > bar.clientWidth + 1) problems.push("the tab bar is wider than the screen");
  for (const label of bar.querySelectorAll("a span")) {
    if (parseFloat(getComputedStyle(label).fontSize) < 15) problems.push(label.textContent + ": under 15 px");
    const text = label.firstChild;
    let at = 0;
    for (const word of label.textContent.split(" ")) {
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
      if (lines.size > 1) problems.push(label.textContent + ": '" + word + "' breaks inside the word");
      at += word.length + 1;
    }
  }
  return problems;
}"""

# Cards that are one link: a point near the card's bottom corner (away from the text) still hits that link.
# Links that stand alone (class "tap"): at least 44 px tall. Summaries: with their disclosure marker.
TARGETS = """() => {
  const problems = [];
  for (const card of document.querySelectorAll(".stretch")) {
    const link = card.querySelector("a.whole");
    const box = card.getBoundingClientRect();
    card.scrollIntoView({block: "center"});
    const again = card.getBoundingClientRect();
    const hit = document.elementFromPoint(again.right - 6, again.bottom - 6);
    const name = "card " + link.textContent.trim();
    if (!hit || hit.closest("a") !== link) problems.push(name + " is not tappable as a whole");
    if (box.height < 44) problems.push(name + " is under 44 px");
  }
  for (const link of document.querySelectorAll("main a.tap")) {
    const box = link.getBoundingClientRect();
    if (box.height && box.height < 44) problems.push("link " + link.textContent.trim() + ": " + box.height + " px");
  }
  for (const summary of document.querySelectorAll("main summary")) {
    const marker = getComputedStyle(summary).display === "list-item";
    if (!marker) problems.push("summary " + summary.textContent.trim() + " has no marker");
  }
  return problems;
}"""


def _demo(app: Flask) -> None:
    with app.app_context():
        load_demo(password_method="pbkdf2:sha256:1000")
        db.session.commit()


def _log_in(page: Page, lang: str) -> None:
    page.goto(f"/login?lang={lang}")
    page.locator('input[name="email"]').fill("ung1@example.org")
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if lang == "en":
        page.goto("/me")
        page.locator("select[name=language]").select_option("en")
        page.locator("main form.card button.primary").first.click()
        page.wait_for_load_state()


def _details(page: Page) -> list[str]:
    """A meeting's page, and a placement's page with a switch from My placements under way (its radio choices)."""
    page.goto("/meetings")
    meeting = page.locator("main a.whole").first.get_attribute("href")
    page.goto("/placements/mine")
    page.locator("main a.button[href*='switch=']").first.click()
    page.wait_for_load_state()
    placement = page.locator("main a.whole[href*='switch=']").first.get_attribute("href")
    return [meeting, placement.split("#")[0]]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", SIZES, ids=["390", "320"])
def test_tabs_cards_and_summaries_fit_a_small_phone(
    browser: Browser, live_server: str, app: Flask, size: dict, lang: str
) -> None:
    _demo(app)
    context = browser.new_context(viewport=size, base_url=live_server)
    page = context.new_page()
    try:
        _log_in(page, lang)
        problems = []
        for path in PAGES:
            page.goto(path)
            page.wait_for_load_state()
            problems += [f"{path}: {p}" for p in page.evaluate(TABS) + page.evaluate(TARGETS) + page.evaluate(OVERFLOW)]
            if lang == "da":
                assert_no_axe_violations(page)
        for path in [*MORE, *_details(page)]:
            page.goto(path)
            page.wait_for_load_state()
            problems += [f"{path}: {p}" for p in page.evaluate(TARGETS) + page.evaluate(OVERFLOW)]
            if lang == "da":
                assert_no_axe_violations(page)
        assert not problems, "\n".join(problems)
    finally:
        context.close()
