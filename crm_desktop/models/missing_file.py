"""When the key file of a shop file is here but its data file is not (moved, on a USB drive,
quarantined): put a found data file back once the key file here opens it, list the missing
file's backups, or restore one of them."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from crm_desktop.models.backup_records import (
    BackupInfo,
    current_file_id,
    default_folder,
    known_folders,
    list_backups,
)
from crm_desktop.models.errors import StoreError
from crm_desktop.models.restore import OwnerPassword, RestoreResult, restore
from crm_desktop.models.store.keyed_connection import opens_with
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from crm_desktop.models.store.login_throttle import LoginThrottle


def put_back_found_file(found: Path, path: Path, username: str, password: str) -> Path:
    """Copy the data file ``found`` back to ``path`` once the key file there opens it.

    ``username``'s password unlocks the key file beside ``path`` (throttled like a
    sign-in); the copy is put in place only when that key opens it, so another
    shop's file or an older copy under an earlier key is refused. ``found`` stays
    where it is; a log left beside ``path`` by the missing file is kept aside, not
    replayed into the copy.
    """
    found, path = Path(found).absolute(), Path(path).absolute()
    if path.exists():
        return path
    if not found.is_file():
        raise StoreError("found.none", f"找不到文件 {found}。", f"There is no file {found}.")
    keys = KeyFile.load(keyfile_path(path))
    with LoginThrottle(path).attempt(username):
        opened = keys.open_slot(username, password)
    staged = path.with_name(path.name + ".placing")
    staged_wal, staged_shm = Path(f"{staged}-wal"), Path(f"{staged}-shm")
    try:
        shutil.copyfile(found, staged)
        if Path(f"{found}-wal").is_file():  # its last changes, not yet in the file itself
            shutil.copyfile(Path(f"{found}-wal"), staged_wal)
        if not any(opens_with(staged, key) for key in (opened.db_key, opened.next_db_key) if key):
            raise StoreError(
                "found.not_this_file",
                f"{found.name} 不能用这里的密钥文件打开：它不是这家店的数据文件，或是更换密钥之前的旧副本。"
                "请选择别的文件，或从备份恢复。",
                f"{found.name} does not open with the key file here: it is not this shop's data "
                "file, or an old copy from before a key change. Choose another file, or restore a "
                "backup.",
            )
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for suffix in ("-wal", "-shm"):
            left = Path(f"{path}{suffix}")
            if left.exists():
                os.replace(left, Path(f"{left}.left-behind-{stamp}"))
        if staged_wal.exists():
            os.replace(staged_wal, Path(f"{path}-wal"))
        os.replace(staged, path)
    except OSError as exc:
        raise StoreError(
            "found.copy",
            f"无法把 {found.name} 复制到 {path.parent}（磁盘已满或没有权限），没有改动任何文件。",
            f"{found.name} could not be copied to {path.parent} (disk full or not permitted); no "
            "file was changed.",
        ) from exc
    finally:
        for leftover in (staged, staged_wal, staged_shm):
            leftover.unlink(missing_ok=True)
    return path


def backups_of_missing_file(path: Path) -> list[BackupInfo]:
    """Finished, verified backups of the missing file at ``path``, newest first (by its key file)."""
    path = Path(path).absolute()
    file_id = current_file_id(path)
    found = [
        info
        for folder in known_folders(path)
        for info in list_backups(folder)
        if info.verified and (info.file_id == file_id if file_id else info.source_name == path.name)
    ]
    return sorted(found, key=lambda info: info.made_at, reverse=True)


def restore_missing_file(
    path: Path, backup: Path, username: str, password: str
) -> tuple[RestoreResult, Path]:
    """Put ``backup`` in place of the missing data file, an owner of the backup signing in to it.

    ``restore`` proves the owner against the backup's own key slots and refuses another
    shop's backup. The key file left here is kept as a copy first (the restore puts the
    backup's in its place), so the missing data file still opens should it turn up.
    Returns the result and that copy's path.
    """
    path = Path(path).absolute()
    here = keyfile_path(path)
    kept = default_folder(path) / f"{here.name}.{datetime.now():%Y%m%d-%H%M%S}.kept"
    try:
        kept.parent.mkdir(exist_ok=True)
        shutil.copyfile(here, kept)
    except OSError as exc:
        raise StoreError(
            "found.keep_keys",
            f"无法在 {kept.parent} 保存这里的密钥文件的副本，没有恢复任何内容。",
            f"A copy of the key file here could not be kept in {kept.parent}; nothing was "
            "restored.",
        ) from exc
    try:
        result = restore(path, Path(backup), signed_in=OwnerPassword(username, password))
    except BaseException:
        if keyfile_path(path).exists():  # the key file is still here: no second copy needed
            kept.unlink(missing_ok=True)
        raise
    return result, kept
