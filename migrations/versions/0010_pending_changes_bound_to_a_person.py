"""pending changes bound to a person

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 15:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Changes kept before this revision are bound to nobody: anyone signing in on that browser
    # would have been offered them. They last a day at most; drop them rather than hand them on.
    op.execute(sa.text('DELETE FROM pending_changes'))
    with op.batch_alter_table('pending_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column('address', sa.String(length=64), nullable=False))
        batch_op.create_index(batch_op.f('ix_pending_changes_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_changes_address'), ['address'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_pending_changes_user_id_users'), 'users', ['user_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('pending_changes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_pending_changes_user_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_pending_changes_address'))
        batch_op.drop_index(batch_op.f('ix_pending_changes_user_id'))
        batch_op.drop_column('address')
        batch_op.drop_column('user_id')
