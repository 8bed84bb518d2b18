"""The digest that ties each ledger row to the signed audit entry of its operation.

Every row of the three ledgers (stored value, points, visits) and of the sales
(purchases and their lines: a sale paid in cash has no ledger row) carries the id
of the operation that wrote it; that operation's audit entry carries a SHA-256 over
those rows, and the entry is signed. So a row added, edited or removed outside
the program no longer matches a signed digest, and ``check`` says which.

The columns hashed are fixed here, not read from the table, so a later column
does not change the digest of an old row. Values are hashed as stored (SQLite
keeps timestamps as text); a timestamp read as a ``datetime`` is written in the
same text form first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
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
_WIDTH = max(len(columns) for columns in SIGNED_COLUMNS.values())


def _union(where: str) -> str:
    # Table and column names come from SIGNED_COLUMNS, never from input.
    parts = []
    for rank, (table, columns) in enumerate(SIGNED_COLUMNS.items()):
        padded = list(columns) + ["NULL"] * (_WIDTH - len(columns))
        parts.append(
            f"SELECT operation_id, {rank} AS ledger, {', '.join(padded)} FROM {table} {where}"
        )
    return " UNION ALL ".join(parts)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _line(row: Any) -> bytes:
    ledger = int(row[1])
    width = len(SIGNED_COLUMNS[tuple(SIGNED_COLUMNS)[ledger]])
    values = [ledger, *(_plain(v) for v in row[2 : 2 + width])]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def operation_digest(conn: Connection, operation_id: str) -> str | None:
    """The digest of the ledger rows ``operation_id`` wrote; None when it wrote none."""
    rows = conn.exec_driver_sql(
        f"SELECT * FROM ({_union('WHERE operation_id = ?')}) ORDER BY ledger, id",
        (operation_id,) * len(SIGNED_COLUMNS),
    )
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(_line(row))
        count += 1
    return digest.hexdigest() if count else None


def all_digests(conn: Connection) -> Iterator[tuple[str | None, str, int, int]]:
    """(operation id, digest, row count, first row id) for every operation, in one pass.

    Rows without an operation come first, under None.
    """
    rows = conn.exec_driver_sql(
        f"SELECT * FROM ({_union('')}) ORDER BY operation_id, ledger, id"
    )
    current: str | None = None
    digest = hashlib.sha256()
    count = first = 0
    for row in rows:
        if count and row[0] != current:
            yield current, digest.hexdigest(), count, first
            digest, count = hashlib.sha256(), 0
        if not count:
            current, first = row[0], int(row[2])
        digest.update(_line(row))
        count += 1
    if count:
        yield current, digest.hexdigest(), count, first


def ledger_tops(conn: Connection) -> dict[str, int]:
    """The largest row id of each ledger now (rows above it are written after)."""
    return {
        table: int(conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0)
        for table in SIGNED_COLUMNS
    }


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
