"""Member since moves back, never forward: a migrated history must be a true history.

Nobody bought anything or held a card before they were a member, so an imported
purchase (or card) dated before a customer's member-since date moves that date
back to its day, in the import's own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import Connection

from crm_desktop.models.actor import Actor
from crm_desktop.models.excel.customer_writer import iso_dt, lookup


def lower_member_since(
    conn: Connection, actor: Actor, earliest: Mapping[int, date], now: datetime
) -> list[int]:
    """Move customers' member-since back to ``earliest[id]`` where that day is earlier.

    A migrated history must be a true history: nobody bought or held a card before
    they were a member. Never moves a date later. Returns the ids that moved.
    """
    current = lookup(
        conn, "SELECT id, member_since FROM customers WHERE id IN ({marks})", map(str, earliest)
    )
    moved = [
        (day.isoformat(), iso_dt(now), actor.user_id, customer_id)
        for customer_id, since in current
        if (day := earliest[int(customer_id)]) and (not since or day < _as_day(since))
    ]
    if moved:
        conn.exec_driver_sql(
            "UPDATE customers SET member_since = ?, updated_at = ?, updated_by = ?, "
            "version = version + 1 WHERE id = ?",
            moved,
        )
    return [int(m[3]) for m in moved]


def would_lower(conn: Connection, earliest: Mapping[int, date]) -> int:
    """How many customers ``lower_member_since`` would move back (a dry run's count)."""
    current = lookup(
        conn, "SELECT id, member_since FROM customers WHERE id IN ({marks})", map(str, earliest)
    )
    return sum(
        1 for customer_id, since in current
        if not since or earliest[int(customer_id)] < _as_day(since)
    )


def _as_day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
