"""Changing a shop's rows behind the program's back, as a test of what ``check`` finds.

On a file anyone holding the key can write any row. On a server the staff logins
may not rewrite history, so the change is made as the server's administrator,
the one who could.
"""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text

from crm_desktop.models.store.server_connection import WRITE_LOCK, admin_url
from crm_desktop.models.store.server_store import ServerStore
from crm_desktop.models.store.store import Store


def tamper(store: Store, sql: str) -> None:
    """Run ``sql`` on the shop outside every service: the file's key, or the server's administrator."""
    if not isinstance(store, ServerStore):
        with store.write() as session:
            session.execute(text(sql))
        return
    engine = create_engine(admin_url(os.environ["CRM_TEST_PG_URL"], store.connection.database))
    try:
        with engine.begin() as conn:
            # The server takes history only from a writer holding the writers' lock.
            conn.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": WRITE_LOCK})
            conn.execute(text(sql))
    finally:
        engine.dispose()
