"""The numbers the placement rules are made of, declared once.

The database CHECKs (models), the participants' and the staff's forms, the services and their messages all
read these. Changing a bound here needs a migration too: tests/placements/test_rules.py compares the CHECKs
with the migrations.
"""

from __future__ import annotations

HOURS_MIN = 1  # weekly hours: of an assignment, and of a placement's fewest and most
HOURS_MAX = 60
SEATS_MAX = 1000
NOTE_MAX = 300  # why someone stopped, and what a place taught them

HOURS_BOUNDS_CHECK = f"hours_min >= {HOURS_MIN} AND hours_min <= hours_max AND hours_max <= {HOURS_MAX}"
WEEKLY_HOURS_CHECK = f"weekly_hours >= {HOURS_MIN} AND weekly_hours <= {HOURS_MAX}"
