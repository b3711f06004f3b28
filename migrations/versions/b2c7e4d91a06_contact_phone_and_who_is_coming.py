"""A facilitator's phone for their participants' contact card, and whether a participant shows in "who is coming"

user.phone (none by default) is shown with a facilitator's name to the participants of their groups; user.
shown_to_group (true by default) lets a participant hide their first name from their group's "who is coming".

Revision ID: b2c7e4d91a06
Revises: a15e0f7c2b31
Create Date: 2026-12-02 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2c7e4d91a06'
down_revision = 'a15e0f7c2b31'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('shown_to_group', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('shown_to_group')
        batch_op.drop_column('phone')
