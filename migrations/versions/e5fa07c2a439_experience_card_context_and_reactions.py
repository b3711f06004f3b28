"""Experience cards: whether a card names the company, and one-tap reactions from the group

reflection.show_company (true by default): the card shows the placement's kind and sector, and the company only
if the author wants. reflection_reaction: someone in the author's group tapped "It helped me" or "Thanks for
sharing" (once per kind); the author sees how many.

Revision ID: e5fa07c2a439
Revises: d4e9a6b1f328
Create Date: 2026-12-02 12:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5fa07c2a439'
down_revision = 'd4e9a6b1f328'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_company', sa.Boolean(), server_default=sa.true(), nullable=False))

    op.create_table('reflection_reaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reflection_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('helped', 'thanks', name='reaction', native_enum=False, length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reflection_id'], ['reflection.id'], name=op.f('fk_reflection_reaction_reflection_id_reflection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_reflection_reaction_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_reaction')),
    sa.UniqueConstraint('reflection_id', 'user_id', 'kind', name='uq_reflection_reaction_reflection_user_kind')
    )
    with op.batch_alter_table('reflection_reaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reflection_reaction_reflection_id'), ['reflection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reflection_reaction_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('reflection_reaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reflection_reaction_user_id'))
        batch_op.drop_index(batch_op.f('ix_reflection_reaction_reflection_id'))

    op.drop_table('reflection_reaction')
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.drop_column('show_company')
