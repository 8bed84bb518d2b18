"""How a customer search runs in SQL: which part of the request drives, in what order.

A request is split into parts (the typed query, a tag, a tier, a status), each a
row condition plus an index query listing the ids that meet it. When some part
lists at most SMALL_SET ids, those ids drive and are sorted and counted exactly;
otherwise an index is walked in sort order and each row checked. Pages are keyset
pages (``WHERE sort_key > last LIMIT n``) and the cursor carries the order.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.models import search_index
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.services.customer_query_sql import (
    SearchSql,
    id_list,
    name_condition,
    name_ids,
    name_walk,
    search_sql,
)

# What a cursor of each order holds; "phone" is the order of a number matching many.
KEY_LENGTHS = {"name": 2, "newest": 1, "oldest": 1, "phone": 3}
# Up to this many matches are collected and sorted directly; beyond it the sort
# index is walked and each row checked, which is fast because matches are dense.
SMALL_SET = 1000
# Last-digit matches start at four digits ("5678"); three would match one in a thousand.
SUFFIX_DIGITS = 4
_PREFIX = "(c.phone >= :plo AND c.phone < :phi)"
_SUFFIX = "(c.phone_rev >= :rlo AND c.phone_rev < :rhi)"
_PREFIX_IDS = "SELECT id FROM customers WHERE phone >= :plo AND phone < :phi"
_SUFFIX_IDS = "SELECT id FROM customers WHERE phone_rev >= :rlo AND phone_rev < :rhi"
# A card number's first or last digits ("8000 0009", "0904") find its holder; see
# ``customer_query_sql`` for how each backend looks them up.
CARD_FRAGMENT_DIGITS = 4
HIT_COLUMNS = "c.id, c.name, c.phone, c.status, c.kind"


def listed(sql: SearchSql) -> str:
    """The check that leaves out merged customers (folded into another, kept so the merge
    can be undone): checked on each row, never the index a search walks."""
    return f"{sql.hint}c.status <> 'merged'"


@dataclass(frozen=True)
class _Part:
    """One requirement of a search: a row condition on ``customers c``, and a query that
    lists the ids meeting it straight from an index (to drive a search when few do)."""

    condition: str
    source: str


@dataclass
class Criteria:
    """Everything one search asks for: its parts and their parameters."""

    parts: list[_Part] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    # The SELECT of customers whose name matches, when the query searches names.
    names: str | None = None
    # A number search's matches by kind: card holder, phone prefix, phone suffix.
    phone_groups: list[str] = field(default_factory=list)
    digits: str | None = None
    card_holder: int | None = None
    card_status: str | None = None
    # The digits may be the start or the end of a card number (never with a whole number).
    card_fragment: bool = False
    card_digits: str | None = None
    nothing: bool = False


def build_criteria(
    session: Session, query: str, *, tier_id: int | None, status: str | None, tag: str | None
) -> Criteria:
    """The parts of a request: the typed query first, then the tag, tier and status filters."""
    crit = Criteria()
    sql = search_sql(session)
    typed = unicodedata.normalize("NFKC", query or "").strip()
    if typed:
        _query_criteria(session, sql, typed, crit)
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
            f"EXISTS (SELECT 1 FROM cards k WHERE k.customer_id = c.id AND {sql.hint}k.status = "
            f"'active' AND {sql.hint}k.tier_id = :tier_id)",
            "SELECT customer_id FROM cards WHERE tier_id = :tier_id AND status = 'active'",
        ))
    if status is not None:
        crit.params["status"] = status
        crit.parts.append(_Part(
            # "+": a check on each row walked, never the index that walks (most rows match).
            f"{sql.hint}c.status = :status", "SELECT id FROM customers WHERE status = :status"
        ))
    return crit


def _query_criteria(session: Session, sql: SearchSql, typed: str, crit: Criteria) -> None:
    card = session.execute(
        text("SELECT customer_id, status FROM cards WHERE number = :n"), {"n": typed}
    ).first()
    if card is not None:
        crit.card_holder, crit.card_status = survivor(session, card[0]), card[1]
    crit.params["card_holder"] = crit.card_holder
    digits = search_index.phone_query_digits(typed)
    if digits is not None:
        crit.digits = digits
        prefix = search_index.stored_phone_prefix(digits)
        crit.params.update(plo=prefix, phi=search_index.after_prefix(prefix))
        crit.phone_groups = ["c.id = :card_holder", _PREFIX]
        condition, source = f"{_PREFIX} OR c.id = :card_holder", _PREFIX_IDS
        # "+852…" is the start of a number from abroad, never its last digits.
        if len(digits) >= SUFFIX_DIGITS and not digits.startswith("+"):
            crit.params.update(rlo=digits[::-1], rhi=search_index.after_prefix(digits[::-1]))
            crit.phone_groups.append(f"{_SUFFIX} AND NOT {_PREFIX}")
            condition, source = f"{condition} OR {_SUFFIX}", f"{source} UNION ALL {_SUFFIX_IDS}"
        # As typed, spaces aside: "0011" is the end of a card number, not a number from abroad.
        card_digits = "".join(typed.split())
        if (len(card_digits) >= CARD_FRAGMENT_DIGITS and card_digits.isdigit()
                and crit.card_holder is None):
            crit.card_fragment = True
            crit.card_digits = card_digits
            crit.params.update(clo=card_digits, chi=search_index.after_prefix(card_digits),
                               ck=len(card_digits), cdigits=card_digits)
            condition = f"{condition} OR c.id IN ({sql.card_fragment_ids})"
            source = f"{source} UNION ALL {sql.card_fragment_ids}"
        crit.parts.append(_Part(
            f"({condition})",
            f"{source} UNION ALL SELECT {sql.holder} WHERE {sql.holder} IS NOT NULL",
        ))
        return
    name = search_index.name_query(typed)
    if name is None:
        # Nothing searchable in the name index (punctuation only): a card number or nothing.
        crit.nothing = crit.card_holder is None
        crit.parts.append(_Part("c.id = :card_holder", f"SELECT {sql.holder}"))
        return
    names, params = name_ids(sql, name)
    crit.names = names
    crit.params.update(params)
    source = f"{names} UNION ALL SELECT {sql.holder} WHERE {sql.holder} IS NOT NULL"
    crit.parts.append(_Part(name_condition(sql, names, source), source))


def survivor(session: Session, customer_id: int) -> int:
    """The customer a merged one was folded into (following a chain of merges), else itself:
    a card left on a merged customer leads to the one kept."""
    seen = {customer_id}
    while True:
        into = session.execute(
            text("SELECT merged_into FROM customers WHERE id = :id AND status = 'merged'"),
            {"id": customer_id},
        ).scalar()
        if into is None or into in seen:
            return customer_id
        customer_id = int(into)
        seen.add(customer_id)


@dataclass(frozen=True)
class _Result:
    rows: list[tuple[Any, ...]]
    total: int
    exact: bool
    sort: str


def run_search(
    session: Session, crit: Criteria, sort: str, after: tuple[Any, ...] | None, n: int
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
    if sort == "phone" and not crit.phone_groups:
        raise _bad_cursor()
    dialect = search_sql(session)
    not_merged = listed(dialect)
    for driver in crit.parts if sort != "phone" else ():
        sql = f"SELECT * FROM ({driver.source}) AS d LIMIT {SMALL_SET + 1}"
        ids = {row[0] for row in session.execute(text(sql), params) if row[0] is not None}
        if len(ids) <= SMALL_SET:
            checks = [not_merged, *(part.condition for part in crit.parts if part is not driver)]
            rows, total = _small_search(session, ids, checks, sort, after, params)
            return _Result(rows, total, True, sort)
    if crit.phone_groups and (after is None or sort == "phone"):
        return _Result(_phone_walk(session, crit, after, params), _lower_bound(crit), False,
                       "phone")
    if crit.names is not None and sort == "name" and after is None:
        sort = "newest"
    order, keyset = _order(sort, after, params)
    conditions = [part.condition for part in crit.parts]
    if crit.names is not None and sort != "name" and crit.card_holder is None:
        # The name index yields ids in order: let it drive, and check only the filters.
        sql = name_walk(dialect, HIT_COLUMNS, crit.names, [not_merged, *conditions[1:]],
                        oldest=sort == "oldest", after=after is not None)
    else:
        where = " AND ".join([not_merged, *conditions, *([keyset] if keyset else [])])
        table = "customers c INDEXED BY ix_customers_name" if sort == "name" else "customers c"
        sql = f"SELECT {HIT_COLUMNS} FROM {table} WHERE {where} ORDER BY {order} LIMIT :n"
    rows = [tuple(r) for r in session.execute(text(sql), params)]
    if not crit.parts:
        capped = (f"SELECT count(*) FROM (SELECT 1 FROM customers c WHERE {not_merged} "
                  f"LIMIT {SMALL_SET + 1}) AS listed")
        counted = int(session.execute(text(capped)).scalar_one())
        return _Result(rows, min(counted, SMALL_SET), counted <= SMALL_SET, sort)
    return _Result(rows, _lower_bound(crit), False, sort)


def _lower_bound(crit: Criteria) -> int:
    # One part over SMALL_SET means at least that many matches; with several, only the page.
    return SMALL_SET if len(crit.parts) == 1 else 0


def _phone_walk(
    session: Session, crit: Criteria, after: tuple[Any, ...] | None, params: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """A number matching many customers, in the order its indexes give, never sorted:
    the card holder, then phone-prefix matches by phone, then last-digit matches.

    Rows carry two more columns for the cursor: the group and the reversed phone.
    """
    dialect = search_sql(session)
    filters = [listed(dialect), *(part.condition for part in crit.parts[1:])]
    group_order = ("c.id", "c.phone", "c.phone_rev, c.id")
    start = after[0] if after else 0
    rows: list[tuple[Any, ...]] = []
    for group in range(start, len(crit.phone_groups)):
        where = [crit.phone_groups[group], *filters]
        if group:
            where.append(dialect.not_holder)
        elif crit.card_holder is None:
            continue
        if after is not None and group == start:
            params.update(kphone=after[1], kid=after[2])
            where.append("c.phone > :kphone" if group == 1 else "(c.phone_rev, c.id) > (:kphone, :kid)")
        sql = (
            f"SELECT {HIT_COLUMNS}, {group}, c.phone_rev FROM customers c "
            f"WHERE {' AND '.join(where)} ORDER BY {group_order[group]} LIMIT :left"
        )
        rows.extend(tuple(r) for r in session.execute(text(sql), dict(params, left=params["n"] - len(rows))))
        if len(rows) >= params["n"]:
            break
    return rows


def _small_search(
    session: Session,
    ids: set[int],
    checks: list[str],
    sort: str,
    after: tuple[Any, ...] | None,
    params: dict[str, Any],
) -> tuple[list[tuple[Any, ...]], int]:
    order, keyset = _order(sort, after, params)
    conditions = " AND ".join(checks)
    dialect = search_sql(session)
    params = dict(params, ids=id_list(dialect, sorted(ids)))
    matches = f"SELECT {HIT_COLUMNS} FROM {dialect.ids_join} WHERE {conditions}"
    sql = (
        f"WITH m AS MATERIALIZED ({matches}) "
        f"SELECT c.id, c.name, c.phone, c.status, c.kind, (SELECT count(*) FROM m) "
        f"FROM m AS c {'WHERE ' + keyset if keyset else ''} ORDER BY {order} LIMIT :n"
    )
    rows = [tuple(r) for r in session.execute(text(sql), params)]
    if rows:
        total = int(rows[0][5])
    else:
        total = int(session.execute(text(f"SELECT count(*) FROM ({matches}) AS m"), params).scalar_one())
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


def encode_cursor(sort: str, row: tuple[Any, ...]) -> str:
    """The cursor after ``row`` of a page in ``sort`` order (opaque text for the caller)."""
    if sort == "phone":
        # After the card holder (group 0) come all prefix matches, from the first phone.
        group = max(row[5], 1)
        key = [group, row[2] if row[5] == 1 else ("" if row[5] == 0 else row[6]), row[0]]
    else:
        key = [row[1], row[0]] if sort == "name" else [row[0]]
    return json.dumps([sort, *key], ensure_ascii=False)


def decode_cursor(cursor: str) -> tuple[str, tuple[Any, ...]]:
    """The order and the last row's key a cursor carries; a damaged cursor is refused."""
    try:
        parts = json.loads(cursor)
        ok = isinstance(parts, list) and parts[0] in KEY_LENGTHS and isinstance(parts[-1], int)
        ok = ok and len(parts) == KEY_LENGTHS[parts[0]] + 1
    except (ValueError, IndexError, TypeError):
        ok = False
    if not ok:
        raise _bad_cursor()
    return parts[0], tuple(parts[1:])


def _bad_cursor() -> ValidationError:
    return ValidationError("invalid.cursor", "翻页位置已失效，请重新搜索。",
                           "The page position is no longer valid; search again.", field="cursor")

