"""Every figure of the report equals the value worked out by hand for the world in tests/reports/world.py: a group's
report and the whole municipality's, with meetings, check-ins, placements (a switch and an hours change in the
middle of the period, two placements at once), match events, exits and follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.placements.from_events import placements_after_interest
from app.placements.models import Assignment
from app.placements.queries import figures as timeline_figures
from app.programme.rules import Point
from app.reports import figures
from app.reports.scope import MUNICIPALITY, Scope
from tests.reports.world import COHORTS, EXPECTED, EXPECTED_TOWN, FIRST, LAST, MEDIAN_DAYS, WEEKS, World

TODAY = date(2026, 11, 20)  # any day after the period: the figures stop at its end
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def params(world: World, *, group: bool = True, cohort: figures.Quarter | None = None) -> figures.Params:
    if group:
        scope = Scope("group", world.town.id, world.frida.id, world.g.id, "G")
    else:
        scope = Scope(MUNICIPALITY, world.town.id, world.admin.id)
    return figures.Params(scope, FIRST, LAST, cohort, TODAY, NOW)


def test_every_sum_of_the_group_report_is_the_hand_computed_one(world):
    totals = figures.totals_of(figures.cohorts(params(world)))
    assert totals.values == EXPECTED


def test_the_whole_municipality_adds_the_other_group(world):
    totals = figures.totals_of(figures.cohorts(params(world, group=False)))
    assert totals.values == EXPECTED_TOWN


def test_the_figures_made_of_the_sums(world):
    totals = figures.totals_of(figures.cohorts(params(world)))
    assert totals.attendance_rate == 4 / 8
    assert totals.weeks == pytest.approx(129 / 7)
    assert totals.weeks_per_participant == pytest.approx(129 / 7 / 5)
    assert totals.weeks_of("internship") == pytest.approx(80 / 7)
    assert totals.weeks_of("paid") == pytest.approx(61 / 7)
    assert totals.hours == pytest.approx(1935 / 7)
    assert totals.weekly_hours == pytest.approx(1935 / 129)  # = 15.0 hours a week
    assert totals.switches_per_participant == pytest.approx(1 / 5)
    assert [totals.not_recorded(p) for p in (Point.EXIT, Point.M6, Point.M12, Point.M30)] == [0, 1, 0, 0]


def test_median_time_to_first_placement(world):
    assert figures.median_days_to_first(params(world)) == (MEDIAN_DAYS, 4)
    assert figures.median_days_to_first(params(world, group=False)) == (MEDIAN_DAYS, 4)  # D never had one


def test_share_with_a_placement_each_week(world):
    weeks = figures.weekly(params(world))
    assert [(w.monday, w.participants, w.placed) for w in weeks] == WEEKS


def test_outcomes_by_start_cohort(world):
    rows = figures.cohorts(params(world))
    found = {
        row.quarter.value: (
            row.totals.participants,
            row.totals.exit_job,
            row.totals.exit_education,
            row.totals.exit_other,
        )
        for row in rows
    }
    assert found == COHORTS


def test_a_start_cohort_is_only_the_periods_that_started_in_that_quarter(world):
    q1 = figures.Quarter(2026, 1)
    totals = figures.totals_of(figures.cohorts(params(world, group=False, cohort=q1)))
    assert totals.participants == 2  # B and D
    assert (totals.started, totals.exits, totals.exit_job, totals.exit_hired) == (2, 1, 1, 1)
    assert totals.placement_days == 40
    assert figures.median_days_to_first(params(world, group=False, cohort=q1)) == (14, 1)


def test_a_week_in_placement_is_the_same_rule_as_the_persons_timeline(world, db):
    """A's first placement, on its own: the timeline's weeks and hours are the report's days and hour-days / 7."""
    a1 = db.session.query(Assignment).filter_by(user_id=world.people["A"].id).order_by(Assignment.id).first()
    weeks, hours = timeline_figures(a1, a1.hours_history, TODAY)
    assert (weeks, hours) == (round(28 / 7, 1), round((14 * 10 + 14 * 20) / 7, 1))


def test_talk_more_to_placement_is_the_definition_of_the_event_page(world, db):
    from sqlalchemy import select

    from app.events.models import MatchEvent

    jan20 = db.session.scalar(select(MatchEvent).where(MatchEvent.title == "Matchdag 2026-01-20"))
    linked = placements_after_interest(jan20.id)
    assert sum(len(people) for people in linked.values()) == EXPECTED["talk_more_placed"]


def test_quarters():
    q = figures.Quarter.of(date(2026, 8, 14))
    assert (q.value, q.first_day, q.last_day, q.next().value) == (
        "2026-Q3",
        date(2026, 7, 1),
        date(2026, 9, 30),
        "2026-Q4",
    )
    assert figures.Quarter(2026, 4).next() == figures.Quarter(2027, 1)
    assert figures.Quarter.parse("2026-Q3") == q
    assert figures.Quarter.parse("2026-Q5") is None and figures.Quarter.parse("x") is None


def test_a_follow_up_counts_when_it_falls_due_on_the_first_or_last_day_of_the_period_not_a_day_outside(world, db):
    """Four more former participants of the municipality, whose periods ended before the report's period: only
    their 6-month follow-up can bring them in, and it does when it falls due from 5 January to 29 March."""
    from app.accounts.models import Role
    from app.programme.models import ProgrammePeriod
    from app.programme.rules import due_on
    from tests.factories import make_user

    starts = {date(2025, 7, 4): False, date(2025, 7, 5): True, date(2025, 9, 29): True, date(2025, 9, 30): False}
    for started, counted in starts.items():
        assert (FIRST <= due_on(started, Point.M6) <= LAST) is counted  # due 4 Jan, 5 Jan, 29 Mar, 30 Mar
        person = make_user(Role.PARTICIPANT, world.town)
        db.session.add(
            ProgrammePeriod(
                municipality_id=world.town.id, user_id=person.id, started_on=started, ended_on=date(2025, 12, 31)
            )
        )
    db.session.commit()
    totals = figures.totals_of(figures.cohorts(params(world, group=False)))
    assert totals.values["m6_due"] == EXPECTED_TOWN["m6_due"] + 2
    assert totals.participants == EXPECTED_TOWN["participants"]  # due a follow-up, not in the programme then


def test_a_talk_more_is_followed_by_a_placement_only_when_the_placement_was_chosen_after_it(world, db):
    """C would like to talk more with C1 at the event on 20 January; a short placement at C1 that C had chosen on
    10 January is not what the talk led to: still 2 of 3, in the report and on the event page alike."""
    from sqlalchemy import select

    from app.events.models import MatchEvent
    from app.placements.models import AssignmentStatus

    c1 = db.session.scalar(  # B's internship at C1
        select(Assignment.placement_id).where(Assignment.user_id == world.people["B"].id).order_by(Assignment.id)
    )
    db.session.add(
        Assignment(
            user_id=world.people["C"].id,
            placement_id=c1,
            start_date=date(2026, 1, 12),
            end_date=date(2026, 1, 13),
            status=AssignmentStatus.ENDED,
            weekly_hours=10,
            created_at=datetime(2026, 1, 10, 9, tzinfo=UTC),
        )
    )
    db.session.commit()
    totals = figures.totals_of(figures.cohorts(params(world)))
    assert (totals.values["talk_more"], totals.values["talk_more_placed"]) == (3, 2)
    jan20 = db.session.scalar(select(MatchEvent).where(MatchEvent.title == "Matchdag 2026-01-20"))
    assert sum(len(people) for people in placements_after_interest(jan20.id).values()) == 2
