"""Tier earning rules (等级规则): upgrade at once on a qualifying purchase, downgrade at review.

A tier is earned by spend (net paid fen of the customer's purchases) or by points
(points earned, less points taken back by refunds) over the tier's trailing
window of days ending on the day of the check. Tiers are ordered by ``rank``,
higher is better.

The guard: a customer qualifies for a tier only when they also qualify for every
active tier ranked below it, so a rule set whose thresholds are out of order
can never lift someone past a rung they did not meet.

- After a purchase (``apply_upgrade_after_purchase``, called by the card service
  inside its own transaction) a card only ever moves up; never down in the middle
  of a purchase.
- ``run_tier_review`` on or after the owner's review date re-rates every card in
  one action (down and up), with one audit entry, and sets the next review date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.actor import Actor
from crm_desktop.models.analytics.tiers_sql import window_sums
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Card, Setting, Tier, TierChange
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.language import current_language
from crm_desktop.models.operation import perform
from crm_desktop.models.permissions import require
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.rules.validation import format_fen
from crm_desktop.models.store.store import Store

if TYPE_CHECKING:  # numpy is imported when first needed: the counter starts faster
    import numpy as np
    from numpy.typing import NDArray

REVIEW_KEY = "tiers.review"
RATED_STATUSES = ("active", "frozen")


@dataclass(frozen=True)
class TierRule:
    tier_id: int
    name: str
    rank: int
    rule_kind: str  # spend | points
    threshold: int  # fen for spend, points for points
    window_days: int


@dataclass(frozen=True)
class TierChangeResult:
    """One card's move between tiers, as recorded in tier_changes."""

    card_id: int
    customer_id: int
    from_tier_id: int | None
    to_tier_id: int | None
    from_name: str | None
    to_name: str | None
    reason_kind: str
    reason: str
    is_upgrade: bool


@dataclass(frozen=True)
class ReviewSchedule:
    next_on: date | None
    every_months: int


@dataclass(frozen=True)
class TierReviewResult:
    at: date
    cards_rated: int
    upgraded: int
    downgraded: int
    next_on: date
    changes: tuple[TierChangeResult, ...]


# Built once and read as plain rows: every purchase at the counter asks for the tiers.
_ACTIVE_TIERS = (
    select(Tier.id, Tier.name, Tier.rank, Tier.rule_kind, Tier.threshold, Tier.window_days)
    .where(Tier.active.is_(True))
    .order_by(Tier.rank)
)


def active_tiers(session: Session) -> tuple[TierRule, ...]:
    """Active tiers from the lowest rank up."""
    return tuple(TierRule(*row) for row in session.execute(_ACTIVE_TIERS))


def _window(at: date, days: int) -> dict[str, str]:
    return {
        "start": (at - timedelta(days=days - 1)).isoformat(),
        "end": (at + timedelta(days=1)).isoformat(),
    }


_SPEND = """
SELECT customer_id, sum(paid_fen) FROM purchases INDEXED BY ix_purchases_customer_ts_paid
WHERE ts >= :start AND ts < :end {only} GROUP BY customer_id
"""
_POINTS = """
SELECT customer_id, sum(points) FROM points_entries
WHERE kind IN ('earn', 'refund') AND ts >= :start AND ts < :end {only} GROUP BY customer_id
"""
# One customer at the counter: through their cards' index, not the whole window.
_POINTS_OF = """
SELECT :cid, sum(points) FROM points_entries
WHERE card_id IN (SELECT id FROM cards WHERE customer_id = :cid)
  AND kind IN ('earn', 'refund') AND ts >= :start AND ts < :end
"""


def _values(
    session: Session, rule_kind: str, window_days: int, at: date, customer_id: int | None
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(customer ids, spend fen or points) over the window ending on ``at``, sorted by id."""
    import numpy as np

    sql = _SPEND if rule_kind == "spend" else _POINTS
    params: dict[str, object] = dict(_window(at, window_days))
    only = ""
    if customer_id is not None:
        only, params["cid"] = "AND customer_id = :cid", customer_id
        if rule_kind != "spend":
            sql = _POINTS_OF
    session.flush()  # the purchase being booked counts
    rows = window_sums(session, sql.format(only=only), params)
    pairs = [(int(r[0]), int(r[1] or 0)) for r in rows if r[0] is not None]
    data = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    data = data[np.argsort(data[:, 0])]
    return data[:, 0], data[:, 1]


def _lookup(
    table: tuple[NDArray[np.int64], NDArray[np.int64]], customers: NDArray[np.int64]
) -> NDArray[np.int64]:
    import numpy as np

    ids, vals = table
    if ids.shape[0] == 0:
        return np.zeros(customers.shape[0], dtype=np.int64)
    pos = np.minimum(np.searchsorted(ids, customers), ids.shape[0] - 1)
    found: NDArray[np.int64] = np.where(ids[pos] == customers, vals[pos], 0)
    return found


def qualified_levels(qualifies: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Per row, how many tiers from the bottom are met without a gap (the guard)."""
    import numpy as np

    if qualifies.shape[1] == 0:
        return np.zeros(qualifies.shape[0], dtype=np.int64)
    levels: NDArray[np.int64] = np.cumprod(qualifies, axis=1).sum(axis=1).astype(np.int64)
    return levels


def _qualification(
    session: Session,
    tiers: tuple[TierRule, ...],
    customers: NDArray[np.int64],
    at: date,
    single: bool,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(qualified level per customer, each customer's value under every tier's rule)."""
    import numpy as np

    tables: dict[tuple[str, int], tuple[NDArray[np.int64], NDArray[np.int64]]] = {}
    got = np.zeros((customers.shape[0], len(tiers)), dtype=np.int64)
    for j, rule in enumerate(tiers):
        key = (rule.rule_kind, rule.window_days)
        if key not in tables:
            tables[key] = _values(session, *key, at, int(customers[0]) if single else None)
        got[:, j] = _lookup(tables[key], customers)
    thresholds = np.array([t.threshold for t in tiers], dtype=np.int64)
    return qualified_levels(got >= thresholds), got


def _reason(rule: TierRule, value: int, reason_kind: str) -> str:
    window_days = rule.window_days
    if rule.rule_kind == "spend":
        got, need = f"¥{format_fen(value)}", f"¥{format_fen(rule.threshold)}"
        zh_what, en_what = "消费", "Spent"
    else:
        got, need = f"{value:,}", f"{rule.threshold:,}"
        zh_what, en_what = "积分", "Earned points"
    if current_language() == "zh":
        head = "等级复核：" if reason_kind == "review" else ""
        return f"{head}近{window_days}天{zh_what} {got}，符合「{rule.name}」门槛 {need}"
    head = "Tier review: " if reason_kind == "review" else ""
    return f"{head}{en_what} {got} in the last {window_days} days; {rule.name} needs {need}"


def _as_day(at: date | datetime | None) -> date:
    if at is None:
        return date.today()
    return at.date() if isinstance(at, datetime) else at


def apply_upgrade_after_purchase(
    session: Session, card_id: int, at: date | datetime | None = None
) -> TierChangeResult | None:
    """Move the card up to the highest tier its holder now qualifies for; never down.

    Runs inside the caller's transaction (the purchase's); the caller's audit entry
    should carry the returned change. None when nothing changes. The window is only
    summed when an active tier ranks above the card's own.
    """
    import numpy as np

    card = session.get(Card, card_id)
    if card is None or card.status != "active":
        return None
    tiers = active_tiers(session)
    current = session.get(Tier, card.tier_id) if card.tier_id is not None else None
    if not tiers or (current is not None and current.rank >= tiers[-1].rank):
        return None  # no tier above the card's: nothing to sum
    levels, got = _qualification(
        session, tiers, np.array([card.customer_id], dtype=np.int64), _as_day(at), single=True
    )
    level = int(levels[0])
    if level == 0:
        return None
    target = tiers[level - 1]
    if current is not None and current.rank >= target.rank:
        return None
    reason = _reason(target, int(got[0, level - 1]), "rule")
    change = _change(card.id, card.customer_id, card.tier_id, current, target, "rule", reason)
    session.add(_row(change, None, at if isinstance(at, datetime) else None))
    card.tier_id = target.tier_id
    return change


def _change(
    card_id: int,
    customer_id: int,
    from_id: int | None,
    current: TierRule | Tier | None,
    target: TierRule | None,
    reason_kind: str,
    reason: str,
) -> TierChangeResult:
    up = target is not None and (current is None or target.rank > current.rank)
    return TierChangeResult(
        card_id,
        customer_id,
        from_id,
        target.tier_id if target else None,
        current.name if current else None,
        target.name if target else None,
        reason_kind,
        reason,
        up,
    )


def _row(change: TierChangeResult, user_id: int | None, ts: datetime | None = None) -> TierChange:
    return TierChange(
        card_id=change.card_id,
        customer_id=change.customer_id,
        ts=ts or datetime.now(),
        from_tier_id=change.from_tier_id,
        to_tier_id=change.to_tier_id,
        reason_kind=change.reason_kind,
        reason=change.reason[:200],
        user_id=user_id,
    )


# -- review ------------------------------------------------------------------------------


def read_review_schedule(session: Session) -> ReviewSchedule:
    raw = session.scalars(select(Setting.value).where(Setting.key == REVIEW_KEY)).first()
    data = json.loads(raw) if raw else {}
    next_on = data.get("next_on")
    return ReviewSchedule(
        date.fromisoformat(next_on) if next_on else None, int(data.get("every_months", 12))
    )


def _write_review_schedule(session: Session, schedule: ReviewSchedule) -> None:
    value = json.dumps(
        {
            "next_on": schedule.next_on.isoformat() if schedule.next_on else None,
            "every_months": schedule.every_months,
        }
    )
    row = session.get(Setting, REVIEW_KEY)
    if row is None:
        session.add(Setting(key=REVIEW_KEY, value=value))
    else:
        row.value = value


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def set_review_schedule(
    store: Store, actor: Actor, next_on: date, every_months: int = 12
) -> ReviewSchedule:
    """The owner sets the next review date and how often reviews repeat (one audit entry)."""
    require(actor, "catalog.manage")
    if not 1 <= every_months <= 36:
        raise ValidationError(
            "tier.review_every",
            "复核周期应在 1 到 36 个月之间。",
            "Reviews repeat every 1 to 36 months.",
            field="every_months",
        )
    schedule = ReviewSchedule(next_on, every_months)
    with perform(store, actor, "tier.review_schedule", Entity.TIER, "catalog.manage") as op:
        op.also.add(Entity.SETTING)
        before = read_review_schedule(op.session)
        _write_review_schedule(op.session, schedule)
        op.before = {"next_on": str(before.next_on), "every_months": before.every_months}
        op.after = {"next_on": str(next_on), "every_months": every_months}
    return schedule


def run_tier_review(
    store: Store, actor: Actor, at: date | None = None, progress: ProgressReport = no_progress
) -> TierReviewResult:
    """Re-rate every active or frozen card by the rules: one action, one audit entry.

    Refused before the owner's review date (or when none is set); cards move down
    as well as up, each with a tier_changes row of reason 'review'.
    """
    require(actor, "catalog.manage")
    day = at or date.today()
    with perform(store, actor, "tier.review", Entity.TIER, "catalog.manage") as op:
        session = op.session
        schedule = read_review_schedule(session)
        if schedule.next_on is None:
            raise ValidationError(
                "tier.review_unset",
                "还没有设置等级复核日，不能复核。请先在等级设置里定一个复核日。",
                "No tier review date is set yet; set one in the tier settings first.",
            )
        if day < schedule.next_on:
            raise ValidationError(
                "tier.review_early",
                f"等级复核日是 {schedule.next_on.isoformat()}，还没到，等级没有改动。",
                f"The tier review is due on {schedule.next_on.isoformat()}; nothing was changed.",
            )
        tiers = active_tiers(session)
        changes, cards_rated = _rerate(session, tiers, day, actor.user_id, progress)
        up = sum(1 for c in changes if c.is_upgrade)
        next_on = schedule.next_on
        while next_on <= day:
            next_on = add_months(next_on, schedule.every_months)
        _write_review_schedule(session, ReviewSchedule(next_on, schedule.every_months))
        op.also.update({Entity.CARD, Entity.SETTING})
        op.changed_ids = [c.card_id for c in changes]
        op.before = {"next_on": schedule.next_on.isoformat()}
        op.after = {
            "at": day.isoformat(),
            "cards": cards_rated,
            "upgraded": up,
            "downgraded": len(changes) - up,
            "next_on": next_on.isoformat(),
        }
    return TierReviewResult(day, cards_rated, up, len(changes) - up, next_on, tuple(changes))


def _rerate(
    session: Session,
    tiers: tuple[TierRule, ...],
    day: date,
    user_id: int | None,
    progress: ProgressReport,
) -> tuple[list[TierChangeResult], int]:
    """Every rated card's new tier; writes the changed cards and their tier_changes rows.

    ``progress`` hears the three steps: "qualify" (summing each card's window),
    "rate" (choosing the tiers) and "write"; a cancel rolls the review back.
    """
    import numpy as np

    progress(Progress("qualify", 0, 3))
    rows = session.execute(
        select(Card.id, Card.customer_id, Card.tier_id).where(Card.status.in_(RATED_STATUSES))
    ).all()
    if not rows or not tiers:
        return [], len(rows)
    all_tiers = {t.id: t for t in session.scalars(select(Tier))}
    cards = np.array([(r[0], r[1], r[2] or 0) for r in rows], dtype=np.int64)
    levels, got = _qualification(session, tiers, cards[:, 1], day, single=False)
    progress(Progress("rate", 1, 3))
    tier_ids = np.array([0] + [t.tier_id for t in tiers], dtype=np.int64)
    target_ids = tier_ids[levels]
    moved = np.flatnonzero(target_ids != cards[:, 2])
    changes: list[TierChangeResult] = []
    for i in moved.tolist():
        level = int(levels[i])
        target = tiers[level - 1] if level else None
        shown, column = (target, level - 1) if target else (tiers[0], 0)
        reason = _reason(shown, int(got[i, column]), "review")
        from_id = int(cards[i, 2]) or None
        current = all_tiers.get(from_id) if from_id else None
        changes.append(
            _change(int(cards[i, 0]), int(cards[i, 1]), from_id, current, target, "review", reason)
        )
    progress(Progress("write", 2, 3))
    session.add_all([_row(c, user_id) for c in changes])
    session.connection().exec_driver_sql(
        "UPDATE cards SET tier_id = ?, version = version + 1 WHERE id = ?",
        [(c.to_tier_id, c.card_id) for c in changes],
    )
    progress(Progress("write", 3, 3))
    return changes, len(rows)
