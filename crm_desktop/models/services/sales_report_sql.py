"""The itemised sales statements of ``sales_report`` in each backend's words.

Both take :width (10 for days, 7 for months), :start and :end. A server spells the
stored moment as text before cutting the period from it, lists the item columns
in ``GROUP BY`` (the item row follows from its id, which PostgreSQL cannot see
through the join) and sums to whole numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection


@dataclass(frozen=True)
class SalesSql:
    """Lines per period, kind and item; purchases without lines per period and kind."""

    lines: str
    bare: str


SQLITE = SalesSql(
    lines="""
SELECT substr(p.ts, 1, :width) AS period, p.kind, pl.item_id, pl.item,
       COALESCE(pl.category, ''), COALESCE(i.name, pl.item), COALESCE(i.category, ''),
       sum(pl.quantity), sum(pl.amount_fen), sum(pl.discount_fen)
FROM purchase_lines pl
JOIN purchases p ON p.id = pl.purchase_id
LEFT JOIN items i ON i.id = pl.item_id
WHERE p.ts >= :start AND p.ts < :end
GROUP BY 1, 2, 3, 4, 5
""",
    bare="""
SELECT substr(p.ts, 1, :width), p.kind, count(*), sum(p.amount_fen), sum(p.discount_fen)
FROM purchases p
WHERE p.ts >= :start AND p.ts < :end
  AND NOT EXISTS (SELECT 1 FROM purchase_lines pl WHERE pl.purchase_id = p.id)
GROUP BY 1, 2
""",
)

_PERIOD = "substr(to_char(p.ts, 'YYYY-MM-DD'), 1, %(width)s)"
SERVER = SalesSql(
    lines=f"""
SELECT {_PERIOD} AS period, p.kind, pl.item_id, pl.item,
       COALESCE(pl.category, ''), COALESCE(i.name, pl.item), COALESCE(i.category, ''),
       CAST(sum(pl.quantity) AS bigint), CAST(sum(pl.amount_fen) AS bigint),
       CAST(sum(pl.discount_fen) AS bigint)
FROM purchase_lines pl
JOIN purchases p ON p.id = pl.purchase_id
LEFT JOIN items i ON i.id = pl.item_id
WHERE p.ts >= %(start)s AND p.ts < %(end)s
GROUP BY 1, 2, 3, 4, 5, 6, 7
""",
    bare=f"""
SELECT {_PERIOD}, p.kind, count(*), CAST(sum(p.amount_fen) AS bigint),
       CAST(sum(p.discount_fen) AS bigint)
FROM purchases p
WHERE p.ts >= %(start)s AND p.ts < %(end)s
  AND NOT EXISTS (SELECT 1 FROM purchase_lines pl WHERE pl.purchase_id = p.id)
GROUP BY 1, 2
""",
)


def sales_sql(conn: Connection) -> SalesSql:
    """The statements for the backend ``conn`` talks to."""
    return SQLITE if conn.dialect.name == "sqlite" else SERVER
