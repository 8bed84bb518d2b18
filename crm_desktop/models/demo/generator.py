"""``generate_demo``: fill an empty shop file with a realistic, reproducible demo shop.

One bulk action: card types and tiers, customers with their cards and two years
of history ending today, contacts, feedback and surveys, in one transaction with
one audit entry. The same seed and day give the same file content, whether the
rows are made in this process or in a helper (``workers=2``). Rows are tuples
sent in chunks; nothing is an ORM object.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from datetime import date
from typing import Any

from sqlalchemy import Connection

from crm_desktop.models.actor import Actor
from crm_desktop.models.bulk import BulkResult, BulkWriter, run_bulk
from crm_desktop.models.changes import Entity
from crm_desktop.models.demo.plan import DemoPlan, fill
from crm_desktop.models.errors import ConflictError, ValidationError
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.services.setup import DEFAULT_SETTINGS
from crm_desktop.models.store.store import Store

MAX_CUSTOMERS = 5_000_000
PURCHASES_PER_CUSTOMER = 5
# Purchase rows that are not visits (card fees, replacements, refunds), per customer.
_EXTRA_PURCHASES = 0.34
CARD_SEQUENCE_KEY = "card_number_next"
# Indexes rebuilt once at the end instead of row by row (the file starts empty).
DEFERRED_INDEX_TABLES = (
    "customers", "customer_tags", "cards", "purchases", "purchase_lines", "value_entries",
    "points_entries", "count_entries", "tier_changes", "interactions", "feedback",
    "feedback_events", "survey_answers",
)
# Kept up to date row by row instead: demo rows arrive customer by customer, so these
# keys come in ascending order (or take a handful of values) and cost little to keep.
LIVE_INDEXES = frozenset({
    "ix_customers_status", "ix_customer_tags_tag_id", "ix_cards_customer_id",
    "ix_cards_tier_id", "ix_purchases_customer_ts_paid", "ix_purchases_card_id",
    "ix_purchase_lines_purchase_id", "ix_value_entries_card_id", "ix_points_entries_card_id",
    "ix_count_entries_card_id", "ix_tier_changes_card_id", "ix_interactions_customer_id",
    "ix_feedback_customer_id", "ix_feedback_status", "ix_feedback_events_feedback_id",
    "ix_survey_answers_customer_id",
})


def generate_demo(
    store: Store,
    actor: Actor,
    customers: int,
    seed: int,
    progress: ProgressReport = no_progress,
    *,
    purchases: int | None = None,
    today: date | None = None,
    workers: int = 1,
) -> BulkResult:
    """Fill an empty file with ``customers`` demo customers and their history (owner only).

    ``purchases`` is the approximate number of purchase rows (default five per
    customer); ``today`` is the last day of the history (default: the real today;
    nothing is booked on it). ``workers=2`` makes the rows in a helper process while
    this one writes them: same file, less time on a machine with two free cores.
    Progress is reported every few hundred customers; a ``Cancelled`` raised by
    ``progress`` rolls back everything.
    """
    _check_count(customers, "customers", "客户数量", "The number of customers", 1, MAX_CUSTOMERS)
    if purchases is None:
        purchases = customers * PURCHASES_PER_CUSTOMER
    _check_count(purchases, "purchases", "消费记录数量", "The number of purchases", 0,
                 customers * 100)
    day = today or date.today()
    visits = max(0.0, purchases / customers - _EXTRA_PURCHASES)

    def work(writer: BulkWriter) -> Generator[Progress, None, dict[str, Any]]:
        _refuse_unless_empty(writer.conn)
        plan = _plan(writer.conn, actor, customers, seed, day, visits)
        if workers > 1:
            from crm_desktop.models.demo.parallel import fill_in_helper

            sequence = yield from fill_in_helper(writer, plan)
        else:
            sequence = yield from fill(writer, plan)
        _write_setting(writer.conn, CARD_SEQUENCE_KEY, sequence)
        return {"customers": customers, "seed": seed, "today": day.isoformat()}

    # Every reference in demo rows points at a row made earlier in the same run (the
    # tests check the whole file with PRAGMA foreign_key_check), so the per-row parent
    # lookups are skipped.
    return run_bulk(store, actor, "demo.generate", Entity.CUSTOMER, work, progress=progress,
                    defer_indexes=DEFERRED_INDEX_TABLES, keep_indexes=LIVE_INDEXES,
                    check_references=False, also=(Entity.CARD, Entity.PURCHASE))


def _check_count(value: object, field: str, zh: str, en: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            f"invalid.{field}",
            f"{zh}应为 {low} 到 {high} 之间的整数。",
            f"{en} must be a whole number from {low} to {high}.",
            field=field,
        )


def _plan(conn: Connection, actor: Actor, customers: int, seed: int, today: date,
          visits: float) -> DemoPlan:
    tags = {str(name): int(tag_id)
            for name, tag_id in conn.exec_driver_sql("SELECT name, id FROM tags")}
    return DemoPlan(
        customers=customers, seed=seed, today=today, visits_per_customer=visits,
        user_id=actor.user_id,
        card_prefix=str(_setting(conn, "card_number_prefix")),
        card_length=int(str(_setting(conn, "card_number_length"))),
        card_sequence=int(str(_setting(conn, CARD_SEQUENCE_KEY) or 1)),
        points_per_yuan=int(str(_setting(conn, "points_per_yuan"))),
        existing_tags=tags,
    )


def _refuse_unless_empty(conn: Connection) -> None:
    for table in ("customers", "cards", "card_types", "tiers"):
        if conn.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is not None:
            raise ConflictError(
                "demo.not_empty",
                "这个文件里已经有客户或卡种，演示数据只能填入新建的空文件。没有任何改动。",
                "This file already holds customers or card types; demo data can only fill a "
                "new, empty file. Nothing was changed.",
            )


def _setting(conn: Connection, key: str) -> Any:
    found = conn.exec_driver_sql("SELECT value FROM settings WHERE key = ?", (key,)).scalar()
    return DEFAULT_SETTINGS.get(key) if found is None else json.loads(found)


def _write_setting(conn: Connection, key: str, value: object) -> None:
    conn.exec_driver_sql(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )
