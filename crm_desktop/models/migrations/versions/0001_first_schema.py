"""First schema: every table of the domain, plus the customer search index.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 18:37:50.059174
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ts', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_entity', ['entity', 'entity_id'], unique=False)
        batch_op.create_index('ix_audit_entries_ts', ['ts'], unique=False)

    op.create_table('card_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('price_fen', sa.Integer(), nullable=False),
    sa.Column('validity_days', sa.Integer(), nullable=True),
    sa.Column('count_total', sa.Integer(), nullable=False),
    sa.Column('service_name', sa.String(length=60), nullable=True),
    sa.Column('bonus_rules', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_types')),
    sa.UniqueConstraint('name', name=op.f('uq_card_types_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('name', name=op.f('uq_tags_name'))
    )
    op.create_table('tiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('price_percent', sa.Integer(), nullable=False),
    sa.Column('points_multiplier_percent', sa.Integer(), nullable=False),
    sa.Column('rule_kind', sa.String(length=10), nullable=False),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('window_days', sa.Integer(), nullable=False),
    sa.Column('benefits', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tiers')),
    sa.UniqueConstraint('name', name=op.f('uq_tiers_name')),
    sa.UniqueConstraint('rank', name=op.f('uq_tiers_rank'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('birthday_md', sa.String(length=5), nullable=True),
    sa.Column('birthday_lunar', sa.Boolean(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('phone_rev', sa.String(length=20), nullable=True),
    sa.Column('phone2', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('province', sa.String(length=20), nullable=True),
    sa.Column('city', sa.String(length=20), nullable=True),
    sa.Column('district', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('company', sa.String(length=120), nullable=True),
    sa.Column('contact_title', sa.String(length=60), nullable=True),
    sa.Column('industry', sa.String(length=60), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=True),
    sa.Column('referrer_id', sa.Integer(), nullable=True),
    sa.Column('need_type', sa.String(length=10), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('marketing_consent', sa.Boolean(), nullable=False),
    sa.Column('consent_at', sa.DateTime(), nullable=True),
    sa.Column('consent_channel', sa.String(length=20), nullable=True),
    sa.Column('do_not_contact', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('terminated_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_customers_created_by_users')),
    sa.ForeignKeyConstraint(['referrer_id'], ['customers.id'], name=op.f('fk_customers_referrer_id_customers')),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_customers_updated_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers'))
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index('ix_customers_birthday_md', ['birthday_md'], unique=False)
        batch_op.create_index('ix_customers_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_customers_phone_rev', ['phone_rev'], unique=False)
        batch_op.create_index('ix_customers_status', ['status'], unique=False)
        batch_op.create_index('uq_customers_id_number', ['id_number'], unique=True, sqlite_where=sa.text('id_number IS NOT NULL'), postgresql_where=sa.text('id_number IS NOT NULL'))
        batch_op.create_index('uq_customers_phone', ['phone'], unique=True, sqlite_where=sa.text('phone IS NOT NULL'), postgresql_where=sa.text('phone IS NOT NULL'))

    op.create_table('cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('card_type_id', sa.Integer(), nullable=False),
    sa.Column('tier_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('fee_fen', sa.Integer(), nullable=False),
    sa.Column('pin_hash', sa.String(length=120), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('status_note', sa.String(length=200), nullable=True),
    sa.Column('principal_fen', sa.Integer(), nullable=False),
    sa.Column('bonus_fen', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('counts_left', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['card_type_id'], ['card_types.id'], name=op.f('fk_cards_card_type_id_card_types')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_cards_customer_id_customers')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['cards.id'], name=op.f('fk_cards_replaced_by_id_cards')),
    sa.ForeignKeyConstraint(['tier_id'], ['tiers.id'], name=op.f('fk_cards_tier_id_tiers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cards')),
    sa.UniqueConstraint('number', name=op.f('uq_cards_number'))
    )
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.create_index('ix_cards_customer_id', ['customer_id'], unique=False)
        batch_op.create_index('ix_cards_expires_on', ['expires_on'], unique=False)
        batch_op.create_index('ix_cards_tier_id', ['tier_id'], unique=False)

    op.create_table('customer_tags',
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_tags_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_customer_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('customer_id', 'tag_id', name=op.f('pk_customer_tags'))
    )
    with op.batch_alter_table('customer_tags', schema=None) as batch_op:
        batch_op.create_index('ix_customer_tags_tag_id', ['tag_id'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_feedback_created_by_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_feedback_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_customer_id', ['customer_id'], unique=False)
        batch_op.create_index('ix_feedback_status', ['status'], unique=False)

    op.create_table('interactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('ts', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=200), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('follow_up_done', sa.Boolean(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_interactions_customer_id_customers')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_interactions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interactions'))
    )
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.create_index('ix_interactions_customer_id', ['customer_id', 'ts'], unique=False)
        batch_op.create_index('ix_interactions_follow_up_on', ['follow_up_on'], unique=False)

    op.create_table('survey_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('nps', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_survey_answers_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answers'))
    )
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.create_index('ix_survey_answers_customer_id', ['customer_id'], unique=False)

    op.create_table('feedback_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('ts', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_feedback_events_feedback_id_feedback'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_feedback_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_events'))
    )
    with op.batch_alter_table('feedback_events', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_events_feedback_id', ['feedback_id'], unique=False)

    op.create_table('purchases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('ts', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('refund_of_id', sa.Integer(), nullable=True),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('discount_fen', sa.Integer(), nullable=False),
    sa.Column('paid_fen', sa.Integer(), nullable=False),
    sa.Column('payment_method', sa.String(length=16), nullable=False),
    sa.Column('points_earned', sa.Integer(), nullable=False),
    sa.Column('counts_used', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_purchases_card_id_cards')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_purchases_customer_id_customers')),
    sa.ForeignKeyConstraint(['refund_of_id'], ['purchases.id'], name=op.f('fk_purchases_refund_of_id_purchases')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_purchases_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchases'))
    )
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.create_index('ix_purchases_card_id', ['card_id'], unique=False)
        batch_op.create_index('ix_purchases_customer_ts_paid', ['customer_id', 'ts', 'paid_fen'], unique=False)
        batch_op.create_index('ix_purchases_ts', ['ts'], unique=False)

    op.create_table('tier_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('ts', sa.DateTime(), nullable=False),
    sa.Column('from_tier_id', sa.Integer(), nullable=True),
    sa.Column('to_tier_id', sa.Integer(), nullable=True),
    sa.Column('reason_kind', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_tier_changes_card_id_cards')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_tier_changes_customer_id_customers')),
    sa.ForeignKeyConstraint(['from_tier_id'], ['tiers.id'], name=op.f('fk_tier_changes_from_tier_id_tiers')),
    sa.ForeignKeyConstraint(['to_tier_id'], ['tiers.id'], name=op.f('fk_tier_changes_to_tier_id_tiers')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_tier_changes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tier_changes'))
    )
    with op.batch_alter_table('tier_changes', schema=None) as batch_op:
        batch_op.create_index('ix_tier_changes_card_id', ['card_id'], unique=False)
        batch_op.create_index('ix_tier_changes_ts', ['ts'], unique=False)

    op.create_table('count_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('ts', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('counts', sa.Integer(), nullable=False),
    sa.Column('counts_after', sa.Integer(), nullable=False),
    sa.Column('purchase_id', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_count_entries_card_id_cards')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_count_entries_customer_id_customers')),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_count_entries_purchase_id_purchases')),
    sa.ForeignKeyConstraint(['reverses_id'], ['count_entries.id'], name=op.f('fk_count_entries_reverses_id_count_entries')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_count_entries_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_entries'))
    )
    with op.batch_alter_table('count_entries', schema=None) as batch_op:
        batch_op.create_index('ix_count_entries_card_id', ['card_id', 'id'], unique=False)

    op.create_table('points_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('ts', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('points_after', sa.Integer(), nullable=False),
    sa.Column('purchase_id', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_points_entries_card_id_cards')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_points_entries_customer_id_customers')),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_points_entries_purchase_id_purchases')),
    sa.ForeignKeyConstraint(['reverses_id'], ['points_entries.id'], name=op.f('fk_points_entries_reverses_id_points_entries')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_points_entries_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_points_entries'))
    )
    with op.batch_alter_table('points_entries', schema=None) as batch_op:
        batch_op.create_index('ix_points_entries_card_id', ['card_id', 'id'], unique=False)
        batch_op.create_index('ix_points_entries_ts', ['ts'], unique=False)

    op.create_table('purchase_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purchase_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=100), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_fen', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_purchase_lines_purchase_id_purchases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_lines'))
    )
    with op.batch_alter_table('purchase_lines', schema=None) as batch_op:
        batch_op.create_index('ix_purchase_lines_purchase_id', ['purchase_id'], unique=False)

    op.create_table('value_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('ts', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('principal_fen', sa.Integer(), nullable=False),
    sa.Column('bonus_fen', sa.Integer(), nullable=False),
    sa.Column('principal_after_fen', sa.Integer(), nullable=False),
    sa.Column('bonus_after_fen', sa.Integer(), nullable=False),
    sa.Column('payment_method', sa.String(length=16), nullable=True),
    sa.Column('purchase_id', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['cards.id'], name=op.f('fk_value_entries_card_id_cards')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_value_entries_customer_id_customers')),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_value_entries_purchase_id_purchases')),
    sa.ForeignKeyConstraint(['reverses_id'], ['value_entries.id'], name=op.f('fk_value_entries_reverses_id_value_entries')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_value_entries_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_value_entries'))
    )
    with op.batch_alter_table('value_entries', schema=None) as batch_op:
        batch_op.create_index('ix_value_entries_card_id', ['card_id', 'id'], unique=False)
        batch_op.create_index('ix_value_entries_ts', ['ts'], unique=False)

    # Name search: each character its own token (1-3 character substrings as phrase
    # queries) and pinyin initials/full spellings as prefix-searchable tokens.
    # rowid is the customer id; contentless, so no second copy of names is kept.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE customer_search USING fts5("
            "chars, pinyin, tokenize='unicode61', prefix='1 2 3', content='', contentless_delete=1)"
        )
    else:
        # A server has no FTS5. The same rows as on a file (tokens as space-separated text,
        # so every writer's INSERT serves both). A character phrase is answered by array
        # containment (GIN), rechecked for order. Pinyin prefixes by containment too: each
        # token's first one to six letters are kept with the row (longer prefixes are
        # rechecked on the pinyin text), as FTS5 keeps its prefix index.
        op.execute(
            "CREATE FUNCTION customer_search_prefixes(pinyin text) RETURNS text[]"
            " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
            " SELECT coalesce(array_agg(DISTINCT left(t, n)), '{}')"
            " FROM unnest(string_to_array(pinyin, ' ')) AS t,"
            " generate_series(1, least(length(t), 6)) AS n $$"
        )
        op.execute(
            "CREATE TABLE customer_search (rowid integer PRIMARY KEY, chars text NOT NULL,"
            " pinyin text NOT NULL, prefixes text[] NOT NULL"
            " GENERATED ALWAYS AS (customer_search_prefixes(pinyin)) STORED)"
        )
        op.execute(
            "CREATE INDEX ix_customer_search_chars ON customer_search"
            " USING gin (string_to_array(chars, ' '))"
        )
        op.execute(
            "CREATE INDEX ix_customer_search_prefixes ON customer_search USING gin (prefixes)"
        )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS customer_search")
    op.execute("DROP TABLE IF EXISTS customer_search_pinyin")
    with op.batch_alter_table('value_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_value_entries_ts')
        batch_op.drop_index('ix_value_entries_card_id')

    op.drop_table('value_entries')
    with op.batch_alter_table('purchase_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_purchase_lines_purchase_id')

    op.drop_table('purchase_lines')
    with op.batch_alter_table('points_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_points_entries_ts')
        batch_op.drop_index('ix_points_entries_card_id')

    op.drop_table('points_entries')
    with op.batch_alter_table('count_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_count_entries_card_id')

    op.drop_table('count_entries')
    with op.batch_alter_table('tier_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_tier_changes_ts')
        batch_op.drop_index('ix_tier_changes_card_id')

    op.drop_table('tier_changes')
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.drop_index('ix_purchases_ts')
        batch_op.drop_index('ix_purchases_customer_ts_paid')
        batch_op.drop_index('ix_purchases_card_id')

    op.drop_table('purchases')
    with op.batch_alter_table('feedback_events', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_events_feedback_id')

    op.drop_table('feedback_events')
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_answers_customer_id')

    op.drop_table('survey_answers')
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index('ix_interactions_follow_up_on')
        batch_op.drop_index('ix_interactions_customer_id')

    op.drop_table('interactions')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_status')
        batch_op.drop_index('ix_feedback_customer_id')

    op.drop_table('feedback')
    with op.batch_alter_table('customer_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_tags_tag_id')

    op.drop_table('customer_tags')
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_index('ix_cards_tier_id')
        batch_op.drop_index('ix_cards_expires_on')
        batch_op.drop_index('ix_cards_customer_id')

    op.drop_table('cards')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('uq_customers_phone', sqlite_where=sa.text('phone IS NOT NULL'))
        batch_op.drop_index('uq_customers_id_number', sqlite_where=sa.text('id_number IS NOT NULL'))
        batch_op.drop_index('ix_customers_status')
        batch_op.drop_index('ix_customers_phone_rev')
        batch_op.drop_index('ix_customers_created_at')
        batch_op.drop_index('ix_customers_birthday_md')

    op.drop_table('customers')
    op.drop_table('users')
    op.drop_table('tiers')
    op.drop_table('tags')
    op.drop_table('settings')
    op.drop_table('card_types')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_ts')
        batch_op.drop_index('ix_audit_entries_entity')

    op.drop_table('audit_entries')
