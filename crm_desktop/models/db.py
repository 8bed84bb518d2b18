"""The encrypted store: one SQLCipher file, its key slots, its lock and its engine.

``Store.create`` makes a new shop file; ``Store.open`` unlocks it with a user's
password (or ``Store.open_with_recovery`` with the recovery key), takes the
one-writer lock, runs pending migrations and hands out sessions. The database
key only ever travels as bytes to ``set_key``; it is never put into SQL text.

``suspend`` (the app locks) closes every connection and forgets the key while
keeping the one-writer lock, so no second program opens the file meanwhile;
``resume`` unwraps the key from the user's slot again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool, QueuePool

from crm_desktop.models.errors import AuthError, StoreError
from crm_desktop.models.integrity import check_on_open
from crm_desktop.models.keyslots import KeyFile, keyfile_path, new_database_key
from crm_desktop.models.lockfile import FileLock


@dataclass(frozen=True)
class Actor:
    """The signed-in user every service call acts for."""

    user_id: int
    username: str
    role: str


@dataclass(frozen=True)
class Change:
    """What one service call changed, broadcast after its commit."""

    entity: str
    ids: tuple[int, ...]
    action: str


ChangeListener = Callable[[Change], None]


def _raw_key(db_key: bytes) -> bytes:
    # SQLCipher reads x'<hex>' as a raw key and skips its own KDF: ours already ran.
    return b"x'" + db_key.hex().encode("ascii") + b"'"


def damaged_file_error(path: Path) -> StoreError:
    return StoreError(
        "store.damaged",
        f"数据文件 {path.name} 已损坏或不是本软件的数据文件，无法打开。请从最近的备份恢复。",
        f"The data file {path.name} is damaged or is not a data file of this program. "
        "Restore the latest backup.",
    )


def _make_engine(path: Path, db_key: bytes) -> Engine:
    raw = _raw_key(db_key)

    def connect() -> Any:
        conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
        conn.set_key(raw)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA cache_size = -65536")
        return conn

    # hide_parameters: a failed statement's error text and the engine log never carry the
    # values it was bound to (names, phone and ID numbers).
    engine = create_engine(
        "sqlite://", module=sqlcipher3, creator=connect, poolclass=QueuePool, pool_size=4,
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Writers take the write lock at BEGIN so two debits can never interleave.
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def suspended_error() -> StoreError:
    return StoreError(
        "store.suspended",
        "程序已锁定，请先解锁。",
        "The program is locked. Unlock it first.",
    )


def _refusing_engine() -> Engine:
    # Stands in for the real engine while suspended: code that reaches for store.engine
    # directly gets the same clear sentence instead of a connection.
    def refuse() -> Any:
        raise suspended_error()

    return create_engine("sqlite://", module=sqlcipher3, creator=refuse, poolclass=NullPool)


class Store:
    """An open shop file. Create with ``Store.create`` or ``Store.open``; ``close`` when done."""

    def __init__(self, path: Path, engine: Engine, keys: KeyFile, db_key: bytes, lock: FileLock):
        self.path = path
        self.engine = engine
        self.keys = keys
        self._key: bytes | None = db_key
        self._lock = lock
        self._read_sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            bind=engine.execution_options(write=True), expire_on_commit=False
        )
        self._listeners: list[ChangeListener] = []

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, shop_name: str, owner: str, password: str) -> tuple[Store, str]:
        """Make a new encrypted shop file with its owner; returns the store and recovery key."""
        from crm_desktop.models.services.setup import initialise_file

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
            engine = _make_engine(path, db_key)
            store = cls(path, engine, keys, db_key, lock)
            store.migrate()
            initialise_file(store, shop_name, owner, password)
            keys.save(keyfile_path(path))
        except BaseException:
            lock.release()
            for leftover in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
                with suppress(FileNotFoundError):
                    os.remove(leftover)
            raise
        return store, recovery

    @classmethod
    def unlock_key(
        cls, path: Path, username: str, password: str, *, lock_held: bool = False
    ) -> tuple[KeyFile, bytes]:
        """The key file and database key for a sign-in (throttled like every sign-in)."""
        path = Path(path)
        _must_exist(path)
        keys = KeyFile.load(keyfile_path(path))
        from crm_desktop.models.login_throttle import LoginThrottle
        from crm_desktop.models.rekey import after_unlock

        with LoginThrottle(path).attempt(username):
            current, staged = keys.unlock_pair(username, password)
        return keys, after_unlock(path, keys, current, staged, lock_held=lock_held)

    @classmethod
    def open(cls, path: Path, username: str, password: str) -> tuple[Store, Actor]:
        """Unlock ``path`` for ``username``; refuses a wrong login, a held lock, a damaged file."""
        keys, db_key = cls.unlock_key(path, username, password)
        store = cls._open_with_key(Path(path), keys, db_key)
        try:
            actor = store.actor_for(username)
        except BaseException:
            store.close()
            raise
        return store, actor

    @classmethod
    def open_with_recovery(cls, path: Path, recovery_key: str) -> Store:
        """Unlock with the recovery key (every password lost); the caller then sets a new one."""
        path = Path(path)
        _must_exist(path)
        keys = KeyFile.load(keyfile_path(path))
        from crm_desktop.models.rekey import after_unlock

        db_key = after_unlock(path, keys, *keys.unlock_pair_with_recovery(recovery_key))
        return cls._open_with_key(path, keys, db_key)

    @classmethod
    def _open_with_key(cls, path: Path, keys: KeyFile, db_key: bytes) -> Store:
        lock = FileLock(path)
        lock.acquire()
        try:
            engine = _make_engine(path, db_key)
            try:
                with engine.connect() as conn:
                    problems = check_on_open(conn, path)
            except SADatabaseError as exc:
                engine.dispose()
                raise damaged_file_error(path) from exc
            if problems:
                engine.dispose()
                raise damaged_file_error(path)
            store = cls(path, engine, keys, db_key, lock)
            store.migrate()
        except BaseException:
            lock.release()
            raise
        return store

    # -- suspending (the app is locked) ------------------------------------------------------

    @property
    def _db_key(self) -> bytes:
        if self._key is None:
            raise suspended_error()
        return self._key

    @_db_key.setter
    def _db_key(self, db_key: bytes) -> None:
        self._key = db_key

    @property
    def is_suspended(self) -> bool:
        """True between ``suspend`` and a successful ``resume``."""
        return self._key is None and self._lock.held

    @property
    def closed(self) -> bool:
        """True once ``close`` ran (a restore closes the file): nothing may touch it then."""
        return not self._lock.held

    def suspend(self) -> None:
        """Close every connection and forget the key; the file stays locked for this program.

        Until ``resume`` every read or write refuses with one sentence. A connection a
        worker thread has checked out finishes its statement and is closed when returned.
        Calling it again, or on a closed store, does nothing.
        """
        if self._key is None or self.closed:
            return
        old = self.engine
        self._bind(_refusing_engine())
        self._key = None
        old.dispose()

    def resume(self, username: str, password: str) -> None:
        """Unwrap the key from ``username``'s slot again and reconnect.

        A wrong password raises AuthError (slowed down like a sign-in) and the store
        stays suspended. Does nothing when the store is not suspended.
        """
        if not self.is_suspended:
            return
        # The key file on disk is the one this program saved: reading it again checks the
        # password exactly as signing in does.
        keys, db_key = Store.unlock_key(self.path, username, password, lock_held=True)
        engine = _make_engine(self.path, db_key)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except SADatabaseError as exc:
            engine.dispose()
            raise damaged_file_error(self.path) from exc
        self._key = db_key
        self.keys = keys  # as read and settled now, the same the next sign-in would see
        self._bind(engine)

    def _bind(self, engine: Engine) -> None:
        self.engine = engine
        self._read_sessions.configure(bind=engine)
        self._write_sessions.configure(bind=engine.execution_options(write=True))

    def _refuse_if_suspended(self) -> None:
        if self._key is None:
            raise suspended_error()

    def actor_for(self, username: str) -> Actor:
        from crm_desktop.models.entities import User

        with self.read() as session:
            user = session.scalars(select(User).where(User.username == username)).first()
        if user is None or not user.active:
            raise AuthError(
                "login.inactive",
                "这个账号不存在或已停用。",
                "This account does not exist or has been disabled.",
            )
        return Actor(user.id, user.username, user.role)

    def migrate(self) -> None:
        from crm_desktop.models.migrate import upgrade_to_head

        upgrade_to_head(self)

    # -- sessions ------------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (deferred BEGIN); closing it ends the transaction.

        Objects loaded here stay usable (detached, not expired) after the block.
        """
        self._refuse_if_suspended()
        session = self._read_sessions()
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE): committed on success, rolled back on error."""
        self._refuse_if_suspended()
        session = self._write_sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # -- key slots ---------------------------------------------------------------------------

    def set_password(self, username: str, password: str) -> None:
        self.keys.set_password(username, password, self._db_key)
        self.keys.save(keyfile_path(self.path))

    def remove_slot(self, username: str) -> None:
        self.keys.remove(username)
        self.keys.save(keyfile_path(self.path))

    def new_recovery_key(self) -> str:
        recovery = self.keys.new_recovery(self._db_key)
        self.keys.save(keyfile_path(self.path))
        return recovery

    # -- change broadcast -------------------------------------------------------------------

    def subscribe(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def publish(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- settings ----------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        from crm_desktop.models.entities import Setting

        with self.read() as session:
            row = session.get(Setting, key)
        return default if row is None else json.loads(row.value)

    def close(self) -> None:
        self.engine.dispose()
        self._lock.release()


def _must_exist(path: Path) -> None:
    if not path.exists():
        raise StoreError(
            "store.missing",
            f"找不到数据文件 {path}。",
            f"The data file {path} does not exist.",
        )
    if path.stat().st_size == 0:
        raise damaged_file_error(path)
