"""Waiting lists for full placements: placement.held and placement_wait

A seat freed in a full placement is held for the first person on its waiting list for a short while (placement.
held counts such seats; CHECK taken + held <= seats), and placement_wait keeps each person's place in line (one
open entry per person and placement: waiting or offered) and what came of it.

Revision ID: c3d8f5a0e217
Revises: 973586e61ac0
Create Date: 2026-12-02 11:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d8f5a0e217'
down_revision = '973586e61ac0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_placement_held_within_seats'), 'held >= 0 AND taken + held <= seats')

    op.create_table('placement_wait',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'offered', 'took', 'expired', 'left', name='waitstatus', native_enum=False, length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('offered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hold_until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_placement_wait_placement_id_placement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_placement_wait_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_wait'))
    )
    with op.batch_alter_table('placement_wait', schema=None) as batch_op:
        batch_op.create_index('ix_placement_wait_hold', ['status', 'hold_until'], unique=False)
        batch_op.create_index('ix_placement_wait_line', ['placement_id', 'status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_wait_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_placement_wait_one_open_per_person', ['placement_id', 'user_id'], unique=True, sqlite_where=sa.text("status IN ('waiting', 'offered')"), postgresql_where=sa.text("status IN ('waiting', 'offered')"))


def downgrade():
    with op.batch_alter_table('placement_wait', schema=None) as batch_op:
        batch_op.drop_index('uq_placement_wait_one_open_per_person', sqlite_where=sa.text("status IN ('waiting', 'offered')"), postgresql_where=sa.text("status IN ('waiting', 'offered')"))
        batch_op.drop_index(batch_op.f('ix_placement_wait_user_id'))
        batch_op.drop_index('ix_placement_wait_line')
        batch_op.drop_index('ix_placement_wait_hold')

    op.drop_table('placement_wait')
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_placement_held_within_seats'), type_='check')
        batch_op.drop_column('held')
