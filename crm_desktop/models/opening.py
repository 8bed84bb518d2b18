"""Opening a shop file: create, open with a password or the recovery key, unlock again.

Each path unlocks the database key from a key slot (throttled like every
sign-in), finishes a key change an earlier crash cut short, takes the file's
one-writer lock, checks the file, backs it up when its schema is about to change,
migrates it and hands back the open ``Store``.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SADatabaseError

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import backup_before
from crm_desktop.models.errors import StoreError
from crm_desktop.models.services.setup import initialise_file
from crm_desktop.models.store.errors import damaged_file_error, missing_file_error
from crm_desktop.models.store.integrity import check_on_open
from crm_desktop.models.store.keyed_connection import make_engine
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path, new_database_key
from crm_desktop.models.store.lockfile import FileLock
from crm_desktop.models.store.login_throttle import LoginThrottle
from crm_desktop.models.store.migrate import needs_backup_first, upgrade_to_head
from crm_desktop.models.store.pending_key_change import after_unlock
from crm_desktop.models.store.store import Store


def create_store(path: Path, shop_name: str, owner: str, password: str) -> tuple[Store, str]:
    """Make a new encrypted shop file with its owner; returns the store and recovery key."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise StoreError(
            "store.exists",
            f"文件 {path} 已存在，不会覆盖它。",
            f"The file {path} already exists; it will not be overwritten.",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = KeyFile.new()
    db_key = new_database_key()
    recovery = keys.new_recovery(db_key)
    lock = FileLock(path)
    lock.acquire()
    try:
        store = Store(path, make_engine(path, db_key), keys, db_key, lock)
        upgrade_to_head(store)
        initialise_file(store, shop_name, owner, password)
        keys.save(keyfile_path(path))
    except BaseException:
        lock.release()
        for leftover in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            with suppress(FileNotFoundError):
                os.remove(leftover)
        raise
    return store, recovery


def unlock_key(
    path: Path, username: str, password: str, *, lock_held: bool = False
) -> tuple[KeyFile, bytes]:
    """The key file and database key for a sign-in (throttled like every sign-in)."""
    path = Path(path)
    _must_exist(path)
    keys = KeyFile.load(keyfile_path(path))
    with LoginThrottle(path).attempt(username):
        current, staged = keys.unlock_pair(username, password)
    return keys, after_unlock(path, keys, current, staged, lock_held=lock_held)


def open_store(path: Path, username: str, password: str) -> tuple[Store, Actor]:
    """Unlock ``path`` for ``username``; refuses a wrong login, a held lock, a damaged file."""
    keys, db_key = unlock_key(path, username, password)
    store = _open_with_key(Path(path), keys, db_key)
    try:
        actor = store.actor_for(username)
    except BaseException:
        store.close()
        raise
    return store, actor


def open_store_with_recovery(path: Path, recovery_key: str) -> Store:
    """Unlock with the recovery key (every password lost); the caller then sets a new one."""
    path = Path(path)
    _must_exist(path)
    keys = KeyFile.load(keyfile_path(path))
    db_key = after_unlock(path, keys, *keys.unlock_pair_with_recovery(recovery_key))
    return _open_with_key(path, keys, db_key)


def resume_store(store: Store, username: str, password: str) -> None:
    """Unlock a suspended store again with ``username``'s password and reconnect.

    A wrong password raises AuthError (slowed down like a sign-in) and the store
    stays suspended. Does nothing when the store is not suspended.
    """
    if not store.is_suspended:
        return
    # The key file on disk is the one this program saved: reading it again checks the
    # password exactly as signing in does.
    keys, db_key = unlock_key(store.path, username, password, lock_held=True)
    store.rebind(db_key, keys)


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
