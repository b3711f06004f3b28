"""Inbox names who did it: notification.actor_id (shown as the person's current name; NULL once they are deleted)

Revision ID: 7c3e1a9d5b20
Revises: 992e91a0b90b
Create Date: 2026-12-02 09:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3e1a9d5b20'
down_revision = '992e91a0b90b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notification_actor_id'), ['actor_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notification_actor_id_user'), 'user', ['actor_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notification_actor_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notification_actor_id'))
        batch_op.drop_column('actor_id')
