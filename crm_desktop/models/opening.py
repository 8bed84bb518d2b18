"""Opening a shop file: create, open with a password or the recovery key, unlock again.

Each path unlocks the database key from a key slot (throttled like every
sign-in), finishes a key change an earlier crash cut short, takes the file's
one-writer lock, checks the file, backs it up when its schema is about to change,
migrates it and hands back the open ``Store``. The sign-in itself (which root
to trust, which key signs, which role counts) is ``models.sign_in``.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SADatabaseError

from crm_desktop.models import account_keys
from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import backup_before
from crm_desktop.models.errors import PermissionDenied, StoreError
from crm_desktop.models.rules.validation import check_password, check_username
from crm_desktop.models.server_opening import (
    open_server_store,
    resume_server_store,
    switch_server_user,
)
from crm_desktop.models.services.setup import initialise_file
from crm_desktop.models.sign_in import resume, sign_in
from crm_desktop.models.store.errors import damaged_file_error, missing_file_error
from crm_desktop.models.store.integrity import check_on_open
from crm_desktop.models.store.keyed_connection import make_engine
from crm_desktop.models.store.keyslots import KeyFile, SlotKeys, keyfile_path, new_database_key
from crm_desktop.models.store.lockfile import FileLock
from crm_desktop.models.store.login_throttle import LoginThrottle
from crm_desktop.models.store.migrate import needs_backup_first, upgrade_to_head
from crm_desktop.models.store.pending_key_change import after_unlock
from crm_desktop.models.store.server_connection import is_server_file
from crm_desktop.models.store.server_store import ServerStore
from crm_desktop.models.store.signing import SigningKey
from crm_desktop.models.store.store import Store
from crm_desktop.models.store.trust import Trust, verified_accounts


def create_store(path: Path, shop_name: str, owner: str, password: str) -> tuple[Store, str]:
    """Make a new encrypted shop file with its owner; returns the store and recovery key.

    Never writes over an existing data file or key file: a key file without its data
    file means the data file is missing (moved, on a drive not plugged in), and a new
    key file would lock out the old one for good.
    """
    path = Path(path)
    owner = check_username(owner)
    check_password(password)
    if path.exists() and path.stat().st_size > 0:
        raise StoreError(
            "store.exists",
            f"文件 {path} 已存在，不会覆盖它。",
            f"The file {path} already exists; it will not be overwritten.",
        )
    if keyfile_path(path).exists():
        raise StoreError(
            "store.keys_exist",
            f"{path.name} 的密钥文件还在，但数据文件不见了。不会新建文件覆盖它："
            "请把数据文件放回原处，或从备份恢复。",
            f"The key file of {path.name} is there but the data file is missing. A new file "
            "will not be made over it: put the data file back, or restore a backup.",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = KeyFile.new()
    db_key = new_database_key()
    lock = FileLock(path)
    lock.acquire()
    try:
        store = Store(path, make_engine(path, db_key), keys, db_key, lock)
        root = SigningKey.generate()
        store.trust = Trust(root_public=root.public, root_key=root)
        keys.roster = account_keys.new_roster(store, root)
        account_keys.give_new_keys(store, None, owner, account_keys.OWNER, password)
        recovery = account_keys.new_recovery(store)
        upgrade_to_head(store)
        initialise_file(store, shop_name, owner, password)
        account_keys.sign_roster(store)
        store.before_close.append(lambda: account_keys.sign_roster(store))
    except BaseException:
        lock.release()
        for leftover in (path, keyfile_path(path), Path(str(path) + "-wal"),
                         Path(str(path) + "-shm")):
            with suppress(FileNotFoundError):
                os.remove(leftover)
        raise
    return store, recovery


def unlock_key(
    path: Path, username: str, password: str, *, lock_held: bool = False
) -> tuple[KeyFile, bytes, SlotKeys]:
    """The key file, the database key and what the slot unwrapped, for a sign-in (throttled
    like every sign-in)."""
    path = Path(path)
    _must_exist(path)
    keys = KeyFile.load(keyfile_path(path))
    with LoginThrottle(path).attempt(username):
        opened = keys.open_slot(username, password)
    db_key = after_unlock(path, keys, opened.db_key, opened.next_db_key, lock_held=lock_held)
    return keys, db_key, opened


def open_store(path: Path, username: str, password: str) -> tuple[Store, Actor]:
    """Unlock ``path`` for ``username``; refuses a wrong login, a held lock, a damaged file,
    and an account or key file the owner's signature does not vouch for.

    A server's connection file (``.crmserver``) signs in to the shop on that server.
    """
    if is_server_file(path):
        return open_server_store(path, username, password)
    keys, db_key, opened = unlock_key(path, username, password)
    store = _open_with_key(Path(path), keys, db_key)
    try:
        actor = sign_in(store, username, opened, password)
    except BaseException:
        store.close()
        raise
    return store, actor


def open_store_with_recovery(path: Path, recovery_key: str) -> Store:
    """Unlock with the recovery key (every password lost); the caller then sets a new one.

    The recovery slot holds the root key, so this sign-in may re-key an owner's account.
    """
    path = Path(path)
    _must_exist(path)
    keys = KeyFile.load(keyfile_path(path))
    opened = keys.open_recovery(recovery_key)
    db_key = after_unlock(path, keys, opened.db_key, opened.next_db_key)
    store = _open_with_key(path, keys, db_key)
    if opened.root_private is not None:
        root = SigningKey(opened.root_private)
        if opened.root_public in (None, root.public) and (
            keys.roster is None or keys.roster.verifies(root.public, keys.roster_signature)
        ):
            store.trust = Trust(root_public=root.public, root_key=root)
    return store


def verify_owner(path: Path, username: str, password: str) -> None:
    """Prove ``username`` is an owner of ``path`` (a shop file or a backup) by its own key
    slots and signed roster; AuthError or PermissionDenied with one sentence otherwise.

    Throttled like every sign-in. Nothing is opened or changed.
    """
    path = Path(path)
    keys = KeyFile.load(keyfile_path(path))
    with LoginThrottle(path).attempt(username):
        opened = keys.open_slot(username, password)
    root_public = opened.root_public
    if root_public is None and opened.root_private is not None:
        root_public = SigningKey(opened.root_private).public
    if (
        username not in verified_accounts(keys, root_public)
        or keys.roster is None
        or keys.roster.users[username].role != account_keys.OWNER
    ):
        raise PermissionDenied(
            "owner.not_verified",
            f"“{username}”不是这个文件经签名确认的店主，不能做这项操作。",
            f"'{username}' is not a signed owner of this file; this cannot be done.",
        )


def resume_store(store: Store, username: str, password: str) -> None:
    """Unlock a suspended store again with ``username``'s password and reconnect.

    A wrong password raises AuthError (slowed down like a sign-in) and the store
    stays suspended. Does nothing when the store is not suspended.
    """
    if not store.is_suspended:
        return
    if isinstance(store, ServerStore):
        resume_server_store(store, username, password)
        return
    # The key file on disk is the one this program saved: reading it again checks the
    # password exactly as signing in does.
    keys, db_key, opened = unlock_key(store.path, username, password, lock_held=True)
    store.rebind(db_key, keys)
    resume(store, username, opened)


def switch_user(store: Store, username: str, password: str) -> Actor:
    """Another user takes over the locked ``store``: their slot reopens it, their key signs.

    Throttled like any sign-in; a wrong name or password leaves the store suspended.
    On a server the new user connects with their own login.
    """
    if not store.is_suspended:
        store.suspend()
    if isinstance(store, ServerStore):
        return switch_server_user(store, username, password)
    keys, db_key, opened = unlock_key(store.path, username, password, lock_held=True)
    store.rebind(db_key, keys)
    try:
        return sign_in(store, username, opened, password)
    except BaseException:
        store.suspend()
        raise


def _open_with_key(path: Path, keys: KeyFile, db_key: bytes) -> Store:
    lock = FileLock(path)
    lock.acquire()
    try:
        engine = make_engine(path, db_key)
        try:
            with engine.connect() as conn:
                problems = check_on_open(conn, path)
        except SADatabaseError as exc:
            engine.dispose()
            raise damaged_file_error(path) from exc
        if problems:
            engine.dispose()
            raise damaged_file_error(path)
        store = Store(path, engine, keys, db_key, lock)
        if needs_backup_first(store):
            # An existing file keeps a verified copy of its old schema; when that cannot
            # be made the file is neither migrated nor opened.
            backup_before(store, "migration")
        upgrade_to_head(store)
    except BaseException:
        lock.release()
        raise
    return store


def _must_exist(path: Path) -> None:
    if not path.exists():
        raise missing_file_error(path)
    if path.stat().st_size == 0:
        raise damaged_file_error(path)
