"""Put a backup back in place of the live file, keeping what was there, with one-step undo.

Only a proved owner restores: either the caller holds the current file open as a
signed-in owner (``signed_in`` is that store's actor), or, when the current file
cannot be opened, ``signed_in`` is an ``OwnerPassword`` that must unlock the
backup's own key slots as an owner there (``opening.verify_owner``, throttled like
every sign-in). A backup of another shop file is refused unless the caller asked
the user and passes ``other_shop=True`` (``is_other_shop`` tells beforehand).

The live file must be closed: ``restore`` takes its one-writer lock for the whole
swap (a copy of the program still holding the file is refused). What the file
held before is kept as a safety copy in the ``backups`` folder beside it: a
verified backup when the caller passes the open store (it is closed here), or,
when the file cannot be opened (damaged), the file itself moved aside unchanged.
The backup is first copied beside the live file and compared with its checksum;
then stale journal files are removed and the key slots and the file are renamed
into place. The restored file opens with the passwords and the recovery key as
they were when the backup was made. ``undo_restore`` swaps the safety copy back
(and keeps the restored state as the next safety copy, so undo can be undone).
The erasures noted beside the file stay there (a backup's own note is added to
them): the first owner sign-in on the restored file erases again anyone the
backup brought back (``PrivacyService.erase_again``).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup_copy import make_backup
from crm_desktop.models.backup_records import (
    SAFETY_KIND,
    BackupInfo,
    backup_files,
    backup_name,
    check_backup,
    current_file_id,
    default_folder,
    describe_backup,
    file_sha256,
    from_other_shop,
    other_shop_error,
    read_journal,
    write_journal,
    write_manifest,
)
from crm_desktop.models.errors import DomainError, PermissionDenied, StoreError
from crm_desktop.models.opening import verify_owner
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.services.privacy_records import merge_erasures
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from crm_desktop.models.store.lockfile import FileLock
from crm_desktop.models.store.store import Store

COPY_CHUNK = 4 * 1024 * 1024
JOURNALS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class RestoreResult:
    """What was put in place, and where the file's previous state was kept."""

    restored: BackupInfo
    safety: BackupInfo | None
    safety_verified: bool


@dataclass(frozen=True)
class OwnerPassword:
    """An owner's name and password, proved against the backup's own key slots.

    For when the current file cannot be opened; with the file open, the signed-in
    owner's actor is the proof.
    """

    username: str
    password: str = field(repr=False)


def require_owner(actor: Actor) -> None:
    """Backups and restores replace or copy the whole file: the owner's job."""
    if actor.role != "owner":
        raise _owner_only()


def is_other_shop(db_path: Path, info: BackupInfo, *, store: Store | None = None) -> bool:
    """True when the backup ``info`` is of another shop file than the one at ``db_path``.

    The current file's identity comes from the open ``store``, else its key slots,
    else the journal beside it; when none of them says, the backup is not taken as
    another shop's.
    """
    file_id = store.keys.file_id if store is not None else current_file_id(Path(db_path))
    return from_other_shop(info, file_id)


def restore(
    db_path: Path,
    backup_path: Path,
    *,
    signed_in: Actor | OwnerPassword,
    store: Store | None = None,
    other_shop: bool = False,
    progress: ProgressReport = no_progress,
) -> RestoreResult:
    """Replace the file at ``db_path`` by the backup ``backup_path``; the store ends closed.

    Show ``describe_backup(backup_path)`` (and ``is_other_shop``) to the user first.
    ``signed_in`` proves an owner: the actor of the open ``store`` of ``db_path``, whose
    signed role must be owner (a verified backup of the current state is kept), or,
    without a store, an ``OwnerPassword`` of an owner of the backup's own key slots
    (the closed file is moved aside unchanged). ``other_shop=True`` says the user
    agreed to put another shop's backup in place. The store is closed here in every
    case, also on a refusal. Raises ``PermissionDenied`` or ``AuthError`` without
    that proof, ``StoreError`` ("backup.damaged", "store.locked", "restore.other_shop",
    …) with the file unchanged.
    """
    db_path = Path(db_path).absolute()
    backup_path = Path(backup_path).absolute()
    try:
        if backup_path == db_path:
            raise StoreError(
                "restore.same",
                "不能用数据文件本身来恢复它，请选择一个备份。",
                "A file cannot be restored from itself; choose a backup.",
            )
        described = describe_backup(backup_path)
        _prove_owner(db_path, backup_path, signed_in, store)
        if not other_shop and is_other_shop(db_path, described, store=store):
            raise other_shop_error(described, db_path)
        info = check_backup(backup_path)
    except BaseException:
        if store is not None:
            store.close()
        raise
    safety: BackupInfo | None = None
    if store is not None:
        folder = default_folder(db_path)
        folder.mkdir(exist_ok=True)
        out = folder / backup_name(db_path, datetime.now(), SAFETY_KIND)
        try:
            safety = make_backup(store, _free(out), progress, kind=SAFETY_KIND)
        finally:
            store.close()
    lock = FileLock(db_path)
    lock.acquire()
    try:
        staged = _stage(info, db_path, progress)
        try:
            verified = safety is not None
            if safety is None and db_path.exists():
                safety = _move_aside(db_path)
            _swap(staged, backup_path, db_path)
        except BaseException:
            for part in staged:
                part.unlink(missing_ok=True)
            raise
        journal = read_journal(db_path)
        journal["last_restore"] = {
            "at": datetime.now().isoformat(timespec="seconds"),
            "from": str(backup_path),
            "safety": str(safety.path) if safety is not None else None,
        }
        if info.file_id:
            journal["file_id"] = info.file_id
        with contextlib.suppress(OSError):
            write_journal(db_path, journal)
        # Erasures the backup knew of join the file's own note; the note itself stays.
        with contextlib.suppress(OSError):
            merge_erasures(backup_path, db_path)
    finally:
        lock.release()
    return RestoreResult(info, safety, verified)


def undo_restore(
    db_path: Path,
    *,
    signed_in: Actor | OwnerPassword,
    store: Store | None = None,
    progress: ProgressReport = no_progress,
) -> RestoreResult:
    """Put back the state the last restore replaced; ``signed_in`` and ``store`` as for
    ``restore`` (an ``OwnerPassword`` is proved against the safety copy's key slots).

    The state being replaced becomes the new safety copy, so calling this again
    brings the restored backup back.
    """
    db_path = Path(db_path).absolute()
    safety = read_journal(db_path).get("last_restore", {}).get("safety")
    if not safety or not Path(safety).is_file():
        if store is not None:
            store.close()
        raise StoreError(
            "restore.no_undo",
            "没有可以撤销的恢复：找不到恢复前保存的安全副本。",
            "There is no restore to undo: the safety copy kept before it was not found.",
        )
    # What was there before the restore is this place's own file, whichever shop it is.
    return restore(db_path, Path(safety), signed_in=signed_in, store=store, other_shop=True,
                   progress=progress)


def _prove_owner(
    db_path: Path, backup_path: Path, signed_in: Actor | OwnerPassword, store: Store | None
) -> None:
    """Refuse unless ``signed_in`` proves an owner (see ``restore``)."""
    if isinstance(signed_in, OwnerPassword):
        if store is not None:
            # The current file is open: its own signed-in owner decides, not an old backup.
            raise _owner_only()
        verify_owner(backup_path, signed_in.username, signed_in.password)
        return
    if store is None or store.closed or Path(store.path).absolute() != db_path:
        raise _owner_only()
    try:
        actor = store.actor_for(signed_in.username)
    except DomainError as error:
        raise _owner_only() from error
    signs = store.trust.signer(actor.username) is not None or store.keys.roster is None
    if actor.user_id != signed_in.user_id or actor.role != "owner" or not signs:
        raise _owner_only()


def _owner_only() -> PermissionDenied:
    return PermissionDenied(
        "permission.denied",
        "只有店主可以备份和恢复数据文件。",
        "Only the owner may back up or restore the data file.",
    )


def _free(out: Path) -> Path:
    serial = 2
    candidate = out
    while any(part.exists() for part in backup_files(candidate)):
        candidate = out.with_name(out.name.replace(f"_{SAFETY_KIND}.", f"_{SAFETY_KIND}-{serial}."))
        serial += 1
    return candidate


def _stage(info: BackupInfo, db_path: Path, progress: ProgressReport) -> list[Path]:
    """Copy the backup beside the live file and prove the copy has the backup's checksum."""
    staged_db = db_path.with_name(db_path.name + ".restoring")
    staged_keys = keyfile_path(staged_db)
    staged = [staged_keys, staged_db]
    try:
        _copy_file(keyfile_path(info.path), staged_keys, no_progress)
        _copy_file(info.path, staged_db, progress)
        wal = Path(str(info.path) + "-wal")
        if wal.is_file():  # a moved-aside file kept with its unfinished log
            staged.append(Path(str(staged_db) + "-wal"))
            _copy_file(wal, staged[-1], no_progress)
        if file_sha256(staged_db) != info.sha256:
            raise StoreError(
                "restore.copy",
                "复制备份时出错（校验值不符），数据文件没有改动。",
                "Copying the backup went wrong (checksum differs); the data file is unchanged.",
            )
    except BaseException as exc:
        for part in staged:
            part.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StoreError(
                "restore.io",
                f"无法把备份复制到 {db_path.parent}（磁盘已满或没有权限），数据文件没有改动。",
                f"The backup could not be copied to {db_path.parent} (disk full or not "
                "permitted); the data file is unchanged.",
            ) from exc
        raise
    return staged


def _copy_file(src: Path, dst: Path, progress: ProgressReport) -> None:
    total = src.stat().st_size
    done = 0
    with open(src, "rb") as reader, open(dst, "wb") as writer:
        while block := reader.read(COPY_CHUNK):
            writer.write(block)
            done += len(block)
            progress(Progress("restore", done, total))
        writer.flush()
        os.fsync(writer.fileno())


def _move_aside(db_path: Path) -> BackupInfo:
    """Keep the closed (maybe damaged) file and its journals and slots, unchanged, as a safety copy."""
    folder = default_folder(db_path)
    folder.mkdir(exist_ok=True)
    out = _free(folder / backup_name(db_path, datetime.now(), SAFETY_KIND))
    try:
        file_id = KeyFile.load(keyfile_path(db_path)).file_id
    except StoreError:
        file_id = ""
    for suffix in JOURNALS:
        journal = Path(str(db_path) + suffix)
        if journal.exists():
            os.replace(journal, Path(str(out) + suffix))
    if keyfile_path(db_path).exists():
        os.replace(keyfile_path(db_path), keyfile_path(out))
    else:  # an empty slot file keeps the set complete; it opens nothing
        KeyFile(file_id="").save(keyfile_path(out))
    os.replace(db_path, out)
    info = BackupInfo(
        path=out,
        made_at=datetime.now(),
        kind=SAFETY_KIND,
        size_bytes=out.stat().st_size,
        sha256=file_sha256(out),
        file_id=file_id,
        source_name=db_path.name,
        shop_name="",
        schema_revision=None,
        audit_last_id=0,
        verified=False,
        counts={},
    )
    write_manifest(info)
    return info


def _swap(staged: list[Path], backup_path: Path, db_path: Path) -> None:
    staged_keys, staged_db = staged[0], staged[1]
    # A log left beside the live file belongs to the old file: replayed into the
    # restored one it would damage it.
    for suffix in JOURNALS:
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(staged_keys, keyfile_path(db_path))
    if len(staged) > 2:
        os.replace(staged[2], Path(str(db_path) + "-wal"))
    os.replace(staged_db, db_path)
    fd = os.open(db_path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
