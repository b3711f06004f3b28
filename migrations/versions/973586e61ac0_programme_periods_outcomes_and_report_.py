"""Programme periods and outcomes; the keys and log of report exports

programme_period: a participant's time in the programme, from joining to leaving (one open per person, partial
unique index). programme_outcome: why they left (exit; reported by them and confirmed by staff, or recorded by
staff) and how they were doing 6, 12 and 30 months after the start; the CHECKs keep job details on jobs and
education details on education. export_key: the secrets of pseudonymised exports. report_export: the export log.

Existing participants get a period from the (local) day they first joined a group: still open while they are in a
group, else ended on the day they last left one (with no outcome: the reports count it as not recorded).

Revision ID: 973586e61ac0
Revises: b2c7e4d91a06
Create Date: 2026-12-02 09:19:27.501044

"""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

LOCAL = ZoneInfo("Europe/Copenhagen")


# revision identifiers, used by Alembic.
revision = '973586e61ac0'
down_revision = 'b2c7e4d91a06'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('export_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_export_key_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_export_key_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_key')),
    sa.UniqueConstraint('municipality_id', 'name', name='uq_export_key_town_name')
    )
    with op.batch_alter_table('export_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_key_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('programme_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on', name=op.f('ck_programme_period_ends_after_start')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_programme_period_municipality_id_municipality')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_programme_period_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_period'))
    )
    with op.batch_alter_table('programme_period', schema=None) as batch_op:
        batch_op.create_index('ix_programme_period_town_start', ['municipality_id', 'started_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_period_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_programme_period_one_open', ['user_id'], unique=True, sqlite_where=sa.text('ended_on IS NULL'), postgresql_where=sa.text('ended_on IS NULL'))

    op.create_table('programme_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('point', sa.Enum('exit', 'm6', 'm12', 'm30', name='point', native_enum=False, length=6), nullable=False),
    sa.Column('status', sa.Enum('job', 'education', 'other_offer', 'moved', 'no_longer_wants', 'in_programme', 'neither', 'other', name='status', native_enum=False, length=20), nullable=False),
    sa.Column('job_kind', sa.Enum('ordinary', 'flex', 'wage_subsidy', name='jobkind', native_enum=False, length=14), nullable=True),
    sa.Column('job_hours', sa.Integer(), nullable=True),
    sa.Column('placement_company_id', sa.Integer(), nullable=True),
    sa.Column('education_kind', sa.Enum('preparatory', 'upper_secondary', 'vocational', 'higher', 'other', name='educationkind', native_enum=False, length=16), nullable=True),
    sa.Column('with_su', sa.Boolean(), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("point = 'exit' OR confirmed_at IS NOT NULL", name=op.f('ck_programme_outcome_followups_confirmed')),
    sa.CheckConstraint("status = 'education' OR (education_kind IS NULL AND with_su IS NULL)", name=op.f('ck_programme_outcome_education_details_for_education')),
    sa.CheckConstraint("status = 'job' OR (job_kind IS NULL AND job_hours IS NULL AND placement_company_id IS NULL)", name=op.f('ck_programme_outcome_job_details_for_jobs')),
    sa.CheckConstraint('job_hours IS NULL OR (job_hours >= 1 AND job_hours <= 60)', name=op.f('ck_programme_outcome_job_hours_range')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_programme_outcome_confirmed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['period_id'], ['programme_period.id'], name=op.f('fk_programme_outcome_period_id_programme_period'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_company_id'], ['company.id'], name=op.f('fk_programme_outcome_placement_company_id_company')),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user.id'], name=op.f('fk_programme_outcome_reported_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_outcome')),
    sa.UniqueConstraint('period_id', 'point', name='uq_programme_outcome_period_point')
    )
    with op.batch_alter_table('programme_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_outcome_confirmed_by_id'), ['confirmed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_outcome_placement_company_id'), ['placement_company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_outcome_reported_by_id'), ['reported_by_id'], unique=False)

    op.create_table('report_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_ref', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pseudonymised', sa.Boolean(), nullable=False),
    sa.Column('key_id', sa.Integer(), nullable=True),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('cohort', sa.String(length=7), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_report_export_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['key_id'], ['export_key.id'], name=op.f('fk_report_export_key_id_export_key'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_report_export_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_export'))
    )
    with op.batch_alter_table('report_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_export_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index('ix_report_export_town_at', ['municipality_id', 'at'], unique=False)

    _periods_for_existing_participants()


def _local_day(value):
    if isinstance(value, str):  # SQLite gives the stored text back
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL).date()


def _periods_for_existing_participants():
    bind = op.get_bind()
    user = sa.table('user', sa.column('id', sa.Integer), sa.column('role', sa.String),
                    sa.column('municipality_id', sa.Integer))
    membership = sa.table('membership', sa.column('user_id', sa.Integer), sa.column('role', sa.String),
                          sa.column('joined_at', sa.DateTime), sa.column('left_at', sa.DateTime))
    period = sa.table('programme_period', sa.column('municipality_id', sa.Integer), sa.column('user_id', sa.Integer),
                      sa.column('started_on', sa.Date), sa.column('ended_on', sa.Date),
                      sa.column('created_at', sa.DateTime), sa.column('updated_at', sa.DateTime))
    current = sa.func.sum(sa.case((membership.c.left_at.is_(None), 1), else_=0))
    rows = bind.execute(
        sa.select(user.c.id, user.c.municipality_id, sa.func.min(membership.c.joined_at),
                  sa.func.max(membership.c.left_at), current)
        .join(membership, membership.c.user_id == user.c.id)
        .where(user.c.role == 'participant', membership.c.role == 'member')
        .group_by(user.c.id, user.c.municipality_id)
    ).all()
    now = datetime.now(UTC)
    values = []
    for user_id, town, joined, left, in_group in rows:
        started = _local_day(joined)
        ended = None if in_group or left is None else max(_local_day(left), started)
        values.append({'municipality_id': town, 'user_id': user_id, 'started_on': started, 'ended_on': ended,
                       'created_at': now, 'updated_at': now})
    if values:
        op.bulk_insert(period, values)


def downgrade():
    with op.batch_alter_table('report_export', schema=None) as batch_op:
        batch_op.drop_index('ix_report_export_town_at')
        batch_op.drop_index(batch_op.f('ix_report_export_actor_id'))

    op.drop_table('report_export')
    with op.batch_alter_table('programme_outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_outcome_reported_by_id'))
        batch_op.drop_index(batch_op.f('ix_programme_outcome_placement_company_id'))
        batch_op.drop_index(batch_op.f('ix_programme_outcome_confirmed_by_id'))

    op.drop_table('programme_outcome')
    with op.batch_alter_table('programme_period', schema=None) as batch_op:
        batch_op.drop_index('uq_programme_period_one_open', sqlite_where=sa.text('ended_on IS NULL'), postgresql_where=sa.text('ended_on IS NULL'))
        batch_op.drop_index(batch_op.f('ix_programme_period_user_id'))
        batch_op.drop_index('ix_programme_period_town_start')

    op.drop_table('programme_period')
    with op.batch_alter_table('export_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_key_created_by_id'))

    op.drop_table('export_key')
