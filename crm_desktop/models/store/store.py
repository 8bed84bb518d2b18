"""An open shop file: its engine, sessions, key slots, one-writer lock and change broadcast.

Opening a file (unlocking a slot, checking, migrating) is ``models.opening``;
this class is what it hands back. The database key only ever travels as bytes
to the driver (``keyed_connection``); it is never put into SQL text.

``suspend`` (the app locks) closes every connection and forgets the key while
keeping the one-writer lock, so no second program opens the file meanwhile;
``rebind`` connects again under a key (after unlocking, or after a key change).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Change
from crm_desktop.models.entities import Setting, User
from crm_desktop.models.errors import AuthError
from crm_desktop.models.store.errors import damaged_file_error, suspended_error
from crm_desktop.models.store.keyed_connection import make_engine, refusing_engine
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from crm_desktop.models.store.lockfile import FileLock

ChangeListener = Callable[[Change], None]


class Store:
    """An open shop file. Made by ``models.opening``; ``close`` when done."""

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

    # -- the key ------------------------------------------------------------------------------

    @property
    def database_key(self) -> bytes:
        """The file's raw key, for the paths that key a copy or change it; never shown."""
        if self._key is None:
            raise suspended_error()
        return self._key

    @property
    def is_suspended(self) -> bool:
        """True between ``suspend`` and the next ``rebind``."""
        return self._key is None and self._lock.held

    @property
    def closed(self) -> bool:
        """True once ``close`` ran (a restore closes the file): nothing may touch it then."""
        return not self._lock.held

    def suspend(self) -> None:
        """Close every connection and forget the key; the file stays locked for this program.

        Until ``rebind`` every read or write refuses with one sentence. A connection a
        worker thread has checked out finishes its statement and is closed when returned.
        Calling it again, or on a closed store, does nothing.
        """
        if self._key is None or self.closed:
            return
        old = self.engine
        self._bind(refusing_engine())
        self._key = None
        old.dispose()

    def rebind(self, db_key: bytes, keys: KeyFile | None = None) -> None:
        """Connect again under ``db_key`` (and ``keys`` as read now), closing the old engine.

        Refuses with the damaged-file sentence, keeping the old engine, when the key
        does not read the file.
        """
        engine = make_engine(self.path, db_key)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except SADatabaseError as exc:
            engine.dispose()
            raise damaged_file_error(self.path) from exc
        old = self.engine
        self._key = db_key
        if keys is not None:
            self.keys = keys
        self._bind(engine)
        old.dispose()

    def _bind(self, engine: Engine) -> None:
        self.engine = engine
        self._read_sessions.configure(bind=engine)
        self._write_sessions.configure(bind=engine.execution_options(write=True))

    def _before_session(self) -> None:
        if self._key is None:
            raise suspended_error()

    def actor_for(self, username: str) -> Actor:
        """The active user ``username`` as the actor of later calls; refuses an unknown one."""
        with self.read() as session:
            user = session.scalars(select(User).where(User.username == username)).first()
        if user is None or not user.active:
            raise AuthError(
                "login.inactive",
                "这个账号不存在或已停用。",
                "This account does not exist or has been disabled.",
            )
        return Actor(user.id, user.username, user.role)

    # -- sessions ------------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (deferred BEGIN); closing it ends the transaction.

        Objects loaded here stay usable (detached, not expired) after the block.
        """
        self._before_session()
        session = self._read_sessions()
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def write(self, *, check_references: bool = True) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE): committed on success, rolled back on error.

        ``check_references=False`` turns the foreign-key checks off for this one
        transaction (bulk rows whose references are right by construction). The pragma
        only takes effect outside a transaction, so it is set before BEGIN and set back
        after the commit or rollback, before the connection returns to the pool.
        """
        self._before_session()
        if check_references:
            with _committed(self._write_sessions()) as session:
                yield session
            return
        with self.engine.connect() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys = OFF")
            try:
                bound = conn.execution_options(write=True)
                with _committed(Session(bind=bound, expire_on_commit=False)) as session:
                    yield session
            finally:
                if conn.in_transaction():
                    conn.rollback()
                driver.execute("PRAGMA foreign_keys = ON")

    # -- key slots ---------------------------------------------------------------------------

    def set_password(self, username: str, password: str, *, save: bool = True) -> None:
        """Seal the key to ``username``'s new password; ``save=False`` leaves the key file alone."""
        self.keys.set_password(username, password, self.database_key)
        if save:
            self.keys.save(keyfile_path(self.path))

    def remove_slot(self, username: str) -> None:
        self.keys.remove(username)
        self.keys.save(keyfile_path(self.path))

    def new_recovery_key(self) -> str:
        recovery = self.keys.new_recovery(self.database_key)
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
        with self.read() as session:
            row = session.get(Setting, key)
        return default if row is None else json.loads(row.value)

    def close(self) -> None:
        self.engine.dispose()
        self._lock.release()


@contextmanager
def _committed(session: Session) -> Iterator[Session]:
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
