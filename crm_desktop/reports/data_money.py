"""Aggregations of money: takings by payment method, stored-value liability over time.

Takings (营业收入 by how it was paid) are the money that came in: purchases paid
other than from a card (cash, WeChat Pay, Alipay, bank card, other; refunds
subtract) plus stored-value top-ups (paid money only, never the free bonus).
Purchases paid from stored value or with card counts were taken when the card
was topped up, so they are not counted twice.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_desktop.models.report_sql import report_sql
from crm_desktop.reports.chart_data import (
    ChartData,
    ChartRequest,
    Series,
    month_ends,
    months_between,
)

TAKING_METHODS = ("cash", "wechat", "alipay", "bank_card", "other")


def takings_per_month(session: Session, request: ChartRequest) -> ChartData:
    """Money taken per month and payment method, in fen."""
    where, params = request.filters.sql("c")
    words = report_sql(session)
    sql = f"""
    SELECT month, method, sum(fen) FROM (
        SELECT {words.month("p.ts")} AS month, p.payment_method AS method, p.paid_fen AS fen
        FROM purchases p JOIN customers c ON c.id = p.customer_id
        WHERE p.ts >= :start AND p.ts < :end
          AND p.payment_method NOT IN ('stored_value', 'count') {where}
        UNION ALL
        SELECT {words.month("v.ts")}, COALESCE(v.payment_method, 'other'), v.principal_fen
        FROM value_entries v JOIN customers c ON c.id = v.customer_id
        WHERE v.kind = 'topup' AND v.ts >= :start AND v.ts < :end {where}
    ) AS taken GROUP BY month, method
    """
    months = months_between(request.start, request.end)
    table: dict[str, dict[str, float]] = {m: {} for m in TAKING_METHODS}
    for month, method, fen in session.connection().exec_driver_sql(
        words.named(sql), {**request.bounds(), **params}
    ):
        key = method if method in TAKING_METHODS else "other"
        table[key][month] = table[key].get(month, 0) + int(fen)
    return ChartData(
        months,
        tuple(Series(m, tuple(float(table[m].get(x, 0)) for x in months)) for m in TAKING_METHODS),
    )


def liability_over_time(session: Session, request: ChartRequest) -> ChartData:
    """Stored value owed to card holders (预收款余额) at each month end: paid and bonus, fen."""
    conn = session.connection()
    words = report_sql(conn)
    opening = conn.exec_driver_sql(
        words.named(
            "SELECT COALESCE(sum(principal_fen), 0), COALESCE(sum(bonus_fen), 0) "
            "FROM value_entries WHERE ts < :start"
        ),
        request.bounds(),
    ).one()
    moves = dict(
        (row[0], (int(row[1]), int(row[2])))
        for row in conn.exec_driver_sql(
            words.named(
                f"SELECT {words.month('ts')}, sum(principal_fen), sum(bonus_fen) FROM value_entries "
                "WHERE ts >= :start AND ts < :end GROUP BY 1"
            ),
            request.bounds(),
        )
    )
    principal, bonus = float(opening[0]), float(opening[1])
    paid_line, bonus_line = [], []
    for at in month_ends(request.start, request.end):
        p, b = moves.get(f"{at:%Y-%m}", (0, 0))
        principal += p
        bonus += b
        paid_line.append(principal)
        bonus_line.append(bonus)
    labels = tuple(f"{d:%Y-%m}" for d in month_ends(request.start, request.end))
    return ChartData(
        labels, (Series("principal", tuple(paid_line)), Series("bonus", tuple(bonus_line)))
    )
