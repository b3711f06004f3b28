"""Facilitator notes: person_note (text encrypted at rest; deleted with the person, kept without the author)

Revision ID: 992e91a0b90b
Revises: 2de452ed2fb0
Create Date: 2026-12-02 08:43:16.434844

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '992e91a0b90b'
down_revision = '2de452ed2fb0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('person_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_person_note_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['subject_id'], ['user.id'], name=op.f('fk_person_note_subject_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_note'))
    )
    with op.batch_alter_table('person_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_note_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_person_note_subject_created', ['subject_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('person_note', schema=None) as batch_op:
        batch_op.drop_index('ix_person_note_subject_created')
        batch_op.drop_index(batch_op.f('ix_person_note_author_id'))

    op.drop_table('person_note')
