"""What the tier view shows: members and spend per tier, upgrades and downgrades per month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.analytics.tiers import RATED_STATUSES
from crm_desktop.models.entities import Card, Tier
from crm_desktop.models.language import current_language
from crm_desktop.models.report_sql import ReportSql, report_sql

NO_TIER = {"zh": "无等级", "en": "No tier"}


@dataclass(frozen=True)
class TierStats:
    """One tier's row; ``tier_id`` None is the cards without a tier."""

    tier_id: int | None
    name: str
    rank: int | None
    members: int
    spend_fen: int


@dataclass(frozen=True)
class TierMovement:
    month: str  # YYYY-MM
    upgrades: int
    downgrades: int


@dataclass(frozen=True)
class TierOverview:
    start: date
    end: date
    tiers: tuple[TierStats, ...]
    movement: tuple[TierMovement, ...]


_MEMBERS = f"""
SELECT tier_id, count(*) FROM cards
WHERE status IN ({", ".join(repr(s) for s in RATED_STATUSES)}) GROUP BY tier_id
"""
_SPEND = """
SELECT c.tier_id, sum(p.paid_fen) FROM purchases p JOIN cards c ON c.id = p.card_id
WHERE p.ts >= :start AND p.ts < :end GROUP BY c.tier_id
"""
# 'issue' and 'import' set a first tier: they are neither upgrades nor downgrades.
_MOVES = """
SELECT {month} AS month,
       {up},
       {down}
FROM tier_changes tc
LEFT JOIN tiers f ON f.id = tc.from_tier_id
LEFT JOIN tiers t ON t.id = tc.to_tier_id
WHERE tc.ts >= :start AND tc.ts < :end AND tc.reason_kind NOT IN ('issue', 'import')
GROUP BY month ORDER BY month
"""


def _moves(words: ReportSql) -> str:
    return words.named(_MOVES.format(
        month=words.month("tc.ts"),
        up=words.count_if("COALESCE(t.rank, -1) > COALESCE(f.rank, -1)"),
        down=words.count_if("COALESCE(t.rank, -1) < COALESCE(f.rank, -1)"),
    ))


def _months(start: date, end: date) -> list[str]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(f"{day:%Y-%m}")
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def tier_overview(session: Session, start: date, end: date) -> TierOverview:
    """Members now per tier, spend per tier from ``start`` to ``end`` (inclusive), and moves.

    Spend is the paid amount of purchases booked on a card, by the card's tier now.
    """
    params = {"start": start.isoformat(), "end": (end + timedelta(days=1)).isoformat()}
    conn = session.connection()
    words = report_sql(conn)
    members = {r[0]: int(r[1]) for r in conn.exec_driver_sql(_MEMBERS).fetchall()}
    spend = {r[0]: int(r[1] or 0) for r in conn.exec_driver_sql(words.named(_SPEND), params).fetchall()}
    rows: list[TierStats] = []
    for tier in session.scalars(select(Tier).order_by(Tier.rank)):
        if tier.active or members.get(tier.id):
            rows.append(
                TierStats(
                    tier.id, tier.name, tier.rank, members.get(tier.id, 0), spend.get(tier.id, 0)
                )
            )
    if members.get(None) or spend.get(None):
        name = NO_TIER[current_language()]
        rows.insert(0, TierStats(None, name, None, members.get(None, 0), spend.get(None, 0)))
    moved = {r[0]: (int(r[1]), int(r[2])) for r in conn.exec_driver_sql(_moves(words), params).fetchall()}
    movement = tuple(TierMovement(m, *moved.get(m, (0, 0))) for m in _months(start, end))
    return TierOverview(start, end, tuple(rows), movement)


def tier_member_ids(session: Session, tier_id: int | None, limit: int | None = None) -> list[int]:
    """Customers holding an active or frozen card of the tier (None: no tier), by customer number."""
    condition = Card.tier_id.is_(None) if tier_id is None else Card.tier_id == tier_id
    stmt = (
        select(Card.customer_id)
        .where(condition, Card.status.in_(RATED_STATUSES))
        .order_by(Card.customer_id)
        .distinct()
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [int(cid) for cid in session.scalars(stmt)]
