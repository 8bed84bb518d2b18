"""The purchase-history passes' SQL in each backend's words (``history``, ``churn``).

The statements run on the driver's own cursor with named parameters: SQLite's are
written ``:name`` and walk ``ix_purchases_customer_ts_paid`` by hint; a server's are
written ``%(name)s``, read the id lists bound as JSON text through ``jsonb``, count with
``FILTER`` and say the group order the passes rely on (SQLite's index walk gives it).
Days are ``date.toordinal()`` numbers on both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

# julianday('YYYY-MM-DD') - this = date.toordinal()
JULIAN_TO_ORDINAL = 1721424.5
# date(1970, 1, 1).toordinal()
_EPOCH_ORDINAL = 719163


@dataclass(frozen=True)
class HistorySql:
    """The statements of one backend; see ``history`` for what each pass reads."""

    all_time: str
    window_of: str
    edges: str
    non_positive: str
    rows_of: str
    rows_by_id: str
    kind_of: str
    gap_counts: str
    win_back: str


_DAY = f"CAST(julianday(substr({{}}, 1, 10)) - {JULIAN_TO_ORDINAL} AS INTEGER)"

# One index-only pass over all time; the window is then read only where it must be.
_ALL_TIME = f"""
SELECT customer_id,
       COALESCE({_DAY.format("min(CASE WHEN paid_fen > 0 THEN ts END)")}, 0),
       COALESCE({_DAY.format("max(CASE WHEN paid_fen > 0 THEN ts END)")}, 0),
       sum(paid_fen > 0),
       sum(paid_fen),
       sum(paid_fen <= 0)
FROM purchases INDEXED BY ix_purchases_customer_ts_paid
WHERE ts < :end
GROUP BY customer_id
"""
# Only for customers with rows on both sides of the window's start: the index on
# (customer_id, ts) seeks straight to each one's first row in the window.
_WINDOW_OF = f"""
SELECT customer_id,
       COALESCE({_DAY.format("max(CASE WHEN paid_fen > 0 THEN ts END)")}, 0),
       sum(paid_fen > 0),
       sum(paid_fen)
FROM purchases INDEXED BY ix_purchases_customer_ts_paid
WHERE customer_id IN (SELECT value FROM json_each(:ids)) AND ts >= :from AND ts < :end
GROUP BY customer_id
"""
# First, last and last-in-window counted sale of a few customers: a counted sale is
# a row paid >= 0 outside :x (refund rows and sales refunded in full). Each is one
# index seek that stops at the first row that qualifies.
_EDGE = """
(SELECT {day} FROM purchases INDEXED BY ix_purchases_customer_ts_paid
 WHERE customer_id = c.value AND ts < :end {extra} AND paid_fen >= 0
   AND id NOT IN (SELECT value FROM json_each(:x))
 ORDER BY ts {order} LIMIT 1)
"""
_EDGES = f"""
SELECT c.value,
       COALESCE({_EDGE.format(day=_DAY.format("ts"), extra="", order="ASC")}, 0),
       COALESCE({_EDGE.format(day=_DAY.format("ts"), extra="", order="DESC")}, 0),
       COALESCE({_EDGE.format(day=_DAY.format("ts"), extra="AND ts >= :ws", order="DESC")}, 0)
FROM json_each(:ids) AS c
"""
# Index-only (the rowid is part of every index entry).
_ROW_COLUMNS = f"customer_id, id, {_DAY.format('ts')}, ts >= :ws, ts >= :ls, paid_fen"
_NON_POSITIVE = f"""
SELECT {_ROW_COLUMNS} FROM purchases INDEXED BY ix_purchases_customer_ts_paid
WHERE paid_fen <= 0 AND ts < :end
"""
_ROWS_OF = f"""
SELECT {_ROW_COLUMNS} FROM purchases INDEXED BY ix_purchases_customer_ts_paid
WHERE customer_id IN (SELECT value FROM json_each(:ids)) AND ts < :end
"""
_ROWS_BY_ID = f"""
SELECT {_ROW_COLUMNS} FROM purchases WHERE id IN (SELECT value FROM json_each(:ids))
"""
_KIND_OF = """
SELECT id, kind = 'refund', COALESCE(refund_of_id, 0)
FROM purchases WHERE id IN (SELECT value FROM json_each(:ids))
"""
# Gaps between consecutive distinct purchase days, counted per (customer, gap): a
# regular's thousand visits come back as a few dozen rows. Counted purchases are
# rows paid >= 0 that are not refunds or sales refunded in full (:x).
_GAP_COUNTS = f"""
SELECT customer_id, gap, count(*) FROM (
    SELECT customer_id, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
    FROM (SELECT DISTINCT customer_id,
                 CAST(julianday(substr(ts, 1, 10)) - {JULIAN_TO_ORDINAL} AS INTEGER) AS day
          FROM purchases INDEXED BY ix_purchases_customer_ts_paid
          WHERE customer_id IN (SELECT value FROM json_each(:ids)) AND ts < :end
            AND paid_fen >= 0 AND id NOT IN (SELECT value FROM json_each(:x))))
WHERE gap IS NOT NULL
GROUP BY customer_id, gap
"""
_WIN_BACK = """
SELECT i.id, i.customer_id, i.ts,
       (SELECT min(p.ts) FROM purchases p
        WHERE p.customer_id = i.customer_id AND p.kind = 'sale'
          AND p.ts > i.ts AND p.ts < date(i.ts, :span) AND p.ts < :end) AS bought
FROM interactions i
WHERE i.purpose = :purpose AND i.ts >= :start AND i.ts < :end
ORDER BY i.ts, i.id
"""

SQLITE = HistorySql(
    all_time=_ALL_TIME,
    window_of=_WINDOW_OF,
    edges=_EDGES,
    non_positive=_NON_POSITIVE,
    rows_of=_ROWS_OF,
    rows_by_id=_ROWS_BY_ID,
    kind_of=_KIND_OF,
    gap_counts=_GAP_COUNTS,
    win_back=_WIN_BACK,
)


def _pg_ids(name: str) -> str:
    """A server's id list bound as JSON text ``%(name)s``, one integer per row."""
    return (
        f"(SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(%({name})s AS jsonb)))"
    )


def _pg_day(moment: str) -> str:
    return f"(CAST({moment} AS date) - DATE '1970-01-01' + {_EPOCH_ORDINAL})"


_PG_COUNTED_DAY = "{how}(CAST(ts AS date)) FILTER (WHERE paid_fen > 0)"
_PG_ROW_COLUMNS = (
    f"customer_id, id, {_pg_day('ts')}, CAST(ts >= %(ws)s AS integer),"
    " CAST(ts >= %(ls)s AS integer), paid_fen"
)
_PG_ROW_ORDER = "ORDER BY customer_id, ts, paid_fen, id"
_PG_EDGE = f"""
(SELECT {_pg_day("ts")} FROM purchases
 WHERE customer_id = c.value AND ts < %(end)s {{extra}} AND paid_fen >= 0
   AND id NOT IN {_pg_ids("x")}
 ORDER BY ts {{order}} LIMIT 1)
"""

SERVER = HistorySql(
    all_time=f"""
SELECT customer_id,
       COALESCE({_pg_day(_PG_COUNTED_DAY.format(how="min"))}, 0),
       COALESCE({_pg_day(_PG_COUNTED_DAY.format(how="max"))}, 0),
       count(*) FILTER (WHERE paid_fen > 0),
       CAST(sum(paid_fen) AS bigint),
       count(*) FILTER (WHERE paid_fen <= 0)
FROM purchases
WHERE ts < %(end)s
GROUP BY customer_id
ORDER BY customer_id
""",
    window_of=f"""
SELECT customer_id,
       COALESCE({_pg_day(_PG_COUNTED_DAY.format(how="max"))}, 0),
       count(*) FILTER (WHERE paid_fen > 0),
       CAST(sum(paid_fen) AS bigint)
FROM purchases
WHERE customer_id IN {_pg_ids("ids")} AND ts >= %(from)s AND ts < %(end)s
GROUP BY customer_id
ORDER BY customer_id
""",
    edges=f"""
SELECT c.value,
       COALESCE({_PG_EDGE.format(extra="", order="ASC")}, 0),
       COALESCE({_PG_EDGE.format(extra="", order="DESC")}, 0),
       COALESCE({_PG_EDGE.format(extra="AND ts >= %(ws)s", order="DESC")}, 0)
FROM {_pg_ids("ids")} AS c(value)
""",
    non_positive=f"""
SELECT {_PG_ROW_COLUMNS} FROM purchases
WHERE paid_fen <= 0 AND ts < %(end)s
{_PG_ROW_ORDER}
""",
    rows_of=f"""
SELECT {_PG_ROW_COLUMNS} FROM purchases
WHERE customer_id IN {_pg_ids("ids")} AND ts < %(end)s
{_PG_ROW_ORDER}
""",
    rows_by_id=f"""
SELECT {_PG_ROW_COLUMNS} FROM purchases WHERE id IN {_pg_ids("ids")}
""",
    kind_of=f"""
SELECT id, CAST(kind = 'refund' AS integer), COALESCE(refund_of_id, 0)
FROM purchases WHERE id IN {_pg_ids("ids")}
""",
    gap_counts=f"""
SELECT customer_id, gap, count(*) FROM (
    SELECT customer_id, day - lag(day) OVER (PARTITION BY customer_id ORDER BY day) AS gap
    FROM (SELECT DISTINCT customer_id, {_pg_day("ts")} AS day
          FROM purchases
          WHERE customer_id IN {_pg_ids("ids")} AND ts < %(end)s
            AND paid_fen >= 0 AND id NOT IN {_pg_ids("x")}) AS days) AS gaps
WHERE gap IS NOT NULL
GROUP BY customer_id, gap
""",
    win_back="""
SELECT i.id, i.customer_id, i.ts,
       (SELECT min(p.ts) FROM purchases p
        WHERE p.customer_id = i.customer_id AND p.kind = 'sale'
          AND p.ts > i.ts AND p.ts < CAST(i.ts AS date) + CAST(%(span)s AS interval)
          AND p.ts < %(end)s) AS bought
FROM interactions i
WHERE i.purpose = %(purpose)s AND i.ts >= %(start)s AND i.ts < %(end)s
ORDER BY i.ts, i.id
""",
)


def history_sql(session: Session) -> HistorySql:
    """The statements for the backend ``session`` talks to."""
    return SQLITE if session.connection().dialect.name == "sqlite" else SERVER


class json_ids(FunctionElement[Any]):  # noqa: N801 - SQL function names are lower case
    """The integers of a JSON array bound as one parameter, as a table with column ``value``.

    SQLite reads it with ``json_each``; a server has no such function, so there it is
    a subquery over ``jsonb_array_elements_text`` whose text values become integers.
    """

    name = "json_ids"
    inherit_cache = True


@compiles(json_ids, "sqlite")
def _json_ids_sqlite(element: json_ids, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(json_ids, "postgresql")
def _json_ids_server(element: json_ids, compiler: SQLCompiler, **kw: Any) -> str:
    return (
        "(SELECT CAST(value AS bigint) AS value FROM jsonb_array_elements_text("
        f"CAST({compiler.process(element.clauses, **kw)} AS jsonb)))"
    )
