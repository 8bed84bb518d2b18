"""A person's marketing consent history, read from the audit log: each giving and withdrawing,
on their own customer file and on the files merged into it.

A merge leaves the merged file's entries under its own number, so the person's history
reads the survivor's entries and those of every customer merged into it, in the order
they were recorded. A merge that carried a consent over restates it; when that restates
the consent just listed, it is listed once. The last event always says what the
survivor holds now, so "does this person agree today" is read off the end of the list.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import AuditEntry, Customer
from crm_desktop.models.merge_moves import MERGE_ACTION
from crm_desktop.models.services.privacy_records import ConsentEvent

WITHDRAWN_ACTION = "customer.consent_withdrawn"


def consent_events(
    session: Session, customer_id: int, absorbed: Sequence[int] = ()
) -> tuple[ConsentEvent, ...]:
    """Consent given and withdrawn on ``customer_id`` and the files in ``absorbed`` (those
    merged into it, ``merge_rows.absorbed_ids``), in the order they were recorded."""
    files = (customer_id, *absorbed)
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "customer", AuditEntry.entity_id.in_(files),
               or_(AuditEntry.after.contains('"marketing_consent"'),
                   AuditEntry.action == WITHDRAWN_ACTION))
        .order_by(AuditEntry.id)
    )
    events: list[ConsentEvent] = []
    for entry in entries:
        event = _event_of(entry)
        if event is None:
            continue
        if entry.action == MERGE_ACTION and events and _same(events[-1], event):
            continue  # the merge carried over the consent just listed
        events.append(event)
    if absorbed and events:
        holder = session.get(Customer, customer_id)
        if holder is not None and events[-1].given != bool(holder.marketing_consent):
            restated = _as_merged(session, holder, files)
            if restated is not None:
                events.append(restated)
    return tuple(events)


def _event_of(entry: AuditEntry) -> ConsentEvent | None:
    after = json.loads(entry.after or "{}")
    if not isinstance(after, dict) or "marketing_consent" not in after:
        return None
    given = bool(after["marketing_consent"])
    channel = after.get("consent_channel") if given else after.get("channel")
    # When the consent was given (or withdrawn), as recorded; else when it was recorded.
    stamp = after.get("at") or (after.get("consent_at") if given else None)
    at = _moment(stamp) or entry.ts
    return ConsentEvent(at, given, channel, entry.username, entry.entity_id)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _same(a: ConsentEvent, b: ConsentEvent) -> bool:
    return (a.given, a.channel, a.at) == (b.given, b.channel, b.at)


def _as_merged(
    session: Session, holder: Customer, files: Sequence[int]
) -> ConsentEvent | None:
    """The survivor's consent as the last merge left it, when the list so far ends on a
    merged file's different consent (the merge kept the survivor's own)."""
    merge = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "customer", AuditEntry.entity_id.in_(files),
               AuditEntry.action == MERGE_ACTION)
        .order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    if merge is None:
        return None
    given = bool(holder.marketing_consent)
    at = (holder.consent_at or merge.ts) if given else merge.ts
    return ConsentEvent(at, given, holder.consent_channel if given else None, merge.username,
                        holder.id)
