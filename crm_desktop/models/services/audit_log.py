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
from typing import Any, TypeVar

from sqlalchemy import Select, select

from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.services.base import Service

Query = TypeVar("Query", bound=Select[Any])

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


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show or export; None (or "") means any.

    ``action`` matches exactly or as a prefix ("card." gives every card action);
    ``entity_id`` needs ``entity``; ``since`` and ``until`` are whole days, both included.
    """

    username: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: int | None = None
    since: date | None = None
    until: date | None = None


class AuditService(Service):
    """Read-only access to the audit log."""

    def find(self, wanted: AuditFilter, limit: int | None = 500) -> list[AuditRecord]:
        """The entries matching ``wanted``, newest first (``limit`` None: all of them).

        One customer's or card's history is open to every role that reads customers;
        anything wider needs ``audit.read``.
        """
        counter = wanted.entity in COUNTER_ENTITIES and wanted.entity_id is not None
        with self._read("customer.read" if counter else "audit.read") as session:
            query = filtered_query(select(AuditEntry), wanted)
            rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit))
            return [record_of(row) for row in rows]

    def history(self, entity: str, entity_id: int, limit: int = 200) -> list[AuditRecord]:
        """Everything done to one record, newest first."""
        return self.find(AuditFilter(entity=entity, entity_id=entity_id), limit)

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
        return self.find(AuditFilter(username, action, entity, None, since, until), limit)


def filtered_query(query: Query, wanted: AuditFilter) -> Query:
    """``query`` narrowed to the entries ``wanted`` names."""
    if wanted.username:
        query = query.where(AuditEntry.username == wanted.username)
    if wanted.action:
        query = query.where(AuditEntry.action.startswith(wanted.action, autoescape=True))
    if wanted.entity:
        query = query.where(AuditEntry.entity == wanted.entity)
    if wanted.entity_id is not None:
        query = query.where(AuditEntry.entity_id == wanted.entity_id)
    if wanted.since is not None:
        query = query.where(AuditEntry.ts >= datetime.combine(wanted.since, time.min))
    if wanted.until is not None:
        next_day = datetime.combine(wanted.until + timedelta(days=1), time.min)
        query = query.where(AuditEntry.ts < next_day)
    return query


def record_of(row: AuditEntry) -> AuditRecord:
    """One stored entry as an ``AuditRecord`` (its JSON before/after read back)."""
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
