"""Finding customers: what a clerk types or scans, filtered, sorted and paged in SQL.

A query of digits is a card number (exact), a phone prefix (an index range on
``phone``, never LIKE, which scans) or a phone suffix (a range on the reversed
phone); Chinese is a phrase over the per-character name index; latin letters
are pinyin prefixes (``zs``, ``zhangs``) or letters of a latin name. Pages are
keyset pages (``WHERE sort_key > last LIMIT n``), so page 1,000 costs what page 1
does. See ``_search_sql`` for how each query is driven.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.models import search_index
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.permissions import allowed
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.customer_records import SearchHit, SearchPage
from crm_desktop.models.validation import check_phone, mask_phone

SORTS = ("name", "newest", "oldest")
STATUSES = ("active", "terminated", "anonymised")
MAX_LIMIT = 500
# Up to this many matches are collected and sorted directly; beyond it the sort
# index is walked and each row checked, which is fast because matches are dense.
SMALL_SET = 1000
_DIGITS = re.compile(r"\d+")
_HIT_COLUMNS = "c.id, c.name, c.phone, c.status, c.kind"


@dataclass(frozen=True)
class _Part:
    """One requirement of a search: a row condition on ``customers c``, and a query that
    lists the ids meeting it straight from an index (to drive a search when few do)."""

    condition: str
    source: str


@dataclass
class _Criteria:
    """Everything one search asks for: its parts and their parameters."""

    parts: list[_Part] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    fts: str | None = None
    digits: str | None = None
    card_holder: int | None = None
    card_status: str | None = None
    nothing: bool = False


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
            sort, after = _decode_cursor(cursor)
        with self._read("customer.read") as session:
            criteria = _criteria(session, query, tier_id=tier_id, status=status, tag=tag)
            if criteria.nothing:
                return SearchPage((), None, 0, True, sort)
            found = _search(session, criteria, sort, after, limit + 1)
            more = len(found.rows) > limit
            rows = found.rows[:limit]
            total, exact = found.total, found.exact
            if after is None and not more:
                total, exact = len(rows), True
            hits = self._hits(session, rows, criteria)
        next_cursor = _encode_cursor(found.sort, rows[-1]) if more else None
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
            criteria = _criteria(session, query, tier_id=tier_id, status=status, tag=tag)
            if criteria.nothing:
                return 0
            where = " AND ".join(part.condition for part in criteria.parts) or "1"
            sql = f"SELECT count(*) FROM customers c WHERE {where}"
            return int(session.execute(text(sql), criteria.params).scalar_one())

    def by_card_number(self, number: str) -> SearchHit | None:
        """The holder of the card with exactly this number (scanned or typed), whatever its status."""
        wanted = unicodedata.normalize("NFKC", number or "").strip()
        if not wanted:
            return None
        with self._read("customer.read") as session:
            card = session.execute(
                text("SELECT customer_id, status FROM cards WHERE number = :n"), {"n": wanted}
            ).first()
            if card is None:
                return None
            criteria = _Criteria(card_holder=card[0], card_status=card[1], digits=wanted)
            rows = _rows_by_id(session, card[0])
            hits = self._hits(session, rows, criteria)
        return hits[0] if hits else None

    def by_phone(self, phone: str) -> SearchHit | None:
        """The customer whose main phone is exactly ``phone`` (any way it is written)."""
        normalised = check_phone(phone)
        if normalised is None:
            return None
        with self._read("customer.read") as session:
            row = session.execute(
                text(f"SELECT {_HIT_COLUMNS} FROM customers c WHERE c.phone = :p"),
                {"p": normalised},
            ).first()
            if row is None:
                return None
            criteria = _Criteria(digits=normalised.replace("-", ""))
            hits = self._hits(session, [tuple(row)], criteria)
        return hits[0]

    def _hits(
        self, session: Session, rows: list[tuple[Any, ...]], criteria: _Criteria
    ) -> tuple[SearchHit, ...]:
        ids = [row[0] for row in rows]
        cards: dict[int, list[str]] = {}
        tiers: dict[int, tuple[int, str]] = {}
        if ids:
            found = session.execute(
                text(
                    "SELECT k.customer_id, k.number, t.rank, t.name FROM cards k "
                    "LEFT JOIN tiers t ON t.id = k.tier_id "
                    "WHERE k.customer_id IN (SELECT value FROM json_each(:ids)) "
                    "AND k.status = 'active' ORDER BY k.customer_id, k.id"
                ),
                {"ids": json.dumps(ids)},
            )
            for customer_id, number, rank, tier_name in found:
                cards.setdefault(customer_id, []).append(number)
                if tier_name is not None and (
                    customer_id not in tiers or rank > tiers[customer_id][0]
                ):
                    tiers[customer_id] = (rank, tier_name)
        full = allowed(self.actor, "pii.full")
        return tuple(
            SearchHit(
                id=cid,
                name=name,
                phone=phone if full else mask_phone(phone),
                status=status,
                kind=kind,
                card_numbers=tuple(cards.get(cid, ())),
                tier_name=tiers[cid][1] if cid in tiers else None,
                matched_by=_matched_by(criteria, cid, phone),
                matched_card_status=criteria.card_status if cid == criteria.card_holder else None,
            )
            for cid, name, phone, status, kind in rows
        )


def _criteria(
    session: Session, query: str, *, tier_id: int | None, status: str | None, tag: str | None
) -> _Criteria:
    crit = _Criteria()
    typed = unicodedata.normalize("NFKC", query or "").strip()
    if typed:
        _query_criteria(session, typed, crit)
    if tag is not None:
        tag_id = session.execute(text("SELECT id FROM tags WHERE name = :t"), {"t": tag.strip()})
        found = tag_id.scalar()
        if found is None:
            crit.nothing = True
        crit.params["tag_id"] = found
        crit.parts.append(_Part(
            "EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = c.id "
            "AND ct.tag_id = :tag_id)",
            "SELECT customer_id FROM customer_tags WHERE tag_id = :tag_id",
        ))
    if tier_id is not None:
        crit.params["tier_id"] = tier_id
        crit.parts.append(_Part(
            # "+" keeps the planner on the customer's few cards, not every card of the tier.
            "EXISTS (SELECT 1 FROM cards k WHERE k.customer_id = c.id AND +k.status = 'active' "
            "AND +k.tier_id = :tier_id)",
            "SELECT customer_id FROM cards WHERE tier_id = :tier_id AND status = 'active'",
        ))
    if status is not None:
        crit.params["status"] = status
        crit.parts.append(_Part(
            "c.status = :status", "SELECT id FROM customers WHERE status = :status"
        ))
    return crit


def _query_criteria(session: Session, typed: str, crit: _Criteria) -> None:
    card = session.execute(
        text("SELECT customer_id, status FROM cards WHERE number = :n"), {"n": typed}
    ).first()
    if card is not None:
        crit.card_holder, crit.card_status = card[0], card[1]
    crit.params["card_holder"] = crit.card_holder
    digits = _phone_digits(typed)
    if digits is not None:
        crit.digits = digits
        prefix = _stored_phone_prefix(digits)
        crit.params.update(
            plo=prefix, phi=_after_prefix(prefix), rlo=digits[::-1], rhi=_after_prefix(digits[::-1])
        )
        crit.parts.append(_Part(
            "((c.phone >= :plo AND c.phone < :phi) OR (c.phone_rev >= :rlo AND c.phone_rev < :rhi)"
            " OR c.id = :card_holder)",
            "SELECT id FROM customers WHERE phone >= :plo AND phone < :phi UNION ALL "
            "SELECT id FROM customers WHERE phone_rev >= :rlo AND phone_rev < :rhi UNION ALL "
            "SELECT :card_holder WHERE :card_holder IS NOT NULL",
        ))
        return
    fts = search_index.match_expression(typed)
    if fts is None:
        # Nothing searchable in the name index (punctuation only): a card number or nothing.
        crit.nothing = crit.card_holder is None
        crit.parts.append(_Part("c.id = :card_holder", "SELECT :card_holder"))
        return
    crit.fts = fts
    crit.params["fts"] = fts
    # An FTS5 probe by rowid re-reads the whole match (~1 ms each); IN builds the set once.
    crit.parts.append(_Part(
        "(c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH :fts) "
        "OR c.id = :card_holder)",
        "SELECT rowid FROM customer_search WHERE customer_search MATCH :fts UNION ALL "
        "SELECT :card_holder WHERE :card_holder IS NOT NULL",
    ))


@dataclass(frozen=True)
class _Result:
    rows: list[tuple[Any, ...]]
    total: int
    exact: bool
    sort: str


def _search(
    session: Session, crit: _Criteria, sort: str, after: tuple[Any, ...] | None, n: int
) -> _Result:
    """Rows of one page (id, name, phone, status, kind), the total or a lower bound, the order.

    If any part (the query, a tag, a tier, a status) lists at most SMALL_SET ids, those
    drive: each is looked up by primary key, checked against the other parts, sorted
    and counted exactly. Otherwise every part matches many rows, and walking the
    sort order (the name index or the rowid) while checking each row fills a page
    after a few hundred rows. Name matches cluster in name order (every 王… sits
    together), so a large name match walks the name index newest first instead.
    """
    params = dict(crit.params, n=n)
    for driver in crit.parts:
        sql = f"SELECT * FROM ({driver.source}) LIMIT {SMALL_SET + 1}"
        ids = {row[0] for row in session.execute(text(sql), params) if row[0] is not None}
        if len(ids) <= SMALL_SET:
            checks = [part.condition for part in crit.parts if part is not driver]
            rows, total = _small_search(session, ids, checks, sort, after, params)
            return _Result(rows, total, True, sort)
    if crit.fts is not None and sort == "name" and after is None:
        sort = "newest"
    order, keyset = _order(sort, after, params)
    conditions = [part.condition for part in crit.parts]
    if crit.fts is not None and sort != "name" and crit.card_holder is None:
        # The name index yields ids in order: let it drive, and check only the filters.
        filters = conditions[1:]
        if after is not None:
            filters.append("f.rowid > :kid" if sort == "oldest" else "f.rowid < :kid")
        direction = "ASC" if sort == "oldest" else "DESC"
        sql = (
            f"SELECT {_HIT_COLUMNS} FROM customer_search f CROSS JOIN customers c "
            f"ON c.id = f.rowid WHERE f.customer_search MATCH :fts "
            f"AND {' AND '.join(filters) or '1'} ORDER BY f.rowid {direction} LIMIT :n"
        )
    else:
        where = " AND ".join([*conditions, *([keyset] if keyset else [])]) or "1"
        table = "customers c INDEXED BY ix_customers_name" if sort == "name" else "customers c"
        sql = f"SELECT {_HIT_COLUMNS} FROM {table} WHERE {where} ORDER BY {order} LIMIT :n"
    rows = [tuple(r) for r in session.execute(text(sql), params)]
    if not crit.parts:
        capped = f"SELECT count(*) FROM (SELECT 1 FROM customers LIMIT {SMALL_SET + 1})"
        counted = int(session.execute(text(capped)).scalar_one())
        return _Result(rows, min(counted, SMALL_SET), counted <= SMALL_SET, sort)
    # One part over SMALL_SET means at least that many matches; with several, only the page.
    lower_bound = SMALL_SET if len(crit.parts) == 1 else len(rows)
    return _Result(rows, lower_bound, False, sort)


def _small_search(
    session: Session,
    ids: set[int],
    checks: list[str],
    sort: str,
    after: tuple[Any, ...] | None,
    params: dict[str, Any],
) -> tuple[list[tuple[Any, ...]], int]:
    order, keyset = _order(sort, after, params)
    conditions = " AND ".join(checks) or "1"
    params = dict(params, ids=json.dumps(sorted(ids)))
    matches = (
        f"SELECT {_HIT_COLUMNS} FROM json_each(:ids) j CROSS JOIN customers c "
        f"ON c.id = j.value WHERE {conditions}"
    )
    sql = (
        f"WITH m AS MATERIALIZED ({matches}) "
        f"SELECT c.id, c.name, c.phone, c.status, c.kind, (SELECT count(*) FROM m) "
        f"FROM m AS c {'WHERE ' + keyset if keyset else ''} ORDER BY {order} LIMIT :n"
    )
    rows = [tuple(r) for r in session.execute(text(sql), params)]
    if rows:
        total = int(rows[0][5])
    else:
        total = int(session.execute(text(f"SELECT count(*) FROM ({matches})"), params).scalar_one())
    return [r[:5] for r in rows], total


def _order(
    sort: str, after: tuple[Any, ...] | None, params: dict[str, Any]
) -> tuple[str, str | None]:
    """ORDER BY of ``sort`` and the keyset condition that starts after the cursor's row."""
    if sort == "name":
        if after is None:
            return "c.name, c.id", None
        params.update(kname=after[0], kid=after[1])
        return "c.name, c.id", "(c.name, c.id) > (:kname, :kid)"
    if after is not None:
        params["kid"] = after[0]
    if sort == "oldest":
        return "c.id", "c.id > :kid" if after else None
    return "c.id DESC", "c.id < :kid" if after else None


def _rows_by_id(session: Session, customer_id: int) -> list[tuple[Any, ...]]:
    row = session.execute(
        text(f"SELECT {_HIT_COLUMNS} FROM customers c WHERE c.id = :id"), {"id": customer_id}
    ).first()
    return [tuple(row)] if row else []


def _phone_digits(typed: str) -> str | None:
    """The digits of a typed phone fragment ("138 0013", "+86 138…", "0755-12"), or None."""
    compact = re.sub(r"[\s\-()（）]", "", typed)
    if compact.startswith("+86"):
        compact = compact[3:]
    return compact if _DIGITS.fullmatch(compact) else None


def _stored_phone_prefix(digits: str) -> str:
    """Landlines are stored as "0755-12345678": put the hyphen where the store has it."""
    if not digits.startswith("0") or digits.startswith("00") or len(digits) < 2:
        return digits
    area_len = 3 if digits[1] in "12" else 4
    if len(digits) <= area_len:
        return digits
    return digits[:area_len] + "-" + digits[area_len:]


def _after_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix`` (digits only)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _matched_by(crit: _Criteria, customer_id: int, phone: str | None) -> str:
    if crit.card_holder == customer_id:
        return "card"
    if crit.digits is not None and phone:
        stored = phone.replace("-", "")
        if stored.startswith(crit.digits):
            return "phone"
        if stored.endswith(crit.digits):
            return "phone_suffix"
    return "name" if crit.fts else ""


def _encode_cursor(sort: str, row: tuple[Any, ...]) -> str:
    key = [row[1], row[0]] if sort == "name" else [row[0]]
    return json.dumps([sort, *key], ensure_ascii=False)


def _decode_cursor(cursor: str) -> tuple[str, tuple[Any, ...]]:
    """The order and the last row's key a cursor carries; a damaged cursor is refused."""
    try:
        parts = json.loads(cursor)
        ok = isinstance(parts, list) and parts[0] in SORTS and isinstance(parts[-1], int)
        ok = ok and len(parts) == (3 if parts[0] == "name" else 2)
    except (ValueError, IndexError, TypeError):
        ok = False
    if not ok:
        raise ValidationError("invalid.cursor", "翻页位置已失效，请重新搜索。",
                              "The page position is no longer valid; search again.",
                              field="cursor")
    return parts[0], tuple(parts[1:])
