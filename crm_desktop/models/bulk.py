"""The bulk path: many rows in one transaction through the driver's executemany.

Demo data, imports and benchmarks write here instead of through one ORM object
per row: rows are plain tuples in column order, buffered and sent in chunks
with ``Connection.exec_driver_sql(sql, rows)`` (several times faster than Core
inserts with dicts). ``run_bulk`` wraps one bulk action: the owner's permission,
one write transaction (all or nothing), progress and cancel between chunks, and
exactly one audit entry at the end.

The writer keeps the ledger rules while it writes: every stored-value, points
and count entry moves a ``CardBalance`` and carries the running *_after values,
nothing may go below zero, and a card row is written with the totals of its
entries. Datetimes are text in SQLAlchemy's SQLite form
("YYYY-MM-DD HH:MM:SS.ffffff"), dates "YYYY-MM-DD", so ORM reads see the same
values a service would have written.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlcipher3
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from crm_desktop.models import audit, search_index
from crm_desktop.models.db import Actor, Change, Store
from crm_desktop.models.errors import ConflictError, DomainError
from crm_desktop.models.permissions import require
from crm_desktop.models.services.base import translate_operational_error

# Columns of the tables the bulk path fills, in the order rows are given.
COLUMNS: dict[str, tuple[str, ...]] = {
    "customers": (
        "id", "name", "gender", "birthday", "birthday_lunar", "phone", "phone2", "email",
        "id_number", "address", "province", "city", "district", "kind", "company",
        "contact_title", "industry", "source", "referrer_id", "need_type", "notes",
        "marketing_consent", "consent_at", "consent_channel", "do_not_contact", "status",
        "terminated_at", "created_at", "created_by", "updated_at", "updated_by", "version",
        # derived by the writer from phone and birthday
        "birthday_md", "phone_rev",
    ),
    "cards": (
        "id", "number", "customer_id", "card_type_id", "tier_id", "status", "issued_at",
        "expires_on", "fee_fen", "pin_hash", "replaced_by_id", "status_note",
        # running totals, taken from the card's CardBalance
        "principal_fen", "bonus_fen", "points", "counts_left", "version",
    ),
    "purchases": (
        "id", "customer_id", "card_id", "ts", "kind", "refund_of_id", "amount_fen",
        "discount_fen", "paid_fen", "payment_method", "points_earned", "counts_used",
        "user_id", "note",
    ),
    "value_entries": (
        "id", "card_id", "customer_id", "ts", "kind", "principal_fen", "bonus_fen",
        "principal_after_fen", "bonus_after_fen", "payment_method", "purchase_id",
        "reverses_id", "user_id", "note",
    ),
    "points_entries": (
        "id", "card_id", "customer_id", "ts", "kind", "points", "points_after",
        "purchase_id", "reverses_id", "user_id", "note",
    ),
    "count_entries": (
        "id", "card_id", "customer_id", "ts", "kind", "counts", "counts_after",
        "purchase_id", "reverses_id", "user_id", "note",
    ),
    "purchase_lines": ("id", "purchase_id", "item", "quantity", "unit_price_fen", "amount_fen"),
    "tags": ("id", "name"),
    "customer_tags": ("customer_id", "tag_id"),
    "card_types": (
        "id", "name", "kind", "price_fen", "validity_days", "count_total", "service_name",
        "bonus_rules", "active",
    ),
    "tiers": (
        "id", "name", "rank", "price_percent", "points_multiplier_percent", "rule_kind",
        "threshold", "window_days", "benefits", "active",
    ),
    "tier_changes": (
        "id", "card_id", "customer_id", "ts", "from_tier_id", "to_tier_id", "reason_kind",
        "reason", "user_id",
    ),
    "interactions": (
        "id", "customer_id", "ts", "channel", "summary", "outcome", "purpose", "follow_up_on",
        "follow_up_done", "user_id",
    ),
    "feedback": (
        "id", "customer_id", "kind", "category", "description", "status", "resolution",
        "satisfaction", "created_at", "created_by", "resolved_at", "closed_at",
    ),
    "feedback_events": ("id", "feedback_id", "ts", "user_id", "from_status", "to_status", "note"),
    "survey_answers": ("id", "customer_id", "answered_on", "satisfaction", "nps", "comment"),
}
# Parents before children, so a flush never sends a row ahead of what it refers to.
FLUSH_ORDER = (
    "card_types", "tiers", "tags", "customers", "customer_tags", "cards", "purchases",
    "purchase_lines", "value_entries", "points_entries", "count_entries", "tier_changes",
    "interactions", "feedback", "feedback_events", "survey_answers",
)
DEFAULT_CHUNK_ROWS = 50_000
# A bigger page cache while loading keeps index pages decrypted in memory (KiB).
BULK_CACHE_KIB = 262_144
NORMAL_CACHE_KIB = 65_536


def _null(value: None) -> None:
    return value


# The driver binds int, float, str and bytes directly but sends None and bool through
# its adapter lookup, which fails slowly (~3.5 µs per value, measured here: a row of
# NULLs inserted 30× slower than a row of ints). A registered adapter is found at
# once; the values bound are the same (NULL, 0/1).
sqlcipher3.register_adapter(type(None), _null)
sqlcipher3.register_adapter(bool, int)


class CustomerRow(NamedTuple):
    """One customer in column order; dates as "YYYY-MM-DD", datetimes as SQLite text."""

    id: int
    name: str
    gender: str | None = None
    birthday: str | None = None
    birthday_lunar: bool = False
    phone: str | None = None
    phone2: str | None = None
    email: str | None = None
    id_number: str | None = None
    address: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    kind: str = "individual"
    company: str | None = None
    contact_title: str | None = None
    industry: str | None = None
    source: str | None = None
    referrer_id: int | None = None
    need_type: str | None = None
    notes: str | None = None
    marketing_consent: bool = False
    consent_at: str | None = None
    consent_channel: str | None = None
    do_not_contact: bool = False
    status: str = "active"
    terminated_at: str | None = None
    created_at: str = ""
    created_by: int | None = None
    updated_at: str = ""
    updated_by: int | None = None
    version: int = 1


class CardRow(NamedTuple):
    """One card without its running totals (those come from its CardBalance)."""

    id: int
    number: str
    customer_id: int
    card_type_id: int
    tier_id: int | None
    status: str
    issued_at: str
    expires_on: str | None = None
    fee_fen: int = 0
    pin_hash: str | None = None
    replaced_by_id: int | None = None
    status_note: str | None = None


class PurchaseRow(NamedTuple):
    """One sale or refund; a refund has negative amounts and points."""

    id: int
    customer_id: int
    card_id: int | None
    ts: str
    kind: str
    refund_of_id: int | None
    amount_fen: int
    discount_fen: int
    paid_fen: int
    payment_method: str
    points_earned: int = 0
    counts_used: int = 0
    user_id: int | None = None
    note: str = ""


@dataclass(slots=True)
class CardBalance:
    """A card's running totals while its ledger is being written."""

    card_id: int
    customer_id: int
    principal_fen: int = 0
    bonus_fen: int = 0
    points: int = 0
    counts_left: int = 0


@dataclass(frozen=True)
class Progress:
    """How far a bulk action is: ``done`` of ``total`` in ``stage``."""

    stage: str
    done: int
    total: int


@dataclass(frozen=True)
class BulkResult:
    """What one bulk action wrote: rows per table and the summary in its audit entry."""

    rows: dict[str, int]
    summary: dict[str, Any]


class Cancelled(DomainError):
    """The user cancelled a long action; everything it did was rolled back."""


def cancelled_error() -> Cancelled:
    return Cancelled(
        "bulk.cancelled",
        "已取消，数据没有任何改动。",
        "Cancelled; nothing in the data was changed.",
    )


class NegativeBalance(ValueError):
    """A bulk ledger entry would take a card's value, points or counts below zero."""


def _insert_sql(table: str) -> str:
    columns = COLUMNS[table]
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )


class BulkWriter:
    """Buffers rows per table inside the caller's transaction and sends them in chunks."""

    def __init__(self, conn: Connection, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> None:
        self.conn = conn
        self.chunk_rows = chunk_rows
        self.rows_written: dict[str, int] = {}
        self._buffers: dict[str, list[tuple[Any, ...]]] = {t: [] for t in FLUSH_ORDER}
        self._index: list[tuple[int, str]] = []
        self._counters: dict[str, Iterator[int]] = {}
        self._existing: dict[int, CardBalance] = {}
        self._deferred_indexes: list[str] = []

    # -- ids ---------------------------------------------------------------------------------

    def _counter(self, table: str) -> Iterator[int]:
        counter = self._counters.get(table)
        if counter is None:
            found = self.conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar()
            counter = self._counters[table] = itertools.count(int(found or 0) + 1)
        return counter

    def reserve(self, table: str, count: int = 1) -> int:
        """The first of ``count`` fresh ids of ``table`` (the transaction holds the write lock)."""
        counter = self._counter(table)
        first = next(counter)
        if count > 1:
            next(itertools.islice(counter, count - 2, None))
        return first

    def id_source(self, table: str) -> Callable[[], int]:
        """A function handing out fresh ids of ``table`` one by one (for hot loops)."""
        return self._counter(table).__next__

    # -- rows --------------------------------------------------------------------------------

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        """Buffer one row of ``table`` in the column order of ``COLUMNS[table]``."""
        self._buffers[table].append(row)

    def add_customer(self, row: CustomerRow) -> None:
        """Buffer a customer with its derived columns and its name search entry."""
        birthday_md = row.birthday[5:10] if row.birthday else None
        self._buffers["customers"].append((*row, birthday_md, search_index.phone_rev(row.phone)))
        self._index.append((row.id, row.name))

    def add_card(self, row: CardRow, balance: CardBalance) -> None:
        """Buffer a card whose totals are those of ``balance`` (add it after its entries)."""
        if balance.card_id != row.id:
            raise ValueError("the balance belongs to another card")
        self._buffers["cards"].append(
            (*row, balance.principal_fen, balance.bonus_fen, balance.points,
             balance.counts_left, 1)
        )

    def add_purchase(self, row: PurchaseRow) -> None:
        self._buffers["purchases"].append(row)

    def balance_of(self, card_id: int) -> CardBalance:
        """The running totals of a card already in the file; written back at the end."""
        balance = self._existing.get(card_id)
        if balance is None:
            found = self.conn.exec_driver_sql(
                "SELECT customer_id, principal_fen, bonus_fen, points, counts_left "
                "FROM cards WHERE id = ?",
                (card_id,),
            ).first()
            if found is None:
                raise ValueError(f"no card {card_id}")
            balance = CardBalance(card_id, *found)
            self._existing[card_id] = balance
        return balance

    # -- ledger ------------------------------------------------------------------------------

    def value(
        self, card: CardBalance, ts: str, kind: str, principal_fen: int, bonus_fen: int,
        *, payment_method: str | None = None, purchase_id: int | None = None,
        reverses_id: int | None = None, user_id: int | None = None, note: str = "",
    ) -> int:
        """Move 本金/赠送 by the signed amounts; returns the new entry's id."""
        principal_after = card.principal_fen + principal_fen
        bonus_after = card.bonus_fen + bonus_fen
        if principal_after < 0 or bonus_after < 0:
            raise NegativeBalance(f"card {card.card_id}: stored value would go below zero")
        card.principal_fen, card.bonus_fen = principal_after, bonus_after
        entry_id = next(self._counter("value_entries"))
        self._buffers["value_entries"].append((
            entry_id, card.card_id, card.customer_id, ts, kind, principal_fen, bonus_fen,
            principal_after, bonus_after, payment_method, purchase_id, reverses_id, user_id,
            note,
        ))
        return entry_id

    def points(
        self, card: CardBalance, ts: str, kind: str, points: int, *,
        purchase_id: int | None = None, reverses_id: int | None = None,
        user_id: int | None = None, note: str = "",
    ) -> int:
        """Move the card's points by ``points`` (signed); returns the new entry's id."""
        after = card.points + points
        if after < 0:
            raise NegativeBalance(f"card {card.card_id}: points would go below zero")
        card.points = after
        entry_id = next(self._counter("points_entries"))
        self._buffers["points_entries"].append((
            entry_id, card.card_id, card.customer_id, ts, kind, points, after, purchase_id,
            reverses_id, user_id, note,
        ))
        return entry_id

    def counts(
        self, card: CardBalance, ts: str, kind: str, counts: int, *,
        purchase_id: int | None = None, reverses_id: int | None = None,
        user_id: int | None = None, note: str = "",
    ) -> int:
        """Move the card's remaining visits by ``counts`` (signed); returns the entry's id."""
        after = card.counts_left + counts
        if after < 0:
            raise NegativeBalance(f"card {card.card_id}: counts would go below zero")
        card.counts_left = after
        entry_id = next(self._counter("count_entries"))
        self._buffers["count_entries"].append((
            entry_id, card.card_id, card.customer_id, ts, kind, counts, after, purchase_id,
            reverses_id, user_id, note,
        ))
        return entry_id

    # -- sending -----------------------------------------------------------------------------

    def pending(self) -> int:
        return sum(len(rows) for rows in self._buffers.values()) + len(self._index)

    def maybe_flush(self) -> bool:
        """Send the buffers when they hold a chunk's worth of rows; True when it did."""
        if self.pending() < self.chunk_rows:
            return False
        self.flush()
        return True

    def flush(self) -> None:
        """Send every buffered row, parents first."""
        for table in FLUSH_ORDER:
            rows = self._buffers[table]
            if rows:
                self.conn.exec_driver_sql(_insert_sql(table), rows)
                self.rows_written[table] = self.rows_written.get(table, 0) + len(rows)
                self._buffers[table] = []
        if self._index:
            search_index.index_many(self.conn, self._index)
            self.rows_written["customer_search"] = (
                self.rows_written.get("customer_search", 0) + len(self._index)
            )
            self._index = []

    def defer_indexes(self, tables: Iterable[str]) -> None:
        """Drop the non-unique indexes of ``tables`` now and build them again in ``finish``.

        Building an index once from sorted rows is far cheaper than keeping it up to
        date row by row; unique indexes stay, so duplicates are still refused at once.
        DDL is part of the transaction, so a rollback brings the indexes back.
        """
        for table in tables:
            found = self.conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                (table,),
            ).all()
            for name, sql in found:
                self.conn.exec_driver_sql(f'DROP INDEX "{name}"')
                self._deferred_indexes.append(str(sql))

    def finish(self) -> Iterator[Progress]:
        """Flush, write back totals of pre-existing cards, rebuild deferred indexes."""
        self.flush()
        if self._existing:
            self.conn.exec_driver_sql(
                "UPDATE cards SET principal_fen = ?, bonus_fen = ?, points = ?, counts_left = ?, "
                "version = version + 1 WHERE id = ?",
                [(b.principal_fen, b.bonus_fen, b.points, b.counts_left, b.card_id)
                 for b in self._existing.values()],
            )
            self._existing = {}
        total = len(self._deferred_indexes)
        for done, sql in enumerate(self._deferred_indexes, start=1):
            self.conn.exec_driver_sql(sql)
            yield Progress("indexes", done, total)
        self._deferred_indexes = []


BulkWork = Callable[[BulkWriter], Generator[Progress, None, dict[str, Any] | None]]


def run_bulk(
    store: Store,
    actor: Actor,
    action: str,
    entity: str,
    work: BulkWork,
    *,
    progress: Callable[[Progress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    defer_indexes: Sequence[str] = (),
    permission: str = "data.bulk_load",
) -> BulkResult:
    """Run ``work`` as one bulk action: one transaction, one audit entry, or nothing at all.

    ``work(writer)`` is a generator that adds rows and yields ``Progress`` between
    chunks; its return value (a dict, or None) goes into the audit entry with the row
    counts. ``cancel()`` is asked at every yield; when it answers True the whole
    action is rolled back and ``Cancelled`` is raised.
    """
    require(actor, permission)
    try:
        with store.write() as session:
            conn = session.connection()
            conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            try:
                writer = BulkWriter(conn)
                writer.defer_indexes(defer_indexes)
                summary = _drive(work(writer), progress, cancel)
                _drive_steps(writer.finish(), progress, cancel)
                rows = dict(sorted(writer.rows_written.items()))
                summary = dict(summary or {})
                counts = {f"rows_{table}": count for table, count in rows.items()}
                audit.append(session, actor, action, entity, None, {}, summary | counts)
            finally:
                conn.exec_driver_sql(f"PRAGMA cache_size = -{NORMAL_CACHE_KIB}")
    except IntegrityError as exc:
        raise ConflictError(
            "bulk.integrity",
            "批量写入失败：有重复的号码或无效的关联数据，没有任何改动。",
            "The bulk write failed: a number is a duplicate or a reference is invalid; "
            "nothing was changed.",
        ) from exc
    except OperationalError as exc:
        raise translate_operational_error(exc) from exc
    store.publish(Change(entity, (), action))
    return BulkResult(rows, summary)


def _drive(
    steps: Generator[Progress, None, dict[str, Any] | None],
    progress: Callable[[Progress], None] | None,
    cancel: Callable[[], bool] | None,
) -> dict[str, Any] | None:
    while True:
        if cancel is not None and cancel():
            steps.close()
            raise cancelled_error()
        try:
            step = next(steps)
        except StopIteration as stop:
            result: dict[str, Any] | None = stop.value
            return result
        if progress is not None:
            progress(step)


def _drive_steps(
    steps: Iterator[Progress],
    progress: Callable[[Progress], None] | None,
    cancel: Callable[[], bool] | None,
) -> None:
    for step in steps:
        if progress is not None:
            progress(step)
        if cancel is not None and cancel():
            raise cancelled_error()


def insert_customers(
    writer: BulkWriter, rows: Iterable[CustomerRow], total: int = 0
) -> Iterator[Progress]:
    """Add customers (and their name index entries), yielding progress after each chunk."""
    done = 0
    for row in rows:
        writer.add_customer(row)
        done += 1
        if writer.maybe_flush():
            yield Progress("customers", done, total or done)
    writer.flush()
    yield Progress("customers", done, total or done)
