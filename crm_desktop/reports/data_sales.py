"""Net sales by category over the periods of the chosen range (按类别销售额).

Net is list price less tier discounts less line refunds, as in the sales
report (``models.services.sales_report``). A range of up to a month goes by
day, a longer one by month. The biggest categories keep their own series; the
rest are summed as "…" so the legend stays readable.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from crm_desktop.models.services.sales_report import sales_rows
from crm_desktop.reports.chart_data import ChartData, ChartRequest, Series, months_between

MAX_CATEGORIES = 7
OTHERS = "…"
DAYS_BY_DAY = 31


def sales_period(request: ChartRequest) -> str:
    """"day" for a range of up to a month, else "month"."""
    return "day" if (request.end - request.start).days < DAYS_BY_DAY else "month"


def _labels(request: ChartRequest, period: str) -> tuple[str, ...]:
    if period == "month":
        return months_between(request.start, request.end)
    days = (request.end - request.start).days + 1
    return tuple((request.start + timedelta(days=i)).isoformat() for i in range(days))


def sales_by_category(session: Session, request: ChartRequest) -> ChartData:
    """Net sales in fen per category (series) and period (labels), biggest category first."""
    period = sales_period(request)
    labels = _labels(request, period)
    table: dict[str, dict[str, int]] = {}
    for row in sales_rows(session, request.start, request.end, period, "category"):
        cells = table.setdefault(row.key, {})
        cells[row.period] = cells.get(row.period, 0) + row.net_fen
    ranked = sorted(table, key=lambda key: (-sum(table[key].values()), key))
    kept, rest = ranked[:MAX_CATEGORIES], ranked[MAX_CATEGORIES:]
    series = [Series(key, tuple(float(table[key].get(x, 0)) for x in labels)) for key in kept]
    if rest:
        series.append(Series(OTHERS, tuple(
            float(sum(table[key].get(x, 0) for key in rest)) for x in labels)))
    return ChartData(labels, tuple(series))

