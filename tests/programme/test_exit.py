"""Leaving the programme: the young person reports "I have got a job!" / "I start education" when they end their
last placement (it ends the placement, in one transaction), their facilitator is told in the inbox and confirms it
(the period ends, they leave the group). Only the staff who look after them may confirm; others get a 404."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.db import utcnow
from app.errors import DomainError
from app.groups import services as groups
from app.notifications.models import Kind, Notification
from app.placements import services as placements
from app.placements.models import AssignmentStatus
from app.programme import services
from app.programme.models import ProgrammeOutcome, ProgrammePeriod
from app.programme.rules import JobKind, Point, Status
from app.timeutil import local_today
from tests.conftest import post_form
from tests.factories import make_company, make_placement


def today():  # noqa: ANN201
    return local_today(utcnow())


@pytest.fixture
def placed(db, world):  # noqa: ANN001, ANN201
    """Amira in a placement at Bageriet since today."""
    company = make_company(world.town, name="Bageriet")
    placement = make_placement(world.town, company=company)
    return placements.choose(world.person, placement, start=today(), hours=10, key="k1" * 16)


def period_of(db, person):  # noqa: ANN001, ANN201
    return db.session.scalar(select(ProgrammePeriod).where(ProgrammePeriod.user_id == person.id))


def test_the_end_page_of_the_last_placement_offers_it(client, login_as, world, placed):
    login_as(client, world.person)
    html = client.get(f"/placements/mine/{placed.id}/end").get_data(as_text=True)
    assert "I have got a job!" in html and f"/programme/exit?assignment={placed.id}&amp;status=job" in html
    other = make_placement(world.town)
    placements.choose(world.person, other, start=today(), hours=5, key="k2" * 16)
    html = client.get(f"/placements/mine/{placed.id}/end").get_data(as_text=True)
    assert "I have got a job!" not in html  # not their last placement


def test_reporting_a_job_ends_the_placement_and_tells_the_facilitator(client, login_as, db, world, placed):
    login_as(client, world.person)
    url = f"/programme/exit?assignment={placed.id}&status=job"
    page = client.get(url).get_data(as_text=True)
    assert "Bageriet" in page  # offered as the company where they had a placement
    response = post_form(
        client,
        url,
        {
            "last_day": today().isoformat(),
            "status": "job",
            "job_kind": "ordinary",
            "job_hours": "25",
            "placement_company": str(placed.placement.company_id),
            "with_su": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    outcome = db.session.scalar(select(ProgrammeOutcome))
    assert (outcome.point, outcome.status, outcome.job_kind, outcome.job_hours, outcome.confirmed) == (
        Point.EXIT,
        Status.JOB,
        JobKind.ORDINARY,
        25,
        False,
    )
    assert outcome.placement_company_id == placed.placement.company_id
    assert placed.status is AssignmentStatus.ENDED and placed.end_date == today()
    assert period_of(db, world.person).ended_on is None  # until the facilitator confirms
    (note,) = db.session.scalars(select(Notification).where(Notification.kind == Kind.EXIT_REPORTED)).all()
    assert note.user_id == world.facilitator.id and note.actor_id == world.person.id
    assert note.url == f"/staff/programme/{outcome.period_id}/exit"


def test_a_participant_may_report_only_a_job_or_education(db, world, placed):
    with pytest.raises(DomainError):
        services.report_exit(
            world.person, status=Status.MOVED, last_day=today(), details=services.Details(), ending=placed
        )
    with pytest.raises(DomainError, match="kind of job"):
        services.report_exit(
            world.person, status=Status.JOB, last_day=today(), details=services.Details(), ending=placed
        )
    db.session.refresh(placed)
    assert placed.status is AssignmentStatus.ACTIVE  # nothing changed


def test_another_placement_going_on_is_refused(db, world, placed):
    other = make_placement(world.town)
    placements.choose(world.person, other, start=today(), hours=5, key="k3" * 16)
    with pytest.raises(DomainError, match="other placements"):
        services.report_exit(
            world.person,
            status=Status.EDUCATION,
            last_day=today(),
            details=services.Details(education_kind="vocational"),
            ending=placed,
        )
    db.session.refresh(placed)
    assert placed.status is AssignmentStatus.ACTIVE


def test_the_facilitator_confirms_and_the_person_leaves_the_group(client, login_as, db, world, placed):
    services.report_exit(
        world.person,
        status=Status.EDUCATION,
        last_day=today(),
        details=services.Details(education_kind="vocational", with_su=True),
        ending=placed,
    )
    period = period_of(db, world.person)
    login_as(client, world.facilitator)
    person_page = client.get(f"/staff/people/{world.person.id}").get_data(as_text=True)
    assert "Confirm the exit" in person_page and "Not confirmed yet" in person_page
    page = client.get(f"/staff/programme/{period.id}/exit").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="education"|<input[^>]*value="education"[^>]*checked', page)
    response = post_form(
        client,
        f"/staff/programme/{period.id}/exit",
        {"last_day": today().isoformat(), "status": "education", "education_kind": "vocational", "with_su": "yes"},
    )
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', response.get_data(as_text=True))
    db.session.expire_all()
    period = period_of(db, world.person)
    assert period.ended_on == today()
    (outcome,) = period.outcomes
    assert outcome.confirmed and outcome.confirmed_by_id == world.facilitator.id and outcome.with_su is True
    assert outcome.reported_by_id == world.person.id
    assert groups.current_membership(world.person) is None


def test_staff_recording_an_exit_ends_a_placement_still_going_on(db, world, placed):
    period = period_of(db, world.person)
    services.record_exit(
        world.admin,
        period,
        status=Status.OTHER_OFFER,
        last_day=today() + timedelta(days=3),
        details=services.Details(job_kind=JobKind.FLEX),
    )
    db.session.refresh(placed)
    assert placed.status is AssignmentStatus.ENDED and placed.end_date == today() + timedelta(days=3)
    (outcome,) = period.outcomes
    assert outcome.job_kind is None  # details of another status are not kept


@pytest.mark.parametrize("who", ["other_facilitator", "far_admin"])
def test_staff_who_do_not_look_after_them_get_a_404(client, login_as, db, world, who):
    period = period_of(db, world.person)
    login_as(client, getattr(world, who))
    assert client.get(f"/staff/programme/{period.id}/exit").status_code == 404
    assert post_form(client, f"/staff/programme/{period.id}/exit", {"status": "job"}).status_code == 404
    assert client.get(f"/staff/programme/{period.id}/followup/m6").status_code == 404


def test_participants_cannot_use_the_staff_pages(client, login_as, db, world):
    period = period_of(db, world.person)
    login_as(client, world.person)
    assert client.get(f"/staff/programme/{period.id}/exit").status_code == 403


def test_after_a_confirmed_exit_there_is_nothing_left_to_report(client, login_as, db, world):
    period = period_of(db, world.person)
    services.record_exit(world.facilitator, period, status=Status.MOVED, last_day=today(), details=services.Details())
    login_as(client, world.person)
    page = client.get("/programme/exit").get_data(as_text=True)
    assert "when you end your last placement" in page and "<form" not in page.split("<main", 1)[1]
    assert post_form(client, "/programme/exit", {"status": "job"}).status_code == 200  # nothing to send
    assert "I have got a job!" not in client.get("/placements/mine").get_data(as_text=True)
