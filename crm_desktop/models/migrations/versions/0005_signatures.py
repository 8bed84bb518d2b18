"""Signed history: each audit entry's signer and signature, the digest of the ledger and
sale rows it wrote, each such row's operation, and the certified signing keys of the users.

Entries and ledger rows written before this revision are signed as "carried over" at
the owner's next sign-in (see ``models.carry_over``).

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

LEDGERS = ('value_entries', 'points_entries', 'count_entries', 'purchases', 'purchase_lines')


def upgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signer', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('signature', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('ledger_digest', sa.String(length=64), nullable=True))
    for table in LEDGERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('operation_id', sa.String(length=80), nullable=True))
            batch_op.create_index(f'ix_{table}_operation_id', ['operation_id'], unique=False)
    op.create_table(
        'user_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('key_id', sa.String(length=16), nullable=False),
        sa.Column('public', sa.String(length=60), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('certificate', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('user_keys', schema=None) as batch_op:
        batch_op.create_index('ix_user_keys_key_id', ['key_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('user_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_user_keys_key_id')
    op.drop_table('user_keys')
    for table in LEDGERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_operation_id')
            batch_op.drop_column('operation_id')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('ledger_digest')
        batch_op.drop_column('signature')
        batch_op.drop_column('signer')
