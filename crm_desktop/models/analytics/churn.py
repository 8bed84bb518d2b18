"""Churn warnings (流失预警) and win-back tracking (挽回跟踪).

A warning names an active or loyal customer with at least three purchases whose
days since the last purchase exceed twice (an owner setting) their median gap.
Gaps are the day differences between consecutive distinct purchase days, so two
purchases on one day do not pull the median to zero. Purchases are counted as in
``history`` (a sale refunded in full is no purchase).

A win-back contact is an interaction with purpose ``win_back``; it is won when the
customer bought (a sale) within 30 days after the contact, pending while those
days have not passed, lost otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.analytics.history import (
    Int64Array,
    PurchaseHistory,
    bounds,
    fetch_ints,
    id_list,
    load_history,
)
from crm_desktop.models.analytics.history_sql import history_sql
from crm_desktop.models.analytics.lifecycle import ACTIVE, LOYAL, lifecycle_stages
from crm_desktop.models.analytics.settings import AnalyticsSettings, read_settings
from crm_desktop.models.entities import Customer
from crm_desktop.models.language import current_language

WIN_BACK_PURPOSE = "win_back"


def _days_text(days: float) -> str:
    return f"{days:.0f}" if float(days).is_integer() else f"{days:.1f}"


@dataclass(frozen=True)
class ChurnWarning:
    """One customer slipping away, with the reason in both languages."""

    customer_id: int
    name: str
    phone: str | None
    stage: str
    purchases: int
    median_gap_days: float
    days_since_last: int
    last_purchase_on: date
    reason_zh: str
    reason_en: str

    @property
    def reason(self) -> str:
        return self.reason_zh if current_language() == "zh" else self.reason_en


def churn_reason(median_gap_days: float, days_since_last: int) -> tuple[str, str]:
    """The sentence shown in the list: "usually every 12 days, not seen for 40"."""
    gap = _days_text(median_gap_days)
    return (
        f"通常每 {gap} 天来一次，已 {days_since_last} 天未到店",
        f"usually every {gap} days, not seen for {days_since_last}",
    )


def median_gaps(
    session: Session, history: PurchaseHistory, pick: NDArray[np.bool_]
) -> tuple[Int64Array, NDArray[np.float64]]:
    """Median gap in days between consecutive distinct purchase days, per picked customer
    with at least one gap (sorted by customer id)."""
    params = {
        "ids": json.dumps(history.customer_id[pick].tolist()),
        "x": json.dumps(history.not_counted_ids.tolist()),
        "end": bounds(history.at, history.window_days, history.window_days)["end"],
    }
    rows = fetch_ints(session, history_sql(session).gap_counts, params, 3)
    if rows.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    return weighted_medians(rows[:, 0], rows[:, 1], rows[:, 2])


def weighted_medians(
    group: Int64Array, value: Int64Array, weight: Int64Array
) -> tuple[Int64Array, NDArray[np.float64]]:
    """Median of each group's values repeated ``weight`` times; rows sorted by (group, value)."""
    ids, starts = np.unique(group, return_index=True)
    cum = np.cumsum(weight)
    before = cum[starts] - weight[starts]  # items ahead of each group
    total = np.add.reduceat(weight, starts)
    low = np.searchsorted(cum, before + (total - 1) // 2, side="right")
    high = np.searchsorted(cum, before + total // 2, side="right")
    return ids, (value[low] + value[high]) / 2.0


def find_churn_warnings(
    session: Session, at: date | None = None, settings: AnalyticsSettings | None = None
) -> tuple[ChurnWarning, ...]:
    """Customers to win back at ``at`` (default today), most overdue first."""
    settings = settings or read_settings(session)
    at = at or date.today()
    history = load_history(session, at, settings.window_days, settings.lifecycle.loyal_window_days)
    stages = lifecycle_stages(history, settings)
    at_day = at.toordinal()
    candidates = ((stages == ACTIVE) | (stages == LOYAL)) & (
        history.count_all >= settings.churn_min_purchases
    )
    if not candidates.any():
        return ()
    ids, medians = median_gaps(session, history, candidates)
    pos = np.searchsorted(history.customer_id, ids)
    since = at_day - history.last_day[pos]
    warned = since > settings.churn_gap_factor * medians
    ids, medians, pos, since = ids[warned], medians[warned], pos[warned], since[warned]
    order = np.argsort(-(since / np.maximum(medians, 0.5)), kind="stable")
    people = {
        row.id: row
        for row in session.execute(
            select(Customer.id, Customer.name, Customer.phone).where(
                Customer.id.in_(id_list(ids.tolist()))
            )
        )
    }
    stage_keys = {ACTIVE: "active", LOYAL: "loyal"}
    warnings = []
    for i in order:
        cid = int(ids[i])
        zh, en = churn_reason(float(medians[i]), int(since[i]))
        person = people.get(cid)
        warnings.append(
            ChurnWarning(
                customer_id=cid,
                name=person.name if person else "",
                phone=person.phone if person else None,
                stage=stage_keys[int(stages[pos[i]])],
                purchases=int(history.count_all[pos[i]]),
                median_gap_days=float(medians[i]),
                days_since_last=int(since[i]),
                last_purchase_on=date.fromordinal(int(history.last_day[pos[i]])),
                reason_zh=zh,
                reason_en=en,
            )
        )
    return tuple(warnings)


@dataclass(frozen=True)
class WinBackOutcome:
    """One win-back contact and whether the customer came back in time."""

    interaction_id: int
    customer_id: int
    contacted_at: datetime
    deadline: date
    bought_at: datetime | None
    status: str  # won | pending | lost


@dataclass(frozen=True)
class WinBackSummary:
    outcomes: tuple[WinBackOutcome, ...]
    contacted: int
    won: int
    pending: int
    lost: int

    @property
    def win_rate(self) -> float | None:
        """Share of decided contacts that were won; None before any is decided."""
        decided = self.won + self.lost
        return self.won / decided if decided else None


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def win_back_results(
    session: Session,
    start: date,
    at: date | None = None,
    settings: AnalyticsSettings | None = None,
) -> WinBackSummary:
    """Win-back contacts logged from ``start`` to ``at`` (default today) and their outcome."""
    settings = settings or read_settings(session)
    at = at or date.today()
    days = settings.win_back_days
    params = {
        "span": f"+{days + 1} days",
        "end": (at + timedelta(days=1)).isoformat(),
        "start": start.isoformat(),
        "purpose": WIN_BACK_PURPOSE,
    }
    outcomes = []
    win_back = history_sql(session).win_back
    for row in session.connection().exec_driver_sql(win_back, params).fetchall():
        contacted = _as_datetime(row[2])
        deadline = contacted.date() + timedelta(days=days)
        bought = _as_datetime(row[3]) if row[3] is not None else None
        status = "won" if bought else ("pending" if at < deadline else "lost")
        outcomes.append(
            WinBackOutcome(int(row[0]), int(row[1]), contacted, deadline, bought, status)
        )
    return WinBackSummary(
        tuple(outcomes),
        len(outcomes),
        sum(o.status == "won" for o in outcomes),
        sum(o.status == "pending" for o in outcomes),
        sum(o.status == "lost" for o in outcomes),
    )
