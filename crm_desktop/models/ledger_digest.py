"""The digest that ties each ledger row to the signed audit entry of its operation.

Every row of the three ledgers (stored value, points, visits) and of the sales
(purchases and their lines: a sale paid in cash has no ledger row) carries the id
of the operation that wrote it; that operation's audit entry carries a SHA-256 over
those rows, and the entry is signed. So a row added, edited or removed outside
the program no longer matches a signed digest, and ``check`` says which.

A merge of two customers moves rows to the survivor without rewriting history:
its own signed entry lists the rows it moved (``models.merge_moves``), and the
digest of an older operation is recomputed with the customer each of its rows had
when it was written (``moved`` of ``all_digests``).

The columns hashed are fixed here, not read from the table, so a later column
does not change the digest of an old row. Values are hashed as stored (SQLite
keeps timestamps as text); a timestamp read as a ``datetime`` is written in the
same text form first.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

SIGNED_COLUMNS: dict[str, tuple[str, ...]] = {
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
    "purchases": (
        "id", "customer_id", "card_id", "ts", "kind", "refund_of_id", "amount_fen",
        "discount_fen", "paid_fen", "payment_method", "points_earned", "counts_used",
        "user_id", "note",
    ),
    "purchase_lines": ("id", "purchase_id", "item", "quantity", "unit_price_fen", "amount_fen"),
}


def _table_rows(conn: Connection, rank: int, where: str, params: tuple[Any, ...]) -> Any:
    """The rows of ledger ``rank`` as (operation_id, rank, signed columns…), by ``where``.

    One statement per ledger, not a UNION: the ledgers' columns differ in type at the
    same place, which PostgreSQL refuses to unite. Streamed, so a check of millions of
    rows does not hold them all.
    """
    table, columns = list(SIGNED_COLUMNS.items())[rank]
    # Table and column names come from SIGNED_COLUMNS, never from input.
    return conn.exec_driver_sql(
        f"SELECT operation_id, {rank}, {', '.join(columns)} FROM {table} {where}", params,
        execution_options={"stream_results": True, "yield_per": _BATCH},
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


# rank -> row id -> (customer when its operation wrote the row, customer it must have now);
# see ``models.merge_moves``.
Moved = dict[int, dict[int, tuple[int, int]]]
# Where customer_id sits in a digest line of each rank (after the rank itself), if anywhere.
_CUSTOMER_AT = {
    rank: 1 + columns.index("customer_id")
    for rank, columns in enumerate(SIGNED_COLUMNS.values())
    if "customer_id" in columns
}


def _as_text(value: Any) -> Any:
    # Called by the encoder only for what JSON cannot hold: a datetime becomes its stored
    # text (as ``_plain``); anything else is refused as json.dumps would refuse it.
    if isinstance(value, datetime):
        return _plain(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# One encoder, made once: json.dumps with options builds a new one per call. Its output is
# json.dumps(values, ensure_ascii=False, separators=(",", ":")) of the plain values, byte
# for byte (tests/models/test_ledger_digest_speed.py holds it to the old formula).
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_as_text).encode
_WIDTHS = tuple(len(columns) for columns in SIGNED_COLUMNS.values())
_BATCH = 4096


def _lines(rows: Sequence[Any]) -> bytes:
    """The digest lines of rows no merge moved, as one run of bytes (the hash is the same)."""
    return _encoded_lines([[row[1], *row[2 : 2 + _WIDTHS[row[1]]]] for row in rows])


def _encoded_lines(values: list[list[Any]]) -> bytes:
    """Each list of ``values`` encoded as its own JSON line.

    One call of the encoder for the whole batch gives ``[[…],[…]]``; splitting it at
    ``],[`` gives the lines, unless a text value itself holds ``],[`` (then the count
    is off and each line is encoded alone). Byte for byte the per-row formula.
    """
    if not values:
        return b""
    text = _ENCODE(values)
    if text.count("],[") == len(values) - 1:
        return text[1:-1].replace("],[", "]\n[").encode() + b"\n"
    return ("\n".join([_ENCODE(v) for v in values]) + "\n").encode()


def _line(row: Any, moved: Moved | None = None) -> bytes:
    ledger = int(row[1])
    if not moved:
        return _lines([(row[0], ledger, *row[2:])])
    width = _WIDTHS[ledger]
    values = [ledger, *(_plain(v) for v in row[2 : 2 + width])]
    if moved:
        found = moved.get(ledger, {}).get(values[1])
        if found is not None:
            # A row a signed merge moved is verified as its operation wrote it, but only
            # while it sits where the last signed move put it; anywhere else can never match.
            at = _CUSTOMER_AT[ledger]
            values[at] = found[0] if values[at] == found[1] else f"moved elsewhere: {values[at]}"
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


@dataclass
class BulkLedgerRows:
    """Ledger rows a bulk writer inserted already tagged with the operation, and their lines.

    A writer that inserts many rows by plain SQL (an import) stores ``operation_id``
    with each row and hands its values here in id order; the operation's digest is
    then made from these lines instead of reading 100,000 rows back, provided they
    are every row the operation wrote (counted per ledger at the end). Otherwise the
    rows are read back as usual, so a row written some other way is never left out.
    """

    operation_id: str
    chunks: dict[int, list[bytes]] = field(default_factory=dict)  # ledger rank → lines
    counts: dict[int, int] = field(default_factory=dict)

    def add(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        """Rows just inserted into ``table``, ids ascending: SIGNED_COLUMNS values first.

        Whatever follows those values in a row (the operation id itself) is left out.
        """
        if not rows:
            return
        rank, width = _RANK[table], _WIDTHS[_RANK[table]]
        lines = _encoded_lines([[rank, *row[:width]] for row in rows])
        self.chunks.setdefault(rank, []).append(lines)
        self.counts[rank] = self.counts.get(rank, 0) + len(rows)

    def digest_if_complete(self, conn: Connection) -> str | None:
        """The digest from the lines, when they are all the operation's rows; else None."""
        if not self.counts:
            return None
        for rank, table in enumerate(SIGNED_COLUMNS):
            stored = conn.exec_driver_sql(
                f"SELECT count(*) FROM {table} WHERE operation_id = ?",  # noqa: S608
                (self.operation_id,),
            ).scalar()
            if int(stored or 0) != self.counts.get(rank, 0):
                return None
        digest = hashlib.sha256()
        for rank in sorted(self.chunks):
            for chunk in self.chunks[rank]:
                digest.update(chunk)
        return digest.hexdigest()


_RANK = {table: rank for rank, table in enumerate(SIGNED_COLUMNS)}


def operation_digest(
    conn: Connection, operation_id: str, bulk: BulkLedgerRows | None = None
) -> str | None:
    """The digest of the ledger rows ``operation_id`` wrote; None when it wrote none.

    ``bulk``: rows a bulk writer reported; used instead of reading back when complete.
    """
    if bulk is not None and (found := bulk.digest_if_complete(conn)) is not None:
        return found
    digest = hashlib.sha256()
    count = 0
    for rank in range(len(SIGNED_COLUMNS)):
        rows = _table_rows(conn, rank, "WHERE operation_id = ? ORDER BY id", (operation_id,))
        # fetchmany: a plain DB-API cursor (as a hand-made check uses) has it too.
        while batch := rows.fetchmany(_BATCH):
            digest.update(_lines(batch))
            count += len(batch)
    return digest.hexdigest() if count else None


def all_digests(
    conn: Connection, moved: Moved | None = None
) -> Iterator[tuple[str | None, str, int, int]]:
    """(operation id, digest, row count, first row id) for every operation, in one pass.

    Rows without an operation come first, under None. ``moved``: rows signed merges moved
    to another customer since, hashed with the customer they had when written.
    """
    # Rows without an operation first (SQLite sorts NULL first, PostgreSQL last: the
    # order is made here), then by operation, ledger and id.
    streams = [
        _table_rows(conn, rank, "ORDER BY operation_id IS NOT NULL, operation_id, id", ())
        for rank in range(len(SIGNED_COLUMNS))
    ]
    rows = heapq.merge(*streams, key=_order)
    current: str | None = None
    digest = hashlib.sha256()
    count = first = 0
    for row in rows:
        if count and row[0] != current:
            yield current, digest.hexdigest(), count, first
            digest, count = hashlib.sha256(), 0
        if not count:
            current, first = row[0], int(row[2])
        digest.update(_line(row, moved))
        count += 1
    if count:
        yield current, digest.hexdigest(), count, first


def _order(row: Any) -> tuple[bool, str, int, int]:
    return row[0] is not None, row[0] or "", int(row[1]), int(row[2])


_TOPS_SQL = "SELECT " + ", ".join(f"(SELECT max(id) FROM {table})" for table in SIGNED_COLUMNS)


def ledger_tops(conn: Connection) -> dict[str, int]:
    """The largest row id of each ledger now (rows above it are written after); one
    statement, since every write asks (a round trip to a server each)."""
    row = conn.exec_driver_sql(_TOPS_SQL).one()
    return {table: int(top or 0) for table, top in zip(SIGNED_COLUMNS, row, strict=True)}


def tag_new_rows(conn: Connection, operation_id: str, tops: dict[str, int]) -> None:
    """Give the rows written above ``tops`` and not yet tagged to ``operation_id``.

    Whatever wrote them (the ORM, a bulk writer, an import's own statements), the
    operation's transaction holds the write lock, so they are this operation's.
    """
    for table, top in tops.items():
        conn.exec_driver_sql(
            f"UPDATE {table} SET operation_id = ? WHERE id > ? AND operation_id IS NULL",
            (operation_id, top),
        )


def tag_untagged_rows(conn: Connection, operation_id: str) -> int:
    """Give the rows without an operation to ``operation_id`` (the carry-over); how many."""
    total = 0
    for table in SIGNED_COLUMNS:
        result = conn.exec_driver_sql(
            f"UPDATE {table} SET operation_id = ? WHERE operation_id IS NULL", (operation_id,)
        )
        total += int(result.rowcount or 0)
    return total
