"""Placements that were ended before their first day are withdrawn, not history

Before withdrawing existed, stopping (or switching away from) a placement before it began ended it on its first
day, so it showed under "What I have tried" with a day that never happened ("3. dec – 3. dec"). Such rows (ended
at a moment before the first day began) become withdrawn, without an end date.

Revision ID: f6b1c8d2e7a4
Revises: e5fa07c2a439
Create Date: 2026-12-02 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6b1c8d2e7a4'
down_revision = 'e5fa07c2a439'
branch_labels = None
depends_on = None


def upgrade():
    assignment = sa.table(
        'assignment',
        sa.column('status', sa.String),
        sa.column('start_date', sa.Date),
        sa.column('end_date', sa.Date),
        sa.column('ended_at', sa.DateTime(timezone=True)),
    )
    # ended_at < start_date: on PostgreSQL the date is midnight of that day; on SQLite both are ISO text.
    op.execute(
        assignment.update()
        .where(assignment.c.status == 'ended', assignment.c.ended_at < assignment.c.start_date)
        .values(status='withdrawn', end_date=None)
    )


def downgrade():
    pass  # a15e0f7c2b31's downgrade turns withdrawn placements back into ended ones
