"""Aggregations of membership: tiers (members, spend, movement) and RFM segments."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from crm_desktop.models.analytics.rfm import segment_customers
from crm_desktop.models.analytics.tier_view import tier_overview
from crm_desktop.reports.chart_data import ChartData, ChartRequest, Series


def tier_distribution(session: Session, request: ChartRequest) -> tuple[ChartData, ChartData]:
    """(members and spend per tier, upgrades and downgrades per month) for the range."""
    view = tier_overview(session, request.start, request.end)
    tiers = ChartData(
        tuple(t.name for t in view.tiers),
        (Series("members", tuple(float(t.members) for t in view.tiers)),),
        (Series("spend", tuple(float(t.spend_fen) for t in view.tiers)),),
    )
    moves = ChartData(
        tuple(m.month for m in view.movement),
        (
            Series("upgrades", tuple(float(m.upgrades) for m in view.movement)),
            Series("downgrades", tuple(float(m.downgrades) for m in view.movement)),
        ),
    )
    return tiers, moves


def segment_sizes(session: Session, request: ChartRequest, language: str) -> ChartData:
    """Customers per RFM segment at the range's end, and each segment's share of spend (%)."""
    at: date = request.end
    summary = segment_customers(session, at).summary()
    return ChartData(
        tuple(s.segment.name(language) for s in summary),
        (Series("customers", tuple(float(s.customers) for s in summary)),),
        (Series("share_of_spend", tuple(round(100 * s.share_of_spend, 1) for s in summary)),),
    )
