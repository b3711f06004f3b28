"""Whether an "I'd like to talk more" at a match event led to a placement at that company.

A talk-more led to a placement when the same person later chose, or switched to, a placement of that company: an
assignment at one of the company's placements created after the interest was marked. A placement they already had
(or had had) before marking the interest did not come from it.

The link is computed when it is read, by one query over CompanyInterest (events) and Assignment (placements), not
stored by a listener of `placement_changed`:
- events sits below placements, so a listener inside app/events could not import the placement models; it would have
  to read the PlacementChange payload blind (assignment → placement → company_id), a hidden dependency upwards.
  This module lives in placements, which may read events, so the dependency stays pointed down and visible.
- nothing can drift: no second copy of the fact to keep in step when an interest is withdrawn, a placement ends or an
  account is deleted (both source rows already go with the account), and placements chosen before this code existed
  are linked too. There is no new personal-data column for the registry.
- the staff event page pays one query for it, whatever the number of people (an index on each join column exists:
  company_interest.company_id, placement.company_id, assignment.user_id).

Events' own staff page shows it through the `placements_after_interest` template global (placements/staff_routes.py),
the way other lower features' pages show a higher feature's data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select

from app.events.models import CompanyInterest
from app.extensions import db
from app.placements.models import Assignment, Placement


def placements_after_interest(event_id: int) -> dict[int, dict[int, datetime]]:
    """For the interests marked at the event: company id -> {user id: when that person first chose a placement at
    that company after marking the interest (UTC)}. Interests that led to nothing are absent. One query."""
    chosen_at = func.min(Assignment.created_at)
    rows = db.session.execute(
        select(CompanyInterest.company_id, CompanyInterest.user_id, chosen_at)
        .join(Placement, Placement.company_id == CompanyInterest.company_id)
        .join(
            Assignment,
            and_(
                Assignment.placement_id == Placement.id,
                Assignment.user_id == CompanyInterest.user_id,
                Assignment.created_at > CompanyInterest.created_at,
            ),
        )
        .where(CompanyInterest.event_id == event_id)
        .group_by(CompanyInterest.company_id, CompanyInterest.user_id)
    )
    found: dict[int, dict[int, datetime]] = {}
    for company_id, user_id, when in rows:
        found.setdefault(company_id, {})[user_id] = when
    return found
