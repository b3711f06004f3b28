"""First-day information on a placement, for the people who chose it

placement.first_day (empty by default): where and when to meet, whom to ask for, what to bring. Staff write it on
the placement form; the placement page shows it, with the company's contact person, to the people in it.

Revision ID: d4e9a6b1f328
Revises: c3d8f5a0e217
Create Date: 2026-12-02 12:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e9a6b1f328'
down_revision = 'c3d8f5a0e217'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_day', sa.Text(), server_default=sa.text("''"), nullable=False))


def downgrade():
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_column('first_day')
