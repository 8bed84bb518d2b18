"""Refund of a purchase (退款): a reversing purchase row and reversing ledger entries.

What a refund undoes is exactly what the sale booked: the stored value it took
(本金 and 赠送 back in the same split), the visits it used or bought, and the
points it earned. If the card has been replaced since, the reversal lands on the
card that now holds the balance.

Points already spent (decided here): a refund that would have to take back more
points than the card now holds is refused, with the numbers, rather than leaving
points negative or quietly letting the customer keep them; the owner can adjust
the points first. Points of a card that was cancelled or expired were already
cleared, so there is nothing left to take back and the refund goes ahead.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Card, CountEntry, PointsEntry, Purchase, ValueEntry
from crm_desktop.models.entities.base import now
from crm_desktop.models.errors import ConflictError, NotFound
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.card_ledger import (
    check_note,
    customer_name,
    post_counts,
    post_points,
    post_value,
    refuse_unless_usable,
)
from crm_desktop.models.services.card_money import Snapshot, audit_after, money_result
from crm_desktop.models.services.card_records import MoneyResult

# Statuses whose points and counts were already cleared by the system.
_CLEARED = ("cancelled", "expired")


def current_card(session: Session, card_id: int) -> Card:
    """Follow replacements to the card that holds the balance now."""
    card = session.get(Card, card_id)
    assert card is not None
    seen = {card.id}
    while card.status == "replaced" and card.replaced_by_id and card.replaced_by_id not in seen:
        nxt = session.get(Card, card.replaced_by_id)
        if nxt is None:
            break
        card = nxt
        seen.add(card.id)
    return card


def refund_of(session: Session, sale: Purchase) -> int | None:
    """The id of the refund row of ``sale``, if it has one (found via the customer index)."""
    return session.scalar(
        select(Purchase.id).where(
            Purchase.customer_id == sale.customer_id, Purchase.refund_of_id == sale.id
        )
    )


class CardRefund(Service):
    """Refund of a purchase; mixed into ``CardService``."""

    def refund(self, purchase_id: int, reason: str) -> MoneyResult:
        """Reverse a sale in full: money back to the card or the original method, points back."""
        with self._action("purchase.refund", Entity.PURCHASE, "card.operate") as rec:
            rec.also.add(Entity.CARD)
            session = rec.session
            clean_reason = check_note(reason, "reason", required=True)
            sale = session.get(Purchase, purchase_id)
            if sale is None:
                raise NotFound("purchase.missing", "找不到这笔消费记录。", "No such purchase.")
            if sale.kind != "sale":
                raise ConflictError("purchase.is_refund", "这是一条退款记录，不能再退款。",
                                    "This is a refund record; it cannot be refunded.")
            done = refund_of(session, sale)
            if done is not None:
                raise ConflictError(
                    "purchase.refunded", f"这笔消费已经退过款了（退款记录 {done}）。",
                    f"This purchase was already refunded (refund record {done}).")
            card = current_card(session, sale.card_id) if sale.card_id is not None else None
            values, points, counts = self._entries_of(session, sale)
            earned = sum(e.points for e in points if e.kind == "earn")
            if card is not None:
                self._refuse_if_blocked(session, card, bool(values or counts), earned)
            before = Snapshot.of(card) if card is not None else Snapshot(0, 0, 0, 0)
            taken = earned if card is not None and card.status not in _CLEARED else 0
            at = now()
            refund = Purchase(
                customer_id=sale.customer_id, card_id=card.id if card else None, ts=at,
                kind="refund", refund_of_id=sale.id, amount_fen=-sale.amount_fen,
                discount_fen=-sale.discount_fen, paid_fen=-sale.paid_fen,
                payment_method=sale.payment_method, points_earned=-taken,
                counts_used=-sale.counts_used, user_id=self.actor.user_id, note=clean_reason,
            )
            session.add(refund)
            session.flush()
            if card is not None:
                self._reverse(session, card, refund, values, points, counts)
            rec.entity_id = refund.id
            rec.changed_ids = [refund.id, sale.id] + ([card.id] if card else [])
            rec.before = {"purchase_id": sale.id} | before.audit()
            rec.after = {"refund_id": refund.id, "paid_fen": -sale.paid_fen,
                         "payment_method": sale.payment_method}
            if card is None:
                return MoneyResult(
                    card_id=None, card_number="",
                    customer_name=customer_name(session, sale.customer_id), action="refund",
                    amount_fen=sale.amount_fen, discount_fen=sale.discount_fen,
                    paid_fen=sale.paid_fen, payment_method=sale.payment_method, bonus_fen=0,
                    principal_before_fen=0, bonus_before_fen=0, principal_after_fen=0,
                    bonus_after_fen=0, points_change=0, points_after=0, counts_change=0,
                    counts_after=0, operator=self.actor.username, at=at, purchase_id=refund.id,
                    transaction=rec.transaction_number())
            rec.after |= audit_after(card)
            return money_result(rec, card, self.actor.username, "refund", at, before,
                                amount_fen=sale.amount_fen, discount_fen=sale.discount_fen,
                                paid_fen=sale.paid_fen, payment_method=sale.payment_method,
                                purchase_id=refund.id)

    @staticmethod
    def _entries_of(
        session: Session, sale: Purchase
    ) -> tuple[list[ValueEntry], list[PointsEntry], list[CountEntry]]:
        # The entries of a purchase live on its card; the card index keeps this a short walk.
        if sale.card_id is None:
            return [], [], []
        values = session.scalars(select(ValueEntry).where(
            ValueEntry.card_id == sale.card_id, ValueEntry.purchase_id == sale.id)).all()
        points = session.scalars(select(PointsEntry).where(
            PointsEntry.card_id == sale.card_id, PointsEntry.purchase_id == sale.id)).all()
        counts = session.scalars(select(CountEntry).where(
            CountEntry.card_id == sale.card_id, CountEntry.purchase_id == sale.id)).all()
        return list(values), list(points), list(counts)

    @staticmethod
    def _refuse_if_blocked(session: Session, card: Card, moves_balance: bool, earned: int) -> None:
        if card.status in ("frozen", "lost") or (card.status in _CLEARED and moves_balance):
            refuse_unless_usable(session, card, "退款", "take a refund", None)
        if card.status not in _CLEARED and earned > card.points:
            raise ConflictError(
                "refund.points_spent",
                f"这笔消费送的 {earned} 积分已被使用，卡 {card.number} 上只剩 {card.points} 积分，"
                "不能自动退款。请店主先调整积分再退款。",
                f"The {earned} points this purchase earned were partly spent (card {card.number} "
                f"has {card.points}); the refund cannot take them back. The owner must adjust "
                "the points first.",
            )

    def _reverse(
        self,
        session: Session,
        card: Card,
        refund: Purchase,
        values: list[ValueEntry],
        points: list[PointsEntry],
        counts: list[CountEntry],
    ) -> None:
        at, actor = refund.ts, self.actor
        for entry in values:
            post_value(session, card, actor, at, "refund", -entry.principal_fen, -entry.bonus_fen,
                       payment_method=entry.payment_method, purchase_id=refund.id,
                       reverses_id=entry.id)
        for count_entry in counts:
            if count_entry.counts > card.counts_left:
                raise ConflictError(
                    "refund.counts_used",
                    f"这笔购买的 {count_entry.counts} 次已经用掉一部分（卡上只剩 "
                    f"{card.counts_left} 次），不能退款。",
                    f"Visits bought with this purchase were used ({card.counts_left} of "
                    f"{count_entry.counts} left); it cannot be refunded.",
                )
            post_counts(session, card, actor, at, "refund", -count_entry.counts,
                        purchase_id=refund.id, reverses_id=count_entry.id)
        if card.status in _CLEARED:
            return
        for points_entry in points:
            if points_entry.kind == "earn":
                post_points(session, card, actor, at, "refund", -points_entry.points,
                            purchase_id=refund.id, reverses_id=points_entry.id)
