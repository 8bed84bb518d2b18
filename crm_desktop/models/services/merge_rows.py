"""The SQL of a merge: move every row of one customer to another, put them back, and tell
whether anything touched them in between.

Each function runs inside the caller's transaction (the merge or undo operation)
on its connection, and returns exactly which rows it moved, so the operation's
signed audit entry can list them (``models.merge_moves``). Table names come from
``MOVED_TABLES``, never from input. Ids travel in chunks that stay under SQLite's
limit on bound values.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from crm_desktop.models.merge_moves import CARD_ROUTED, DIRECT, MOVED_TABLES, MergeRecord
from crm_desktop.models.services import merge_sql

CHUNK = 500
# Actions that only read (their entry says who looked); they do not block an undo.
READ_ACTIONS = frozenset({"customer.reveal", "customer.export_person", "audit.export",
                          "export.full_numbers"})
# Records whose audit entries name them by id, with the table holding their customer.
_RECORD_TABLES = {"interaction": "interactions", "feedback": "feedback",
                  "survey": "survey_answers", "purchase": "purchases", "card": "cards"}


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _returned(conn: Connection, sql: str, params: tuple[Any, ...]) -> tuple[int, ...]:
    return tuple(sorted(int(row[0]) for row in conn.exec_driver_sql(sql, params)))


def move_all(conn: Connection, source: int, target: int) -> dict[str, tuple[int, ...]]:
    """Give every row of ``source`` to ``target``; the ids moved, per table.

    Ledgers and tier changes are found through the source's cards (their index is on
    the card), so they move before the cards; a moved card is a changed card (version).
    """
    rows: dict[str, tuple[int, ...]] = {}
    for table in CARD_ROUTED:
        rows[table] = _returned(
            conn,
            f"UPDATE {table} SET customer_id = ? WHERE card_id IN "
            "(SELECT id FROM cards WHERE customer_id = ?) AND customer_id = ? RETURNING id",
            (target, source, source),
        )
    for table in DIRECT:
        rows[table] = _returned(
            conn, f"UPDATE {table} SET customer_id = ? WHERE customer_id = ? RETURNING id",
            (target, source),
        )
    rows["cards"] = _returned(
        conn, "UPDATE cards SET customer_id = ?, version = version + 1 WHERE customer_id = ? "
        "RETURNING id", (target, source),
    )
    return rows


def move_back(conn: Connection, rows: dict[str, tuple[int, ...]], target: int) -> None:
    """Give exactly the rows listed to ``target`` (an undo)."""
    for table in MOVED_TABLES:
        bump = ", version = version + 1" if table == "cards" else ""
        for part in _chunks(rows.get(table, ())):
            conn.exec_driver_sql(
                f"UPDATE {table} SET customer_id = ?{bump} WHERE id IN ({_marks(len(part))})",
                (target, *part),
            )


def move_referrals(conn: Connection, source: int, target: int) -> tuple[int, ...]:
    """Customers referred by ``source`` are referred by ``target`` now (not the pair itself)."""
    return _returned(
        conn, "UPDATE customers SET referrer_id = ?, version = version + 1 "
        "WHERE referrer_id = ? AND id NOT IN (?, ?) RETURNING id", (target, source, source, target),
    )


def set_referrer(conn: Connection, ids: Sequence[int], referrer: int) -> None:
    for part in _chunks(ids):
        conn.exec_driver_sql(
            "UPDATE customers SET referrer_id = ?, version = version + 1 "
            f"WHERE id IN ({_marks(len(part))})", (referrer, *part),
        )


def move_dismissals(conn: Connection, source: int, target: int) -> tuple[tuple[int, int, int], ...]:
    """Pairs the owner called "not the same person" follow the merged customer to the survivor,
    unless the survivor already has that pair; (id, low, high) of each moved, as before."""
    moved: list[tuple[int, int, int]] = []
    found = conn.exec_driver_sql(
        "SELECT id, low_id, high_id FROM duplicate_dismissals WHERE low_id = ? OR high_id = ? "
        "ORDER BY id", (source, source),
    ).all()
    for row_id, low, high in found:
        partner = high if low == source else low
        if partner in (source, target):
            continue
        new_low, new_high = sorted((target, partner))
        taken = conn.exec_driver_sql(
            "SELECT 1 FROM duplicate_dismissals WHERE low_id = ? AND high_id = ?",
            (new_low, new_high),
        ).first()
        if taken is None:
            conn.exec_driver_sql(
                "UPDATE duplicate_dismissals SET low_id = ?, high_id = ? WHERE id = ?",
                (new_low, new_high, row_id),
            )
            moved.append((int(row_id), int(low), int(high)))
    return tuple(moved)


def restore_dismissals(conn: Connection, moved: Sequence[tuple[int, int, int]]) -> None:
    for row_id, low, high in moved:
        conn.exec_driver_sql(
            "UPDATE duplicate_dismissals SET low_id = ?, high_id = ? WHERE id = ?",
            (low, high, row_id),
        )


def tops(conn: Connection) -> dict[str, int]:
    """The largest id of each moved table and of the feedback steps, now."""
    return {
        table: int(conn.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0)
        for table in (*MOVED_TABLES, "feedback_events")
    }


def card_versions(conn: Connection, customer_id: int) -> dict[int, int]:
    return {
        int(card_id): int(version) for card_id, version in conn.exec_driver_sql(
            "SELECT id, version FROM cards WHERE customer_id = ?", (customer_id,)
        )
    }


def tag_ids(conn: Connection, customer_id: int) -> tuple[int, ...]:
    return tuple(sorted(int(r[0]) for r in conn.exec_driver_sql(
        "SELECT tag_id FROM customer_tags WHERE customer_id = ?", (customer_id,)
    )))


def absorbed_ids(conn: Connection, customer_id: int) -> tuple[int, ...]:
    """Customers merged into this one, directly or through earlier merges, still merged.

    Their rows are this customer's now, but their audit history (consent given, who
    changed what) and the values that did not survive stay under their own numbers:
    a person's export, consent history and erasure read these too. Found through the
    merge entries of the audit log (indexed by record), not a scan of every customer.
    """
    found: list[int] = []
    waiting = [customer_id]
    while waiting:
        survivor = waiting.pop()
        for cid in merge_sql.merged_into(conn, survivor):
            if cid not in found and cid != customer_id:
                found.append(cid)
                waiting.append(cid)
    return tuple(sorted(found))


def what_changed_since(conn: Connection, record: MergeRecord, entry_id: int) -> str | None:
    """The first thing that touched the survivor or a moved row after the merge; None if nothing.

    Words are keys the service turns into a sentence: "cards", "rows:<table>",
    "moved:<table>", "referrals", "tags", "audit:<action>".
    """
    keep, other = record.keep, record.other
    if card_versions(conn, keep) != dict(record.cards) or card_versions(conn, other):
        return "cards"
    cards = tuple(record.cards)
    for table in CARD_ROUTED:
        for part in _chunks(cards):
            if conn.exec_driver_sql(
                f"SELECT 1 FROM {table} WHERE card_id IN ({_marks(len(part))}) AND id > ? LIMIT 1",
                (*part, record.tops.get(table, 0)),
            ).first():
                return f"rows:{table}"
    for table in DIRECT:
        if conn.exec_driver_sql(
            f"SELECT 1 FROM {table} WHERE customer_id IN (?, ?) AND id > ? LIMIT 1",
            (keep, other, record.tops.get(table, 0)),
        ).first():
            return f"rows:{table}"
    if conn.exec_driver_sql(
        "SELECT 1 FROM feedback_events WHERE id > ? AND feedback_id IN "
        "(SELECT id FROM feedback WHERE customer_id IN (?, ?)) LIMIT 1",
        (record.tops.get("feedback_events", 0), keep, other),
    ).first():
        return "rows:feedback_events"
    for table in MOVED_TABLES:
        ids = record.rows.get(table, ())
        if _count_at(conn, table, "customer_id", ids, keep) != len(ids):
            return f"moved:{table}"
    if _count_at(conn, "customers", "referrer_id", record.referrals, keep) != len(record.referrals):
        return "referrals"
    if set(tag_ids(conn, keep)) != set(record.keep_tags) | set(record.other_tags):
        return "tags"
    return _later_entry(conn, record, entry_id)


def _count_at(conn: Connection, table: str, column: str, ids: Sequence[int], owner: int) -> int:
    total = 0
    for part in _chunks(ids):
        total += int(conn.exec_driver_sql(
            f"SELECT count(*) FROM {table} WHERE {column} = ? AND id IN ({_marks(len(part))})",
            (owner, *part),
        ).scalar() or 0)
    return total


def _later_entry(conn: Connection, record: MergeRecord, entry_id: int) -> str | None:
    """An audit entry after the merge that wrote to either customer or to a row of theirs."""
    pair = (record.keep, record.other)
    owned = " OR ".join(
        f"(a.entity = '{entity}' AND a.entity_id IN "
        f"(SELECT id FROM {table} WHERE customer_id IN (?, ?)))"
        for entity, table in _RECORD_TABLES.items()
    )
    reads = _marks(len(READ_ACTIONS))
    found = conn.exec_driver_sql(
        f"SELECT a.action FROM audit_entries AS a WHERE a.id > ? AND a.action NOT IN ({reads}) "
        f"AND ((a.entity = 'customer' AND a.entity_id IN (?, ?)) OR {owned}) "
        "ORDER BY a.id LIMIT 1",
        (entry_id, *sorted(READ_ACTIONS), *pair, *pair * len(_RECORD_TABLES)),
    ).first()
    return None if found is None else f"audit:{found[0]}"
