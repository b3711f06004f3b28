"""A placement given up before its first day is withdrawn: assignment.status may hold "withdrawn"

The status column grows from 8 to 12 characters. Switching from a placement that has not started yet, or stopping
it before its first day, marks it withdrawn (no end date) instead of ended on a day that never happened.

Revision ID: a15e0f7c2b31
Revises: 3e3a9e09991b
Create Date: 2026-12-02 10:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a15e0f7c2b31'
down_revision = '3e3a9e09991b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.alter_column('status',
               existing_type=sa.VARCHAR(length=8),
               type_=sa.String(length=12),
               existing_nullable=False)


def downgrade():
    # The older schema knows no withdrawn placements: they become ended on their first day, as they used to.
    assignment = sa.table('assignment', sa.column('status', sa.String), sa.column('start_date', sa.Date),
                          sa.column('end_date', sa.Date))
    op.execute(assignment.update().where(assignment.c.status == 'withdrawn')
               .values(status='ended', end_date=assignment.c.start_date))
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.alter_column('status',
               existing_type=sa.String(length=12),
               type_=sa.VARCHAR(length=8),
               existing_nullable=False)
