"""A digest of every row of the tables a refused input could have touched, to prove nothing changed."""

from __future__ import annotations

import hashlib

from sqlalchemy import text

from crm_desktop.models.store.store import Store

TABLES = ("customers", "customer_tags", "tags", "cards", "value_entries", "points_entries",
          "count_entries", "purchases", "purchase_lines", "interactions", "feedback",
          "survey_answers", "users", "settings", "audit_entries")


def table_digest(store: Store) -> str:
    """SHA-256 over every row of ``TABLES``, in rowid order."""
    digest = hashlib.sha256()
    with store.read() as session:
        for table in TABLES:
            digest.update(table.encode())
            for row in session.execute(text(f"SELECT * FROM {table} ORDER BY rowid")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
