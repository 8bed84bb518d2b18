"""The bulk path: many rows in one transaction through the driver's executemany.

Demo data, imports and benchmarks write here instead of through one ORM object
per row: rows are plain tuples in column order (see ``bulk_rows``), buffered and
sent in chunks with ``Connection.exec_driver_sql(sql, rows)`` (several times
faster than Core inserts with dicts). ``run_bulk`` wraps one bulk action: the
owner's permission, one write transaction (all or nothing), progress and cancel
between chunks, and exactly one audit entry at the end.

The ledger rules hold while rows are added (``RowBuffer``): every stored-value,
points and count entry moves a ``CardBalance`` and carries the running *_after
values, nothing may go below zero, and a card row is written with the totals of
its entries. Datetimes are text in SQLAlchemy's SQLite form
("YYYY-MM-DD HH:MM:SS.ffffff"), dates "YYYY-MM-DD", so ORM reads see the same
values a service would have written.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from crm_desktop.models import bulk_sql, search_index
from crm_desktop.models.actor import Actor
from crm_desktop.models.bulk_rows import (
    COLUMNS,
    DEFAULT_CHUNK_ROWS,
    FLUSH_ORDER,
    INDEX_TABLE,
    Batch,
    CardBalance,
    CardRow,
    CustomerRow,
    NegativeBalance,
    PurchaseRow,
    RowBuffer,
    insert_sql,
)
from crm_desktop.models.changes import Entity
from crm_desktop.models.errors import ConflictError
from crm_desktop.models.operation import perform
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.store.store import Store

__all__ = [
    "COLUMNS", "BulkResult", "BulkWriter", "CardBalance", "CardRow",
    "CustomerRow", "NegativeBalance", "PurchaseRow", "RowBuffer",
    "insert_customers", "insert_sql", "run_bulk",
]

# A bigger page cache while loading keeps index pages decrypted in memory (KiB).
BULK_CACHE_KIB = 262_144
NORMAL_CACHE_KIB = 65_536


@dataclass(frozen=True)
class BulkResult:
    """What one bulk action wrote: rows per table and the summary in its audit entry."""

    rows: dict[str, int]
    summary: dict[str, Any]


class BulkWriter(RowBuffer):
    """A row buffer that sends its chunks into the file, inside the caller's transaction."""

    def __init__(self, conn: Connection, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> None:
        super().__init__(chunk_rows=chunk_rows)
        self.conn = conn
        self.rows_written: dict[str, int] = {}
        self._existing: dict[int, CardBalance] = {}
        self._deferred_indexes: list[str] = []

    def first_id(self, table: str) -> int:
        """One past the largest id in the file (the transaction holds the write lock)."""
        found = self.conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar()
        return int(found or 0) + 1

    def first_ids(self) -> dict[str, int]:
        """``first_id`` of every table with an id, for a buffer filled elsewhere."""
        return {table: self.first_id(table) for table in FLUSH_ORDER if "id" in COLUMNS[table]}

    def send(self, batch: Batch) -> None:
        """Insert a batch, parents first, through the driver's executemany."""
        for table in (*FLUSH_ORDER, INDEX_TABLE):
            rows = batch.get(table)
            if not rows:
                continue
            if table == INDEX_TABLE:
                # Pinyin is worked out here: with a helper making the rows, this process
                # is the one with time to spare.
                search_index.index_many(self.conn, rows)
            else:
                self.conn.exec_driver_sql(insert_sql(table), rows)
            self.rows_written[table] = self.rows_written.get(table, 0) + len(rows)

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

    def defer_indexes(self, tables: Iterable[str], keep: Collection[str] = ()) -> None:
        """Drop the non-unique indexes of ``tables`` now and build them again in ``finish``.

        Building an index once from sorted rows is far cheaper than keeping it up to
        date when rows arrive in random key order; an index whose keys arrive in order
        (or take only a few values) costs little to keep, so the names in ``keep`` stay.
        Unique indexes stay, so duplicates are still refused at once. DDL is part of
        the transaction, so a rollback brings the indexes back.
        """
        for table in tables:
            for name, sql in bulk_sql.non_unique_indexes(self.conn, table):
                if name in keep:
                    continue
                self.conn.exec_driver_sql(f'DROP INDEX "{name}"')
                self._deferred_indexes.append(sql)

    def finish(self) -> Iterator[Progress]:
        """Flush, write back totals of pre-existing cards, rebuild deferred indexes."""
        self.flush()
        bulk_sql.ids_taken(
            self.conn, (t for t in self.rows_written if "id" in COLUMNS.get(t, ())))
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
    entity: Entity,
    work: BulkWork,
    *,
    progress: ProgressReport = no_progress,
    defer_indexes: Sequence[str] = (),
    keep_indexes: Collection[str] = (),
    check_references: bool = True,
    permission: str = "data.bulk_load",
    also: Collection[Entity] = (),
) -> BulkResult:
    """Run ``work`` as one bulk action: one transaction, one audit entry, or nothing at all.

    ``work(writer)`` is a generator that adds rows and yields ``Progress`` between
    chunks; its return value (a dict, or None) goes into the audit entry with the row
    counts. Each step goes to ``progress``; when that raises ``Cancelled`` (the user
    cancelled) the whole action is rolled back. ``check_references=False``
    skips the foreign-key lookups (a parent lookup per reference per row) for work
    whose references are right by construction, such as generated demo data.
    """
    transaction = None if check_references else (lambda: store.write(check_references=False))
    try:
        with perform(
            store, actor, action, entity, permission, transaction=transaction
        ) as op:
            op.numbered = False
            op.also.update(also)
            conn = op.session.connection()
            bulk_sql.set_cache(conn, BULK_CACHE_KIB)
            try:
                writer = BulkWriter(conn)
                writer.defer_indexes(defer_indexes, keep_indexes)
                summary = _drive(work(writer), progress)
                for step in writer.finish():
                    progress(step)
                rows = dict(sorted(writer.rows_written.items()))
                summary = dict(summary or {})
                counts = {f"rows_{table}": count for table, count in rows.items()}
                op.after = summary | counts
            finally:
                bulk_sql.set_cache(conn, NORMAL_CACHE_KIB)
    except ConflictError as exc:
        if exc.code != "record.integrity":
            raise
        raise ConflictError(
            "bulk.integrity",
            "批量写入失败：有重复的号码或无效的关联数据，没有任何改动。",
            "The bulk write failed: a number is a duplicate or a reference is invalid; "
            "nothing was changed.",
        ) from exc
    return BulkResult(rows, summary)


def _drive(
    steps: Generator[Progress, None, dict[str, Any] | None], progress: ProgressReport
) -> dict[str, Any] | None:
    try:
        while True:
            try:
                step = next(steps)
            except StopIteration as stop:
                result: dict[str, Any] | None = stop.value
                return result
            progress(step)
    finally:
        steps.close()


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
