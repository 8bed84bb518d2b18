"""Bulk writes of an import: customers, their cards and opening ledger entries, by the driver path.

``connection.exec_driver_sql(sql, list_of_tuples)`` runs the driver's
executemany (about five times faster than Core inserts with dicts here). Ids are
assigned from the current maxima: the caller holds the write lock for the whole
import, so no other writer can take them (a server's id sequences are moved past
them afterwards, see ``bulk_sql``). Values are stored exactly as the ORM stores
them (ISO text for dates, true/false for booleans),
and every derived column (phone_rev, birthday_md, the name index) is filled
the way the customer service fills it.

Dates the file gives without a time are that day at 00:00 (``DAY_START``), never
the clock time of the import: a card issued "2023-03-30" is issued that day. A
new customer is a member since the date the file gives (its member-since column
or the card's issue date, the earlier one), else since the day of the import.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection

from crm_desktop.models import bulk_sql, search_index, search_index_sql
from crm_desktop.models.actor import Actor
from crm_desktop.models.excel.customer_rows import CustomerRow
from crm_desktop.models.ledger_digest import SIGNED_COLUMNS, BulkLedgerRows

BATCH = 5000

_CUSTOMER_SQL = (
    "INSERT INTO customers (id, name, gender, birthday, birthday_md, birthday_lunar, phone, "
    "phone_rev, phone2, email, id_number, address, province, city, district, kind, company, "
    "notes, marketing_consent, do_not_contact, status, created_at, created_by, updated_at, "
    "updated_by, version, member_since, corrections) VALUES (?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, FALSE, FALSE, 'active', ?, ?, ?, ?, 1, ?, ?)"
)
_CARD_SQL = (
    "INSERT INTO cards (id, number, customer_id, card_type_id, tier_id, status, issued_at, "
    "expires_on, fee_fen, principal_fen, bonus_fen, points, counts_left, version) "
    "VALUES (?, ?, ?, ?, ?, 'active', ?, ?, 0, ?, ?, ?, ?, 1)"
)
def _ledger_sql(table: str) -> str:
    # Every signed column, then the operation: the row is tagged as it is written.
    columns = (*SIGNED_COLUMNS[table], "operation_id")
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join('?' * len(columns))})"
    )


_LEDGER_TABLES = ("value_entries", "points_entries", "count_entries")
_LEDGER_SQL = {table: _ledger_sql(table) for table in _LEDGER_TABLES}
_TIER_CHANGE_SQL = (
    "INSERT INTO tier_changes (card_id, customer_id, ts, from_tier_id, to_tier_id, reason_kind, "
    "reason, user_id) VALUES (?, ?, ?, NULL, ?, 'import', ?, ?)"
)
OPENING_NOTE = "导入期初 / opening balance from import"


def iso_dt(value: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite DateTime stores it (YYYY-MM-DD HH:MM:SS.ffffff)."""
    return value.isoformat(" ", "microseconds")


def iso_day(value: date | None) -> str | None:
    return value.isoformat() if value else None


DAY_START = time(0, 0)


def day_stamp(value: date) -> str:
    """A date-only value as a stored datetime: that day at 00:00."""
    return iso_dt(datetime.combine(value, DAY_START))


def corrections_json(corrections: Mapping[str, str] | None) -> str | None:
    """``customers.corrections``: {field: value as the file had it}, or NULL when none."""
    if not corrections:
        return None
    return json.dumps(dict(sorted(corrections.items())), ensure_ascii=False)


# Tables whose secondary indexes a large import into a small file rebuilds afterwards.
_REBUILT_TABLES = ("customers", "cards", "value_entries", "points_entries", "tier_changes")
_REBUILD_FROM_ROWS = 20_000


@contextmanager
def indexes_rebuilt_if_worth_it(conn: Connection, new_rows: int) -> Iterator[None]:
    """Drop the secondary indexes and build them again after the inserts, when that is cheaper.

    Building an index once from sorted data beats updating it row by row, when the
    import at least doubles the file (measured here: customers' six indexes were half
    the insert time at 100k rows). Each index is recreated from its own stored
    definition, inside the import's transaction: a cancel or failure restores them all,
    and a unique index refuses any duplicate as it would have during the inserts.
    """
    existing = int(conn.exec_driver_sql("SELECT count(*) FROM customers").scalar() or 0)
    if new_rows < _REBUILD_FROM_ROWS or new_rows < existing:
        yield
        return
    definitions = bulk_sql.all_indexes(conn, _REBUILT_TABLES)
    for name, _ in definitions:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in definitions:
        conn.exec_driver_sql(sql)


def lookup(conn: Connection, sql: str, keys: Iterable[str]) -> list[tuple[Any, ...]]:
    """Run ``sql`` (one ``IN ({marks})`` slot) over ``keys`` in batches the driver accepts."""
    ordered = sorted(set(keys))
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.extend(
            tuple(r)
            for r in conn.exec_driver_sql(
                sql.format(marks=",".join("?" * len(chunk))), tuple(chunk)
            )
        )
    return found


def next_id(conn: Connection, table: str) -> int:
    """One past the largest id in ``table`` (a fixed table name, never user text)."""
    found = conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar()  # noqa: S608
    return int(found or 0) + 1


@dataclass
class CardPlan:
    """Where the import's cards go: numbers for rows without one, types and tiers by name."""

    generated: dict[int, str] = field(default_factory=dict)  # sheet row → new card number
    tier_ids: dict[str, int] = field(default_factory=dict)
    card_type_ids: dict[str, int] = field(default_factory=dict)
    default_card_type_id: int = 0


@dataclass
class WriteTotals:
    customers: int = 0
    cards: int = 0
    balance_fen: int = 0
    bonus_fen: int = 0
    points: int = 0
    counts: int = 0
    customer_ids: list[int] = field(default_factory=list)


def insert_new(
    conn: Connection,
    actor: Actor,
    rows: Sequence[CustomerRow],
    plan: CardPlan,
    now: datetime,
    bulk: BulkLedgerRows,
    step: Callable[[int], None] | None = None,
    owners: dict[int, int] | None = None,
) -> WriteTotals:
    """Insert ``rows`` as new customers (or, via ``owners``, new cards of existing ones).

    Opening ledger rows are written tagged with ``bulk``'s operation and reported
    to it. ``owners`` maps a sheet row to the existing customer that receives the
    card; ``step(done)`` is called after each batch (it may raise to cancel).
    """
    totals = WriteTotals()
    customer_id = next_id(conn, "customers")
    card_id = next_id(conn, "cards")
    entry_ids = {table: next_id(conn, table) for table in _LEDGER_TABLES}
    op = bulk.operation_id
    stamp = iso_dt(now)
    today = now.date().isoformat()
    tag_ids = _tag_ids(conn, {t for r in rows for t in r.tags})
    owners = owners or {}
    tokens: dict[str, tuple[str, str]] = {}
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        customers: list[tuple[Any, ...]] = []
        index: list[tuple[int, str]] = []
        tags: list[tuple[int, int]] = []
        cards: list[tuple[Any, ...]] = []
        values: list[tuple[Any, ...]] = []
        points: list[tuple[Any, ...]] = []
        counts: list[tuple[Any, ...]] = []
        tier_changes: list[tuple[Any, ...]] = []
        for row in batch:
            owner = owners.get(row.row)
            if owner is None:
                owner = customer_id
                customer_id += 1
                customers.append(_customer_tuple(owner, row, stamp, today, actor.user_id))
                index.append((owner, row.name))
                if row.tags:
                    tags.extend((owner, tag_ids[t]) for t in row.tags)
                totals.customer_ids.append(owner)
            if not row.needs_card():
                continue
            number = row.card_number or plan.generated[row.row]
            type_id = plan.card_type_ids.get(row.card_type or "", plan.default_card_type_id)
            tier_id = plan.tier_ids.get(row.tier) if row.tier else None
            # The file's issue date, else the day the member joined in the old system.
            issued_day = row.issued_on or row.member_since
            issued = _day_stamp(issued_day) if issued_day else stamp
            cards.append(
                (
                    card_id,
                    number,
                    owner,
                    type_id,
                    tier_id,
                    issued,
                    iso_day(row.expires_on),
                    row.balance_fen,
                    row.bonus_fen,
                    row.points,
                    row.counts,
                )
            )
            if row.balance_fen or row.bonus_fen:
                values.append((
                    entry_ids["value_entries"] + len(values), card_id, owner, stamp, "opening",
                    row.balance_fen, row.bonus_fen, row.balance_fen, row.bonus_fen,
                    None, None, None, actor.user_id, OPENING_NOTE, op,
                ))
            if row.points:
                points.append((
                    entry_ids["points_entries"] + len(points), card_id, owner, stamp, "opening",
                    row.points, row.points, None, None, actor.user_id, OPENING_NOTE, op,
                ))
            if row.counts:
                counts.append((
                    entry_ids["count_entries"] + len(counts), card_id, owner, stamp, "opening",
                    row.counts, row.counts, None, None, actor.user_id, OPENING_NOTE, op,
                ))
            if tier_id is not None:
                tier_changes.append(
                    (card_id, owner, stamp, tier_id, "导入 / import", actor.user_id)
                )
            card_id += 1
            totals.cards += 1
            totals.balance_fen += row.balance_fen
            totals.bonus_fen += row.bonus_fen
            totals.points += row.points
            totals.counts += row.counts
        for sql, params in (
            (_CUSTOMER_SQL, customers),
            ("INSERT INTO customer_tags (customer_id, tag_id) VALUES (?, ?)", tags),
            (_CARD_SQL, cards),
            (_TIER_CHANGE_SQL, tier_changes),
        ):
            if params:
                conn.exec_driver_sql(sql, params)
        for table, entries in zip(_LEDGER_TABLES, (values, points, counts), strict=True):
            if entries:
                conn.exec_driver_sql(_LEDGER_SQL[table], entries)
                bulk.add(table, entries)
                entry_ids[table] += len(entries)
        if index:
            search_index_sql.insert_rows(conn, [_index_row(i, n, tokens) for i, n in index])
        totals.customers += len(customers)
        if step is not None:
            step(start + len(batch))
    bulk_sql.ids_taken(conn, ("customers", "cards", *_LEDGER_TABLES))
    return totals


def _index_row(
    customer_id: int, name: str, tokens: dict[str, tuple[str, str]]
) -> tuple[int, str, str]:
    # Names repeat (张伟, 王芳 …): their tokens are worked out once per import.
    found = tokens.get(name)
    if found is None:
        _, chars, pinyin = search_index.index_row(customer_id, name)
        found = tokens[name] = (chars, pinyin)
    return customer_id, found[0], found[1]


def _customer_tuple(
    customer_id: int, row: CustomerRow, stamp: str, today: str, user_id: int
) -> tuple[Any, ...]:
    joined = row.joined()
    return (
        customer_id,
        row.name,
        row.gender,
        iso_day(row.birthday),
        _birthday_md(row.birthday),
        row.phone,
        search_index.phone_rev(row.phone),
        row.phone2,
        row.email,
        row.id_number,
        row.address,
        row.province,
        row.city,
        row.district,
        "enterprise" if row.company else "individual",
        row.company,
        row.notes,
        stamp,
        user_id,
        stamp,
        user_id,
        joined.isoformat() if joined else today,
        corrections_json(row.corrections),
    )


# Birthdays and issue dates repeat across a big file: each distinct day is formatted once.
_birthday_md = functools.lru_cache(maxsize=1 << 16)(search_index.birthday_md)
_day_stamp = functools.lru_cache(maxsize=1 << 16)(day_stamp)


def _tag_ids(conn: Connection, names: set[str]) -> dict[str, int]:
    """Ids of the named tags, creating the ones the shop does not have yet."""
    if not names:
        return {}
    found: dict[str, int] = {}
    ordered = sorted(names)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for tag_id, name in conn.exec_driver_sql(
            f"SELECT id, name FROM tags WHERE name IN ({marks})",
            tuple(chunk),  # noqa: S608
        ):
            found[name] = tag_id
    missing = [n for n in ordered if n not in found]
    if missing:
        first = next_id(conn, "tags")
        conn.exec_driver_sql(
            "INSERT INTO tags (id, name) VALUES (?, ?)",
            [(first + i, n) for i, n in enumerate(missing)],
        )
        found.update({n: first + i for i, n in enumerate(missing)})
        bulk_sql.ids_taken(conn, ("tags",))
    return found


def update_profile(
    conn: Connection, actor: Actor, customer_id: int, changes: dict[str, Any], now: datetime
) -> None:
    """Set the changed profile fields of one existing customer (and its derived columns)."""
    values = dict(changes)
    if "member_since" in values:
        values["member_since"] = iso_day(values["member_since"])
    if "corrections" in values:
        values["corrections"] = corrections_json(values["corrections"])
    if "phone" in values:
        values["phone_rev"] = search_index.phone_rev(values["phone"])
    if "birthday" in values:
        values["birthday_md"] = search_index.birthday_md(values["birthday"])
        values["birthday"] = iso_day(values["birthday"])
    if "company" in values and values["company"]:
        values["kind"] = "enterprise"
    values["updated_at"] = iso_dt(now)
    values["updated_by"] = actor.user_id
    # Column names come from the fixed PROFILE_FIELDS list (and member_since, corrections),
    # never from the sheet.
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.exec_driver_sql(
        f"UPDATE customers SET {assignments}, version = version + 1 WHERE id = ?",  # noqa: S608
        (*values.values(), customer_id),
    )
    if "name" in changes:
        conn.exec_driver_sql(search_index.DELETE_SQL, (customer_id,))
        search_index.index_many(conn, [(customer_id, changes["name"])])
