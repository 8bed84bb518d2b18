"""Per-customer purchase aggregates up to a reference date, net of refunds.

Only customers analyses count are kept: anonymised and merged ones are left out
(``population``); anyone else with a purchase row on or before ``at`` is here,
whatever their member-since date says.

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

Speed: two passes over the covering index ``ix_purchases_customer_ts_paid``
(``GROUP BY customer_id``: all time, then the window) take every row paid > 0
as a counted sale. The exceptions are few and found without touching the table
rows: an index-only scan lists the rows paid <= 0, a rowid lookup tells refunds
from free sales and finds the sales refunded in full; numpy then corrects the
counts. Only a customer whose first or last purchase day was refunded in full
has those days looked up again, one index seek each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from crm_desktop.models.analytics.history_sql import history_sql, json_ids
from crm_desktop.models.analytics.population import excluded_ids

Int64Array = NDArray[np.int64]
ArrayT = TypeVar("ArrayT", bound=NDArray[Any])


def id_list(ids: Iterable[int]) -> Select[tuple[Any]]:
    """A subquery of the ids, for ``column.in_(id_list(ids))`` with any number of ids.

    One JSON parameter instead of one bound variable per id (SQLite allows 32,766).
    """
    table = json_ids(json.dumps([int(i) for i in ids])).table_valued("value")
    return select(table.c.value)


def read_only(array: ArrayT) -> ArrayT:
    """The same array, marked read-only so frozen results stay frozen."""
    array.flags.writeable = False
    return array


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
    """Column arrays, one entry per counted customer with any purchase row on or before ``at``.

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
    # True where a refund or a free sale is among the customer's rows.
    exact_pass: NDArray[np.bool_]
    # Row ids that are not counted purchases (refund rows, sales refunded in full), sorted.
    not_counted_ids: Int64Array

    def __len__(self) -> int:
        return int(self.customer_id.shape[0])


def fetch_ints(session: Session, sql: str, params: dict[str, str], width: int) -> Int64Array:
    """Run ``sql`` on the session's own connection and return its integer columns as a matrix.

    Goes to the driver cursor directly: SQLAlchemy ``Row`` objects cost ~30× more to
    turn into an array at a million rows.
    """
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    cursor = dbapi.cursor()
    try:
        rows = cursor.execute(sql, params).fetchall()
    finally:
        cursor.close()
    return _columns(rows, width)


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


def _with_kinds(session: Session, head: Int64Array) -> Int64Array:
    """Widen index rows to: customer, id, day, in window, in loyal window, is refund,
    paid fen, refunded sale id (0 when none); only rows paid <= 0 are looked up."""
    rows = np.zeros((head.shape[0], 8), dtype=np.int64)
    rows[:, :5] = head[:, :5]
    rows[:, 6] = head[:, 5]
    odd = np.flatnonzero(head[:, 5] <= 0)
    if odd.shape[0]:
        ids = {"ids": json.dumps(head[odd, 1].tolist())}
        kinds = fetch_ints(session, history_sql(session).kind_of, ids, 3)
        kinds = kinds[np.argsort(kinds[:, 0])]
        where = np.searchsorted(kinds[:, 0], head[odd, 1])
        rows[odd, 5] = kinds[where, 1]
        rows[odd, 7] = kinds[where, 2]
    return rows


def customer_rows(session: Session, ids: Int64Array, params: dict[str, str]) -> Int64Array:
    """Every row of customers ``ids`` up to the end bound, in ``_with_kinds`` columns."""
    of_ids = {**params, "ids": json.dumps(ids.tolist())}
    head = fetch_ints(session, history_sql(session).rows_of, of_ids, 6)
    return _with_kinds(session, head)


def counted_sales(
    row_id: Int64Array, is_refund: NDArray[np.bool_], paid: Int64Array, refund_of: Int64Array
) -> NDArray[np.bool_]:
    """True for each sale row that was not refunded in full by the rows given."""
    given_back = _given_back(row_id, is_refund, paid, refund_of)
    return ~is_refund & ~((given_back >= 0) & (given_back >= paid))


def _given_back(
    row_id: Int64Array, is_refund: NDArray[np.bool_], paid: Int64Array, refund_of: Int64Array
) -> Int64Array:
    """Per row: fen given back by refunds pointing at it, or -1 when none points at it."""
    linked = is_refund & (refund_of > 0)
    refunded_ids, back = np.unique(refund_of[linked], return_inverse=True)
    totals = np.zeros(refunded_ids.shape[0], dtype=np.int64)
    np.add.at(totals, back, -paid[linked])
    out = np.full(row_id.shape[0], -1, dtype=np.int64)
    if refunded_ids.shape[0]:
        pos = np.minimum(np.searchsorted(refunded_ids, row_id), refunded_ids.shape[0] - 1)
        hit = refunded_ids[pos] == row_id
        out[hit] = totals[pos[hit]]
    return out


def _exact(session: Session, ids: Int64Array, params: dict[str, str]) -> Int64Array:
    """The eight aggregate columns for ``ids`` from their own rows, refunds resolved.

    The plain statement of the rule, row by row in numpy; the tests hold the fast
    passes to it.
    """
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


def _window(session: Session, data: Int64Array, start: str, end: str) -> Int64Array:
    """Last day, purchases and net fen from ``start`` on, per customer of the all-time pass.

    A customer whose rows are all paid > 0 and all on one side of ``start`` needs
    no reading: everything or nothing of theirs is in the window.
    """
    start_day = date.fromisoformat(start).toordinal()
    out = np.zeros((data.shape[0], 3), dtype=np.int64)
    plain = data[:, 9] == 0
    inside = plain & (data[:, 1] >= start_day)
    out[inside] = data[inside][:, [2, 3, 4]]
    straddle = ~inside & ~(plain & (data[:, 2] < start_day))
    if straddle.any():
        ids = json.dumps(data[straddle, 0].tolist())
        span = {"ids": ids, "from": start, "end": end}
        rows = fetch_ints(session, history_sql(session).window_of, span, 4)
        out[np.searchsorted(data[:, 0], rows[:, 0])] = rows[:, 1:4]
    return out


def _correct(
    session: Session, data: Int64Array, params: dict[str, str]
) -> tuple[NDArray[np.bool_], Int64Array]:
    """Fix pass-one columns in place for free sales and sales refunded in full.

    Returns which customers had such a row or a refund, and the ids of the rows
    that are not counted purchases.
    """
    sql = history_sql(session)
    odd = _with_kinds(session, fetch_ints(session, sql.non_positive, params, 6))
    refunded_ids = np.unique(odd[(odd[:, 5] == 1) & (odd[:, 7] > 0), 7])
    by_id = {**params, "ids": json.dumps(refunded_ids.tolist())}
    sales = _with_kinds(session, fetch_ints(session, sql.rows_by_id, by_id, 6))
    rows = np.concatenate([odd, sales[sales[:, 6] > 0]])  # refunded free sales are in ``odd``
    cust, row_id, day, in_w, in_l, is_refund, paid, refund_of = rows.T
    counted = counted_sales(row_id, is_refund.astype(bool), paid, refund_of)
    # Pass one counted exactly the rows paid > 0: +1 for each counted free sale,
    # -1 for each paid sale refunded in full.
    delta = (~is_refund.astype(bool) & (paid == 0) & counted).astype(np.int64)
    delta -= ((paid > 0) & ~counted).astype(np.int64)
    pos = np.searchsorted(data[:, 0], cust)
    touched = np.zeros(data.shape[0], dtype=bool)
    touched[pos] = True
    np.add.at(data[:, 3], pos, delta)
    np.add.at(data[:, 6], pos, delta * in_w)
    np.add.at(data[:, 8], pos, delta * in_l)
    # A sale refunded in full on a customer's first or last day may have been the
    # only one that day: look those edges up again (counts are already right).
    gone = delta < 0
    edge = (day[gone] == data[pos[gone], 1]) | (day[gone] == data[pos[gone], 2])
    edge |= day[gone] == data[pos[gone], 5]
    # A counted free sale can only widen the first and last days.
    free = delta > 0
    big = np.iinfo(np.int64).max
    first = np.where(data[:, 1] == 0, big, data[:, 1])
    np.minimum.at(first, pos[free], day[free])
    data[:, 1] = np.where(first == big, 0, first)
    np.maximum.at(data[:, 2], pos[free], day[free])
    free_w = free & (in_w == 1)
    np.maximum.at(data[:, 5], pos[free_w], day[free_w])
    redo = np.unique(cust[gone][edge])
    not_counted = np.unique(row_id[~counted])
    if redo.shape[0]:
        x = json.dumps(not_counted.tolist())
        of_redo = {**params, "ids": json.dumps(redo.tolist()), "x": x}
        edges = fetch_ints(session, sql.edges, of_redo, 4)
        data[np.searchsorted(data[:, 0], edges[:, 0])[:, None], [1, 2, 5]] = edges[:, 1:4]
    return touched, not_counted


def load_history(
    session: Session, at: date, window_days: int = 365, loyal_window_days: int = 365
) -> PurchaseHistory:
    """Aggregate every customer's purchases up to ``at`` (see the module text for refunds)."""
    params = bounds(at, window_days, loyal_window_days)
    whole = fetch_ints(session, history_sql(session).all_time, {"end": params["end"]}, 6)
    data = np.zeros((whole.shape[0], 10), dtype=np.int64)
    data[:, [0, 1, 2, 3, 4, 9]] = whole
    data[:, 5:8] = _window(session, data, params["ws"], params["end"])
    if params["ls"] == params["ws"]:
        data[:, 8] = data[:, 6]
    else:
        data[:, 8] = _window(session, data, params["ls"], params["end"])[:, 1]
    exact = np.zeros(data.shape[0], dtype=bool)
    not_counted = np.zeros(0, dtype=np.int64)
    if (data[:, 9] > 0).any():
        exact, not_counted = _correct(session, data, params)
    kept = ~np.isin(data[:, 0], excluded_ids(session))
    if not kept.all():
        data, exact = data[kept], exact[kept]
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
        exact_pass=read_only(exact),
        not_counted_ids=read_only(not_counted),
    )
