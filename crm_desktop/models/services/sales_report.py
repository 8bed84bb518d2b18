"""Sales by item and by category (按项目/类别的销售), per day or per month.

A sale's lines count at list price (``amount``) less their tier discount; a
refund's negative lines count as ``refunded`` in the period of the refund, so
a row's net is what that item brought in over the period. Lines sold from the
shop's list count under the item (its name now, so a renamed item stays one
row); other lines under their text. Purchases without lines count as
``NO_ITEMS``. By category uses the category stored on each line when it was
sold. For the owner and the accountant, like the money charts; a clerk sees the
counter's own figures in the shift close, not the shop's sales.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.item_records import SalesRow
from crm_desktop.models.services.sales_report_sql import sales_sql

NO_ITEMS = "(no items)"
NO_CATEGORY = "(no category)"
PERIODS = ("day", "month")
_MAX_DAYS = 3700

@dataclass
class _Sum:
    category: str
    quantity: int = 0
    amount_fen: int = 0
    discount_fen: int = 0
    refunded_fen: int = 0

    def add(self, kind: str, quantity: int, amount: int, discount: int) -> None:
        if kind == "refund":
            self.refunded_fen -= amount - discount
        else:
            self.quantity += quantity
            self.amount_fen += amount
            self.discount_fen += discount


def _rows(sums: dict[tuple[str, str], _Sum]) -> list[SalesRow]:
    return [SalesRow(key, s.category, period, s.quantity, s.amount_fen, s.discount_fen,
                     s.refunded_fen)
            for (period, key), s in sorted(sums.items())]


def sales_rows(
    session: Session, start: date, end: date, period: str, by: str = "item"
) -> list[SalesRow]:
    """Rows by item (``by="item"``) or by category for the range; no role check (see below)."""
    found = _query(session, _params(start, end, period))
    sums: dict[tuple[str, str], _Sum] = {}
    for row in found:
        when, kind, item_id, text, category, name, item_category = row[:7]
        if by == "item":
            key = str(name) if item_id is not None else str(text)
            shown = str(item_category) if item_id is not None else str(category)
        else:
            key = shown = str(category) or NO_CATEGORY
        sums.setdefault((when, key), _Sum(shown or NO_CATEGORY)).add(kind, *row[7:])
    return _rows(sums)


def _query(session: Session, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(period, kind, item_id, text, category, name, item category, qty, amount, discount)."""
    conn = session.connection()
    sql = sales_sql(conn)
    found = [tuple(row) for row in conn.exec_driver_sql(sql.lines, params)]
    for when, kind, count, amount, discount in conn.exec_driver_sql(sql.bare, params):
        found.append((when, kind, None, NO_ITEMS, NO_ITEMS, NO_ITEMS, NO_ITEMS,
                      count, amount, discount))
    return found


def _params(start: date, end: date, period: str) -> dict[str, Any]:
    if period not in PERIODS:
        raise ValidationError("invalid.period", "统计周期应为按日或按月。",
                              "The period must be by day or by month.", field="period")
    if end < start:
        raise ValidationError("invalid.period", "结束日期不能早于开始日期。",
                              "The end date cannot be before the start date.", field="end")
    if (end - start).days > _MAX_DAYS:
        raise ValidationError("invalid.period", "统计范围最多十年。",
                              "The range can be at most ten years.", field="end")
    return {
        "width": 10 if period == "day" else 7,
        "start": datetime.combine(start, time()).isoformat(" "),
        "end": datetime.combine(end + timedelta(days=1), time()).isoformat(" "),
    }


class SalesReportService(Service):
    """Sales per item or category and period; read by the owner and the accountant."""

    def by_item(self, start: date, end: date, period: str = "day") -> list[SalesRow]:
        """One row per period and item, ``start`` to ``end`` inclusive, periods in order."""
        _params(start, end, period)
        with self._read("export.bulk") as session:
            return sales_rows(session, start, end, period, "item")

    def by_category(self, start: date, end: date, period: str = "day") -> list[SalesRow]:
        """One row per period and category (as stored on each line when it was sold)."""
        _params(start, end, period)
        with self._read("export.bulk") as session:
            return sales_rows(session, start, end, period, "category")
