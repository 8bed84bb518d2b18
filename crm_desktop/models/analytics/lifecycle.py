"""Lifecycle stage and lifetime value of each customer at a reference date.

Stages (day counts are owner settings; a boundary day belongs to the earlier stage):
potential — on file at ``at`` (``population``) but never bought (or every purchase
refunded in full);
new — first purchase at most ``new_days`` (90) days before ``at``;
loyal — not new, at least ``loyal_purchases`` (6) purchases in the last
``loyal_window_days`` (365) and the last one at most ``loyal_recent_days`` (60) ago;
active — last purchase at most ``active_days`` (90) ago;
at risk — last purchase ``active_days``+1 to ``at_risk_days`` (91–365) days ago;
churned — more than ``at_risk_days`` ago.

Lifetime value: historical = net spend up to ``at``; forecast = average purchase ×
purchases per year over the tenure × expected years, which simplifies to
net spend × 365 / tenure days × expected years (tenure = days from the first
purchase to ``at``, at least ``min_tenure_days``; a year is 365 days).
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
from crm_desktop.models.analytics.population import customers_on_file
from crm_desktop.models.analytics.settings import AnalyticsSettings, read_settings
from crm_desktop.models.language import current_language

STAGE_KEYS = ("potential", "new", "active", "loyal", "at_risk", "churned")
POTENTIAL, NEW, ACTIVE, LOYAL, AT_RISK, CHURNED = range(6)
STAGE_NAMES = {
    "zh": ("潜在客户", "新客户", "活跃客户", "忠诚客户", "流失风险", "已流失"),
    "en": ("Potential", "New", "Active", "Loyal", "At risk", "Churned"),
}


def stage_name(code: int, language: str | None = None) -> str:
    """Display name of lifecycle stage ``code``."""
    return STAGE_NAMES[language or current_language()][code]


def lifecycle_stages(history: PurchaseHistory, settings: AnalyticsSettings) -> NDArray[np.int8]:
    """Stage code per customer of ``history`` (vectorised)."""
    rules = settings.lifecycle
    at_day = history.at.toordinal()
    bought = history.count_all > 0
    since_first = at_day - history.first_day
    since_last = at_day - history.last_day
    stage = np.full(len(history), CHURNED, dtype=np.int8)
    stage[since_last <= rules.at_risk_days] = AT_RISK
    stage[since_last <= rules.active_days] = ACTIVE
    is_new = since_first <= rules.new_days
    loyal = (
        ~is_new
        & (history.loyal_count >= rules.loyal_purchases)
        & (since_last <= rules.loyal_recent_days)
    )
    stage[loyal] = LOYAL
    stage[is_new] = NEW
    stage[~bought] = POTENTIAL
    return stage


def lifetime_values(history: PurchaseHistory, settings: AnalyticsSettings) -> Int64Array:
    """Forecast lifetime value in fen per customer (historical is ``history.net_all_fen``)."""
    at_day = history.at.toordinal()
    tenure = np.maximum(at_day - history.first_day, settings.min_tenure_days)
    net = np.maximum(history.net_all_fen, 0)
    numerator = net * 365 * settings.expected_years
    forecast = (2 * numerator + tenure) // (2 * tenure)  # rounded half up, integer fen
    values: Int64Array = np.where(history.count_all > 0, forecast, 0).astype(np.int64)
    return values


@dataclass(frozen=True)
class CustomerLifecycle:
    """Stage and lifetime value per buying customer, plus how many never bought."""

    at: date
    customer_id: Int64Array
    stage: NDArray[np.int8]
    days_since_last: Int64Array
    purchases: Int64Array
    historical_fen: Int64Array
    forecast_fen: Int64Array
    potential_customers: int

    def stage_counts(self) -> tuple[int, ...]:
        """Customers per stage in ``STAGE_KEYS`` order, potential ones included."""
        counts = np.bincount(self.stage, minlength=len(STAGE_KEYS)).astype(int)
        counts[POTENTIAL] += self.potential_customers
        return tuple(int(c) for c in counts)

    def customers_in(self, stage: int) -> Int64Array:
        """Ids of the buying customers in one stage (potential ones are not listed here)."""
        ids: Int64Array = self.customer_id[self.stage == stage]
        return ids


def compute_lifecycle(
    history: PurchaseHistory, settings: AnalyticsSettings, customers_total: int
) -> CustomerLifecycle:
    """Lifecycle from aggregated history; ``customers_total`` counts everyone on file at ``at``
    (``population.customers_on_file``: joined by then, or bought by then)."""
    stage = lifecycle_stages(history, settings)
    at_day = history.at.toordinal()
    bought = history.count_all > 0
    days = np.where(bought, at_day - history.last_day, -1)
    return CustomerLifecycle(
        at=history.at,
        customer_id=history.customer_id,
        stage=read_only(stage),
        days_since_last=read_only(days),
        purchases=history.count_all,
        historical_fen=history.net_all_fen,
        forecast_fen=read_only(lifetime_values(history, settings)),
        # Customers with no purchase row at all; those whose rows were all refunded
        # are already in ``stage`` as potential.
        potential_customers=max(customers_total - len(history), 0),
    )


def customer_lifecycle(
    session: Session, at: date | None = None, settings: AnalyticsSettings | None = None
) -> CustomerLifecycle:
    """Stages and lifetime values of every customer at ``at`` (default today)."""
    settings = settings or read_settings(session)
    at = at or date.today()
    history = load_history(session, at, settings.window_days, settings.lifecycle.loyal_window_days)
    total = customers_on_file(session, at, history.customer_id)
    return compute_lifecycle(history, settings, total)
