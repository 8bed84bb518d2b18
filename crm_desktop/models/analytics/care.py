"""Care lists (客户关怀): birthdays, follow-ups due, cards expiring, low stored value.

Birthdays: a solar birthday on 29 February falls on 28 February in other years.
A lunar birthday (``birthday_lunar``; ``birthday`` then holds the lunar date as
y-m-d) lands on the solar day of that lunar month and day this year; a 30th in a
29-day month falls on the 29th; leap months (闰月) bring no second birthday.
Both kinds are found through the ``birthday_md`` index ("MM-DD" of the stored date).
Only active customers are listed; the care screen's lists for a past period list
only those on file by its last day (``population``: joined or bought by then).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.analytics.lunar_calendar import solar_to_lunar
from crm_desktop.models.analytics.population import on_file_clause
from crm_desktop.models.entities import Card, CardType, Customer, Interaction

PERIODS = ("today", "week", "month")


def period_range(period: str, today: date) -> tuple[date, date]:
    """First and last day of today / this week (Monday to Sunday) / this month."""
    if period == "today":
        return today, today
    if period == "week":
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6)
    if period == "month":
        last = calendar.monthrange(today.year, today.month)[1]
        return today.replace(day=1), today.replace(day=last)
    raise ValueError(f"unknown period {period!r}")


@dataclass(frozen=True)
class BirthdayEntry:
    customer_id: int
    name: str
    phone: str | None
    birthday: date
    lunar: bool
    occurs_on: date
    age: int | None  # the age reached, when the birth year is plausible


def _birthday_days(start: date, end: date) -> tuple[dict[str, date], dict[str, tuple[date, int]]]:
    """For every day of the range: which stored "MM-DD" has its birthday then.

    Returns solar "MM-DD" → day, and lunar "MM-DD" → (day, lunar year).
    """
    solar: dict[str, date] = {}
    lunar: dict[str, tuple[date, int]] = {}
    day = start
    while day <= end:
        solar[f"{day:%m-%d}"] = day
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            solar["02-29"] = day
        moon = solar_to_lunar(day)
        if not moon.leap:
            lunar[f"{moon.month:02d}-{moon.day:02d}"] = (day, moon.year)
            if moon.day == moon.month_days == 29:
                lunar[f"{moon.month:02d}-30"] = (day, moon.year)
        day += timedelta(days=1)
    return solar, lunar


def birthdays_between(
    session: Session, start: date, end: date, on_file_by: date | None = None
) -> tuple[BirthdayEntry, ...]:
    """Active customers whose birthday falls from ``start`` to ``end``, by date then name.

    With ``on_file_by``, only those on file by that day (``population``): a list for
    a past period leaves out who joined later. Today everyone on file passes.
    """
    solar, lunar = _birthday_days(start, end)
    keys = sorted(set(solar) | set(lunar))
    query = select(
        Customer.id, Customer.name, Customer.phone, Customer.birthday, Customer.birthday_lunar
    ).where(
        Customer.birthday_md.in_(keys),
        Customer.birthday.is_not(None),
        Customer.status == "active",
    )
    if on_file_by is not None:
        query = query.where(on_file_clause(on_file_by))
    rows = session.execute(query).all()
    found: list[BirthdayEntry] = []
    for cid, name, phone, birthday, is_lunar in rows:
        if birthday is None:
            continue
        md = f"{birthday:%m-%d}"
        if is_lunar and md in lunar:
            on, year = lunar[md]
        elif not is_lunar and md in solar:
            on, year = solar[md], solar[md].year
        else:
            continue
        age = year - birthday.year
        found.append(
            BirthdayEntry(
                cid, name, phone, birthday, bool(is_lunar), on, age if 0 <= age < 130 else None
            )
        )
    return tuple(sorted(found, key=lambda b: (b.occurs_on, b.name, b.customer_id)))


def birthdays(
    session: Session, period: str, today: date | None = None
) -> tuple[BirthdayEntry, ...]:
    """Birthdays today, this week or this month of customers on file by its last day."""
    start, end = period_range(period, today or date.today())
    return birthdays_between(session, start, end, on_file_by=end)


@dataclass(frozen=True)
class FollowUpEntry:
    interaction_id: int
    customer_id: int
    name: str
    phone: str | None
    due_on: date
    overdue_days: int
    channel: str
    summary: str


def follow_ups_due(session: Session, today: date | None = None) -> tuple[FollowUpEntry, ...]:
    """Follow-ups due today or overdue and not yet done, oldest first."""
    today = today or date.today()
    rows = session.execute(
        select(Interaction, Customer.name, Customer.phone)
        .join(Customer, Customer.id == Interaction.customer_id)
        .where(
            Interaction.follow_up_on.is_not(None),
            Interaction.follow_up_on <= today,
            Interaction.follow_up_done.is_(False),
            Customer.status == "active",
        )
        .order_by(Interaction.follow_up_on, Interaction.id)
    ).all()
    return tuple(
        FollowUpEntry(
            i.id,
            i.customer_id,
            name,
            phone,
            i.follow_up_on,
            (today - i.follow_up_on).days,
            i.channel,
            i.summary,
        )
        for i, name, phone in rows
        if i.follow_up_on is not None
    )


@dataclass(frozen=True)
class CardCareEntry:
    """A card needing attention: expiring soon, or running low on stored value."""

    card_id: int
    number: str
    customer_id: int
    name: str
    phone: str | None
    expires_on: date | None
    days_left: int | None
    balance_fen: int


def _card_entries(session: Session, *conditions: object, today: date) -> tuple[CardCareEntry, ...]:
    rows = session.execute(
        select(Card, Customer.name, Customer.phone)
        .join(Customer, Customer.id == Card.customer_id)
        .join(CardType, CardType.id == Card.card_type_id)
        .where(Card.status == "active", Customer.status == "active", *conditions)  # type: ignore[arg-type]
        .order_by(Card.expires_on, Card.id)
    ).all()
    return tuple(
        CardCareEntry(
            card.id,
            card.number,
            card.customer_id,
            name,
            phone,
            card.expires_on,
            (card.expires_on - today).days if card.expires_on else None,
            card.principal_fen + card.bonus_fen,
        )
        for card, name, phone in rows
    )


def cards_expiring(
    session: Session, within_days: int = 30, today: date | None = None
) -> tuple[CardCareEntry, ...]:
    """Active cards that expire from today to ``within_days`` days ahead, soonest first."""
    today = today or date.today()
    return _card_entries(
        session,
        Card.expires_on >= today,
        Card.expires_on <= today + timedelta(days=within_days),
        today=today,
    )


def low_stored_value(
    session: Session, below_fen: int = 5000, today: date | None = None
) -> tuple[CardCareEntry, ...]:
    """Active stored-value (or mixed) cards whose balance is under ``below_fen``."""
    return _card_entries(
        session,
        CardType.kind.in_(("stored_value", "mixed")),
        Card.principal_fen + Card.bonus_fen < below_fen,
        today=today or date.today(),
    )
