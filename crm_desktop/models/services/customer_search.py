"""Finding customers: what a clerk types or scans, filtered, sorted and paged in SQL.

A query of digits is a card number (exact), a phone prefix (an index range on
``phone``, never LIKE, which scans) or a phone suffix (a range on the reversed
phone); Chinese is a phrase over the per-character name index; latin letters
are pinyin prefixes (``zs``, ``zhangs``) or letters of a latin name. Pages are
keyset pages (``WHERE sort_key > last LIMIT n``), so page 1,000 costs what page 1
does. ``customer_query`` decides how each request is driven. Phones in the rows are
masked for every role: the search matches full numbers, only the display is masked.
A merged customer is never a result; the survivor is (``get`` still opens either).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.models import search_index
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.rules.validation import check_phone, mask_phone
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.customer_query import (
    HIT_COLUMNS,
    Criteria,
    build_criteria,
    decode_cursor,
    encode_cursor,
    listed,
    run_search,
    survivor,
)
from crm_desktop.models.services.customer_query_sql import id_list, search_sql
from crm_desktop.models.services.customer_records import SearchHit, SearchPage

SORTS = ("name", "newest", "oldest")
STATUSES = ("active", "terminated", "anonymised")
MAX_LIMIT = 500


class CustomerSearch(Service):
    """Read-only customer lookups for the search box, the scanner and the customer list."""

    def find(
        self,
        query: str = "",
        *,
        tier_id: int | None = None,
        status: str | None = None,
        tag: str | None = None,
        sort: str = "name",
        cursor: str | None = None,
        limit: int = 50,
    ) -> SearchPage:
        """One page of customers matching ``query`` (empty: everyone) and the filters.

        ``tier_id`` keeps customers holding an active card of that tier; ``status``
        one of active/terminated/anonymised; ``tag`` a tag name. ``sort`` is "name",
        "newest" or "oldest" (order of entry into the file). Pass the page's
        ``next_cursor`` back, with the same query and filters, for the next page; the
        cursor carries the page's order. ``SearchPage.sort`` tells the order used.
        """
        if sort not in SORTS:
            raise ValidationError("invalid.sort", "排序方式无效。", "Unknown sort order.", field="sort")
        if status is not None and status not in STATUSES:
            raise ValidationError("invalid.status", "客户状态无效。", "Unknown customer status.",
                                  field="status")
        limit = max(1, min(int(limit), MAX_LIMIT))
        after = None
        if cursor is not None:
            sort, after = decode_cursor(cursor)
        with self._read("customer.read") as session:
            criteria = build_criteria(session, query, tier_id=tier_id, status=status, tag=tag)
            if criteria.nothing:
                return SearchPage((), None, 0, True, sort)
            found = run_search(session, criteria, sort, after, limit + 1)
            more = len(found.rows) > limit
            rows = found.rows[:limit]
            total, exact = found.total, found.exact
            if after is None and not more:
                total, exact = len(rows), True
            hits = self._hits(session, rows, criteria)
        next_cursor = encode_cursor(found.sort, rows[-1]) if more else None
        latin = search_index.latin_query(query) if sort == "name" else None
        if latin is not None:
            # Best match first within the page (the cursor still follows the page's last row):
            # "zs" puts 周诗 (initials exactly zs) before 周俊树 (zss, one letter more).
            hits = tuple(sorted(hits, key=lambda h: search_index.pinyin_match_rank(h.name, latin)))
        return SearchPage(hits, next_cursor, max(total, len(hits)), exact, found.sort)

    def count(
        self,
        query: str = "",
        *,
        tier_id: int | None = None,
        status: str | None = None,
        tag: str | None = None,
    ) -> int:
        """The exact number of matches; may read the whole table, so run it off the GUI thread."""
        with self._read("customer.read") as session:
            criteria = build_criteria(session, query, tier_id=tier_id, status=status, tag=tag)
            if criteria.nothing:
                return 0
            not_merged = listed(search_sql(session))
            where = " AND ".join([not_merged, *(part.condition for part in criteria.parts)])
            sql = f"SELECT count(*) FROM customers c WHERE {where}"
            return int(session.execute(text(sql), criteria.params).scalar_one())

    def by_card_number(self, number: str) -> SearchHit | None:
        """The holder of the card with exactly this number (scanned or typed), whatever its
        status; a card still on a merged customer leads to the customer it was merged into."""
        wanted = unicodedata.normalize("NFKC", number or "").strip()
        if not wanted:
            return None
        with self._read("customer.read") as session:
            card = session.execute(
                text("SELECT customer_id, status FROM cards WHERE number = :n"), {"n": wanted}
            ).first()
            if card is None:
                return None
            holder = survivor(session, card[0])
            criteria = Criteria(card_holder=holder, card_status=card[1], digits=wanted)
            rows = _rows_by_id(session, holder)
            hits = self._hits(session, rows, criteria)
        return hits[0] if hits else None

    def by_phone(self, phone: str) -> SearchHit | None:
        """The customer whose main phone is exactly ``phone`` (any way it is written)."""
        normalised = check_phone(phone)
        if normalised is None:
            return None
        with self._read("customer.read") as session:
            not_merged = listed(search_sql(session))
            row = session.execute(
                text(f"SELECT {HIT_COLUMNS} FROM customers c WHERE c.phone = :p AND {not_merged}"),
                {"p": normalised},
            ).first()
            if row is None:
                return None
            criteria = Criteria(digits=search_index.phone_query_digits(normalised))
            hits = self._hits(session, [tuple(row)], criteria)
        return hits[0]

    def _hits(
        self, session: Session, rows: list[tuple[Any, ...]], criteria: Criteria
    ) -> tuple[SearchHit, ...]:
        ids = [row[0] for row in rows]
        cards: dict[int, list[str]] = {}
        tiers: dict[int, tuple[int, str]] = {}
        if ids:
            dialect = search_sql(session)
            found = session.execute(
                text(
                    "SELECT k.customer_id, k.number, t.rank, t.name FROM cards k "
                    "LEFT JOIN tiers t ON t.id = k.tier_id "
                    f"WHERE k.customer_id {dialect.in_ids} "
                    "AND k.status = 'active' ORDER BY k.customer_id, k.id"
                ),
                {"ids": id_list(dialect, ids)},
            )
            for customer_id, number, rank, tier_name in found:
                cards.setdefault(customer_id, []).append(number)
                if tier_name is not None and (
                    customer_id not in tiers or rank > tiers[customer_id][0]
                ):
                    tiers[customer_id] = (rank, tier_name)
        return tuple(
            SearchHit(
                id=cid,
                name=name,
                phone=mask_phone(phone),
                status=status,
                kind=kind,
                card_numbers=tuple(cards.get(cid, ())),
                tier_name=tiers[cid][1] if cid in tiers else None,
                matched_by=_matched_by(criteria, cid, phone, cards.get(cid, ())),
                matched_card_status=criteria.card_status if cid == criteria.card_holder else None,
            )
            for cid, name, phone, status, kind, *_cursor_keys in rows
        )


def _rows_by_id(session: Session, customer_id: int) -> list[tuple[Any, ...]]:
    not_merged = listed(search_sql(session))
    row = session.execute(
        text(f"SELECT {HIT_COLUMNS} FROM customers c WHERE c.id = :id AND {not_merged}"),
        {"id": customer_id},
    ).first()
    return [tuple(row)] if row else []


def _matched_by(
    crit: Criteria, customer_id: int, phone: str | None, numbers: Sequence[str] = ()
) -> str:
    if crit.card_holder == customer_id:
        return "card"
    typed = crit.card_digits
    if typed is not None and any(n.startswith(typed) or n.endswith(typed) for n in numbers):
        return "card"
    if crit.digits is not None and phone:
        stored = phone.replace("-", "")
        if stored.startswith(crit.digits):
            return "phone"
        if stored.endswith(crit.digits):
            return "phone_suffix"
    return "name" if crit.names else ""


