"""axe-core on the participant pages no other browser test visits (profile, password, calendar, my data,
ending a placement, the check-in page, the offline page)."""

from __future__ import annotations

from datetime import date

from flask import Flask

from app.accounts.models import Role
from app.extensions import db
from app.placements.models import Assignment, HoursChange
from tests.e2e.conftest import assert_no_axe_violations, log_in
from tests.factories import add_to_group, make_group, make_municipality, make_placement, make_user


def test_remaining_participant_pages_have_no_axe_violations(page, app: Flask) -> None:  # noqa: ANN001
    with app.app_context():
        town = make_municipality()
        me = make_user(Role.PARTICIPANT, town)
        group = make_group(town)
        add_to_group(group, me)
        from app.meetings.schedule import generate_meetings

        meeting_id = generate_meetings(group, weeks=1)[0].id
        placement = make_placement(town, taken=1)
        assignment = Assignment(user_id=me.id, placement_id=placement.id, start_date=date.today(), weekly_hours=10)
        db.session.add(assignment)
        db.session.flush()
        db.session.add(HoursChange(assignment_id=assignment.id, to_hours=10, effective_date=date.today()))
        db.session.commit()
        email, assignment_id = me.email, assignment.id
    log_in(page, email)
    for path in ("/me", "/me/password", "/calendar", "/me/data", f"/placements/mine/{assignment_id}/end",
                 f"/meetings/{meeting_id}/checkin?code=123456", "/offline"):  # fmt: skip
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_no_axe_violations(page)
    assert page.console_errors == []
