"""A shop on a PostgreSQL server: the same ``Store`` interface, with the server behind it.

Opened from a connection file (``server_connection``) with a staff account's own
login. Sessions, the key slots, the change broadcast and the settings behave as a
file's do; the differences stay here:

- the key document lives on the server, read and written only through the
  functions of ``server_schema`` (a clerk sees their own slot and the roster);
- each staff account is a database login: making an account, changing a password
  or removing one changes the login too (``set_login``/``drop_login``);
- a committed change is also sent to the other counters (``NOTIFY``), and changes
  made at other counters arrive from a listening connection and go to the same
  listeners as local ones;
- nothing is locked on this PC: the server serialises the writers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import queue
import threading
import time
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Change
from crm_desktop.models.errors import DomainError
from crm_desktop.models.store.errors import no_file_key_error, server_gone, unreachable_error
from crm_desktop.models.store.keyslots import KeyFile
from crm_desktop.models.store.server_connection import ConnectionFile
from crm_desktop.models.store.store import Store

CHANNEL = "crm_changes"
# NOTIFY carries at most 8000 bytes; a bigger change goes without its id lists (views
# showing those kinds reload whole).
MAX_PAYLOAD = 7000
SCRAM_ITERATIONS = 4096


class _Connected:
    """Stands in for a file's lock: held from opening until ``close``."""

    def __init__(self) -> None:
        self.held = True

    def release(self) -> None:
        self.held = False


class ServerStore(Store):
    """An open shop on a server. Made by ``models.server_opening``; ``close`` when done."""

    def __init__(self, path: Path, conn: ConnectionFile, engine: Engine, keys: KeyFile,
                 shop_key: bytes) -> None:
        super().__init__(path, engine, keys, shop_key, _Connected())  # type: ignore[arg-type]
        self.connection = conn
        self.origin = uuid.uuid4().hex
        self._listening: _Listener | None = None
        self._outbox: queue.Queue[str | None] = queue.Queue()
        self._sender: threading.Thread | None = None

    # -- where and what ----------------------------------------------------------------------

    on_server = True

    @property
    def place(self) -> str:
        return self.connection.place

    def _same_file(self) -> None:
        """Nothing to check: the server is the one place the shop lives."""

    def _unmoved(self) -> bool:
        return True

    def rebind(self, db_key: bytes, keys: KeyFile | None = None) -> None:
        """A file's key change; a server's data is not encrypted by a key of ours."""
        raise no_file_key_error()

    def reconnect(self, engine: Engine, shop_key: bytes, keys: KeyFile) -> None:
        """Connected again after ``suspend`` (the app unlocked with a password)."""
        old = self.engine
        self._key = shop_key
        self.keys = keys
        self._bind(engine)
        old.dispose()

    @contextmanager
    def write(self, *, check_references: bool = True) -> Iterator[Session]:
        """One write transaction, serialised with every other counter's (see the engine)."""
        with super().write(check_references=True) as session:
            yield session

    # -- key slots and logins ----------------------------------------------------------------

    def save_keys(self) -> None:
        with self.engine.begin() as conn:
            conn.exec_driver_sql("SELECT crm_save_key_document(%s)", (self.keys.to_text(),))
        self.keys.upgraded = False

    def set_login(self, username: str, password: str | None, role: str | None) -> None:
        verifier = None if password is None else scram_verifier(password)
        owner = None if role is None else role == "owner"
        with self.engine.begin() as conn:
            conn.exec_driver_sql("SELECT crm_set_login(%s, %s, %s)", (username, verifier, owner))

    def drop_login(self, username: str) -> None:
        with self.engine.begin() as conn:
            conn.exec_driver_sql("SELECT crm_drop_login(%s)", (username,))

    # -- the change broadcast, across counters ---------------------------------------------

    def publish(self, change: Change) -> None:
        super().publish(change)
        if not change.data_changed or self._key is None:
            return
        payload = f"{self.origin} {change.to_json()}"
        if len(payload.encode("utf-8")) > MAX_PAYLOAD:
            bare = Change(change.action, change.entities, data_changed=True,
                          operation_id=change.operation_id)
            payload = f"{self.origin} {bare.to_json()}"
        # Sent from a thread of its own: the clerk's action is done at the commit and does
        # not wait for the other counters to be told.
        if self._sender is None:
            self._sender = threading.Thread(target=self._send, name="crm-server-sender",
                                            daemon=True)
            self._sender.start()
        self._outbox.put(payload)

    def _send(self) -> None:
        while (payload := self._outbox.get()) is not None:
            # The change is committed already: a counter that misses it reloads on its
            # next read.
            with suppress(SADatabaseError, DomainError), self.engine.begin() as conn:
                conn.exec_driver_sql("SELECT pg_notify(%s, %s)", (CHANNEL, payload))
            self._outbox.task_done()

    def listen(self, url: Any) -> None:
        """Hear the other counters' changes (one connection of ``url``'s login, its own
        thread); a later call (another user signed in) replaces the earlier listener."""
        if self._listening is not None:
            self._listening.stop()
        self._listening = _Listener(url, self)
        self._listening.start()

    def heard(self, payload: str) -> None:
        """A change another counter committed: handed to this counter's listeners."""
        origin, _, body = payload.partition(" ")
        if origin == self.origin:
            return
        with suppress(ValueError, KeyError, TypeError):
            super().publish(Change.from_json(body))

    # -- closing -----------------------------------------------------------------------------

    def close(self) -> None:
        if self._sender is not None:
            self._outbox.put(None)  # what is queued goes out first
            self._sender.join(timeout=5)
        if self._listening is not None:
            self._listening.stop()
        super().close()

    def after_failure(self, error: DomainError, operation_id: str) -> DomainError:
        """The sentence for an operation cut off by the server going away: saved or not.

        The operation's id was made at the counter and its audit entry carries it, so
        once the server answers again its presence says whether the commit got through.
        The server is asked for a few seconds; one that stays away had no commit from us
        to keep after the failure was seen, which is the "not saved" the sentence says.
        """
        if not server_gone(error.__cause__ or error):
            return error
        for wait in (0.0, 0.5, 1.0, 2.0):
            time.sleep(wait)
            try:
                with self.engine.connect() as conn:
                    found = conn.exec_driver_sql(
                        "SELECT 1 FROM audit_entries WHERE operation_id = %s",
                        (operation_id,)).first()
                return unreachable_error(saved=found is not None)
            except OperationalError:
                continue
        return unreachable_error(saved=False)


class _Listener:
    """LISTEN on the changes channel from a thread; reconnects after the server comes back."""

    def __init__(self, url: Any, store: ServerStore) -> None:
        self.url = url
        self.store = store
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="crm-server-listener",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=3)

    def _run(self) -> None:
        import psycopg

        conninfo = self.url.render_as_string(hide_password=False).replace(
            "postgresql+psycopg://", "postgresql://")
        while not self._stop.is_set():
            try:
                with psycopg.connect(conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5, stop_after=50):
                            self.store.heard(note.payload)
            except psycopg.Error:
                self._stop.wait(2.0)


def scram_verifier(password: str) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL keeps for ``password`` (RFC 5802/7677).

    Made here so the password itself never travels in a statement or a server log.
    """
    salt = os.urandom(16)
    prepared = unicodedata.normalize("NFKC", password).encode("utf-8")
    salted = hashlib.pbkdf2_hmac("sha256", prepared, salt, SCRAM_ITERATIONS)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${SCRAM_ITERATIONS}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"
