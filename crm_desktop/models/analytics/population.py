"""Who was a customer at the end of a day: the one rule every analysis counts people by.

- A customer is on file at the end of day X when they had joined by then
  (``member_since``, 入会日期, on or before X), or when any purchase row of theirs
  is dated on or before X, whatever ``member_since`` says: an old system's history
  may start before its card was issued, and a customer typed in today may bring
  years of imported purchases. A row without ``member_since`` (written outside the
  program) joined on the day it was created, as the bulk writer and migration 0006 say.
- Anonymised customers (erased on request) and merged ones (folded into another
  customer, whose rows moved to the survivor) are never counted.

Speed: counts walk ``ix_customers_member_since`` alone (the rowid is in every index
entry, so "not one of these few ids" needs no table row); the few customers who are
not counted come from ``ix_customers_status``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import TextClause, text
from sqlalchemy.orm import Session

from crm_desktop.models.analytics.population_sql import population_sql

EXCLUDED_STATUSES = ("anonymised", "merged")
_EXCLUDED_LIST = ", ".join(f"'{s}'" for s in EXCLUDED_STATUSES)


def day_after(at: date) -> str:
    """The exclusive end bound of day ``at`` as stored dates and timestamps compare."""
    return (at + timedelta(days=1)).isoformat()


def counted_sql(alias: str) -> str:
    """SQL: the customer ``alias`` is one analyses count (not anonymised, not merged)."""
    return f"{alias}.status NOT IN ({_EXCLUDED_LIST})"


def joined_sql(alias: str, end: str = ":end") -> str:
    """SQL: customer ``alias`` had joined before the exclusive bound ``end`` (a day's text)."""
    return (
        f"({alias}.member_since < {end}"
        f" OR ({alias}.member_since IS NULL AND {alias}.created_at < {end}))"
    )


def on_file_sql(alias: str, end: str = ":end") -> str:
    """SQL: customer ``alias`` is on file before ``end``: joined, or bought whatever the date."""
    return (
        f"({joined_sql(alias, end)} OR EXISTS (SELECT 1 FROM purchases p_on_file"
        f" WHERE p_on_file.customer_id = {alias}.id AND p_on_file.ts < {end}))"
    )


def on_file_clause(at: date) -> TextClause:
    """The same rule for an ORM query over ``Customer``: on file at the end of ``at``."""
    end = at + timedelta(days=1)
    return text(on_file_sql("customers", ":on_file_end")).bindparams(on_file_end=end)


def _ids(session: Session, sql: str, params: dict[str, str]) -> NDArray[np.int64]:
    rows = session.connection().exec_driver_sql(sql, params).fetchall()
    ids = np.fromiter((int(r[0]) for r in rows), dtype=np.int64, count=len(rows))
    ids.sort()
    return ids


def excluded_ids(session: Session) -> NDArray[np.int64]:
    """Ids of the anonymised and merged customers, sorted."""
    return _ids(session, f"SELECT id FROM customers WHERE status IN ({_EXCLUDED_LIST})", {})


def late_ids(
    session: Session, at: date, excluded: NDArray[np.int64] | None = None
) -> NDArray[np.int64]:
    """Ids of counted customers who had not joined by the end of ``at``, sorted.

    ``excluded`` is ``excluded_ids`` when the caller has it already.
    """
    late = _ids(session, population_sql(session).late, {"end": day_after(at)})
    gone = excluded_ids(session) if excluded is None else excluded
    return np.setdiff1d(late, gone, assume_unique=True)


def customers_on_file(session: Session, at: date, buyers: NDArray[np.int64]) -> int:
    """How many customers are on file at the end of ``at`` (see the module text).

    ``buyers`` are the counted customers with a purchase row on or before ``at``
    (``PurchaseHistory.customer_id``); those among them who had not joined yet count too.
    """
    excluded = excluded_ids(session)
    params = {"end": day_after(at), "x": json.dumps(excluded.tolist())}
    joined = session.connection().exec_driver_sql(population_sql(session).joined_count, params).scalar_one()
    late_buyers = np.intersect1d(buyers, late_ids(session, at, excluded), assume_unique=True)
    return int(joined) + int(late_buyers.shape[0])
