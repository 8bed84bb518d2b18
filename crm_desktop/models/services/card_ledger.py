"""Booking on a card inside one transaction: ledger entries with running totals, and refusals.

Every change of a card's principal, bonus, points or counts goes through
``post_value`` / ``post_points`` / ``post_counts``: each moves the card's running
total and writes the entry with its *_after value in the same step, so the card
always equals the sum of its ledger. They refuse (rather than clamp) anything
that would go below zero.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import (
    Card,
    CardType,
    CountEntry,
    Customer,
    PointsEntry,
    Tier,
    ValueEntry,
)
from crm_desktop.models.errors import ConflictError, NotFound, ValidationError
from crm_desktop.models.rules.validation import clean_text, format_fen
from crm_desktop.models.services.card_records import CardRecord
from crm_desktop.models.services.catalog import KIND_NAMES_ZH

STATUS_ZH = {
    "active": "正常",
    "frozen": "已冻结",
    "lost": "已挂失",
    "replaced": "已补卡换新",
    "cancelled": "已注销",
    "expired": "已过期",
}


def load_card(session: Session, card_id: int) -> Card:
    """The card row, or NotFound with a sentence."""
    card = session.get(Card, card_id)
    if card is None:
        raise NotFound("card.missing", "找不到这张会员卡。", "No such membership card.")
    return card


def card_type_of(session: Session, card: Card) -> CardType:
    card_type = session.get(CardType, card.card_type_id)
    assert card_type is not None  # guaranteed by the foreign key
    return card_type


def tier_of(session: Session, card: Card) -> Tier | None:
    return None if card.tier_id is None else session.get(Tier, card.tier_id)


def customer_name(session: Session, customer_id: int) -> str:
    # The name column alone: loading the Customer row would also fetch its tags.
    name = session.scalar(select(Customer.name).where(Customer.id == customer_id))
    return name or ""


def record_of(session: Session, card: Card) -> CardRecord:
    """The frozen view of ``card`` with its type, tier and holder's name."""
    return CardRecord.of(
        card, card_type_of(session, card), tier_of(session, card),
        customer_name(session, card.customer_id),
    )


def is_past_expiry(card: Card, today: date) -> bool:
    return card.expires_on is not None and card.expires_on < today


def refuse_unless_usable(
    session: Session, card: Card, action_zh: str, action_en: str, today: date | None
) -> None:
    """Refuse an action on a card that is not active, saying its status and what to do.

    With ``today`` a card past its expiry date counts as expired even before
    ``expire_due`` has marked it.
    """
    status = card.status
    if status == "active" and today is not None and is_past_expiry(card, today):
        status = "expired"
    if status == "active":
        return
    number = card.number
    hint_en = ""
    if status == "frozen":
        zh = f"卡 {number} 已冻结，不能{action_zh}。请先解冻。"
        state_en, hint_en = "is frozen", " Unfreeze it first."
    elif status == "lost":
        zh = f"卡 {number} 已挂失，不能{action_zh}。请补办新卡或解除挂失。"
        state_en, hint_en = "is reported lost", " Replace it or cancel the loss report first."
    elif status == "replaced":
        new = session.get(Card, card.replaced_by_id) if card.replaced_by_id else None
        new_number = new.number if new is not None else ""
        zh = f"卡 {number} 已补办新卡 {new_number}，不能{action_zh}。请使用新卡。"
        state_en, hint_en = f"was replaced by card {new_number}", " Use the new card."
    elif status == "cancelled":
        zh, state_en = f"卡 {number} 已注销，不能{action_zh}。", "is cancelled"
    else:
        expiry = card.expires_on.isoformat() if card.expires_on else ""
        zh = f"卡 {number} 已于 {expiry} 过期，不能{action_zh}。"
        state_en = f"expired on {expiry}"
    raise ConflictError(
        f"card.{status}", zh, f"Card {number} {state_en}, so it cannot {action_en}.{hint_en}"
    )


def refuse_kind(card_type: CardType, kinds: tuple[str, ...], action_zh: str, action_en: str) -> None:
    """Refuse an action the card's kind does not offer (e.g. top-up on a count card)."""
    if card_type.kind in kinds:
        return
    raise ConflictError(
        "card.kind",
        f"“{card_type.name}”是{KIND_NAMES_ZH.get(card_type.kind, card_type.kind)}，不能{action_zh}。",
        f"'{card_type.name}' is a {card_type.kind.replace('_', '-')} card; it cannot {action_en}.",
    )


def insufficient_balance(card: Card, needed_fen: int) -> ConflictError:
    total = card.principal_fen + card.bonus_fen
    return ConflictError(
        "card.balance",
        f"余额不足：需付 {format_fen(needed_fen)} 元，卡内余额 {format_fen(total)} 元"
        f"（本金 {format_fen(card.principal_fen)} 元 + 赠送 {format_fen(card.bonus_fen)} 元）。",
        f"Insufficient balance: {format_fen(needed_fen)} is due, the card holds "
        f"{format_fen(total)} (paid {format_fen(card.principal_fen)} + bonus "
        f"{format_fen(card.bonus_fen)}).",
    )


def _negative(what_zh: str, what_en: str, have: int, change: int) -> ConflictError:
    return ConflictError(
        "card.negative",
        f"{what_zh}不足：卡上只有 {have}，需要扣 {-change}。",
        f"Not enough {what_en}: the card has {have}, {-change} would be taken.",
    )


def post_value(
    session: Session,
    card: Card,
    actor: Actor,
    at: datetime,
    kind: str,
    principal_fen: int,
    bonus_fen: int,
    *,
    payment_method: str | None = None,
    purchase_id: int | None = None,
    reverses_id: int | None = None,
    note: str = "",
) -> ValueEntry:
    """Move the card's 本金/赠送 by the given signed amounts and write the entry."""
    principal_after = card.principal_fen + principal_fen
    bonus_after = card.bonus_fen + bonus_fen
    if principal_after < 0 or bonus_after < 0:
        raise insufficient_balance(card, -(principal_fen + bonus_fen))
    card.principal_fen = principal_after
    card.bonus_fen = bonus_after
    entry = ValueEntry(
        card_id=card.id, customer_id=card.customer_id, ts=at, kind=kind,
        principal_fen=principal_fen, bonus_fen=bonus_fen,
        principal_after_fen=principal_after, bonus_after_fen=bonus_after,
        payment_method=payment_method, purchase_id=purchase_id, reverses_id=reverses_id,
        user_id=actor.user_id, note=note,
    )
    session.add(entry)
    return entry


def post_points(
    session: Session,
    card: Card,
    actor: Actor,
    at: datetime,
    kind: str,
    points: int,
    *,
    purchase_id: int | None = None,
    reverses_id: int | None = None,
    note: str = "",
) -> PointsEntry:
    """Move the card's points by ``points`` (signed) and write the entry."""
    after = card.points + points
    if after < 0:
        raise _negative("积分", "points", card.points, points)
    card.points = after
    entry = PointsEntry(
        card_id=card.id, customer_id=card.customer_id, ts=at, kind=kind, points=points,
        points_after=after, purchase_id=purchase_id, reverses_id=reverses_id,
        user_id=actor.user_id, note=note,
    )
    session.add(entry)
    return entry


def post_counts(
    session: Session,
    card: Card,
    actor: Actor,
    at: datetime,
    kind: str,
    counts: int,
    *,
    purchase_id: int | None = None,
    reverses_id: int | None = None,
    note: str = "",
) -> CountEntry:
    """Move the card's remaining counts by ``counts`` (signed) and write the entry."""
    after = card.counts_left + counts
    if after < 0:
        raise _negative("剩余次数", "visits", card.counts_left, counts)
    card.counts_left = after
    entry = CountEntry(
        card_id=card.id, customer_id=card.customer_id, ts=at, kind=kind, counts=counts,
        counts_after=after, purchase_id=purchase_id, reverses_id=reverses_id,
        user_id=actor.user_id, note=note,
    )
    session.add(entry)
    return entry


def check_note(value: object, field: str = "note", *, required: bool = False) -> str:
    """A short free-text note or reason (at most 200 characters)."""
    text = clean_text(value, field, 200)
    if text is None and required:
        raise ValidationError(f"invalid.{field}", "请填写原因。", "Please give a reason.",
                              field=field)
    return text or ""
