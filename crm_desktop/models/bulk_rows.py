"""Rows of the bulk path and the buffer that collects them, without any database.

Rows are plain tuples in column order (``COLUMNS``); ``RowBuffer`` hands out ids,
keeps the ledger rules while entries are added (each entry moves a
``CardBalance`` and carries the running *_after values; nothing may go below
zero) and gives the collected rows back in chunks with ``take``. The writer in
``bulk`` sends them to the file; a helper process can fill a buffer of its own
and pass the chunks over, since everything here pickles.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from crm_desktop.models import search_index

FLUSH_ORDER = (
    "card_types", "tiers", "tags", "customers", "customer_tags", "cards", "purchases",
    "purchase_lines", "value_entries", "points_entries", "count_entries", "tier_changes",
    "interactions", "feedback", "feedback_events", "survey_answers",
)

class CustomerRow(NamedTuple):
    """One customer in column order; dates as "YYYY-MM-DD", datetimes as SQLite text."""

    id: int
    name: str
    gender: str | None = None
    birthday: str | None = None
    birthday_lunar: bool = False
    phone: str | None = None
    phone2: str | None = None
    email: str | None = None
    id_number: str | None = None
    address: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    kind: str = "individual"
    company: str | None = None
    contact_title: str | None = None
    industry: str | None = None
    source: str | None = None
    referrer_id: int | None = None
    need_type: str | None = None
    notes: str | None = None
    marketing_consent: bool = False
    consent_at: str | None = None
    consent_channel: str | None = None
    do_not_contact: bool = False
    status: str = "active"
    terminated_at: str | None = None
    created_at: str = ""
    created_by: int | None = None
    updated_at: str = ""
    updated_by: int | None = None
    version: int = 1
    # None: the day of ``created_at`` (a customer typed in joins the day it is made).
    member_since: str | None = None
    merged_into: int | None = None
    contact_confirmed_at: str | None = None
    corrections: str | None = None


class CardRow(NamedTuple):
    """One card without its running totals (those come from its CardBalance)."""

    id: int
    number: str
    customer_id: int
    card_type_id: int
    tier_id: int | None
    status: str
    issued_at: str
    expires_on: str | None = None
    fee_fen: int = 0
    pin_hash: str | None = None
    replaced_by_id: int | None = None
    status_note: str | None = None


class PurchaseRow(NamedTuple):
    """One sale or refund; a refund has negative amounts and points."""

    id: int
    customer_id: int
    card_id: int | None
    ts: str
    kind: str
    refund_of_id: int | None
    amount_fen: int
    discount_fen: int
    paid_fen: int
    payment_method: str
    points_earned: int = 0
    counts_used: int = 0
    user_id: int | None = None
    note: str = ""


# Columns of the tables the bulk path fills, in the order rows are given.
COLUMNS: dict[str, tuple[str, ...]] = {
    # a customer's row, then the columns the writer derives from phone and birthday
    "customers": (*CustomerRow._fields, "birthday_md", "phone_rev"),
    "cards": (
        "id", "number", "customer_id", "card_type_id", "tier_id", "status", "issued_at",
        "expires_on", "fee_fen", "pin_hash", "replaced_by_id", "status_note",
        # running totals, taken from the card's CardBalance
        "principal_fen", "bonus_fen", "points", "counts_left", "version",
    ),
    "purchases": (
        "id", "customer_id", "card_id", "ts", "kind", "refund_of_id", "amount_fen",
        "discount_fen", "paid_fen", "payment_method", "points_earned", "counts_used",
        "user_id", "note",
    ),
    "value_entries": (
        "id", "card_id", "customer_id", "ts", "kind", "principal_fen", "bonus_fen",
        "principal_after_fen", "bonus_after_fen", "payment_method", "purchase_id",
        "reverses_id", "user_id", "note",
    ),
    "points_entries": (
        "id", "card_id", "customer_id", "ts", "kind", "points", "points_after",
        "purchase_id", "reverses_id", "user_id", "note",
    ),
    "count_entries": (
        "id", "card_id", "customer_id", "ts", "kind", "counts", "counts_after",
        "purchase_id", "reverses_id", "user_id", "note",
    ),
    "purchase_lines": ("id", "purchase_id", "item", "quantity", "unit_price_fen", "amount_fen"),
    "tags": ("id", "name"),
    "customer_tags": ("customer_id", "tag_id"),
    "card_types": (
        "id", "name", "kind", "price_fen", "validity_days", "count_total", "service_name",
        "bonus_rules", "active",
    ),
    "tiers": (
        "id", "name", "rank", "price_percent", "points_multiplier_percent", "rule_kind",
        "threshold", "window_days", "benefits", "active",
    ),
    "tier_changes": (
        "id", "card_id", "customer_id", "ts", "from_tier_id", "to_tier_id", "reason_kind",
        "reason", "user_id",
    ),
    "interactions": (
        "id", "customer_id", "ts", "channel", "summary", "outcome", "purpose", "follow_up_on",
        "follow_up_done", "user_id",
    ),
    "feedback": (
        "id", "customer_id", "kind", "category", "description", "status", "resolution",
        "satisfaction", "created_at", "created_by", "resolved_at", "closed_at",
    ),
    "feedback_events": ("id", "feedback_id", "ts", "user_id", "from_status", "to_status", "note"),
    "survey_answers": ("id", "customer_id", "answered_on", "satisfaction", "nps", "comment"),
}
# Parents before children, so a flush never sends a row ahead of what it refers to.
@dataclass(slots=True)
class CardBalance:
    """A card's running totals while its ledger is being written."""

    card_id: int
    customer_id: int
    principal_fen: int = 0
    bonus_fen: int = 0
    points: int = 0
    counts_left: int = 0


DEFAULT_CHUNK_ROWS = 50_000
INDEX_TABLE = "customer_search"
# What ``take`` hands back: rows per table, plus (customer id, name) pairs under
# INDEX_TABLE; the writer turns those into name index rows.
Batch = dict[str, list[tuple[Any, ...]]]


class NegativeBalance(ValueError):
    """A bulk ledger entry would take a card's value, points or counts below zero."""


def insert_sql(table: str) -> str:
    """The INSERT statement for rows of ``table`` in the order of ``COLUMNS[table]``."""
    columns = COLUMNS[table]
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )


class RowBuffer:
    """Collects rows per table; ids start where ``first_ids`` says (1 when not given)."""

    def __init__(
        self, first_ids: dict[str, int] | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS
    ) -> None:
        self.chunk_rows = chunk_rows
        self._first_ids = dict(first_ids or {})
        self._buffers: Batch = {table: [] for table in FLUSH_ORDER}
        self._index: list[tuple[int, str]] = []
        self._counters: dict[str, Iterator[int]] = {}

    # -- ids ---------------------------------------------------------------------------------

    def first_id(self, table: str) -> int:
        """The id the first new row of ``table`` gets."""
        return self._first_ids.get(table, 1)

    def _counter(self, table: str) -> Iterator[int]:
        counter = self._counters.get(table)
        if counter is None:
            counter = self._counters[table] = itertools.count(self.first_id(table))
        return counter

    def id_source(self, table: str) -> Callable[[], int]:
        """A function handing out fresh ids of ``table`` one at a time (for hot loops)."""
        return self._counter(table).__next__

    def reserve(self, table: str, count: int = 1) -> int:
        """The first of ``count`` fresh ids of ``table``."""
        counter = self._counter(table)
        first = next(counter)
        if count > 1:
            next(itertools.islice(counter, count - 2, None))
        return first

    # -- rows --------------------------------------------------------------------------------

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        """Buffer one row of ``table`` in the column order of ``COLUMNS[table]``."""
        self._buffers[table].append(row)

    def appender(self, table: str) -> Callable[[tuple[Any, ...]], None]:
        """``add`` for one table as a plain function (for hot loops); stays valid after flushes."""
        return self._buffers[table].append

    def add_customer(self, row: CustomerRow) -> None:
        """Buffer a customer with its derived columns and its name search entry."""
        birthday_md = row.birthday[5:10] if row.birthday else None
        if row.member_since is None:
            row = row._replace(member_since=row.created_at[:10])
        self._buffers["customers"].append((*row, birthday_md, search_index.phone_rev(row.phone)))
        self._index.append((row.id, row.name))

    def add_card(self, row: CardRow, balance: CardBalance) -> None:
        """Buffer a card whose totals are those of ``balance`` (add it after its entries)."""
        if balance.card_id != row.id:
            raise ValueError("the balance belongs to another card")
        self._buffers["cards"].append(
            (*row, balance.principal_fen, balance.bonus_fen, balance.points,
             balance.counts_left, 1)
        )

    def add_purchase(self, row: PurchaseRow) -> None:
        # A plain tuple pickles several times faster than a named one.
        self._buffers["purchases"].append(tuple(row))

    # -- ledger ------------------------------------------------------------------------------

    def value(
        self, card: CardBalance, ts: str, kind: str, principal_fen: int, bonus_fen: int,
        *, payment_method: str | None = None, purchase_id: int | None = None,
        reverses_id: int | None = None, user_id: int | None = None, note: str = "",
    ) -> int:
        """Move 本金/赠送 by the signed amounts; returns the new entry's id."""
        principal_after = card.principal_fen + principal_fen
        bonus_after = card.bonus_fen + bonus_fen
        if principal_after < 0 or bonus_after < 0:
            raise NegativeBalance(f"card {card.card_id}: stored value would go below zero")
        card.principal_fen, card.bonus_fen = principal_after, bonus_after
        entry_id = next(self._counter("value_entries"))
        self._buffers["value_entries"].append((
            entry_id, card.card_id, card.customer_id, ts, kind, principal_fen, bonus_fen,
            principal_after, bonus_after, payment_method, purchase_id, reverses_id, user_id,
            note,
        ))
        return entry_id

    def points(
        self, card: CardBalance, ts: str, kind: str, points: int, *,
        purchase_id: int | None = None, reverses_id: int | None = None,
        user_id: int | None = None, note: str = "",
    ) -> int:
        """Move the card's points by ``points`` (signed); returns the new entry's id."""
        after = card.points + points
        if after < 0:
            raise NegativeBalance(f"card {card.card_id}: points would go below zero")
        card.points = after
        entry_id = next(self._counter("points_entries"))
        self._buffers["points_entries"].append((
            entry_id, card.card_id, card.customer_id, ts, kind, points, after, purchase_id,
            reverses_id, user_id, note,
        ))
        return entry_id

    def counts(
        self, card: CardBalance, ts: str, kind: str, counts: int, *,
        purchase_id: int | None = None, reverses_id: int | None = None,
        user_id: int | None = None, note: str = "",
    ) -> int:
        """Move the card's remaining visits by ``counts`` (signed); returns the entry's id."""
        after = card.counts_left + counts
        if after < 0:
            raise NegativeBalance(f"card {card.card_id}: counts would go below zero")
        card.counts_left = after
        entry_id = next(self._counter("count_entries"))
        self._buffers["count_entries"].append((
            entry_id, card.card_id, card.customer_id, ts, kind, counts, after, purchase_id,
            reverses_id, user_id, note,
        ))
        return entry_id

    # -- chunks ------------------------------------------------------------------------------

    def pending(self) -> int:
        return sum(len(rows) for rows in self._buffers.values()) + len(self._index)

    def take(self) -> Batch:
        """Everything buffered so far, and start afresh."""
        batch = {table: rows.copy() for table, rows in self._buffers.items() if rows}
        if self._index:
            batch[INDEX_TABLE] = list(self._index)
        # Emptied in place, so functions from ``appender`` keep filling the same lists.
        for rows in self._buffers.values():
            rows.clear()
        self._index.clear()
        return batch

    def send(self, batch: Batch) -> None:
        """Deliver a batch; the writer puts it in the file, a helper process pipes it on."""
        raise NotImplementedError

    def flush(self) -> None:
        """Deliver every buffered row."""
        batch = self.take()
        if batch:
            self.send(batch)

    def maybe_flush(self) -> bool:
        """Deliver the buffers when they hold a chunk's worth of rows; True when it did."""
        if self.pending() < self.chunk_rows:
            return False
        self.flush()
        return True
