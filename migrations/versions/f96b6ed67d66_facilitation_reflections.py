"""Facilitation reflections: facilitation_reflection (a rating of 1-4 per principle, each may be left out, and a
text encrypted at rest; one per author and meeting; kept without the author when their account is deleted)

Revision ID: f96b6ed67d66
Revises: 895a728b9051
Create Date: 2026-12-02 12:27:33.762235

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f96b6ed67d66'
down_revision = '895a728b9051'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('facilitation_reflection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('rating_co_determination', sa.Integer(), nullable=True),
    sa.Column('rating_sharing', sa.Integer(), nullable=True),
    sa.Column('rating_resources', sa.Integer(), nullable=True),
    sa.Column('rating_work_identity', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('rating_co_determination IS NULL OR (rating_co_determination >= 1 AND rating_co_determination <= 4)', name=op.f('ck_facilitation_reflection_rating_co_determination_range')),
    sa.CheckConstraint('rating_resources IS NULL OR (rating_resources >= 1 AND rating_resources <= 4)', name=op.f('ck_facilitation_reflection_rating_resources_range')),
    sa.CheckConstraint('rating_sharing IS NULL OR (rating_sharing >= 1 AND rating_sharing <= 4)', name=op.f('ck_facilitation_reflection_rating_sharing_range')),
    sa.CheckConstraint('rating_work_identity IS NULL OR (rating_work_identity >= 1 AND rating_work_identity <= 4)', name=op.f('ck_facilitation_reflection_rating_work_identity_range')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_facilitation_reflection_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_facilitation_reflection_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilitation_reflection')),
    sa.UniqueConstraint('meeting_id', 'author_id', name='uq_facilitation_reflection_meeting_author')
    )
    with op.batch_alter_table('facilitation_reflection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilitation_reflection_author_id'), ['author_id'], unique=False)



def downgrade():
    with op.batch_alter_table('facilitation_reflection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitation_reflection_author_id'))

    op.drop_table('facilitation_reflection')
