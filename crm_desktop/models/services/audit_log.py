"""Reading the audit log: one record's history, or the latest entries with filters.

Who may read what: owners and accountants read the whole log (``audit.read``).
A clerk may read the history of a customer or a card — records they open and
work on at the counter anyway — because entries hold no personal values (see
``audit.scrub``) and "who changed this balance, and when?" is a counter
question. Everything else (staff accounts, settings, the log as a whole) stays
with ``audit.read``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.services.base import Service

# Entities whose history any role that can read them may see.
COUNTER_ENTITIES = frozenset({"customer", "card"})


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry: who did which action to which record, and what changed."""

    id: int
    ts: datetime
    user_id: int | None
    username: str
    action: str
    entity: str
    entity_id: int | None
    before: Mapping[str, Any]
    after: Mapping[str, Any]


class AuditService(Service):
    """Read-only access to the audit log."""

    def history(self, entity: str, entity_id: int, limit: int = 200) -> list[AuditRecord]:
        """Everything done to one record, newest first."""
        permission = "customer.read" if entity in COUNTER_ENTITIES else "audit.read"
        with self._read(permission) as session:
            rows = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
                .order_by(AuditEntry.id.desc())
                .limit(limit)
            )
            return [_record(row) for row in rows]

    def recent(
        self,
        limit: int = 100,
        *,
        username: str | None = None,
        action: str | None = None,
        entity: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[AuditRecord]:
        """The latest entries, newest first.

        ``action`` matches exactly or as a prefix ("card." gives every card action);
        ``since`` and ``until`` are whole days, both included.
        """
        with self._read("audit.read") as session:
            query = select(AuditEntry)
            if username:
                query = query.where(AuditEntry.username == username)
            if action:
                query = query.where(AuditEntry.action.startswith(action, autoescape=True))
            if entity:
                query = query.where(AuditEntry.entity == entity)
            if since is not None:
                query = query.where(AuditEntry.ts >= datetime.combine(since, time.min))
            if until is not None:
                next_day = datetime.combine(until + timedelta(days=1), time.min)
                query = query.where(AuditEntry.ts < next_day)
            rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit))
            return [_record(row) for row in rows]


def _record(row: AuditEntry) -> AuditRecord:
    return AuditRecord(
        id=row.id,
        ts=row.ts,
        user_id=row.user_id,
        username=row.username,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        before=json.loads(row.before or "{}"),
        after=json.loads(row.after or "{}"),
    )
