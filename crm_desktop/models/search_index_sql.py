"""Writes and upkeep of the customer name index that only one backend speaks."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

INSERT_SQL = "INSERT INTO customer_search(rowid, chars, pinyin) VALUES (?, ?, ?)"
# One statement for a whole batch: a server pays a round trip per statement.
_SERVER_INSERT_SQL = (
    "INSERT INTO customer_search(rowid, chars, pinyin) SELECT * FROM unnest("
    "CAST(:ids AS integer[]), CAST(:chars AS text[]), CAST(:pinyin AS text[]))"
)


def insert_rows(conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Insert (rowid, chars, pinyin) index rows in ``conn``'s transaction."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(INSERT_SQL, list(rows))
        return
    ids, chars, pinyin = (list(column) for column in zip(*rows, strict=True))
    conn.execute(text(_SERVER_INSERT_SQL), {"ids": ids, "chars": chars, "pinyin": pinyin})


def merge_segments(session: Session) -> None:
    """Rewrite the name index so removed names leave its storage, in ``session``'s transaction.

    FTS5 keeps a deleted row's tokens in old segments until they are merged; a full
    merge rewrites it (about 0.7 s per 100,000 customers). A server's index is plain
    tables whose deleted rows its autovacuum clears (VACUUM cannot run inside a
    transaction), so there is nothing to do there.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO customer_search(customer_search) VALUES ('optimize')"))
