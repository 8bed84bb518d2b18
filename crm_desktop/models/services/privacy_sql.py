"""How an erasure makes sure old values leave the storage: a file and a server differ.

A file keeps deleted and overwritten bytes in free pages and in its write-ahead
log: ``secure_delete`` zeroes what is freed and ``reclaim`` checkpoints and
empties the log after the commit. A server's old row versions are cleared by its
autovacuum, which a staff login cannot run inside a transaction; there is nothing
to set and nothing to empty.
"""

from __future__ import annotations

from typing import Any

import sqlcipher3
from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.models.store.store import Store


def zero_freed_bytes(session: Session) -> None:
    """On a file, freed pages are overwritten with zeros (SQLCipher's default, set again)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete = ON")


def reclaim(store: Store) -> bool:
    """Fold a file's write-ahead log into it and empty it; False if a reader kept it busy."""
    if store.engine.dialect.name != "sqlite":
        return True
    raw = store.engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlcipher3.Error:
        return False  # the erasure is committed; the log is emptied at a later checkpoint
    finally:
        raw.close()
    return not busy


def drop_index_samples(session: Session) -> None:
    """Drop ``ANALYZE``'s samples of the customers' indexes, which may hold old keys (a file
    that has them); a server's statistics keep no rows of a customer to drop."""
    if session.get_bind().dialect.name != "sqlite":
        return
    has_stat4 = session.execute(text(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat4'")).first()
    if has_stat4:
        session.execute(text("DELETE FROM sqlite_stat4 WHERE tbl = 'customers'"))
