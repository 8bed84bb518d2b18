"""Index only the follow-ups still waiting, for the due list at the counter.

The first schema indexed every interaction's follow_up_on, done or not (and NULL
for most). The due list asks for "not done, on or before a date": a partial index
over the waiting ones stays small however long the history grows.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index('ix_interactions_follow_up_on')
        batch_op.create_index(
            'ix_interactions_follow_up_pending',
            ['follow_up_on'],
            unique=False,
            sqlite_where=sa.text('follow_up_done = 0 AND follow_up_on IS NOT NULL'),
            postgresql_where=sa.text('NOT follow_up_done AND follow_up_on IS NOT NULL'),
        )


def downgrade() -> None:
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index('ix_interactions_follow_up_pending')
        batch_op.create_index('ix_interactions_follow_up_on', ['follow_up_on'], unique=False)
