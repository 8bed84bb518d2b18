"""The Today panel's lists: birthdays today and this week, follow-ups due, open
complaints, cards expiring this month, and contact details due to be confirmed
(定期核对, when the owner asks for it) — each item names its customer so the panel
can open them.

Who is listed:

- birthdays, follow-ups and expiring cards: active customers only (a terminated
  or anonymised customer is nobody to greet, call or renew);
- follow-ups also leave out customers who asked not to be contacted, as the
  engagement service's list does;
- open complaints stay listed while the customer's file is terminated, because
  an unresolved complaint is still the shop's job; only anonymised customers,
  who have no name left to show, are left out;
- contact checks: active customers whose details are due (see
  ``services/verification.py``), not those who asked not to be contacted; the
  count stops at 1,000 ("1000+") so a big file's panel stays quick.

"This week" is Monday to Sunday, as on the care screen; today's birthdays are in
their own list and not repeated in the week's. A 29 February birthday falls on
28 February in other years; lunar birthdays fall on this year's solar day (both
as the care lists compute them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from crm_desktop.models.analytics.care import birthdays_between, period_range
from crm_desktop.models.entities import Card, CardType, Customer, Feedback, Interaction
from crm_desktop.models.permissions import allowed
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.shop_settings import load_settings
from crm_desktop.models.services.verification import ContactCheckItem, contacts_due
from crm_desktop.models.store.trust import KeyFileFinding

ItemT = TypeVar("ItemT")
DEFAULT_LIMIT = 100
OPEN_COMPLAINT_STATUSES = ("open", "in_progress")


@dataclass(frozen=True)
class TodayList(Generic[ItemT]):
    """The first ``limit`` items of one list and how many there are in all."""

    items: tuple[ItemT, ...]
    total: int
    # False when ``total`` is a lower bound (shown as "10000+").
    exact: bool = True

    @property
    def more(self) -> int:
        """How many items are not in ``items`` (shown as "and N more")."""
        return self.total - len(self.items)


@dataclass(frozen=True)
class BirthdayItem:
    """A customer whose birthday falls on ``occurs_on``."""

    customer_id: int
    customer_name: str
    occurs_on: date
    age: int | None  # the age reached, when the birth year is plausible
    lunar: bool


@dataclass(frozen=True)
class FollowUpItem:
    """A follow-up due on or before the day, not yet done."""

    interaction_id: int
    customer_id: int
    customer_name: str
    due_on: date
    days_overdue: int
    channel: str
    summary: str


@dataclass(frozen=True)
class ComplaintItem:
    """A complaint still open or in progress."""

    feedback_id: int
    customer_id: int
    customer_name: str
    category: str
    status: str  # open | in_progress
    opened_at: datetime
    days_waiting: int


@dataclass(frozen=True)
class ExpiringCardItem:
    """An active card whose expiry date falls in this month (possibly already passed)."""

    card_id: int
    card_number: str
    customer_id: int
    customer_name: str
    card_type_name: str
    expires_on: date
    days_left: int  # negative once the date has passed


@dataclass(frozen=True)
class TodaySummary:
    """Everything the Today panel shows for ``on_date``."""

    on_date: date
    week_start: date
    week_end: date
    birthdays_today: TodayList[BirthdayItem]
    birthdays_this_week: TodayList[BirthdayItem]
    follow_ups: TodayList[FollowUpItem]
    complaints: TodayList[ComplaintItem]
    expiring_cards: TodayList[ExpiringCardItem]
    # For owners: what the key file's check found at sign-in, and a key change still due.
    owner_notices: tuple[KeyFileFinding, ...] = ()
    # 定期核对: the owner's period in months (0: not asked for) and who is due.
    contact_check_months: int = 0
    contact_checks: TodayList[ContactCheckItem] = TodayList((), 0)


class TodayService(Service):
    """The Today panel's data for the signed-in user (every role may read it)."""

    def summary(self, on_date: date | None = None, limit: int = DEFAULT_LIMIT) -> TodaySummary:
        """The lists for ``on_date`` (today when None), each cut at ``limit`` items."""
        day = on_date or date.today()
        week_start, week_end = period_range("week", day)
        with self._read("customer.read") as session:
            week = _birthdays(session, week_start, week_end)
            months = load_settings(session).contact_check_months
            due = contacts_due(session, day, months, limit)
            return TodaySummary(
                on_date=day,
                week_start=week_start,
                week_end=week_end,
                birthdays_today=_cut([b for b in week if b.occurs_on == day], limit),
                birthdays_this_week=_cut([b for b in week if b.occurs_on != day], limit),
                follow_ups=_follow_ups(session, day, limit),
                complaints=_complaints(session, day, limit),
                expiring_cards=_expiring_cards(session, day, limit),
                owner_notices=self._owner_notices(),
                contact_check_months=months,
                contact_checks=TodayList(due.items, due.total, due.exact),
            )

    def _owner_notices(self) -> tuple[KeyFileFinding, ...]:
        if not allowed(self.actor, "user.manage"):
            return ()
        notices = list(self.store.trust.findings)
        roster = self.store.keys.roster
        if roster is not None and roster.rekey_due:
            names = "、".join(sorted(roster.rekey_due))
            notices.append(KeyFileFinding(
                "keys.rekey_due",
                f"已停用的账号 {names} 手里若还有旧的密钥文件副本，凭旧密码仍能打开数据。"
                "请在“店铺管理 → 更换数据库密钥…”里更换密钥。",
                f"The removed account(s) {', '.join(sorted(roster.rekey_due))} can still open "
                "the data with an old copy of the key file and the old password. Change the key "
                "under Shop admin → Change database key….",
            ))
        return tuple(notices)


def _cut(items: list[ItemT], limit: int) -> TodayList[ItemT]:
    return TodayList(tuple(items[:limit]), len(items))


def _birthdays(session: Session, start: date, end: date) -> list[BirthdayItem]:
    return [
        BirthdayItem(b.customer_id, b.name, b.occurs_on, b.age, b.lunar)
        for b in birthdays_between(session, start, end)
    ]


def _total(session: Session, query: Any) -> int:
    # The joins stay with the statement, so the count sees exactly the listed rows.
    counted = query.with_only_columns(func.count()).order_by(None)
    return int(session.scalar(counted) or 0)


def _follow_ups(session: Session, day: date, limit: int) -> TodayList[FollowUpItem]:
    query = (
        select(Interaction, Customer.name)
        .join(Customer, Customer.id == Interaction.customer_id)
        # `== false()` renders a literal 0, which lets SQLite use the partial index.
        .where(
            Interaction.follow_up_done == false(),
            Interaction.follow_up_on <= day,
            Customer.status == "active",
            Customer.do_not_contact == false(),
        )
        .order_by(Interaction.follow_up_on, Interaction.id)
    )
    items = tuple(
        FollowUpItem(
            interaction_id=row.id,
            customer_id=row.customer_id,
            customer_name=name,
            due_on=row.follow_up_on,
            days_overdue=(day - row.follow_up_on).days,
            channel=row.channel,
            summary=row.summary,
        )
        for row, name in session.execute(query.limit(limit))
        if row.follow_up_on is not None
    )
    return TodayList(items, _total(session, query))


def _complaints(session: Session, day: date, limit: int) -> TodayList[ComplaintItem]:
    query = (
        select(Feedback, Customer.name)
        .join(Customer, Customer.id == Feedback.customer_id)
        .where(
            Feedback.kind == "complaint",
            Feedback.status.in_(OPEN_COMPLAINT_STATUSES),
            Customer.status != "anonymised",
        )
        .order_by(Feedback.created_at, Feedback.id)
    )
    items = tuple(
        ComplaintItem(
            feedback_id=row.id,
            customer_id=row.customer_id,
            customer_name=name,
            category=row.category,
            status=row.status,
            opened_at=row.created_at,
            days_waiting=max(0, (day - row.created_at.date()).days),
        )
        for row, name in session.execute(query.limit(limit))
    )
    return TodayList(items, _total(session, query))


def _expiring_cards(session: Session, day: date, limit: int) -> TodayList[ExpiringCardItem]:
    first, last = period_range("month", day)
    query = (
        select(Card, Customer.name, CardType.name)
        .join(Customer, Customer.id == Card.customer_id)
        .join(CardType, CardType.id == Card.card_type_id)
        .where(
            Card.status == "active",
            Customer.status == "active",
            Card.expires_on >= first,
            Card.expires_on <= last,
        )
        .order_by(Card.expires_on, Card.id)
    )
    items = tuple(
        ExpiringCardItem(
            card_id=card.id,
            card_number=card.number,
            customer_id=card.customer_id,
            customer_name=name,
            card_type_name=type_name,
            expires_on=card.expires_on,
            days_left=(card.expires_on - day).days,
        )
        for card, name, type_name in session.execute(query.limit(limit))
        if card.expires_on is not None
    )
    return TodayList(items, _total(session, query))


__all__ = [
    "BirthdayItem",
    "ComplaintItem",
    "ContactCheckItem",
    "ExpiringCardItem",
    "FollowUpItem",
    "TodayList",
    "TodayService",
    "TodaySummary",
]
