"""Index customer names, so the customer list sorted by name pages through the index.

Without it, every page of a name-sorted list (or a phone-prefix search shown in
name order) sorts the whole customers table: ~1 s at a million encrypted rows.

Revision ID: 0003
Revises: 0002
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index('ix_customers_name', ['name'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_name')
