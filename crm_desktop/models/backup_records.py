"""What a backup is on disk, and how to read it without the password.

A backup is three files with one name: the encrypted copy (``….crmbak``, the same
database key as the live file), its key slots (``….crmbak.keys``, the slots as
they were when the backup was made, so it opens with the passwords and the
recovery key of that moment) and a small plain manifest (``….crmbak.manifest.json``:
when, what kind, size, SHA-256 and row counts, no personal data). The manifest is
written last, so a backup without one is unfinished and never listed. Listing and
choosing a backup read only manifests; ``check_backup`` also re-hashes the copy.

Beside the live file, ``<file>.backups.json`` notes every folder it was backed up
to, the file's identity and the last restore, so ``latest_good_backup`` finds the
backups of a file that can no longer be opened (its settings unreadable) and
``from_other_shop`` tells another shop's backup apart even with the key file gone.
A backup may also carry ``….crmbak.erasures``, the erasures noted beside the file
when it was made (see ``services.privacy_records``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from crm_desktop.models.errors import StoreError
from crm_desktop.models.language import current_language
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from crm_desktop.models.store.login_throttle import attempts_path

BACKUP_SUFFIX = ".crmbak"
MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = 1
# The erasures noted beside a shop file, and the copy a backup carries of them.
ERASURES_SUFFIX = ".erasures"
# Written by automatic jobs and rotated (the newest ``backup_keep`` are kept).
AUTO_KINDS = ("auto", "before-import", "before-migration", "before-rekey")
# The state just before a restore; rotated apart from the others.
SAFETY_KIND = "safety"
DEFAULT_FOLDER_NAME = "backups"

# Tables shown when a backup is described, with their Chinese and English words.
SHOWN_COUNTS: tuple[tuple[str, str, str], ...] = (
    ("customers", "位客户", "customers"),
    ("cards", "张会员卡", "cards"),
    ("purchases", "条消费记录", "purchases"),
    ("value_entries", "条储值流水", "stored-value entries"),
    ("points_entries", "条积分流水", "points entries"),
    ("users", "个账号", "user accounts"),
)


@dataclass(frozen=True)
class BackupInfo:
    """One finished backup as its manifest describes it."""

    path: Path
    made_at: datetime
    kind: str
    size_bytes: int
    sha256: str
    file_id: str
    source_name: str
    shop_name: str
    schema_revision: str | None
    audit_last_id: int
    verified: bool
    counts: Mapping[str, int] = field(default_factory=dict)
    # The audit chain's head at the copy, signed by whoever made it (see ``account_keys``).
    anchor: dict[str, Any] | None = None

    def count(self, table: str) -> int:
        return int(self.counts.get(table, 0))

    def summary(self) -> str:
        """Date and counts in one line, in the current language, for a confirmation."""
        when = self.made_at.strftime("%Y-%m-%d %H:%M")
        if current_language() == "zh":
            parts = "，".join(f"{self.count(t)} {zh}" for t, zh, _ in SHOWN_COUNTS)
            return f"{when} 的备份（{_size_text(self.size_bytes)}）：{parts}"
        parts = ", ".join(f"{self.count(t)} {en}" for t, _, en in SHOWN_COUNTS)
        return f"Backup of {when} ({_size_text(self.size_bytes)}): {parts}"


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, size // 1024)} KB"


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def erasures_path(path: Path) -> Path:
    """``<file>.erasures`` beside a shop file or a backup (see ``services.privacy_records``)."""
    return path.with_name(path.name + ERASURES_SUFFIX)


def backup_files(backup: Path) -> tuple[Path, Path, Path]:
    """The copy, its key slots and its manifest (the order they are written in)."""
    return backup, keyfile_path(backup), manifest_path(backup)


def backup_name(source: Path, made_at: datetime, kind: str) -> str:
    """``shop_2025-01-31_183005_auto.crmbak``: sorts by time, says what it is from."""
    return f"{source.stem}_{made_at:%Y-%m-%d_%H%M%S}_{kind}{BACKUP_SUFFIX}"


def default_folder(db_path: Path) -> Path:
    """The ``backups`` folder beside the live file."""
    return db_path.parent / DEFAULT_FOLDER_NAME


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def write_json_atomically(path: Path, data: Mapping[str, Any]) -> None:
    """Write, flush to disk, then rename over ``path``: readers see old or new, never half."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_manifest(info: BackupInfo) -> None:
    data = {
        "format": MANIFEST_FORMAT,
        "made_at": info.made_at.isoformat(),
        "kind": info.kind,
        "size_bytes": info.size_bytes,
        "sha256": info.sha256,
        "file_id": info.file_id,
        "source_name": info.source_name,
        "shop_name": info.shop_name,
        "schema_revision": info.schema_revision,
        "audit_last_id": info.audit_last_id,
        "verified": info.verified,
        "counts": dict(info.counts),
        "anchor": info.anchor,
    }
    write_json_atomically(manifest_path(info.path), data)


def read_manifest(backup: Path) -> BackupInfo | None:
    """The manifest of ``backup``, or None when it is missing or unreadable."""
    try:
        data = json.loads(manifest_path(backup).read_text(encoding="utf-8"))
        return BackupInfo(
            path=backup,
            made_at=datetime.fromisoformat(str(data["made_at"])),
            kind=str(data["kind"]),
            size_bytes=int(data["size_bytes"]),
            sha256=str(data["sha256"]),
            file_id=str(data["file_id"]),
            source_name=str(data["source_name"]),
            shop_name=str(data.get("shop_name", "")),
            schema_revision=data.get("schema_revision"),
            audit_last_id=int(data.get("audit_last_id", 0)),
            verified=bool(data.get("verified", False)),
            counts={str(k): int(v) for k, v in dict(data["counts"]).items()},
            anchor=data.get("anchor") if isinstance(data.get("anchor"), dict) else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_backups(folder: Path) -> list[BackupInfo]:
    """Finished backups in ``folder``, newest first (manifests only: no password needed)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for manifest in folder.glob("*" + BACKUP_SUFFIX + MANIFEST_SUFFIX):
        backup = manifest.with_name(manifest.name[: -len(MANIFEST_SUFFIX)])
        info = read_manifest(backup)
        if info is not None and backup.is_file():
            found.append(info)
    found.sort(key=lambda info: (info.made_at, info.path.name), reverse=True)
    return found


def backup_damaged_error(path: Path) -> StoreError:
    return StoreError(
        "backup.damaged",
        f"备份 {path.name} 不完整或已损坏（文件缺失、大小或校验值不符），不能用它恢复。",
        f"The backup {path.name} is incomplete or damaged (a file is missing or its size or "
        "checksum differs); it cannot be restored.",
    )


def describe_backup(backup: Path) -> BackupInfo:
    """What ``backup`` holds (date, kind, counts), read from its manifest; shown before a restore.

    Raises ``StoreError`` ("backup.damaged") when a file of the set is missing or the
    copy's size differs from the manifest; ``check_backup`` also compares the checksum.
    """
    backup = Path(backup)
    info = read_manifest(backup)
    if info is None or not all(part.is_file() for part in backup_files(backup)):
        raise backup_damaged_error(backup)
    if backup.stat().st_size != info.size_bytes:
        raise backup_damaged_error(backup)
    return info


def check_backup(backup: Path) -> BackupInfo:
    """``describe_backup`` plus the SHA-256 of the copy: proves no byte changed since it was made."""
    info = describe_backup(backup)
    if file_sha256(Path(backup)) != info.sha256:
        raise backup_damaged_error(Path(backup))
    return info


def remove_backup(backup: Path) -> None:
    """Delete a backup set, manifest first so a half-deleted set is never listed."""
    for part in reversed(backup_files(backup)):
        part.unlink(missing_ok=True)
    erasures_path(backup).unlink(missing_ok=True)
    attempts_path(backup).unlink(missing_ok=True)  # sign-ins to the backup before a restore


# -- another shop's backup ----------------------------------------------------------------------


def current_file_id(db_path: Path) -> str | None:
    """The identity of the shop file at ``db_path``: from its key slots, else as last noted.

    None when neither the key file nor the journal beside the file says (a new place).
    """
    db_path = Path(db_path).absolute()
    try:
        return KeyFile.load(keyfile_path(db_path)).file_id or None
    except StoreError:
        noted = read_journal(db_path).get("file_id")
        return str(noted) if noted else None


def from_other_shop(info: BackupInfo, file_id: str | None) -> bool:
    """True when ``info`` is a backup of another shop file than the one with ``file_id``.

    Unknown on either side (a moved-aside file without key slots, a new place) is not
    taken as another shop.
    """
    return bool(file_id) and bool(info.file_id) and info.file_id != file_id


def other_shop_error(info: BackupInfo, db_path: Path) -> StoreError:
    """The sentence naming the shop the backup ``info`` comes from; raised unless confirmed."""
    shop = info.shop_name or info.source_name
    return StoreError(
        "restore.other_shop",
        f"这个备份来自另一个店铺文件（“{shop}”，{info.source_name}），不是 {db_path.name} 的备份："
        "恢复后，当前店铺的数据会被另一家店的数据替换。",
        f"This backup comes from another shop file ('{shop}', {info.source_name}), not from "
        f"{db_path.name}: restoring it replaces this shop's data by another shop's.",
    )


# -- the journal beside the live file, and the latest good backup -------------------------------


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


def remember_folder(db_path: Path, folder: Path, file_id: str = "") -> None:
    """Note ``folder`` (and the file's identity) in the journal: read when the file is damaged
    and its settings cannot be, or its key file is gone."""
    data = read_journal(db_path)
    folders = [str(f) for f in data.get("folders", [])]
    if str(folder) not in folders or (file_id and data.get("file_id") != file_id):
        data["folders"] = list(dict.fromkeys([*folders, str(folder)]))
        if file_id:
            data["file_id"] = file_id
        with contextlib.suppress(OSError):
            write_journal(db_path, data)


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
