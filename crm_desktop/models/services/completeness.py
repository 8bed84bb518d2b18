"""Incomplete profiles (资料不全), most valuable first, so the gaps that matter are filled first.

``ranking`` orders every active customer whose profile misses one of the owner's chosen
facts, in one SQL statement: the value of a customer is their stored balance (the cards'
running totals, which ``check`` proves equal to the ledgers) plus what they paid in the
last 365 days (purchases, refunds netted). It returns ids only — a million ids are a few
megabytes — and ``rows`` builds one page of them on demand, the way a card browser
stays fast on a huge collection. A profile completed meanwhile keeps its place until
the ranking is asked again; its row says it is complete.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import Card, Customer, Purchase
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.report_sql import ReportSql, report_sql
from crm_desktop.models.rules.profile_facts import FACTS_BY_KEY, completeness_score, missing_facts
from crm_desktop.models.rules.validation import mask_phone
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.shop_settings import load_settings

SPEND_WINDOW_DAYS = 365
SORTS = ("value", "balance", "spend", "completeness")
# Columns the SQL may name; a fact's columns come from this list only, never from input.
_TEXT_COLUMNS = frozenset({
    "phone", "phone2", "gender", "email", "id_number", "address", "province", "city",
    "district", "source", "need_type", "notes",
})
_OTHER_COLUMNS = frozenset({"birthday", "referrer_id"})
_BALANCE = "coalesce(b.fen, 0)"
_SPEND = "coalesce(s.fen, 0)"
_ORDERS = {
    "value": f"{_BALANCE} + {_SPEND} DESC, c.id",
    "balance": f"{_BALANCE} DESC, c.id",
    "spend": f"{_SPEND} DESC, c.id",
    "completeness": f"c.filled, {_BALANCE} + {_SPEND} DESC, c.id",
}


@dataclass(frozen=True)
class CompletenessRanking:
    """The incomplete active profiles in order (ids only) and what the list is of.

    ``average`` is the completeness of all ``active`` customers together, 0–100 (None
    when the list keeps only the profiles missing one fact).
    """

    ids: Sequence[int]
    active: int
    average: int | None
    facts: tuple[str, ...]
    sort: str
    missing: str | None
    on_date: date


@dataclass(frozen=True)
class IncompleteProfile:
    """One row of the list: who, how complete, what is missing, and what they are worth."""

    customer_id: int
    name: str
    phone: str | None  # masked for every role
    status: str
    score: int
    missing: tuple[str, ...]
    balance_fen: int
    spend_fen: int  # paid in the last 365 days, refunds netted

    @property
    def value_fen(self) -> int:
        return self.balance_fen + self.spend_fen


def fact_filled_sql(key: str) -> str:
    """SQL that is 1 when customer ``c`` has fact ``key`` filled in, else 0."""
    if key == "tags":
        return "EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id)"
    parts = []
    for column in FACTS_BY_KEY[key].columns:
        if column in _TEXT_COLUMNS:
            parts.append(f"coalesce(trim(c.{column}), '') <> ''")
        elif column in _OTHER_COLUMNS:
            parts.append(f"c.{column} IS NOT NULL")
        else:  # pragma: no cover - a fact declared without its column listed here
            raise KeyError(column)
    return "(" + " OR ".join(parts) + ")"


class CompletenessService(Service):
    """The list of incomplete profiles; for those who fill them in (owner and clerks)."""

    def ranking(
        self, sort: str = "value", missing: str | None = None, on_date: date | None = None
    ) -> CompletenessRanking:
        """Every incomplete active profile's id, in ``sort`` order (one SQL statement).

        ``missing`` keeps only profiles without that fact. Sorts: "value" (balance +
        last year's spend), "balance", "spend", "completeness" (least complete first).
        """
        day = on_date or date.today()
        if sort not in SORTS:
            raise ValidationError("invalid.sort", "没有这种排序方式。", "Unknown sort order.",
                                  field="sort")
        with self._read("customer.write") as session:
            facts = load_settings(session).completeness_fields
            if missing is not None and missing not in facts:
                raise ValidationError(
                    "invalid.missing", "这一项不计入资料完整度，请重新选择。",
                    "That fact does not count towards completeness; choose another.",
                    field="missing",
                )
            ids = array("q")
            filled_total = 0
            # Stored times are ISO text, so the window's start is given as text.
            since = _window_start(day).isoformat(sep=" ")
            sql = ranking_sql(report_sql(session), facts, missing, sort)
            for customer_id, count in session.connection().exec_driver_sql(sql, (since,)):
                ids.append(customer_id)
                filled_total += count
            active = int(session.scalar(
                select(func.count()).select_from(Customer).where(Customer.status == "active")
            ) or 0)
        average = None
        if missing is None:
            average = _average(filled_total, active - len(ids), len(facts), active)
        return CompletenessRanking(ids, active, average, facts, sort, missing, day)

    def rows(self, ids: Sequence[int], on_date: date | None = None) -> list[IncompleteProfile]:
        """One page of the list, in the order of ``ids``, as the file holds them now."""
        day = on_date or date.today()
        wanted = list(dict.fromkeys(int(i) for i in ids))
        if not wanted:
            return []
        with self._read("customer.write") as session:
            facts = load_settings(session).completeness_fields
            customers = {
                c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(wanted)))
            }
            balances, spends = _values(session, wanted, day)
            return [
                IncompleteProfile(
                    customer_id=c.id, name=c.name, phone=mask_phone(c.phone), status=c.status,
                    score=completeness_score(c, facts), missing=missing_facts(c, facts),
                    balance_fen=balances.get(c.id, 0), spend_fen=spends.get(c.id, 0),
                )
                for c in (customers.get(i) for i in wanted) if c is not None
            ]


def ranking_sql(words: ReportSql, facts: Sequence[str], missing: str | None, sort: str) -> str:
    """The ranking's one statement: (id, facts filled) of incomplete active profiles, in order.

    Its one parameter is the start of the spend window. The count of filled facts is
    worked out once per customer (MATERIALIZED); "+status" keeps the scan off the
    status index, where nearly every customer is, so the table is read in order.
    """
    filled = " + ".join(words.as_int(fact_filled_sql(key)) for key in facts)
    kept = "" if missing is None else f" AND NOT {fact_filled_sql(missing)}"
    return (
        f"WITH f AS MATERIALIZED (SELECT c.id, {filled} AS filled FROM customers c "
        f"WHERE {words.unindexed('c.status')} = 'active'{kept}) "
        "SELECT c.id, c.filled FROM f c "
        "LEFT JOIN (SELECT customer_id, sum(principal_fen + bonus_fen) AS fen "
        "FROM cards GROUP BY customer_id) b ON b.customer_id = c.id "
        "LEFT JOIN (SELECT customer_id, sum(paid_fen) AS fen FROM purchases "
        "WHERE ts >= ? GROUP BY customer_id) s ON s.customer_id = c.id "
        f"WHERE c.filled < {len(facts)} ORDER BY {_ORDERS[sort]}"
    )


def _window_start(day: date) -> datetime:
    """The first moment of the spend window that ends with ``day``."""
    return datetime.combine(day - timedelta(days=SPEND_WINDOW_DAYS - 1), time())


def _values(session: Session, ids: list[int], day: date) -> tuple[dict[int, int], dict[int, int]]:
    balances = session.execute(
        select(Card.customer_id, func.sum(Card.principal_fen + Card.bonus_fen))
        .where(Card.customer_id.in_(ids)).group_by(Card.customer_id)
    )
    spends = session.execute(
        select(Purchase.customer_id, func.sum(Purchase.paid_fen))
        .where(Purchase.customer_id.in_(ids), Purchase.ts >= _window_start(day))
        .group_by(Purchase.customer_id)
    )
    return ({int(k): int(v or 0) for k, v in balances},
            {int(k): int(v or 0) for k, v in spends})


def _average(filled_incomplete: int, complete: int, facts: int, active: int) -> int:
    if active == 0 or facts == 0:
        return 100
    return round(100 * (filled_incomplete + complete * facts) / (active * facts))
