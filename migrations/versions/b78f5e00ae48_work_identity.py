"""Work identity ("Me and work"): the person's strengths and interests (work_item), the reflections they show on
their page, what they want to try next (work_profile.next_*, work_wish_sector), their CV details and education
(work_profile.cv_*, work_education, work_cv_omit), sharing the page with their facilitators (work_profile.shared_at)
and the read receipts of that (work_page_read). New tables only.

Revision ID: b78f5e00ae48
Revises: 7c3e1a9d5b20
Create Date: 2026-12-02 09:11:26.746817

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b78f5e00ae48'
down_revision = '7c3e1a9d5b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('work_education',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_work_education_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_education'))
    )
    with op.batch_alter_table('work_education', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_education_user_id'), ['user_id'], unique=False)

    op.create_table('work_page_read',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('reader_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_work_page_read_owner_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reader_id'], ['user.id'], name=op.f('fk_work_page_read_reader_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_page_read'))
    )
    with op.batch_alter_table('work_page_read', schema=None) as batch_op:
        batch_op.create_index('ix_work_page_read_owner_reader', ['owner_id', 'reader_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_page_read_reader_id'), ['reader_id'], unique=False)

    op.create_table('work_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('shared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_kind', sa.Enum('internship', 'paid_hours', name='placementkind', native_enum=False, length=12), nullable=True),
    sa.Column('next_hours', sa.Integer(), nullable=True),
    sa.Column('next_note', sa.String(length=300), nullable=False),
    sa.Column('cv_name', sa.String(length=80), nullable=False),
    sa.Column('cv_phone', sa.String(length=30), nullable=False),
    sa.Column('cv_email', sa.String(length=254), nullable=False),
    sa.Column('cv_place', sa.String(length=120), nullable=False),
    sa.Column('cv_about', sa.String(length=600), nullable=False),
    sa.Column('cv_language', sa.String(length=5), nullable=False),
    sa.Column('cv_strengths', sa.Boolean(), nullable=False),
    sa.Column('cv_interests', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('next_hours IS NULL OR (next_hours >= 1 AND next_hours <= 60)', name=op.f('ck_work_profile_next_hours_range')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_work_profile_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_profile')),
    sa.UniqueConstraint('user_id', name=op.f('uq_work_profile_user_id'))
    )
    op.create_table('work_wish_sector',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sector', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_work_wish_sector_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_wish_sector')),
    sa.UniqueConstraint('user_id', 'sector', name='uq_work_wish_sector_user_sector')
    )
    op.create_table('work_cv_omit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_work_cv_omit_assignment_id_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_work_cv_omit_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_cv_omit')),
    sa.UniqueConstraint('user_id', 'assignment_id', name='uq_work_cv_omit_user_assignment')
    )
    with op.batch_alter_table('work_cv_omit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_cv_omit_assignment_id'), ['assignment_id'], unique=False)

    op.create_table('work_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('strength', 'interest', name='itemkind', native_enum=False, length=10), nullable=False),
    sa.Column('key', sa.String(length=20), nullable=False),
    sa.Column('words', sa.String(length=80), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_work_item_assignment_id_assignment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_work_item_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_item'))
    )
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_item_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_item_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_work_item_listed_once', ['user_id', 'kind', 'key'], unique=True, sqlite_where=sa.text("key != 'own_words'"), postgresql_where=sa.text("key != 'own_words'"))

    op.create_table('work_reflection_pick',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reflection_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reflection_id'], ['reflection.id'], name=op.f('fk_work_reflection_pick_reflection_id_reflection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_work_reflection_pick_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_reflection_pick')),
    sa.UniqueConstraint('user_id', 'reflection_id', name='uq_work_reflection_pick_user_reflection')
    )
    with op.batch_alter_table('work_reflection_pick', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_reflection_pick_reflection_id'), ['reflection_id'], unique=False)



def downgrade():
    with op.batch_alter_table('work_reflection_pick', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_reflection_pick_reflection_id'))

    op.drop_table('work_reflection_pick')
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        batch_op.drop_index('uq_work_item_listed_once', sqlite_where=sa.text("key != 'own_words'"), postgresql_where=sa.text("key != 'own_words'"))
        batch_op.drop_index(batch_op.f('ix_work_item_user_id'))
        batch_op.drop_index(batch_op.f('ix_work_item_assignment_id'))

    op.drop_table('work_item')
    with op.batch_alter_table('work_cv_omit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_cv_omit_assignment_id'))

    op.drop_table('work_cv_omit')
    op.drop_table('work_wish_sector')
    op.drop_table('work_profile')
    with op.batch_alter_table('work_page_read', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_page_read_reader_id'))
        batch_op.drop_index('ix_work_page_read_owner_reader')

    op.drop_table('work_page_read')
    with op.batch_alter_table('work_education', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_education_user_id'))

    op.drop_table('work_education')
