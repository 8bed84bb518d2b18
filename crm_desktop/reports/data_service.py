"""Aggregations of service quality: complaints and how fast they were resolved, satisfaction, NPS."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_desktop.models.report_sql import report_sql
from crm_desktop.reports.chart_data import (
    ChartData,
    ChartRequest,
    Series,
    months_between,
    per_month,
)

NAN = float("nan")  # a month without answers: the line breaks instead of dropping to 0


def complaints_per_month(session: Session, request: ChartRequest) -> ChartData:
    """Complaints opened per month, and the mean days to resolve those resolved (extra)."""
    where, params = request.filters.sql("c")
    words = report_sql(session)
    sql = words.named(
        f"SELECT {words.month('f.created_at')}, count(*),"
        " avg(CASE WHEN f.resolved_at IS NOT NULL"
        "     THEN julianday(f.resolved_at) - julianday(f.created_at) END)"
        " FROM feedback f JOIN customers c ON c.id = f.customer_id"
        f" WHERE f.kind = 'complaint' AND f.created_at >= :start AND f.created_at < :end {where}"
        " GROUP BY 1"
    )
    rows = (
        session.connection().exec_driver_sql(sql, {**request.bounds(), **params}).fetchall()
    )
    months = months_between(request.start, request.end)
    counts = {r[0]: r[1] for r in rows}
    days = {r[0]: round(float(r[2]), 1) for r in rows if r[2] is not None}
    return ChartData(
        months,
        (Series("complaints", per_month(months, counts)),),
        (Series("resolution_days", per_month(months, days, NAN)),),
    )


def satisfaction_per_month(session: Session, request: ChartRequest) -> ChartData:
    """Mean satisfaction (1–5) per month, and NPS (-100…100) per month as the extra series.

    NPS = share of promoters (9–10) minus share of detractors (0–6), in percent.
    """
    where, params = request.filters.sql("c")
    words = report_sql(session)
    sql = words.named(
        f"SELECT {words.month('s.answered_on')}, avg(s.satisfaction),"
        f" 100.0 * ({words.count_if('s.nps >= 9')} - {words.count_if('s.nps <= 6')})"
        " / NULLIF(count(s.nps), 0)"
        " FROM survey_answers s JOIN customers c ON c.id = s.customer_id"
        f" WHERE s.answered_on >= :start AND s.answered_on < :end {where} GROUP BY 1"
    )
    rows = (
        session.connection().exec_driver_sql(sql, {**request.bounds(), **params}).fetchall()
    )
    months = months_between(request.start, request.end)
    score = {r[0]: round(float(r[1]), 2) for r in rows if r[1] is not None}
    nps = {r[0]: round(float(r[2]), 1) for r in rows if r[2] is not None}
    return ChartData(
        months,
        (Series("satisfaction", per_month(months, score, NAN)),),
        (Series("nps", per_month(months, nps, NAN)),),
    )
