"""The keyed connection, written once: every path that opens the encrypted file comes here.

The database key travels to SQLCipher as bytes through ``set_key`` in its raw
form (``x'<hex>'``, no second key derivation: the key slots' KDF already ran);
it is never put into SQL text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool, QueuePool

from crm_desktop.models.store.errors import suspended_error

# Set by the GUI's tests: called whenever a connection of an open file is taken from its
# pool, so a screen that reads or writes on the GUI thread fails loudly instead of freezing.
checkout_guard: list[Callable[[], None]] = []


def _null(value: None) -> None:
    return value


# The driver binds int, float, str and bytes directly but sends None and bool through
# its adapter lookup, which fails slowly (~2.5 µs per value, measured here: 20 NULLs a
# row took 17× the time of 20 ints; a 100,000-row import binds about two million). A
# registered adapter is found at once; the values bound are the same (NULL, 0/1).
sqlcipher3.register_adapter(type(None), _null)
sqlcipher3.register_adapter(bool, int)


def raw_key(db_key: bytes) -> bytes:
    """The ``x'…'`` form SQLCipher reads as a raw key."""
    return b"x'" + db_key.hex().encode("ascii") + b"'"


def connect_keyed(path: Path, db_key: bytes) -> Any:
    """A bare driver connection to ``path`` under ``db_key`` (autocommit, any thread)."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.set_key(raw_key(db_key))
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def opens_with(path: Path, db_key: bytes) -> bool:
    """True when ``db_key`` decrypts the file at ``path`` (reads only page 1 and the schema)."""
    try:
        conn = connect_keyed(path, db_key)
    except sqlcipher3.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def make_engine(path: Path, db_key: bytes) -> Engine:
    """The engine of an open shop file: pooled keyed connections, writers BEGIN IMMEDIATE."""

    def connect() -> Any:
        conn = connect_keyed(path, db_key)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA cache_size = -65536")
        return conn

    # hide_parameters: a failed statement's error text and the engine log never carry the
    # values it was bound to (names, phone and ID numbers).
    engine = create_engine(
        "sqlite://", module=sqlcipher3, creator=connect, poolclass=QueuePool, pool_size=4,
        hide_parameters=True,
    )

    @event.listens_for(engine, "checkout")
    def _checkout(_dbapi: Any, _record: Any, _proxy: Any) -> None:
        for guard in checkout_guard:
            guard()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Writers take the write lock at BEGIN so two debits can never interleave.
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def refusing_engine() -> Engine:
    """Stands in for the real engine while the store is suspended.

    Code that reaches for ``store.engine`` directly gets the same clear sentence
    instead of a connection.
    """

    def refuse() -> Any:
        raise suspended_error()

    return create_engine("sqlite://", module=sqlcipher3, creator=refuse, poolclass=NullPool)
