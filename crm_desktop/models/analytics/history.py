"""Per-customer purchase aggregates up to a reference date, net of refunds.

How refunds count (the rule every figure here follows):

- A purchase row counts when its day is on or before ``at``; it is in the window
  when its day is also after ``at - window_days`` (so the default window is the
  365 days ending on ``at``, both ends included).
- Money (M, lifetime spend) is the sum of ``paid_fen`` of every row: sales are
  positive, refund rows negative, so a partial refund lowers M.
- A sale counts as a purchase (F, purchase counts, recency) unless it was
  refunded in full by ``at``: refund rows pointing at it (``refund_of_id``) give
  back at least what was paid (for a sale that cost nothing, any refund of it).
  A refund row is never a purchase itself, and a partial refund leaves the visit
  counted. A customer whose every sale in the window was refunded in full has no
  purchase in the window.

Speed: one pass over the covering index ``ix_purchases_customer_ts_paid``
(``GROUP BY customer_id`` with conditional sums) answers every customer whose
rows all have a positive paid amount, which is to say no refund and no free
sale. Only customers with a row paid <= 0 get a second, exact pass over their
own rows (with kind and refund link), vectorised with numpy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

Int64Array = NDArray[np.int64]
ArrayT = TypeVar("ArrayT", bound=NDArray[Any])


def read_only(array: ArrayT) -> ArrayT:
    """The same array, marked read-only so frozen results stay frozen."""
    array.flags.writeable = False
    return array


# julianday('YYYY-MM-DD') - this = date.toordinal()
JULIAN_TO_ORDINAL = 1721424.5

_PASS_ONE = f"""
SELECT customer_id,
       CAST(julianday(substr(min(ts), 1, 10)) - {JULIAN_TO_ORDINAL} AS INTEGER),
       CAST(julianday(substr(max(ts), 1, 10)) - {JULIAN_TO_ORDINAL} AS INTEGER),
       count(*),
       sum(paid_fen),
       COALESCE(CAST(julianday(substr(max(CASE WHEN ts >= :ws THEN ts END), 1, 10))
                     - {JULIAN_TO_ORDINAL} AS INTEGER), 0),
       sum(ts >= :ws),
       sum(CASE WHEN ts >= :ws THEN paid_fen ELSE 0 END),
       sum(ts >= :ls),
       sum(paid_fen <= 0)
FROM purchases INDEXED BY ix_purchases_customer_ts_paid
WHERE ts < :end
GROUP BY customer_id
"""

_ROWS_OF = f"""
SELECT customer_id, id,
       CAST(julianday(substr(ts, 1, 10)) - {JULIAN_TO_ORDINAL} AS INTEGER),
       ts >= :ws, ts >= :ls, kind = 'refund', paid_fen, COALESCE(refund_of_id, 0)
FROM purchases
WHERE customer_id IN (SELECT value FROM json_each(:ids)) AND ts < :end
"""


def day_text(day: date) -> str:
    """A day as the text prefix stored timestamps are compared with."""
    return day.isoformat()


def bounds(at: date, window_days: int, loyal_window_days: int) -> dict[str, str]:
    """SQL parameters: window start, loyal-window start and the exclusive end (day after at)."""
    return {
        "ws": day_text(at - timedelta(days=window_days - 1)),
        "ls": day_text(at - timedelta(days=loyal_window_days - 1)),
        "end": day_text(at + timedelta(days=1)),
    }


@dataclass(frozen=True)
class PurchaseHistory:
    """Column arrays, one entry per customer with any purchase row on or before ``at``.

    Days are ``date.toordinal()`` numbers; 0 means "none". Arrays are sorted by
    customer id and read-only.
    """

    at: date
    window_days: int
    customer_id: Int64Array
    first_day: Int64Array
    last_day: Int64Array
    count_all: Int64Array
    net_all_fen: Int64Array
    window_last_day: Int64Array
    window_count: Int64Array
    window_net_fen: Int64Array
    loyal_count: Int64Array
    # True where the exact second pass ran (a refund or a free sale among the rows).
    exact_pass: NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.customer_id.shape[0])


def _columns(rows: Sequence[Any], width: int) -> Int64Array:
    if not rows:
        return np.zeros((0, width), dtype=np.int64)
    return np.array(rows, dtype=np.int64).reshape(len(rows), width)


def _group_reduce(
    inverse: Int64Array, groups: int, values: Int64Array, mask: NDArray[np.bool_], how: str
) -> Int64Array:
    out = np.zeros(groups, dtype=np.int64)
    if how == "sum":
        np.add.at(out, inverse[mask], values[mask])
    elif how == "max":
        np.maximum.at(out, inverse[mask], values[mask])
    else:  # min over present values; 0 stays for groups without any
        big = np.full(groups, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(big, inverse[mask], values[mask])
        out = np.where(big == np.iinfo(np.int64).max, 0, big)
    return out


def customer_rows(session: Session, ids: Int64Array, params: dict[str, str]) -> Int64Array:
    """Rows of ``ids`` up to the end bound: customer, id, day, in window, in loyal window,
    is refund, paid fen, refunded sale id (0 when none)."""
    rows = (
        session.connection()
        .exec_driver_sql(_ROWS_OF, {**params, "ids": json.dumps(ids.tolist())})
        .fetchall()
    )
    return _columns(rows, 8)


def counted_sales(
    row_id: Int64Array, is_refund: NDArray[np.bool_], paid: Int64Array, refund_of: Int64Array
) -> NDArray[np.bool_]:
    """True for each sale row that was not refunded in full by the rows given."""
    linked = is_refund & (refund_of > 0)
    refunded_ids, back = np.unique(refund_of[linked], return_inverse=True)
    given_back = np.zeros(refunded_ids.shape[0], dtype=np.int64)
    np.add.at(given_back, back, -paid[linked])
    pos = np.minimum(np.searchsorted(refunded_ids, row_id), max(len(refunded_ids) - 1, 0))
    has_refund = np.zeros(row_id.shape[0], dtype=bool)
    if len(refunded_ids):
        has_refund = refunded_ids[pos] == row_id
    back_fen = np.where(has_refund, given_back[pos] if len(refunded_ids) else 0, 0)
    return ~is_refund & ~(has_refund & (back_fen >= paid))


def _exact(session: Session, ids: Int64Array, params: dict[str, str]) -> Int64Array:
    """The eight aggregate columns for ``ids`` from their own rows, refunds resolved."""
    data = customer_rows(session, ids, params)
    cust, row_id, day, in_window, in_loyal, is_refund, paid, refund_of = data.T
    counted = counted_sales(row_id, is_refund.astype(bool), paid, refund_of)
    groups, inverse = np.unique(cust, return_inverse=True)
    n = groups.shape[0]
    every = np.ones(cust.shape[0], dtype=bool)
    in_w = in_window.astype(bool)
    out = np.zeros((n, 8), dtype=np.int64)
    out[:, 0] = _group_reduce(inverse, n, day, counted, "min")
    out[:, 1] = _group_reduce(inverse, n, day, counted, "max")
    out[:, 2] = _group_reduce(inverse, n, counted.astype(np.int64), every, "sum")
    out[:, 3] = _group_reduce(inverse, n, paid, every, "sum")
    out[:, 4] = _group_reduce(inverse, n, day, counted & in_w, "max")
    out[:, 5] = _group_reduce(inverse, n, (counted & in_w).astype(np.int64), every, "sum")
    out[:, 6] = _group_reduce(inverse, n, paid, in_w, "sum")
    out[:, 7] = _group_reduce(
        inverse, n, (counted & in_loyal.astype(bool)).astype(np.int64), every, "sum"
    )
    return out


def load_history(
    session: Session, at: date, window_days: int = 365, loyal_window_days: int = 365
) -> PurchaseHistory:
    """Aggregate every customer's purchases up to ``at`` (see the module text for refunds)."""
    params = bounds(at, window_days, loyal_window_days)
    rows = session.connection().exec_driver_sql(_PASS_ONE, params).fetchall()
    data = _columns(rows, 10)
    flagged = data[:, 9] > 0
    if flagged.any():
        exact = _exact(session, data[flagged, 0], params)
        data[np.flatnonzero(flagged), 1:9] = exact
    col = [read_only(np.ascontiguousarray(data[:, i])) for i in range(9)]
    return PurchaseHistory(
        at,
        window_days,
        customer_id=col[0],
        first_day=col[1],
        last_day=col[2],
        count_all=col[3],
        net_all_fen=col[4],
        window_last_day=col[5],
        window_count=col[6],
        window_net_fen=col[7],
        loyal_count=col[8],
        exact_pass=read_only(flagged),
    )
