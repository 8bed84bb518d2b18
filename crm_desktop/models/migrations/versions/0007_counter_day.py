"""The counter's day: items sold, shifts, day-end closes, transaction numbers.

``items`` is the shop's list of services and products. Purchase lines say which
item they sold (``item_id``, its ``category`` then), their tier discount and, on
a refund, which sale line they take back. ``shifts`` and ``day_closes`` hold the
handover and the day-end close; ``transactions`` numbers each money operation
and ties it to its shift.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('price_fen', sa.Integer(), nullable=False),
        sa.Column('barcode', sa.String(length=40), nullable=True),
        sa.Column('uses_visit', sa.Boolean(), nullable=False),
        sa.Column('favourite', sa.Boolean(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_items'),
    )
    op.create_index('uq_items_barcode', 'items', ['barcode'], unique=True,
                    sqlite_where=sa.text('barcode IS NOT NULL'),
                    postgresql_where=sa.text('barcode IS NOT NULL'))
    op.create_index('ix_items_name', 'items', ['name'], unique=False)
    op.create_table(
        'shifts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('business_day', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.Column('float_fen', sa.Integer(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('expected_cash_fen', sa.Integer(), nullable=True),
        sa.Column('counted_cash_fen', sa.Integer(), nullable=True),
        sa.Column('difference_fen', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('summary', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_shifts_user_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_shifts'),
    )
    op.create_index('uq_shifts_open_user', 'shifts', ['user_id'], unique=True,
                    sqlite_where=sa.text("status = 'open'"),
                    postgresql_where=sa.text("status = 'open'"))
    op.create_index('ix_shifts_business_day', 'shifts', ['business_day'], unique=False)
    op.create_table(
        'day_closes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('business_day', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=False),
        sa.Column('closed_by', sa.Integer(), nullable=True),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('reopened_at', sa.DateTime(), nullable=True),
        sa.Column('reopened_by', sa.Integer(), nullable=True),
        sa.Column('reopen_reason', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name='fk_day_closes_closed_by_users'),
        sa.ForeignKeyConstraint(['reopened_by'], ['users.id'],
                                name='fk_day_closes_reopened_by_users'),
        sa.PrimaryKeyConstraint('id', name='pk_day_closes'),
        sa.UniqueConstraint('business_day', name='uq_day_closes_business_day'),
    )
    op.create_table(
        'transactions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('business_day', sa.Date(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('operation_id', sa.String(length=80), nullable=False),
        sa.Column('ts', sa.DateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('shift_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('approved_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_transactions_user_id_users'),
        sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name='fk_transactions_shift_id_shifts'),
        sa.ForeignKeyConstraint(['approved_by'], ['users.id'],
                                name='fk_transactions_approved_by_users'),
        sa.PrimaryKeyConstraint('id', name='pk_transactions'),
        sa.UniqueConstraint('number', name='uq_transactions_number'),
        sa.UniqueConstraint('operation_id', name='uq_transactions_operation_id'),
    )
    op.create_index('uq_transactions_day_seq', 'transactions', ['business_day', 'seq'],
                    unique=True)
    op.create_index('ix_transactions_shift_id', 'transactions', ['shift_id'], unique=False)
    # Plain ALTER TABLE (no batch copy): the purchase lines are signed rows other rows point at.
    op.add_column('purchase_lines', sa.Column('item_id', sa.Integer(), nullable=True))
    op.add_column('purchase_lines', sa.Column('category', sa.String(length=40), nullable=True))
    op.add_column('purchase_lines', sa.Column('discount_fen', sa.Integer(), nullable=False,
                                              server_default='0'))
    op.add_column('purchase_lines', sa.Column('refund_of_line_id', sa.Integer(), nullable=True))
    op.create_index('ix_purchase_lines_item_id', 'purchase_lines', ['item_id'], unique=False)
    op.create_index('ix_purchase_lines_refund_of_line_id', 'purchase_lines',
                    ['refund_of_line_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_purchase_lines_refund_of_line_id', 'purchase_lines')
    op.drop_index('ix_purchase_lines_item_id', 'purchase_lines')
    with op.batch_alter_table('purchase_lines') as batch_op:
        batch_op.drop_column('refund_of_line_id')
        batch_op.drop_column('discount_fen')
        batch_op.drop_column('category')
        batch_op.drop_column('item_id')
    op.drop_table('transactions')
    op.drop_table('day_closes')
    op.drop_table('shifts')
    op.drop_table('items')
