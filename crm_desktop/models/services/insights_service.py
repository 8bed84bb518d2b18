"""The owner's analysis screens as services: tier overview, a tier's members, RFM segments.

They read money figures, so they need ``export.bulk`` (owner and accountant) in the
model layer, not only hidden menu entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.analytics.rfm import SegmentSummary, segment_customers
from crm_desktop.models.analytics.tier_view import TierOverview, tier_member_ids, tier_overview
from crm_desktop.models.entities import Customer
from crm_desktop.models.services.base import Service

PERMISSION = "export.bulk"
MEMBER_LIMIT = 2000


@dataclass(frozen=True)
class TierMember:
    customer_id: int
    name: str


@dataclass(frozen=True)
class SegmentMember:
    customer_id: int
    name: str
    r_days: int
    frequency: int
    monetary_fen: int


@dataclass(frozen=True)
class SegmentReport:
    summary: tuple[SegmentSummary, ...]
    members: dict[int, tuple[SegmentMember, ...]]
    customers: int


def _names(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids)))
    return {int(cid): str(name) for cid, name in rows}


class InsightsService(Service):
    """Tier and segment figures for the owner's and the accountant's screens."""

    def tier_overview(self, start: date, end: date) -> TierOverview:
        """Members and spend per tier, upgrades and downgrades per month."""
        with self._read(PERMISSION) as session:
            return tier_overview(session, start, end)

    def tier_members(self, tier_id: int | None, limit: int = MEMBER_LIMIT) -> tuple[TierMember, ...]:
        """The first ``limit`` members of a tier, by customer number."""
        with self._read(PERMISSION) as session:
            ids = tier_member_ids(session, tier_id, limit)
            names = _names(session, ids)
        return tuple(TierMember(cid, names.get(cid, "")) for cid in ids)

    def segments(self, limit: int = MEMBER_LIMIT) -> SegmentReport:
        """Today's segments and the first ``limit`` members of each."""
        with self._read(PERMISSION) as session:
            table = segment_customers(session)
            picked = {
                seg.segment.code: [int(i) for i in table.customers_in(seg.segment.code)[:limit]]
                for seg in table.summary()
            }
            names = _names(session, [cid for ids in picked.values() for cid in ids])
        members: dict[int, tuple[SegmentMember, ...]] = {}
        for code, ids in picked.items():
            rows = []
            for cid in ids:
                pos = table.index_of(cid)
                if pos is None:
                    continue
                rows.append(SegmentMember(
                    cid, names.get(cid, ""), int(table.r_days[pos]),
                    int(table.frequency[pos]), int(table.monetary_fen[pos]),
                ))
            members[code] = tuple(rows)
        return SegmentReport(table.summary(), members, len(table))
