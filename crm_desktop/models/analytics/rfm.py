"""RFM scores, the eight segments and value classes, exactly as the owner's screen explains them.

Over customers with at least one purchase in the window (365 days ending on the
reference date ``at`` by default; refunds as in ``history``):

- R = days from the last purchase to ``at``; F = number of purchases; M = net fen.
- Score 1–5 per metric: sort (R descending in days, so the most recent score
  highest; F and M ascending), take the 1-based rank where tied customers share
  the lowest rank of their group, score = 1 + floor(5 × (rank − 1) / n).
- Segment: each metric is "high" against the mean over the same customers (R
  high when days <= mean days; F, M high when >= the mean), or against the
  owner's fixed thresholds when set.
- Value class: top 20 % by M high, next 30 % middle, the rest low; tied
  customers share the better class.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from crm_desktop.models.analytics.history import (
    Int64Array,
    PurchaseHistory,
    load_history,
    read_only,
)
from crm_desktop.models.analytics.settings import (
    AnalyticsSettings,
    RfmThresholds,
    read_settings,
)
from crm_desktop.models.language import current_language


@dataclass(frozen=True)
class Segment:
    """One of the eight RFM segments; ``code`` is its index in ``SEGMENTS``."""

    code: int
    key: str
    name_zh: str
    name_en: str
    r_high: bool
    f_high: bool
    m_high: bool

    def name(self, language: str | None = None) -> str:
        return self.name_zh if (language or current_language()) == "zh" else self.name_en


# code = 4·(M low) + 2·(F low) + (R low)
SEGMENTS: tuple[Segment, ...] = (
    Segment(0, "important_value", "重要价值客户", "Important value customers", True, True, True),
    Segment(
        1, "important_retain", "重要保持客户", "Important retention customers", False, True, True
    ),
    Segment(
        2, "important_develop", "重要发展客户", "Important development customers", True, False, True
    ),
    Segment(
        3, "important_win_back", "重要挽留客户", "Important win-back customers", False, False, True
    ),
    Segment(4, "general_value", "一般价值客户", "General value customers", True, True, False),
    Segment(5, "general_retain", "一般保持客户", "General retention customers", False, True, False),
    Segment(
        6, "general_develop", "一般发展客户", "General development customers", True, False, False
    ),
    Segment(
        7, "general_win_back", "一般挽留客户", "General win-back customers", False, False, False
    ),
)

VALUE_CLASS_KEYS = ("high", "middle", "low")
VALUE_CLASS_NAMES = {
    "zh": ("高价值", "中价值", "低价值"),
    "en": ("High value", "Middle value", "Low value"),
}


def value_class_name(code: int, language: str | None = None) -> str:
    """Display name of value class ``code`` (0 high, 1 middle, 2 low)."""
    return VALUE_CLASS_NAMES[language or current_language()][code]


def min_ranks(values: NDArray[np.int64]) -> Int64Array:
    """1-based ascending ranks where ties share the lowest rank of their group."""
    ordered = np.sort(values, kind="stable")
    ranks: Int64Array = np.searchsorted(ordered, values, side="left").astype(np.int64) + 1
    return ranks


def rank_scores(values: NDArray[np.int64], *, descending: bool = False) -> NDArray[np.int8]:
    """Scores 1–5: 1 + floor(5 × (rank − 1) / n), ranks as in ``min_ranks``."""
    n = values.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int8)
    ranks = min_ranks(-values if descending else values)
    scores: NDArray[np.int8] = (1 + (5 * (ranks - 1)) // n).astype(np.int8)
    return scores


def segment_codes(
    r_days: Int64Array,
    frequency: Int64Array,
    monetary_fen: Int64Array,
    thresholds: RfmThresholds | None,
) -> tuple[NDArray[np.int8], tuple[float, float, float]]:
    """Segment code per customer and the cut-offs used (mean days, mean F, mean M fen)."""
    if r_days.shape[0] == 0:
        return np.zeros(0, dtype=np.int8), (0.0, 0.0, 0.0)
    if thresholds is None:
        cuts = (float(r_days.mean()), float(frequency.mean()), float(monetary_fen.mean()))
    else:
        cuts = (
            float(thresholds.recency_days),
            float(thresholds.frequency),
            float(thresholds.monetary_fen),
        )
    r_low = r_days > cuts[0]
    f_low = frequency < cuts[1]
    m_low = monetary_fen < cuts[2]
    codes = 4 * m_low.astype(np.int8) + 2 * f_low.astype(np.int8) + r_low.astype(np.int8)
    return codes.astype(np.int8), cuts


def value_classes(monetary_fen: Int64Array) -> NDArray[np.int8]:
    """0 high (top 20 % by M), 1 middle (next 30 %), 2 low; ties share the better class."""
    n = monetary_fen.shape[0]
    ahead = min_ranks(-monetary_fen) - 1  # customers with strictly more money
    out = np.full(n, 2, dtype=np.int8)
    out[2 * ahead < n] = 1
    out[5 * ahead < n] = 0
    return out


@dataclass(frozen=True)
class CustomerRfm:
    """One customer's row of the RFM table."""

    customer_id: int
    r_days: int
    frequency: int
    monetary_fen: int
    r_score: int
    f_score: int
    m_score: int
    segment: Segment
    value_class: int


@dataclass(frozen=True)
class SegmentSummary:
    """Size and spend of one segment, for the segment chart and the owner's table."""

    segment: Segment
    customers: int
    spend_fen: int
    share_of_customers: float
    share_of_spend: float


@dataclass(frozen=True)
class RfmTable:
    """The whole segmentation as read-only column arrays sorted by customer id."""

    at: date
    window_days: int
    customer_id: Int64Array
    r_days: Int64Array
    frequency: Int64Array
    monetary_fen: Int64Array
    r_score: NDArray[np.int8]
    f_score: NDArray[np.int8]
    m_score: NDArray[np.int8]
    segment: NDArray[np.int8]
    value_class: NDArray[np.int8]
    # The cut-offs the segments were split at: mean (or fixed) days, purchases, fen.
    cut_r_days: float
    cut_frequency: float
    cut_monetary_fen: float
    fixed_thresholds: bool

    def __len__(self) -> int:
        return int(self.customer_id.shape[0])

    def row(self, index: int) -> CustomerRfm:
        return CustomerRfm(
            int(self.customer_id[index]),
            int(self.r_days[index]),
            int(self.frequency[index]),
            int(self.monetary_fen[index]),
            int(self.r_score[index]),
            int(self.f_score[index]),
            int(self.m_score[index]),
            SEGMENTS[int(self.segment[index])],
            int(self.value_class[index]),
        )

    def index_of(self, customer_id: int) -> int | None:
        pos = int(np.searchsorted(self.customer_id, customer_id))
        if pos < len(self) and int(self.customer_id[pos]) == customer_id:
            return pos
        return None

    def for_customer(self, customer_id: int) -> CustomerRfm | None:
        """The customer's row, or None when they bought nothing in the window."""
        pos = self.index_of(customer_id)
        return None if pos is None else self.row(pos)

    def customers_in(self, segment_code: int) -> Int64Array:
        """Ids of the customers of one segment (for the member list)."""
        ids: Int64Array = self.customer_id[self.segment == segment_code]
        return ids

    def summary(self) -> tuple[SegmentSummary, ...]:
        """Every segment's size and spend, in ``SEGMENTS`` order (empty ones included)."""
        n = len(self)
        sizes = np.bincount(self.segment, minlength=8)
        spend = np.bincount(self.segment, weights=self.monetary_fen, minlength=8)
        total = float(self.monetary_fen.sum()) if n else 0.0
        return tuple(
            SegmentSummary(
                seg,
                int(sizes[seg.code]),
                int(round(spend[seg.code])),
                float(sizes[seg.code]) / n if n else 0.0,
                float(spend[seg.code]) / total if total > 0 else 0.0,
            )
            for seg in SEGMENTS
        )


def compute_rfm(history: PurchaseHistory, settings: AnalyticsSettings) -> RfmTable:
    """Scores, segments and value classes from aggregated history (no database access)."""
    buyers = history.window_count > 0
    at_day = history.at.toordinal()
    ids = history.customer_id[buyers]
    r_days = at_day - history.window_last_day[buyers]
    freq = history.window_count[buyers]
    money = history.window_net_fen[buyers]
    codes, cuts = segment_codes(r_days, freq, money, settings.thresholds)
    return RfmTable(
        at=history.at,
        window_days=history.window_days,
        customer_id=read_only(ids),
        r_days=read_only(r_days),
        frequency=read_only(freq),
        monetary_fen=read_only(money),
        r_score=read_only(rank_scores(r_days, descending=True)),
        f_score=read_only(rank_scores(freq)),
        m_score=read_only(rank_scores(money)),
        segment=read_only(codes),
        value_class=read_only(value_classes(money)),
        cut_r_days=cuts[0],
        cut_frequency=cuts[1],
        cut_monetary_fen=cuts[2],
        fixed_thresholds=settings.thresholds is not None,
    )


def segment_customers(
    session: Session, at: date | None = None, settings: AnalyticsSettings | None = None
) -> RfmTable:
    """Segment every customer who bought in the window ending on ``at`` (default today)."""
    settings = settings or read_settings(session)
    at = at or date.today()
    history = load_history(session, at, settings.window_days, settings.lifecycle.loyal_window_days)
    return compute_rfm(history, settings)
