"""Changing the database key (rekey): a new random key for the file, re-sealed to every slot.

Threat model. The case this is for: a member of staff leaves (or a password or
the recovery key leaked) and may have kept a copy of the key file, of the
database file, or of both, and knows their old password. After the owner
removes the account and changes the key:

- the database file is encrypted under a new random key (``PRAGMA rekey``
  through the driver, every page rewritten in one transaction, the write-ahead
  log checkpointed and emptied before and after so no frame under the old key
  stays beside it);
- every remaining slot gets the new key sealed to its own public key (see
  ``keyslots``, format 2), which needs nobody's password; the removed user's
  slot is gone, so nothing in the new key file is sealed to their key pair;
- so their old password with an old copy of the key file yields only the old
  key, which opens neither the file nor any later copy of it; and the new key
  file gives them nothing either.

Only slots the owner-signed roster vouches for take the new key: a slot planted
in the key file, or one whose key was swapped, is dropped and named in the
result; a recovery slot pointed at another key is replaced by a new recovery key
(shown once). The roster then forgets the accounts that were due this change.

Not covered, on purpose: backups made before the change are still under the
old key with the old slots (that is what makes them restorable); whoever must
lose access should not keep one. A remaining user's password stays valid (change
it separately). The recovery key is kept unless the owner asks for a new one;
ask for one when it may have leaked. Someone who can run code on the PC while
the file is open can read it whatever the key.

Crash safety. The key file is written twice: first with the next key beside the
current one in every slot (``changing``), then, after the file's rekey
committed, with the next key alone. An unlock that finds ``changing`` tries both
keys against the file and finishes or forgets the change (``after_unlock``), so
a crash at any moment leaves a file its users can still open. A verified backup
is made first (``backup.backup_before(store, "rekey")``); if it cannot be made,
the key is not changed.
"""

from __future__ import annotations

import contextlib
import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from crm_desktop.models import account_keys
from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import backup_before
from crm_desktop.models.changes import Entity
from crm_desktop.models.errors import ConflictError, StoreError
from crm_desktop.models.operation import perform
from crm_desktop.models.permissions import require
from crm_desktop.models.store.errors import no_file_key_error
from crm_desktop.models.store.keyed_connection import connect_keyed, opens_with, raw_key
from crm_desktop.models.store.keyslots import KeyFile, is_legacy, keyfile_path, new_database_key
from crm_desktop.models.store.store import Store
from crm_desktop.models.store.trust import recovery_verified, verified_accounts


@dataclass(frozen=True)
class RekeyResult:
    """What a key change did: the accounts re-sealed, a new recovery key to show once, the backup."""

    accounts: tuple[str, ...]
    recovery_key: str | None
    backup_path: Path
    # Slots in the key file that the owner's signature did not vouch for: not re-sealed.
    dropped: tuple[str, ...] = ()


def rekey(store: Store, actor: Actor, *, new_recovery_key: bool = False) -> RekeyResult:
    """Give the open file a new random key and re-seal it to every slot (owner only).

    Makes a verified backup first. Returns the accounts re-sealed, the new recovery
    key when one was made (asked for, or the old one was in the old format and could
    not be re-sealed: show it once), and the backup's path. Refuses with one sentence
    when an account still has an old-format slot, when the backup fails, or when the
    disk refuses the rewrite; the file then keeps its old key.
    """
    require(actor, "user.manage")
    if store.on_server:
        raise no_file_key_error()
    keys = store.keys
    if keys.roster is None:
        _refuse_legacy(keys)  # in a signed file a format-1 slot is unvouched: it is dropped
    backup_path = Path(backup_before(store, "rekey").path)
    key_path = keyfile_path(store.path)
    old_key, new_key = store.database_key, new_database_key()
    before = copy.deepcopy((keys.slots, keys.recovery))
    signed = keys.roster is not None
    if signed:
        account_keys.root_key(store)  # the new roster must be signable before anything changes
    root_public = store.trust.root_public
    only = verified_accounts(keys, root_public) if signed else None
    dropped = tuple(sorted(set(keys.slots) - only)) if only is not None else ()
    replace_recovery = signed and keys.recovery is not None and not recovery_verified(
        keys, root_public
    )
    if replace_recovery:
        keys.recovery = None
    keys.stage_key(new_key, only)
    try:
        keys.save(key_path)
    except OSError as exc:
        keys.slots, keys.recovery = before
        keys.changing = False
        raise _key_file_error(store.path, changed=False) from exc
    store.engine.dispose()
    try:
        _rekey_file(store.path, old_key, new_key)
    except BaseException as exc:
        # Trust the file, not the exception: only a rewrite that did not commit is undone.
        if not opens_with(store.path, new_key):
            keys.drop_staged()
            with contextlib.suppress(OSError):
                keys.save(key_path)
            store.rebind(old_key)
            if isinstance(exc, sqlcipher3.Error):
                raise _rekey_failed(exc) from exc
            raise
    keys.commit_staged()
    recovery = None
    store.rebind(new_key)
    renew = new_recovery_key or replace_recovery or (
        keys.recovery is not None and is_legacy(keys.recovery)
    )
    try:
        if signed:
            if renew:
                recovery = account_keys.new_recovery(store)
            assert keys.roster is not None
            keys.roster.rekey_due = []
            account_keys.sign_roster(store)
        else:
            if renew:
                recovery = keys.new_recovery(new_key)
            keys.save(key_path)
    except OSError as exc:
        # The file is on the new key and the key file still holds it as the next key:
        # the next unlock finishes the change. A new recovery key was not kept.
        raise _key_file_error(store.path, changed=True) from exc
    accounts = tuple(sorted(keys.slots))
    with perform(store, actor, "file.rekey", Entity.FILE, "user.manage") as op:
        op.after = {
            "accounts": len(accounts),
            "recovery_key_renewed": recovery is not None,
            "backup": backup_path.name,
            "dropped": len(dropped),
        }
    return RekeyResult(accounts, recovery, backup_path, dropped)


def _refuse_legacy(keys: KeyFile) -> None:
    legacy = keys.legacy_accounts()
    if legacy:
        names = "、".join(legacy)
        raise ConflictError(
            "rekey.old_slots",
            f"账号 {names} 的密码还是旧格式，无法在不知道密码的情况下转交新密钥。"
            "请让他们各登录一次，或由店主为他们重设密码，然后再更换密钥。",
            f"The password slots of {', '.join(legacy)} are in the old format and cannot take "
            "the new key without their passwords. Have each of them sign in once, or reset "
            "their passwords, then change the key.",
        )


def _checkpoint(conn: Any) -> None:
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise sqlcipher3.OperationalError("database is locked")


def _rekey_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    conn = connect_keyed(path, old_key)
    conn.execute("PRAGMA busy_timeout = 5000")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # Frames written under the old key leave the log before the pages are rewritten,
        # and the rewritten ones are folded back into the file at once.
        _checkpoint(conn)
        conn.reset_key(raw_key(new_key))
        # Committed: the log now holds frames under the new key only, so emptying it is
        # tidying; if a reader keeps it busy it is emptied at the next checkpoint.
        with contextlib.suppress(sqlcipher3.Error):
            _checkpoint(conn)
    finally:
        conn.close()


def _rekey_failed(exc: BaseException) -> StoreError:
    text = str(exc).lower()
    if "full" in text:
        return StoreError(
            "rekey.disk_full",
            "磁盘已满，密钥没有更换，数据没有改动。请腾出空间后重试。",
            "The disk is full; the key was not changed and the data is unchanged. Free some "
            "space and try again.",
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            "rekey.busy",
            "数据文件正被使用，密钥没有更换。请关闭其他窗口后重试。",
            "The data file is in use; the key was not changed. Close other windows and try "
            "again.",
        )
    return StoreError(
        "rekey.failed",
        "更换密钥时读写数据文件出错，密钥没有更换，数据没有改动。",
        "The data file could not be rewritten; the key was not changed and the data is "
        "unchanged.",
    )


def _key_file_error(path: Path, *, changed: bool) -> StoreError:
    name = keyfile_path(path).name
    if not changed:
        return StoreError(
            "rekey.key_file",
            f"无法写入密钥文件 {name}，密钥没有更换。请检查磁盘空间和文件权限。",
            f"The key file {name} could not be written; the key was not changed. Check the "
            "free space and the file's permissions.",
        )
    return StoreError(
        "rekey.key_file_after",
        f"密钥已更换，但无法写入密钥文件 {name}。请检查磁盘空间和文件权限；"
        "下次登录时会自动完成，恢复密钥没有更换。",
        f"The key was changed but the key file {name} could not be written. Check the free "
        "space and the file's permissions; the change is completed at the next sign-in, and "
        "the recovery key was not renewed.",
    )
