"""What the bulk writers (``bulk``, the customer import) say differently to a file and a server.

A file's loads run with a bigger page cache and may drop secondary indexes to build
them once afterwards. A server plans its own memory, and its indexes belong to the
administrator who made the schema, so there both are left alone. The bulk writers
pick ids themselves (one past the largest); a server hands out ids from a sequence
per table, which is moved past the ids a load took (``ids_taken``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection


def set_cache(conn: Connection, kib: int) -> None:
    """Give a file's connection a page cache of ``kib`` KiB (nothing on a server)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size = -{int(kib)}")


def non_unique_indexes(conn: Connection, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of ``table``'s non-unique indexes that a load may rebuild."""
    if conn.dialect.name != "sqlite":
        return []
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
        (table,),
    ).all()
    return [(str(name), str(sql)) for name, sql in found]


def all_indexes(conn: Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of every index of ``tables`` that a load may rebuild."""
    if conn.dialect.name != "sqlite":
        return []
    marks = ",".join("?" * len(tables))
    found = conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
        f"AND tbl_name IN ({marks})",
        tuple(tables),
    ).all()
    return [(str(name), str(sql)) for name, sql in found]


def ids_taken(conn: Connection, tables: Iterable[str]) -> None:
    """After rows were written with ids of the writer's choosing: a server's id sequence of
    each table (fixed names, never input) moves past the largest id, so the next row a
    service adds gets a new one. A file takes the next id from the table itself.

    Staff may draw from a sequence but not set it, so the sequence is drawn until it
    is there; the write lock keeps every other writer out meanwhile.
    """
    if conn.dialect.name == "sqlite":
        return
    for table in dict.fromkeys(tables):
        sequence = conn.exec_driver_sql(
            "SELECT pg_get_serial_sequence(?, 'id')", (table,)).scalar()
        if sequence is None:
            continue
        conn.exec_driver_sql(
            f"SELECT count(nextval('{sequence}')) FROM generate_series(1, "  # noqa: S608
            f"(SELECT coalesce(max(id), 0) FROM {table}) - "
            f"(SELECT last_value - CASE WHEN is_called THEN 0 ELSE 1 END FROM {sequence}))"
        )

