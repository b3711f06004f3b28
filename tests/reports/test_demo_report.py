"""The demo has meaningful report figures: the municipality's report over the last twelve months shows participants
with placements, attendance, match events with "talk more" followed by placements, exits and follow-ups of every
kind; a facilitator's own groups are a part of it; start cohorts go back two and a half years; a follow-up falls due
for the worker to remind of, and one exit waits for confirmation."""

from __future__ import annotations

from sqlalchemy import select

from app.db import utcnow
from app.demo import load_demo
from app.programme.models import ProgrammeOutcome
from app.programme.queries import due_followups
from app.programme.rules import add_months
from app.reports import figures
from app.reports.scope import MINE, MUNICIPALITY, Scope
from app.timeutil import local_today


def test_the_demo_report_has_something_in_every_figure(db):
    town = load_demo(password_method="scrypt:1024:8:1")
    now = utcnow()
    today = local_today(now)
    admin = next(u for u in town.users if u.email == "admin@example.org")
    facilitator = next(u for u in town.users if u.email == "facilitator@example.org")
    first = add_months(today, -12)
    whole = figures.Params(Scope(MUNICIPALITY, town.id, admin.id), first, today, None, today, now)
    totals = figures.totals_of(figures.cohorts(whole))
    everywhere = (
        "participants started exits meetings_came placement_days internship_days paid_days with_placement switches "
        "event_signups events_came talk_more talk_more_placed exit_job exit_education exit_other exit_hired m6_due "
        "m12_due m6_job m12_job m6_education"
    )
    for name in everywhere.split():
        assert totals.values[name] > 0, name
    assert 0.3 < totals.attendance_rate < 0.9
    median, placed = figures.median_days_to_first(whole)
    assert median is not None and placed >= 10
    weeks = figures.weekly(whole)
    assert len(weeks) >= 52 and all(w.participants for w in weeks)
    mine = figures.Params(Scope(MINE, town.id, facilitator.id), first, today, None, today, now)
    assert 0 < figures.totals_of(figures.cohorts(mine)).participants < totals.participants

    since = add_months(today, -36)
    everything = figures.Params(Scope(MUNICIPALITY, town.id, admin.id), since, today, None, today, now)
    cohorts = figures.cohorts(everything)
    assert len(cohorts) >= 9
    assert figures.totals_of(cohorts).values["m30_due"] > 0
    assert any(not o.confirmed for o in db.session.scalars(select(ProgrammeOutcome)))
    assert due_followups(today)  # the push worker reminds the facilitators of these
