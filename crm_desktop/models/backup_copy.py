"""One verified, encrypted backup of the open shop file (``make_backup``).

The file is copied through SQLite's online backup API into a new file keyed with
the same database key (never a copy of the raw file, which could catch a write
half-way), inside one read transaction so the copy is one moment of the file
even while the counter keeps working. The copy is then opened again and checked
(``cipher_integrity_check``, ``quick_check``, every table's row count equal to
the source's at that moment), hashed, and only then renamed into place with its
key slots, a copy of the erasures noted beside the file (so a restore elsewhere
still knows them) and its manifest (see ``backup_records``). Any failure removes every file
it started and raises a ``StoreError`` with one sentence; a backup is never
reported made unless it was verified. Callers import it from ``backup``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from crm_desktop.models.account_keys import signed_anchor
from crm_desktop.models.backup_records import (
    BackupInfo,
    backup_files,
    erasures_path,
    file_sha256,
    remember_folder,
    write_manifest,
)
from crm_desktop.models.errors import DomainError, StoreError
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.server_copy import server_counts, write_file
from crm_desktop.models.services.privacy_records import read_erasures, write_erasures
from crm_desktop.models.store.keyed_connection import connect_keyed
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.roster import Anchor
from crm_desktop.models.store.server_store import ServerStore
from crm_desktop.models.store.store import Store

# Pages copied per backup step (4 MiB): progress moves often, the overhead stays small.
STEP_PAGES = 1024


# -- the copy ----------------------------------------------------------------------------------


def table_counts(conn: Any) -> dict[str, int]:
    """Rows of every ordinary table (full-text tables through their shadow tables)."""
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
    ]
    counts: dict[str, int] = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        counts[name] = int(conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])
    return counts


def _one(conn: Any, sql: str) -> Any:
    try:
        row = conn.execute(sql).fetchone()
    except sqlcipher3.OperationalError:  # a table an old schema does not have yet
        return None
    return None if row is None else row[0]


def make_backup(
    store: Store,
    out_path: Path,
    progress: ProgressReport = no_progress,
    *,
    kind: str = "manual",
    max_pages: int | None = None,
) -> BackupInfo:
    """Write a verified encrypted backup of ``store`` to ``out_path`` (with its .keys and manifest).

    ``progress`` gets ``Progress("backup", pages_done, pages_total)`` while copying and
    ``Progress("verify", …)`` while checking; raising from it (a cancel) stops the backup
    and leaves nothing behind. ``max_pages`` caps the copy's size in pages (the room
    on the target medium); a copy that needs more fails like a full disk. Raises
    ``StoreError`` with one sentence when the backup could not be made and verified.
    """
    out = Path(out_path).absolute()
    if any(part.exists() for part in backup_files(out)):
        raise StoreError(
            "backup.exists",
            f"备份文件 {out.name} 已存在，不会覆盖它。请换一个文件名。",
            f"The backup file {out.name} already exists and will not be overwritten; "
            "choose another name.",
        )
    partial = out.with_name(f".{out.name}.partial")
    made: list[Path] = []
    try:
        _create_empty(partial, out.parent)
        made.append(partial)
        source = _copy(store, partial, progress, max_pages)
        progress(Progress("verify", 0, 1))
        _verify(partial, store.database_key, source.counts)
        info = BackupInfo(
            path=out,
            made_at=datetime.now(),
            kind=kind,
            size_bytes=partial.stat().st_size,
            sha256=file_sha256(partial),
            file_id=store.keys.file_id,
            source_name=store.path.name,
            shop_name=source.shop_name,
            schema_revision=source.revision,
            audit_last_id=source.audit_last_id,
            verified=True,
            counts=source.counts,
            anchor=signed_anchor(
                store, Anchor(source.audit_last_id, source.audit_last_hash, source.audit_count)
            ) if source.audit_last_id else None,
        )
        made.append(keyfile_path(out))
        store.keys.save(keyfile_path(out))
        noted = read_erasures(store.path)
        if noted:
            made.append(erasures_path(out))
            write_erasures(out, noted)
        made.append(out)
        os.replace(partial, out)
        made.append(backup_files(out)[2])
        write_manifest(info)
        _sync_folder(out.parent)
        progress(Progress("verify", 1, 1))
    except BaseException as exc:
        for path in made:
            _remove_with_journals(path)
        if isinstance(exc, DomainError) or not isinstance(exc, Exception):
            raise
        raise _backup_failed(exc, out) from exc
    remember_folder(store.path, out.parent, store.keys.file_id)
    return info


class _Source:
    """What was read from the live file in the same moment as the copy."""

    def __init__(self, conn: Any, counts: dict[str, int] | None = None) -> None:
        self.counts = table_counts(conn) if counts is None else counts
        self.audit_last_id = int(_one(conn, "SELECT max(id) FROM audit_entries") or 0)
        self.audit_last_hash = str(
            _one(conn, "SELECT hash FROM audit_entries ORDER BY id DESC LIMIT 1") or ""
        )
        self.audit_count = int(_one(conn, "SELECT count(*) FROM audit_entries") or 0)
        self.revision: str | None = _one(conn, "SELECT version_num FROM alembic_version")
        name = _one(conn, "SELECT value FROM settings WHERE key = 'shop_name'")
        self.shop_name = str(json.loads(name)) if name is not None else ""


def _copy(
    store: Store, partial: Path, progress: ProgressReport, max_pages: int | None
) -> _Source:
    if isinstance(store, ServerStore):
        return _copy_from_server(store, partial, progress)
    pooled = store.engine.raw_connection()
    try:
        src: Any = pooled.driver_connection
        # One read transaction: the counts and every copied page show the same moment,
        # and the counter's writes meanwhile neither block nor restart the copy.
        src.execute("BEGIN")
        try:
            source = _Source(src)
            dst = connect_keyed(partial, store.database_key)
            try:
                if max_pages is not None:
                    dst.execute(f"PRAGMA max_page_count = {int(max_pages)}")

                def step(_status: int, remaining: int, total: int) -> None:
                    progress(Progress("backup", total - remaining, total))

                src.backup(dst, pages=STEP_PAGES, progress=step)
            finally:
                dst.close()
        finally:
            src.execute("ROLLBACK")
    finally:
        pooled.close()
    return source


def _copy_from_server(store: ServerStore, partial: Path, progress: ProgressReport) -> _Source:
    """A server's shop written into an encrypted file keyed with the shop key, read in one
    snapshot (repeatable read: the counts and every row show the same moment)."""
    partial.unlink()  # the file is made new by the migrations
    with store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            source = _Source(conn.connection.driver_connection, server_counts(conn))
            write_file(conn, partial, store, progress)
    return source


def _cipher_problems(path: Path, key: bytes) -> list[str]:
    conn = connect_keyed(path, key)
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
    finally:
        conn.close()


def _verify(path: Path, key: bytes, expected: dict[str, int]) -> None:
    # The page-by-page cipher check and the structure check each read the whole copy; the
    # driver lets go of the interpreter while SQLite works, so they run side by side on
    # two connections (the owner waits for this when the program closes).
    with ThreadPoolExecutor(max_workers=1) as pool:
        cipher = pool.submit(_cipher_problems, path, key)
        conn = connect_keyed(path, key)
        try:
            problems = [
                str(row[0]) for row in conn.execute("PRAGMA quick_check") if str(row[0]) != "ok"
            ]
            found = table_counts(conn)
            if expected.keys() < found.keys():  # a server's copy: its index is made anew
                found = {name: found[name] for name in expected}
            if not problems and found != expected:
                problems.append("row counts differ")
        finally:
            conn.close()
        problems += cipher.result()
    for leftover in ("-wal", "-shm"):
        Path(str(path) + leftover).unlink(missing_ok=True)
    if problems:
        raise StoreError(
            "backup.unverified",
            "备份写入后校验没有通过，没有留下不完整的备份。请换一个位置再试。",
            "The backup did not pass its check after writing; nothing was left behind. "
            "Try another place.",
        )


def _create_empty(path: Path, folder: Path) -> None:
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(folder))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    # The renames survive a power cut only once the folder itself is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _is_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return True
    return isinstance(exc, sqlcipher3.Error) and "full" in str(exc).lower()


def _backup_failed(exc: BaseException, out: Path) -> StoreError:
    if _is_full(exc):
        return StoreError(
            "backup.full",
            f"磁盘已满，备份没有完成（{out.parent}），没有留下不完整的备份。请腾出空间或换一个位置。",
            f"The disk is full; the backup was not made ({out.parent}) and nothing was left "
            "behind. Free some space or choose another place.",
        )
    if isinstance(exc, OSError):
        return StoreError(
            "backup.folder",
            f"无法在文件夹 {out.parent} 中写入备份（不存在、只读或没有权限；U 盘是否已插好？），"
            "没有留下不完整的备份。",
            f"The backup cannot be written in the folder {out.parent} (it does not exist, is "
            "read-only or not permitted; is the USB drive plugged in?); nothing was left behind.",
        )
    return StoreError(
        "backup.failed",
        "读写文件时出错，备份没有完成，没有留下不完整的备份。",
        "A read or write failed; the backup was not made and nothing was left behind.",
    )
