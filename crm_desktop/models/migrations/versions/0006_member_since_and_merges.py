"""The file tells the truth: when a customer joined, merges, dismissed duplicates, checks.

``member_since`` is the day a customer became a member (入会日期), which for a
migrated list is long before the record was created here; existing customers get
the earliest of their creation, card issue and purchase days. ``merged_into``
points a customer merged away at the one that survived. ``contact_confirmed_at``
is when the contact details were last confirmed with the customer;
``corrections`` lists imported values that were left out because they were wrong.
``duplicate_dismissals`` remembers the pairs the owner said are not the same person.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE: a batch copy would drop a table other tables point at.
    op.add_column('customers', sa.Column('member_since', sa.Date(), nullable=True))
    op.add_column('customers', sa.Column('merged_into', sa.Integer(), nullable=True))
    op.add_column('customers', sa.Column('contact_confirmed_at', sa.DateTime(), nullable=True))
    op.add_column('customers', sa.Column('corrections', sa.Text(), nullable=True))
    # A server's schema is made empty at init: only an older file has customers to date.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "UPDATE customers SET member_since = min("
            " date(created_at),"
            " coalesce((SELECT date(min(issued_at)) FROM cards WHERE cards.customer_id = customers.id),"
            "          date(created_at)),"
            " coalesce((SELECT date(min(ts)) FROM purchases WHERE purchases.customer_id = customers.id),"
            "          date(created_at)))"
        )
    op.create_index('ix_customers_member_since', 'customers', ['member_since'], unique=False)
    op.create_index('ix_customers_contact_confirmed_at', 'customers', ['contact_confirmed_at'],
                    unique=False)
    # A merge moves the customers the other one referred; without it that is a full scan.
    op.create_index('ix_customers_referrer_id', 'customers', ['referrer_id'], unique=False)
    op.create_table(
        'duplicate_dismissals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('low_id', sa.Integer(), nullable=False),
        sa.Column('high_id', sa.Integer(), nullable=False),
        sa.Column('dismissed_at', sa.DateTime(), nullable=False),
        sa.Column('dismissed_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['low_id'], ['customers.id']),
        sa.ForeignKeyConstraint(['high_id'], ['customers.id']),
        sa.ForeignKeyConstraint(['dismissed_by'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('low_id', 'high_id', name='uq_duplicate_dismissals_pair'),
    )


def downgrade() -> None:
    op.drop_table('duplicate_dismissals')
    op.drop_index('ix_customers_referrer_id', 'customers')
    op.drop_index('ix_customers_contact_confirmed_at', 'customers')
    op.drop_index('ix_customers_member_since', 'customers')
    for column in ('corrections', 'contact_confirmed_at', 'merged_into', 'member_since'):
        op.drop_column('customers', column)
