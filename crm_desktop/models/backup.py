"""Backups: the public entry points, and where automatic ones go, when, how many are kept.

``make_backup`` (one verified backup, see ``backup_copy``), ``latest_good_backup``
and ``list_backups`` (see ``backup_records``) are importable from here too.

They go to the folder the owner chose (setting ``backup_dir``, by default
``backups`` beside the file): on close when something changed, daily, and
before a migration, a bulk import or a key change (``backup_before``). The newest
``backup_keep`` automatic ones are kept; older ones are deleted only after the
new one was verified. Safety copies made by a restore are rotated apart.
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from crm_desktop.models.backup_copy import make_backup
from crm_desktop.models.backup_records import (
    AUTO_KINDS,
    SAFETY_KIND,
    BackupInfo,
    backup_files,
    backup_name,
    default_folder,
    known_folders,
    latest_good_backup,
    list_backups,
    remove_backup,
)
from crm_desktop.models.progress import ProgressReport, no_progress
from crm_desktop.models.store.store import Store

__all__ = [
    "BeforeReason", "automatic_backups", "backup_before", "backup_folder",
    "backup_if_due", "backup_keep", "backup_on_close", "known_folders", "latest_good_backup",
    "list_backups", "make_backup", "rotate",
]

BeforeReason = Literal["import", "migration", "rekey"]

DEFAULT_KEEP = 10
DAY = timedelta(days=1)
# A backup stamped this far in the future means the clock went back: make a new one.
CLOCK_SLACK = timedelta(hours=1)
# Unfinished copies left by a crash are swept once they are this old.
STALE_PARTIAL_SECONDS = 3600


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


def _automatic(store: Store, kind: str, progress: ProgressReport) -> BackupInfo:
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


def backup_on_close(store: Store, progress: ProgressReport = no_progress) -> BackupInfo | None:
    """Back up before the file is closed, unless nothing changed since the newest backup.

    "Changed" means a new audit entry: every user action writes exactly one.
    Returns the new backup, or None when the newest one already holds this state.
    """
    backups = automatic_backups(store)
    if backups:
        latest = backups[0]
        with store.engine.connect() as conn:
            last = conn.exec_driver_sql("SELECT max(id) FROM audit_entries").scalar()
        if int(last or 0) == latest.audit_last_id:
            return None
    return _automatic(store, "auto", progress)


def backup_if_due(
    store: Store, now: datetime | None = None, progress: ProgressReport = no_progress
) -> BackupInfo | None:
    """The daily backup: made when the newest automatic one is a day old (or none exists)."""
    now = now or datetime.now()
    backups = automatic_backups(store)
    if backups:
        age = now - backups[0].made_at
        if timedelta(0) - CLOCK_SLACK <= age < DAY:
            return None
    return _automatic(store, "auto", progress)


def backup_before(
    store: Store, reason: BeforeReason, progress: ProgressReport = no_progress
) -> BackupInfo:
    """A verified backup before a risky step: ``"import"``, ``"migration"`` or ``"rekey"``.

    Raises ``StoreError`` when it cannot be made; the caller should then not go on.
    """
    return _automatic(store, f"before-{reason}", progress)
