"""The PDF, made by WeasyPrint from the same HTML as the print page: a valid one-page PDF for the demo person, with
Danish letters as text, holding nothing the person did not put on the CV. Without WeasyPrint's system libraries
(Pango) the route says so plainly and these tests skip, unless REQUIRE_PDF=1 (as in CI) makes that a failure."""

from __future__ import annotations

import io
import os
import re

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.demo import load_demo
from app.reflections.models import Reflection
from app.workidentity import pdf
from tests.conftest import post_form


def _require_pdf() -> None:
    problem = pdf.problem()
    try:
        import pypdf  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the machine
        problem = problem or "pypdf is not installed (pip install -r requirements-dev.txt)"
    if problem is None:
        return
    reason = f"no PDF on this machine: {problem} (install WeasyPrint's system libraries: see README)"
    if os.environ.get("REQUIRE_PDF") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _pages_and_text(body: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def demo(db, client, login_as):  # noqa: ANN001, ANN201
    load_demo(password_method="pbkdf2:sha256:1000")
    amira = db.session.scalar(select(User).where(User.email == "ung1@example.org"))
    login_as(client, amira)
    return amira


@pytest.mark.parametrize(("lang", "heading"), [("da", "ERHVERVSERFARING"), ("en", "WORK EXPERIENCE")])
def test_the_demo_persons_cv_is_one_valid_page_with_danish_letters(db, client, demo, lang, heading):
    _require_pdf()
    response = client.get(f"/me/work/cv/{lang}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF-")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    pages, text = _pages_and_text(response.data)
    assert pages == 1
    flat = re.sub(r"\s+", " ", text)
    assert heading in flat.upper()
    for wanted in ("Amira", "Roskilde Cykler", "Cykelmekaniker-hjælper", "Lappe dæk, samle nye cykler",
                   "Himmelev Skole", "Førstehjælp", "Jeg kan lappe et dæk på ti minutter"):  # fmt: skip
        assert wanted in flat, wanted
    assert all(letter in flat for letter in "æøå")


def test_the_pdf_holds_no_reflection_and_no_lesson(db, client, demo):
    _require_pdf()
    texts = list(db.session.scalars(select(Reflection.text).where(Reflection.author_id == demo.id)))
    assert texts, "the demo person has reflections (one private, one on her page)"
    _pages, text = _pages_and_text(client.get("/me/work/cv/da.pdf").data)
    flat = re.sub(r"\s+", " ", text)
    for reflection in texts:
        assert str(reflection)[:30] not in flat
    assert "Jeg kan godt lide at arbejde udenfor" not in flat  # her lesson from the garden stays off the CV


def test_a_placement_left_off_is_not_in_the_pdf(db, client, demo):
    _require_pdf()
    page = client.get("/me/work/cv").get_data(as_text=True)
    ids = re.findall(r'name="placements"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="placements"', page)
    kept = [a or b for a, b in ids][:1]  # keep the first (the current one), leave the garden off
    form = {"name": "Amira", "language": "da", "strengths": "y", "placements": kept}
    assert post_form(client, "/me/work/cv", form).status_code == 302
    _pages, text = _pages_and_text(client.get("/me/work/cv/da.pdf").data)
    assert "Roskilde Cykler" in text and "Grønt Gartneri" not in text


def test_without_the_system_libraries_the_route_says_so_and_the_print_page_still_works(db, client, demo, monkeypatch):
    monkeypatch.setattr(pdf, "problem", lambda: "cannot load library 'libpango-1.0-0'")

    def no_render(html: str) -> bytes:
        raise AssertionError("must not try to render")

    monkeypatch.setattr(pdf, "render", no_render)
    response = client.get("/me/work/cv/da.pdf")
    assert response.status_code == 503
    assert "PDF’en kan ikke laves lige nu" in response.get_data(as_text=True)  # Amira reads Danish
    assert client.get("/me/work/cv/da").status_code == 200
    assert "/me/work/cv/da.pdf" not in client.get("/me/work/cv").get_data(as_text=True)
