"""Moving a shop between a file and a server, every row, key and signature as it was.

``upload`` copies an open shop file into a new database on a server: the schema
by the same migrations, then each table's rows with their ids (PostgreSQL's COPY),
the sequences set past them, the name index rebuilt, and the key document as the
file's key slots hold it. Nothing is re-signed: the audit chain, the signatures and
the ledger digests are the file's, so ``check`` on the server verifies the same
history. ``download`` makes a new encrypted shop file from a server, keyed with the
shop key every account's slot already opens, so the same passwords open it.

The database logins are the one thing a file does not hold: the owner who uploads
gets theirs; every other account gets one when an owner sets its password again on
the server (``upload`` names them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select

from crm_desktop.models import search_index
from crm_desktop.models.entities import Base, Customer
from crm_desktop.models.errors import StoreError
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.server_opening import create_database, prepare_schema
from crm_desktop.models.store.keyed_connection import make_engine
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.lockfile import FileLock
from crm_desktop.models.store.migrate import upgrade_to_head
from crm_desktop.models.store.server_connection import ConnectionFile, admin_url, server_engine
from crm_desktop.models.store.server_store import ServerStore
from crm_desktop.models.store.store import Store

BATCH = 5000


def tables() -> list[Table]:
    """The shop's tables, parents before children."""
    return list(Base.metadata.sorted_tables)


def _rows(conn: Connection, table: Table) -> Iterator[list[Any]]:
    result = conn.execute(select(table).order_by(*table.primary_key.columns),
                          execution_options={"stream_results": True, "yield_per": BATCH})
    while batch := result.fetchmany(BATCH):
        yield [list(row) for row in batch]


def upload(
    source: Store, url: str, database: str, conn_file: ConnectionFile, conn_path: Path,
    owner: str, password: str, report: ProgressReport = no_progress,
) -> list[str]:
    """Copy the open shop file ``source`` into the new database ``database``.

    ``url`` is the administrator's; ``owner``/``password`` the uploading owner's, who gets
    a login. Returns the other active accounts, who need a password set on the server.
    """
    create_database(url, database)
    engine = server_engine(admin_url(url, database))
    try:
        prepare_schema(engine, database)
        ordered = tables()
        total = len(ordered)
        with source.engine.connect() as reading, engine.begin() as writing:
            # Rows keep their ids, and a row may point at a later one of its own table (a
            # referrer, a reversal): references are whole only once every row is in.
            writing.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for done, table in enumerate(ordered):
                report(Progress("upload", done, total))
                columns = [c.name for c in table.columns]
                driver = writing.connection.driver_connection
                assert driver is not None
                with driver.cursor().copy(
                    f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
                ) as copy:
                    # The file's values as stored (times as text, flags as 0/1): the server
                    # reads those forms itself, and nothing is converted twice on the way.
                    for row in _stored_rows(reading, table, columns):
                        copy.write_row(row)
                _move_sequence(writing, table)
            names = _indexed_names(reading)
            if names:
                search_index.index_many(writing, names)
            writing.exec_driver_sql("SELECT crm_save_key_document(%s)",
                                    (source.keys.to_text(),))
        target = ServerStore(conn_path, conn_file, engine, source.keys, source.database_key)
        target.set_login(owner, password, "owner")
        report(Progress("upload", total, total))
    finally:
        engine.dispose()
    conn_file.save(conn_path)
    roster = source.keys.roster
    others = sorted(roster.users) if roster is not None else sorted(source.keys.slots)
    return [name for name in others if name != owner]


def _stored_rows(conn: Connection, table: Table, columns: list[str]) -> Iterator[Any]:
    keys = ", ".join(c.name for c in table.primary_key.columns)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {keys}")
    while batch := cursor.fetchmany(BATCH):
        yield from batch
    cursor.close()


def _indexed_names(conn: Connection) -> list[tuple[int, str]]:
    """(id, name) of the customers the name index holds now (not merged, not erased)."""
    indexed = {int(i) for i in conn.exec_driver_sql("SELECT rowid FROM customer_search").scalars()}
    names = conn.execute(select(Customer.id, Customer.name)).all()
    return [(int(i), str(n)) for i, n in names if n and int(i) in indexed]


def _move_sequence(conn: Connection, table: Table) -> None:
    """The table's id sequence past the ids copied in, so the next row gets a new one."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or not keys[0].autoincrement or keys[0].type.python_type is not int:
        return
    column = keys[0].name
    conn.exec_driver_sql(
        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'),"
        f" coalesce((SELECT max({column}) FROM {table.name}), 0) + 1, false)"
    )


def download(source: ServerStore, out: Path, report: ProgressReport = no_progress) -> None:
    """A new encrypted shop file at ``out`` holding everything on the server (an owner's).

    Keyed with the shop key, so every account's slot (``out``.keys) opens it.
    """
    out = Path(out)
    if out.exists() or keyfile_path(out).exists():
        raise StoreError(
            "store.exists",
            f"文件 {out} 已存在，不会覆盖它。",
            f"The file {out} already exists; it will not be overwritten.",
        )
    with source.engine.connect() as reading:
        write_file(reading, out, source, report)
    source.keys.save(keyfile_path(out))


def server_counts(conn: Connection) -> dict[str, int]:
    """Rows of every table of the shop on the server (what a file made from it must hold)."""
    return {table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in tables()}


def write_file(reading: Connection, out: Path, source: ServerStore,
               report: ProgressReport = no_progress) -> None:
    """Write every row ``reading`` sees into a new encrypted file at ``out`` (its schema
    made by the migrations, keyed with the shop key, the name index rebuilt)."""
    lock = FileLock(out)
    lock.acquire()
    engine = make_engine(out, source.database_key)
    try:
        target = Store(out, engine, source.keys, source.database_key, lock)
        upgrade_to_head(target)
        ordered = tables()
        with engine.connect() as writing:
            # As for an upload: references are whole once every row is in (set before BEGIN,
            # where SQLite takes it).
            driver = writing.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys = OFF")
            with writing.begin():
                for done, table in enumerate(ordered):
                    report(Progress("download", done, len(ordered)))
                    for batch in _rows(reading, table):
                        writing.execute(table.insert(), [
                            dict(zip(table.columns.keys(), row, strict=True)) for row in batch])
                names = _indexed_names(reading)
                if names:
                    search_index.index_many(writing, names)
                problems = writing.exec_driver_sql("PRAGMA foreign_key_check").first()
                if problems is not None:
                    raise StoreError(
                        "server.copy_broken",
                        "从服务器复制的数据里有指向不存在记录的引用，没有生成文件。",
                        "The data copied from the server refers to records that are not "
                        "there; no file was made.",
                    )
        report(Progress("download", len(ordered), len(ordered)))
    finally:
        engine.dispose()
        lock.release()
        Path(str(out) + ".lock").unlink(missing_ok=True)
