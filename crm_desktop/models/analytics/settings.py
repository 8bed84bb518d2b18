"""The owner's settings for segmentation, lifecycle, lifetime value and churn warnings.

Stored as JSON under ``analytics.*`` keys in the settings table; a missing key
means the default below. Saving them is one owner action with one audit entry.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Setting
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.operation import perform
from crm_desktop.models.permissions import require
from crm_desktop.models.store.store import Store

SETTING_KEY = "analytics.rules"


@dataclass(frozen=True)
class RfmThresholds:
    """Fixed cut-offs instead of the means: e.g. 30 days, 3 purchases, ¥500 (50000 fen)."""

    recency_days: int
    frequency: int
    monetary_fen: int


@dataclass(frozen=True)
class LifecycleRules:
    """Day counts of the lifecycle stages; each boundary day belongs to the earlier stage."""

    new_days: int = 90
    active_days: int = 90
    at_risk_days: int = 365
    loyal_purchases: int = 6
    loyal_window_days: int = 365
    loyal_recent_days: int = 60


@dataclass(frozen=True)
class AnalyticsSettings:
    """Everything the owner may tune; the defaults are the ones the issue names."""

    window_days: int = 365
    thresholds: RfmThresholds | None = None
    expected_years: int = 3
    # Purchases per year are taken over at least this many days of tenure, so a
    # customer seen once yesterday is not forecast to buy 365 times a year.
    min_tenure_days: int = 365
    lifecycle: LifecycleRules = field(default_factory=LifecycleRules)
    churn_gap_factor: int = 2
    churn_min_purchases: int = 3
    win_back_days: int = 30


def _from_json(data: dict[str, Any]) -> AnalyticsSettings:
    thresholds = data.get("thresholds")
    lifecycle = data.get("lifecycle") or {}
    plain = {k: v for k, v in data.items() if k not in ("thresholds", "lifecycle")}
    known = set(AnalyticsSettings.__dataclass_fields__)
    return AnalyticsSettings(
        **{k: int(v) for k, v in plain.items() if k in known},
        thresholds=RfmThresholds(**{k: int(v) for k, v in thresholds.items()})
        if thresholds
        else None,
        lifecycle=LifecycleRules(
            **{k: int(v) for k, v in lifecycle.items() if k in LifecycleRules.__dataclass_fields__}
        ),
    )


def read_settings(session: Session) -> AnalyticsSettings:
    """The settings in force, inside the caller's session."""
    raw = session.scalars(select(Setting.value).where(Setting.key == SETTING_KEY)).first()
    if raw is None:
        return AnalyticsSettings()
    return _from_json(json.loads(raw))


def load_settings(store: Store) -> AnalyticsSettings:
    """The settings in force in ``store``."""
    with store.read() as session:
        return read_settings(session)


def _check(settings: AnalyticsSettings) -> None:
    days = settings.lifecycle
    problems: list[tuple[str, str, str]] = []
    if settings.window_days < 1:
        problems.append(
            ("window_days", "统计窗口至少 1 天。", "The window must be at least 1 day.")
        )
    if settings.expected_years < 1:
        problems.append(
            ("expected_years", "预计年数至少为 1。", "Expected years must be at least 1.")
        )
    if not 0 < days.active_days < days.at_risk_days:
        problems.append(
            (
                "lifecycle",
                "活跃天数必须大于 0 且小于流失预警天数。",
                "Active days must be above 0 and below the at-risk days.",
            )
        )
    if settings.thresholds is not None and min(asdict(settings.thresholds).values()) < 0:
        problems.append(
            ("thresholds", "固定阈值不能为负数。", "Fixed thresholds cannot be negative.")
        )
    if problems:
        name, zh, en = problems[0]
        raise ValidationError("analytics.settings", zh, en, field=name)


def save_settings(store: Store, actor: Actor, settings: AnalyticsSettings) -> AnalyticsSettings:
    """Store new settings (owner only): one transaction, one audit entry."""
    require(actor, "settings.manage")
    _check(settings)
    value = json.dumps(asdict(settings), ensure_ascii=False)
    with perform(store, actor, "analytics.settings", Entity.SETTING, "settings.manage") as op:
        row = op.session.get(Setting, SETTING_KEY)
        op.before = {"rules": row.value if row else ""}
        if row is None:
            op.session.add(Setting(key=SETTING_KEY, value=value))
        else:
            row.value = value
        op.after = {"rules": value}
    return settings
