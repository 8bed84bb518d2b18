"""Encrypted, verified backups of the open shop file, by hand and automatically.

``make_backup`` copies the file through SQLite's online backup API into a new
file keyed with the same database key (never a copy of the raw file, which could
catch a write half-way), inside one read transaction so the copy is one moment
of the file even while the counter keeps working. The copy is then opened again
and checked (``cipher_integrity_check``, ``quick_check``, every table's row count
equal to the source's at that moment), hashed, and only then renamed into place
with its key slots and manifest (see ``backup_records``). Any failure removes
every file it started and raises a ``StoreError`` with one sentence; a backup is
never reported made unless it was verified.

Automatic backups go to the folder the owner chose (setting ``backup_dir``, by
default ``backups`` beside the file): on close when something changed, daily,
and before a migration, a bulk import or a key change. The newest
``backup_keep`` automatic ones are kept; older ones are deleted only after the
new one was verified.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import sqlcipher3

from crm_desktop.models.backup_records import (
    AUTO_KINDS,
    SAFETY_KIND,
    BackupInfo,
    backup_files,
    backup_name,
    check_backup,
    default_folder,
    file_sha256,
    list_backups,
    newest,
    remove_backup,
    write_json_atomically,
    write_manifest,
)
from crm_desktop.models.bulk import Progress
from crm_desktop.models.db import Store
from crm_desktop.models.errors import DomainError, StoreError
from crm_desktop.models.keyslots import KeyFile, keyfile_path

ProgressCallback = Callable[[Progress], None]
BeforeReason = Literal["import", "migration", "rekey"]

# Pages copied per backup step (4 MiB): progress moves often, the overhead stays small.
STEP_PAGES = 1024
DEFAULT_KEEP = 10
DAY = timedelta(days=1)
# A backup stamped this far in the future means the clock went back: make a new one.
CLOCK_SLACK = timedelta(hours=1)
# Unfinished copies left by a crash are swept once they are this old.
STALE_PARTIAL_SECONDS = 3600


def raw_key(store: Store) -> bytes:
    """The ``x'…'`` form SQLCipher reads as a raw key (no second key derivation)."""
    return b"x'" + store._db_key.hex().encode("ascii") + b"'"


def connect_keyed(path: Path, key: bytes) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.set_key(key)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


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
    progress: ProgressCallback | None = None,
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
        if progress is not None:
            progress(Progress("verify", 0, 1))
        _verify(partial, raw_key(store), source.counts)
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
        )
        made.append(keyfile_path(out))
        store.keys.save(keyfile_path(out))
        made.append(out)
        os.replace(partial, out)
        made.append(backup_files(out)[2])
        write_manifest(info)
        _sync_folder(out.parent)
        if progress is not None:
            progress(Progress("verify", 1, 1))
    except BaseException as exc:
        for path in made:
            _remove_with_journals(path)
        if isinstance(exc, DomainError) or not isinstance(exc, Exception):
            raise
        raise _backup_failed(exc, out) from exc
    _remember_folder(store.path, out.parent)
    return info


class _Source:
    """What was read from the live file in the same moment as the copy."""

    def __init__(self, conn: Any) -> None:
        self.counts = table_counts(conn)
        self.audit_last_id = int(_one(conn, "SELECT max(id) FROM audit_entries") or 0)
        self.revision: str | None = _one(conn, "SELECT version_num FROM alembic_version")
        name = _one(conn, "SELECT value FROM settings WHERE key = 'shop_name'")
        self.shop_name = str(json.loads(name)) if name is not None else ""


def _copy(
    store: Store, partial: Path, progress: ProgressCallback | None, max_pages: int | None
) -> _Source:
    pooled = store.engine.raw_connection()
    try:
        src: Any = pooled.driver_connection
        # One read transaction: the counts and every copied page show the same moment,
        # and the counter's writes meanwhile neither block nor restart the copy.
        src.execute("BEGIN")
        try:
            source = _Source(src)
            dst = connect_keyed(partial, raw_key(store))
            try:
                if max_pages is not None:
                    dst.execute(f"PRAGMA max_page_count = {int(max_pages)}")

                def step(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(Progress("backup", total - remaining, total))

                src.backup(dst, pages=STEP_PAGES, progress=step)
            finally:
                dst.close()
        finally:
            src.execute("ROLLBACK")
    finally:
        pooled.close()
    return source


def _verify(path: Path, key: bytes, expected: dict[str, int]) -> None:
    conn = connect_keyed(path, key)
    try:
        problems = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
        problems += [
            str(row[0]) for row in conn.execute("PRAGMA quick_check") if str(row[0]) != "ok"
        ]
        if not problems and table_counts(conn) != expected:
            problems.append("row counts differ")
    finally:
        conn.close()
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


# -- where automatic backups go ----------------------------------------------------------------


def _setting(store: Store, key: str) -> Any:
    # Plain SQL: a migration backup runs before the entities match the file's schema.
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT value FROM settings WHERE key = ?", (key,)).first()
    return None if row is None else json.loads(row[0])


def backup_folder(store: Store) -> Path:
    """The owner's backup folder (setting ``backup_dir``), else ``backups`` beside the file."""
    chosen = _setting(store, "backup_dir")
    if not chosen:
        return default_folder(store.path)
    folder = Path(str(chosen)).expanduser()
    return folder if folder.is_absolute() else store.path.parent / folder


def backup_keep(store: Store) -> int:
    try:
        return max(1, int(_setting(store, "backup_keep") or DEFAULT_KEEP))
    except (TypeError, ValueError):
        return DEFAULT_KEEP


def journal_path(db_path: Path) -> Path:
    """``<file>.backups.json``: the folders this file was backed up to, and the last restore."""
    return db_path.with_name(db_path.name + ".backups.json")


def read_journal(db_path: Path) -> dict[str, Any]:
    try:
        data = json.loads(journal_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_journal(db_path: Path, data: dict[str, Any]) -> None:
    write_json_atomically(journal_path(db_path), data)


def _remember_folder(db_path: Path, folder: Path) -> None:
    # Read when the file is damaged and its settings cannot be, to find the backups.
    data = read_journal(db_path)
    folders = [str(f) for f in data.get("folders", [])]
    if str(folder) not in folders:
        data["folders"] = [*folders, str(folder)]
        with contextlib.suppress(OSError):
            write_journal(db_path, data)


def _automatic(store: Store, kind: str, progress: ProgressCallback | None) -> BackupInfo:
    folder = backup_folder(store)
    if folder == default_folder(store.path):
        with contextlib.suppress(OSError):
            folder.mkdir(exist_ok=True)
    _sweep_partials(folder)
    now = datetime.now()
    out = folder / backup_name(store.path, now, kind)
    serial = 2
    while any(part.exists() for part in backup_files(out)):
        out = folder / backup_name(store.path, now, f"{kind}-{serial}")
        serial += 1
    info = make_backup(store, out, progress, kind=kind)
    rotate(folder, store.keys.file_id, backup_keep(store))
    return info


def _sweep_partials(folder: Path) -> None:
    if not folder.is_dir():
        return
    cutoff = time.time() - STALE_PARTIAL_SECONDS
    for partial in folder.glob(".*.crmbak.partial*"):
        with contextlib.suppress(OSError):
            if partial.stat().st_mtime < cutoff:
                partial.unlink()


def rotate(folder: Path, file_id: str, keep: int) -> list[Path]:
    """Delete this file's automatic backups beyond the newest ``keep`` (safety copies apart)."""
    removed: list[Path] = []
    mine = [info for info in list_backups(folder) if info.file_id == file_id]
    for kinds in (AUTO_KINDS, (SAFETY_KIND,)):
        group = [info for info in mine if _base_kind(info.kind) in kinds]
        for old in group[keep:]:
            remove_backup(old.path)
            removed.append(old.path)
    return removed


def _base_kind(kind: str) -> str:
    # "auto-2" (a second backup in the same second) rotates with "auto".
    head, _, tail = kind.rpartition("-")
    return head if tail.isdigit() and head else kind


def automatic_backups(store: Store) -> list[BackupInfo]:
    """This file's automatic backups in its backup folder, newest first."""
    return [
        info
        for info in list_backups(backup_folder(store))
        if info.file_id == store.keys.file_id and _base_kind(info.kind) in AUTO_KINDS
    ]


def backup_on_close(store: Store, progress: ProgressCallback | None = None) -> BackupInfo | None:
    """Back up before the file is closed, unless nothing changed since the newest backup.

    "Changed" means a new audit entry: every user action writes exactly one.
    Returns the new backup, or None when the newest one already holds this state.
    """
    latest = newest(automatic_backups(store), AUTO_KINDS)
    if latest is not None:
        with store.engine.connect() as conn:
            last = conn.exec_driver_sql("SELECT max(id) FROM audit_entries").scalar()
        if int(last or 0) == latest.audit_last_id:
            return None
    return _automatic(store, "auto", progress)


def backup_if_due(
    store: Store, now: datetime | None = None, progress: ProgressCallback | None = None
) -> BackupInfo | None:
    """The daily backup: made when the newest automatic one is a day old (or none exists)."""
    now = now or datetime.now()
    latest = newest(
        [i for i in automatic_backups(store) if _base_kind(i.kind) in AUTO_KINDS], AUTO_KINDS
    )
    if latest is not None:
        age = now - latest.made_at
        if timedelta(0) - CLOCK_SLACK <= age < DAY:
            return None
    return _automatic(store, "auto", progress)


def backup_before(
    store: Store, reason: BeforeReason, progress: ProgressCallback | None = None
) -> BackupInfo:
    """A verified backup before a risky step: ``"import"``, ``"migration"`` or ``"rekey"``.

    Raises ``StoreError`` when it cannot be made; the caller should then not go on.
    """
    return _automatic(store, f"before-{reason}", progress)


# -- finding a good backup when the file is damaged --------------------------------------------


def known_folders(db_path: Path) -> list[Path]:
    """Where backups of ``db_path`` may be: ``backups`` beside it, and every folder used before."""
    db_path = Path(db_path).absolute()
    folders = [default_folder(db_path)]
    for name in read_journal(db_path).get("folders", []):
        folder = Path(str(name))
        if folder not in folders:
            folders.append(folder)
    return folders


def latest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest verified backup of ``db_path`` whose files are whole (checksum compared).

    Works without the password and with the live file damaged: backups are matched
    by the file's identity in its key slots, or by its name when those are lost too.
    """
    db_path = Path(db_path).absolute()
    try:
        file_id: str | None = KeyFile.load(keyfile_path(db_path)).file_id
    except StoreError:
        file_id = None
    candidates = [
        info
        for folder in known_folders(db_path)
        for info in list_backups(folder)
        if info.verified
        and (info.file_id == file_id if file_id else info.source_name == db_path.name)
    ]
    candidates.sort(key=lambda info: info.made_at, reverse=True)
    for info in candidates:
        try:
            return check_backup(info.path)
        except StoreError:
            continue
    return None
