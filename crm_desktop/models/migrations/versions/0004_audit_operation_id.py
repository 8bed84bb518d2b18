"""Keep the id each operation was asked under with its audit entry, unique.

An operation queued twice or replayed (a counter that was cut off, a server that
receives the same request again) is then refused instead of applied twice.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('operation_id', sa.String(length=80), nullable=True))
        batch_op.create_index('ix_audit_entries_operation_id', ['operation_id'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_operation_id')
        batch_op.drop_column('operation_id')
