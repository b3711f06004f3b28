"""Who came to a match event (event_attendance); the municipality's settings: weekly hours cap and default quiet hours

event_attendance: one row per person who came, marked by staff (marked_by_id is NULL once that account is deleted).

municipality.weekly_hours_cap replaces the app-wide WEEKLY_HOURS_CAP for the placement rules; existing municipalities
get the value the app is configured with now (so nothing changes for them), new ones get it too. Its bounds are a
column CHECK (app.accounts.models.WEEKLY_CAP_CHECK). default_quiet_start/_end are the quiet hours of everyone who has
not saved their own notification settings (21:00-08:00 as before).

The columns are added with ALTER TABLE ADD COLUMN, also on SQLite (no table copy): copying the municipality table
would mean dropping it while every other table points at it, which SQLite with enforced foreign keys refuses (or,
for ON DELETE CASCADE references, answers by deleting the referring rows). For the same reason the downgrade drops
the columns with ALTER TABLE DROP COLUMN (SQLite 3.35+) instead of a batch copy.

Revision ID: 3e3a9e09991b
Revises: d5c5ea1fd5f5
Create Date: 2026-12-02 09:00:27.139126

"""
from alembic import op
import sqlalchemy as sa
from flask import current_app


# revision identifiers, used by Alembic.
revision = '3e3a9e09991b'
down_revision = 'd5c5ea1fd5f5'
branch_labels = None
depends_on = None

CAP_MIN, CAP_MAX = 1, 60  # app.accounts.models.WEEKLY_CAP_MIN/MAX when this was written (the CHECK below)


def upgrade():
    op.create_table('event_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['match_event.id'], name=op.f('fk_event_attendance_event_id_match_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['marked_by_id'], ['user.id'], name=op.f('fk_event_attendance_marked_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_event_attendance_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_attendance')),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_attendance_event_user')
    )
    with op.batch_alter_table('event_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_attendance_marked_by_id'), ['marked_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_attendance_user_id'), ['user_id'], unique=False)

    # Only add_column in this batch (with plain string server defaults): SQLite alters the table in place.
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'weekly_hours_cap', sa.Integer(),
            sa.CheckConstraint('weekly_hours_cap >= 1 AND weekly_hours_cap <= 60', name=op.f('ck_municipality_weekly_hours_cap_range')),
            server_default='37', nullable=False))
        batch_op.add_column(sa.Column('default_quiet_start', sa.Time(), server_default='21:00:00', nullable=False))
        batch_op.add_column(sa.Column('default_quiet_end', sa.Time(), server_default='08:00:00', nullable=False))

    # Keep the cap every municipality has today: the configured WEEKLY_HOURS_CAP (within the new bounds).
    configured = int(current_app.config.get('WEEKLY_HOURS_CAP', 37))
    municipality = sa.table('municipality', sa.column('weekly_hours_cap', sa.Integer))
    op.execute(municipality.update().values(weekly_hours_cap=min(max(configured, CAP_MIN), CAP_MAX)))


def downgrade():
    op.drop_column('municipality', 'default_quiet_end')
    op.drop_column('municipality', 'default_quiet_start')
    op.drop_column('municipality', 'weekly_hours_cap')

    with op.batch_alter_table('event_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_attendance_user_id'))
        batch_op.drop_index(batch_op.f('ix_event_attendance_marked_by_id'))

    op.drop_table('event_attendance')
