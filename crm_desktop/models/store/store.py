"""An open shop file: its engine, sessions, key slots, one-writer lock and change broadcast.

Opening a file (unlocking a slot, checking, migrating) is ``models.opening``;
this class is what it hands back. The database key only ever travels as bytes
to the driver (``keyed_connection``); it is never put into SQL text.

``suspend`` (the app locks) closes every connection and forgets the key while
keeping the one-writer lock, so no second program opens the file meanwhile;
``rebind`` connects again under a key (after unlocking, or after a key change).

Before each write the store makes sure the file at its path is still the one it
opened (same file system entry, same first bytes, which hold the encryption's
salt): a file renamed away or copied over while the program has it open would
otherwise take writes that all report success and are then lost.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Change
from crm_desktop.models.entities import Setting, User
from crm_desktop.models.errors import AuthError, DomainError
from crm_desktop.models.store.errors import (
    damaged_file_error,
    replaced_file_error,
    suspended_error,
)
from crm_desktop.models.store.keyed_connection import make_engine, refusing_engine
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from crm_desktop.models.store.lockfile import FileLock
from crm_desktop.models.store.trust import Trust, roster_verified

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
        self._identity = file_identity(path)
        # Set by the sign-in (``models.sign_in``): the root key and signing keys at hand.
        self.trust = Trust()
        # Run by ``close`` while the file is still open (an owner's sign-in anchors the
        # audit chain's head in the key file here).
        self.before_close: list[Callable[[], None]] = []

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
        self.trust.forget_private_keys()
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
        self._identity = file_identity(self.path)
        old.dispose()

    def _bind(self, engine: Engine) -> None:
        self.engine = engine
        self._read_sessions.configure(bind=engine)
        self._write_sessions.configure(bind=engine.execution_options(write=True))

    def _same_file(self) -> None:
        now = file_identity(self.path)
        known = self._identity
        if known is None or len(known[2]) < 16:
            self._identity = now  # a file being made has no salt on disk until its first write
        elif now != known:
            raise replaced_file_error(self.path)

    def _unmoved(self) -> bool:
        """True while the file at the path is the one opened (``file_identity``)."""
        return file_identity(self.path) == self._identity

    def _before_session(self) -> None:
        if self._key is None:
            raise suspended_error()

    def actor_for(self, username: str) -> Actor:
        """The active user ``username`` as the actor of later calls; refuses an unknown one.

        The role is the one the owner signed in the roster, never the table's alone: a
        role raised in the database outside the program does not count. A file from
        before signatures (no roster yet) uses the table's role until an owner signs in.
        """
        with self.read() as session:
            user = session.scalars(select(User).where(User.username == username)).first()
        if user is None or not user.active:
            raise AuthError(
                "login.inactive",
                "这个账号不存在或已停用。",
                "This account does not exist or has been disabled.",
            )
        roster = self.keys.roster
        if roster is None:
            return Actor(user.id, user.username, user.role)
        signed = roster.users.get(username)
        if signed is None or not roster_verified(self.keys, self.trust.root_public):
            raise AuthError(
                "login.not_vouched",
                "这个账号没有店主的签名（密钥文件被改动过或账号不是店主建立的），不能登录。"
                "请联系店主。",
                "This account is not signed by an owner (the key file was altered, or the "
                "account was not set up by an owner); it cannot sign in. Ask the owner.",
            )
        return Actor(user.id, user.username, signed.role)

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
        self._same_file()
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

    def set_password(self, username: str, password: str) -> None:
        """Seal the key to ``username``'s new password in a file from before signatures
        (a signed file changes slots through ``models.account_keys``)."""
        self.keys.set_password(username, password, self.database_key)
        self.save_keys()

    def save_keys(self) -> None:
        """Write the key slots where this store keeps them (beside the file: ``.keys``)."""
        self.keys.save(keyfile_path(self.path))

    def set_login(self, username: str, password: str | None, role: str | None) -> None:
        """Let ``username`` connect with ``password`` (None: no longer at all).

        A file has no connections to grant, so nothing is done; a server store makes
        or changes the account's own database login.
        """

    def drop_login(self, username: str) -> None:
        """``username`` may no longer connect (nothing to do on a file)."""

    def after_failure(self, error: DomainError, operation_id: str) -> DomainError:
        """The sentence for an operation that failed with ``error`` (a file: as it is)."""
        return error

    on_server = False

    @property
    def place(self) -> str:
        """Where the shop lives, in words for the status bar: the file's path."""
        return str(self.path)

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
        # Not on a file moved or replaced meanwhile: a new connection at the old path would
        # make an empty file there and take the moved file's write-ahead log.
        if self._key is not None and not self.closed and self._unmoved():
            for step in self.before_close:
                with suppress(OSError, DomainError, SADatabaseError):
                    step()
        self.before_close.clear()
        self.engine.dispose()
        self._lock.release()


def file_identity(path: Path) -> tuple[int, int, bytes] | None:
    """Which file is at ``path``: its device, inode and first 16 bytes (None: no file)."""
    try:
        stat = os.stat(path)
        with open(path, "rb") as fh:
            return stat.st_dev, stat.st_ino, fh.read(16)
    except OSError:
        return None


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
