"""Extra meetings have no series slot: meeting.series_date may be NULL

A one-off extra meeting is not part of a group's weekly series, and a weekly meeting moved out of its week gives
up its slot when the planner gives that week a new meeting. The unique (group_id, series_date) constraint stays:
NULLs never collide, so it still allows one meeting per slot.

Revision ID: 2de452ed2fb0
Revises: d1fc38bc8024
Create Date: 2026-12-02 08:42:57.906143

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2de452ed2fb0'
down_revision = 'd1fc38bc8024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.alter_column('series_date',
               existing_type=sa.DATE(),
               nullable=True)


def downgrade():
    # The older schema has no place for meetings outside the series: they go (with their answers and check-ins).
    meeting = sa.table('meeting', sa.column('id', sa.Integer), sa.column('series_date', sa.Date))
    outside = sa.select(meeting.c.id).where(meeting.c.series_date.is_(None))
    for child in ('rsvp', 'attendance'):
        table = sa.table(child, sa.column('meeting_id', sa.Integer))
        op.execute(table.delete().where(table.c.meeting_id.in_(outside)))
    reflection = sa.table('reflection', sa.column('meeting_id', sa.Integer))
    op.execute(reflection.update().where(reflection.c.meeting_id.in_(outside)).values(meeting_id=None))
    op.execute(meeting.delete().where(meeting.c.series_date.is_(None)))
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.alter_column('series_date',
               existing_type=sa.DATE(),
               nullable=False)
