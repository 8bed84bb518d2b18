"""``generate_demo``: fill an empty shop file with a realistic, reproducible demo shop.

One bulk action: card types and tiers, customers with their cards and two years
of history ending today, contacts, feedback and surveys, in one transaction with
one audit entry. Every random choice comes from ``random.Random(seed)`` in a
fixed order and every date from ``today``, so the same seed and day give the
same file content. Rows are tuples sent in chunks; nothing is an ORM object.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Generator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection

from crm_desktop.models.bulk import BulkResult, BulkWriter, Progress, run_bulk
from crm_desktop.models.db import Actor, Store
from crm_desktop.models.demo.cards import CardDesk
from crm_desktop.models.demo.catalog import write_catalog
from crm_desktop.models.demo.engagement import EngagementMaker
from crm_desktop.models.demo.history import HistoryMaker
from crm_desktop.models.demo.people import PeopleMaker
from crm_desktop.models.demo.rhythm import Calendar
from crm_desktop.models.errors import ConflictError, ValidationError
from crm_desktop.models.services.setup import DEFAULT_SETTINGS

HISTORY_DAYS = 730
MAX_CUSTOMERS = 5_000_000
PURCHASES_PER_CUSTOMER = 5
# Purchase rows that are not visits: card fees, replacements and refunds, per customer.
_EXTRA_PURCHASES = 0.34
CARD_SEQUENCE_KEY = "card_number_next"
# Indexes rebuilt once at the end instead of row by row (the file starts empty).
DEFERRED_INDEX_TABLES = (
    "customers", "customer_tags", "cards", "purchases", "purchase_lines", "value_entries",
    "points_entries", "count_entries", "tier_changes", "interactions", "feedback",
    "feedback_events", "survey_answers",
)
_CHECK_EVERY = 256


def generate_demo(
    store: Store,
    actor: Actor,
    customers: int,
    seed: int,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    *,
    purchases: int | None = None,
    today: date | None = None,
) -> BulkResult:
    """Fill an empty file with ``customers`` demo customers and their history (owner only).

    ``purchases`` is the approximate number of purchase rows (default five per
    customer); ``today`` is the last day of the history (default: the real today).
    Progress is reported between chunks; ``cancel()`` returning True rolls back
    everything and raises ``Cancelled``.
    """
    if isinstance(customers, bool) or not isinstance(customers, int) or not (
        1 <= customers <= MAX_CUSTOMERS
    ):
        raise ValidationError(
            "invalid.customers",
            f"客户数量应为 1 到 {MAX_CUSTOMERS} 之间的整数。",
            f"The number of customers must be a whole number from 1 to {MAX_CUSTOMERS}.",
            field="customers",
        )
    if purchases is None:
        purchases = customers * PURCHASES_PER_CUSTOMER
    if isinstance(purchases, bool) or not isinstance(purchases, int) or purchases < 0:
        raise ValidationError(
            "invalid.purchases", "消费记录数量应为不小于 0 的整数。",
            "The number of purchases must be a whole number of at least 0.", field="purchases",
        )
    day = today or date.today()
    visits = max(0.0, purchases / customers - _EXTRA_PURCHASES)

    def work(writer: BulkWriter) -> Generator[Progress, None, dict[str, Any]]:
        _refuse_unless_empty(writer.conn)
        yield from _generate(writer, actor, customers, seed, day, visits)
        return {"customers": customers, "seed": seed, "today": day.isoformat()}

    return run_bulk(store, actor, "demo.generate", "customer", work, progress=progress,
                    cancel=cancel, defer_indexes=DEFERRED_INDEX_TABLES)


def _generate(
    writer: BulkWriter, actor: Actor, customers: int, seed: int, today: date, visits: float
) -> Generator[Progress, None, None]:
    rng = random.Random(seed)
    calendar = Calendar(today - timedelta(days=HISTORY_DAYS), today)
    catalog = write_catalog(writer)
    prefix = str(_setting(writer.conn, "card_number_prefix"))
    length = int(str(_setting(writer.conn, "card_number_length")))
    desk = CardDesk(writer, actor.user_id, prefix, length,
                    int(str(_setting(writer.conn, CARD_SEQUENCE_KEY) or 1)),
                    int(str(_setting(writer.conn, "points_per_yuan"))))
    people = PeopleMaker(rng, calendar, today, actor.user_id, catalog.tag_ids)
    history = HistoryMaker(desk, rng, calendar, catalog, visits)
    engagement = EngagementMaker(writer, rng, calendar, actor.user_id)
    first_id = writer.reserve("customers", customers)
    for done in range(1, customers + 1):
        row, shopper, tag_ids = people.make(first_id + done - 1)
        writer.add_customer(row)
        for tag_id in tag_ids:
            writer.add("customer_tags", (row.id, tag_id))
        history.make(shopper)
        engagement.make(shopper)
        if done % _CHECK_EVERY == 0:
            writer.maybe_flush()
            yield Progress("customers", done, customers)
    writer.flush()
    _write_setting(writer.conn, CARD_SEQUENCE_KEY, desk.sequence)
    yield Progress("customers", customers, customers)


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
