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

A refund may also take back single lines of an itemised sale (``refund_lines``):
the refund row gets negative lines pointing at the sale's lines, and money,
stored value, points and visits go back in proportion of those lines' net
amounts. Each share is worked out on what is refunded so far, so the last line
refund brings back exactly what the sale took, to the fen. A whole-sale refund
writes negative lines too, and is refused once part of the sale was refunded.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import (
    Card,
    CountEntry,
    PointsEntry,
    Purchase,
    PurchaseLine,
    ValueEntry,
)
from crm_desktop.models.entities.base import now
from crm_desktop.models.entities.counter import Item
from crm_desktop.models.errors import ConflictError, NotFound, ValidationError
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
from crm_desktop.models.services.card_records import MoneyResult, RefundableLine
from crm_desktop.models.services.counter_card import locked_card
from crm_desktop.models.services.sale_lines import (
    line_net,
    refunded_quantities,
    refunds_of,
    sale_lines,
    share_half_up,
)

# Statuses whose points and counts were already cleared by the system.
_CLEARED = ("cancelled", "expired")


def current_card(session: Session, card_id: int) -> Card:
    """Follow replacements to the card that holds the balance now (each row locked)."""
    card = locked_card(session, card_id)
    seen = {card.id}
    while card.status == "replaced" and card.replaced_by_id and card.replaced_by_id not in seen:
        nxt = session.get(Card, card.replaced_by_id, with_for_update=True, populate_existing=True)
        if nxt is None:
            break
        card = nxt
        seen.add(card.id)
    return card


def sale_to_refund(session: Session, purchase_id: int) -> Purchase:
    """The sale ``purchase_id`` (locked: one refund of it at a time); a missing one or a
    refund row is refused."""
    sale = session.get(Purchase, purchase_id, with_for_update=True, populate_existing=True)
    if sale is None:
        raise NotFound("purchase.missing", "找不到这笔消费记录。", "No such purchase.")
    if sale.kind != "sale":
        raise ConflictError("purchase.is_refund", "这是一条退款记录，不能再退款。",
                            "This is a refund record; it cannot be refunded.")
    return sale


def refund_of(session: Session, sale: Purchase) -> int | None:
    """The id of the refund row of ``sale``, if it has one (found via the customer index)."""
    return session.scalar(
        select(Purchase.id).where(
            Purchase.customer_id == sale.customer_id, Purchase.refund_of_id == sale.id
        )
    )


class CardRefund(Service):
    """Refund of a purchase; mixed into ``CardService``."""

    def refundable_lines(self, purchase_id: int) -> list[RefundableLine]:
        """The lines of a sale with what was sold and what is already refunded."""
        with self._read("card.read") as session:
            sale = session.get(Purchase, purchase_id)
            if sale is None or sale.kind != "sale":
                raise NotFound("purchase.missing", "找不到这笔消费记录。", "No such purchase.")
            refunds = refunds_of(session, sale)
            whole = any(not lines for _, lines in refunds)
            done = refunded_quantities(refunds)
            return [RefundableLine(line.id, line.item, line.item_id, line.category,
                                   line.quantity, line.quantity if whole else done.get(line.id, 0),
                                   line.unit_price_fen, line.amount_fen, line.discount_fen)
                    for line in sale_lines(session, sale.id)]

    def refund(self, purchase_id: int, reason: str) -> MoneyResult:
        """Reverse a sale in full: money back to the card or the original method, points back."""
        with self._action("purchase.refund", Entity.PURCHASE, "card.operate") as rec:
            rec.also.add(Entity.CARD)
            session = rec.session
            clean_reason = check_note(reason, "reason", required=True)
            sale = sale_to_refund(session, purchase_id)
            done = refund_of(session, sale)
            if done is not None:
                raise ConflictError(
                    "purchase.refunded",
                    f"这笔消费已经退过款了（退款记录 {done}）；部分退款后请按明细退剩下的项目。",
                    f"This purchase was already refunded (refund record {done}); after a part "
                    "refund, take back the remaining items line by line.")
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
            for line in sale_lines(session, sale.id):
                session.add(PurchaseLine(
                    purchase_id=refund.id, item=line.item, quantity=-line.quantity,
                    unit_price_fen=line.unit_price_fen, amount_fen=-line.amount_fen,
                    item_id=line.item_id, category=line.category,
                    discount_fen=-line.discount_fen, refund_of_line_id=line.id))
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

    def refund_lines(self, purchase_id: int, lines: Mapping[int, int], reason: str) -> MoneyResult:
        """Take back single lines of a sale: ``lines`` maps the sale's line ids to quantities.

        Money, stored value (本金 and 赠送), points and visits go back in proportion of
        the lines' net amounts (see the module note); a line cannot be taken back
        beyond what was sold less what was already refunded.
        """
        with self._action("purchase.refund", Entity.PURCHASE, "card.operate") as rec:
            rec.also.add(Entity.CARD)
            session = rec.session
            clean_reason = check_note(reason, "reason", required=True)
            sale = sale_to_refund(session, purchase_id)
            if not lines:
                raise ValidationError("invalid.lines", "请选择要退的项目和数量。",
                                      "Choose the items and quantities to refund.",
                                      field="lines")
            sold = {line.id: line for line in sale_lines(session, sale.id)}
            refunds = refunds_of(session, sale)
            if any(not refund_lines for _, refund_lines in refunds):
                raise ConflictError("purchase.refunded", "这笔消费已经整笔退过款了。",
                                    "This purchase was already refunded in full.")
            done = refunded_quantities(refunds)
            taking = self._check_taking(sold, done, lines)
            card = current_card(session, sale.card_id) if sale.card_id is not None else None
            values, points, counts = self._entries_of(session, sale)
            if any(e.kind != "consume" for e in values) or any(
                e.kind != "use" for e in counts
            ) or any(e.kind != "earn" for e in points):
                # A card sale (its visits or opening balance) goes back whole or not at all.
                raise ConflictError(
                    "refund.whole_only", "这笔记录只能整笔退款，不能按项目退。",
                    "This record can only be refunded in full, not item by item.")
            whole = sum(line_net(line, line.quantity) for line in sold.values())
            before_net = sum(line_net(sold[i], q) for i, q in done.items() if i in sold)
            after = done | {i: done.get(i, 0) + q for i, q in taking.items()}
            after_net = sum(line_net(sold[i], q) for i, q in after.items() if i in sold)

            def back(total: int) -> int:
                return share_half_up(total, after_net, whole) - share_half_up(total, before_net, whole)

            principal = back(-sum(e.principal_fen for e in values))
            bonus = back(-sum(e.principal_fen + e.bonus_fen for e in values)) - principal
            earned = sum(e.points for e in points if e.kind == "earn")
            used = -sum(e.counts for e in counts if e.kind == "use")
            visits = self._visits_back(session, sold, done, after, used)
            taken = back(earned) if card is not None and card.status not in _CLEARED else 0
            if card is not None:
                self._refuse_if_blocked(session, card, bool(principal or bonus or visits), taken)
            before = Snapshot.of(card) if card is not None else Snapshot(0, 0, 0, 0)
            amount = sum(q * sold[i].unit_price_fen for i, q in taking.items())
            discount = sum(share_half_up(sold[i].discount_fen, after[i], sold[i].quantity)
                           - share_half_up(sold[i].discount_fen, done.get(i, 0), sold[i].quantity)
                           for i in taking)
            paid = back(sale.paid_fen)
            at = now()
            refund = Purchase(
                customer_id=sale.customer_id, card_id=card.id if card else None, ts=at,
                kind="refund", refund_of_id=sale.id, amount_fen=-amount,
                discount_fen=-discount, paid_fen=-paid, payment_method=sale.payment_method,
                points_earned=-taken, counts_used=-visits, user_id=self.actor.user_id,
                note=clean_reason,
            )
            session.add(refund)
            session.flush()
            for line_id, quantity in taking.items():
                line = sold[line_id]
                share = (share_half_up(line.discount_fen, after[line_id], line.quantity)
                         - share_half_up(line.discount_fen, done.get(line_id, 0), line.quantity))
                session.add(PurchaseLine(
                    purchase_id=refund.id, item=line.item, quantity=-quantity,
                    unit_price_fen=line.unit_price_fen, amount_fen=-quantity * line.unit_price_fen,
                    item_id=line.item_id, category=line.category, discount_fen=-share,
                    refund_of_line_id=line.id))
            if card is not None:
                if principal or bonus:
                    post_value(session, card, self.actor, at, "refund", principal, bonus,
                               payment_method=values[0].payment_method, purchase_id=refund.id,
                               reverses_id=values[0].id)
                if visits:
                    post_counts(session, card, self.actor, at, "refund", visits,
                                purchase_id=refund.id, reverses_id=counts[0].id)
                if taken:
                    earn = next(e for e in points if e.kind == "earn")
                    post_points(session, card, self.actor, at, "refund", -taken,
                                purchase_id=refund.id, reverses_id=earn.id)
            rec.entity_id = refund.id
            rec.changed_ids = [refund.id, sale.id] + ([card.id] if card else [])
            rec.before = {"purchase_id": sale.id} | before.audit()
            rec.after = {"refund_id": refund.id, "paid_fen": -paid,
                         "payment_method": sale.payment_method,
                         "lines": "、".join(f"{sold[i].item}×{q}" for i, q in taking.items())}
            if card is None:
                return MoneyResult(
                    card_id=None, card_number="",
                    customer_name=customer_name(session, sale.customer_id), action="refund",
                    amount_fen=amount, discount_fen=discount, paid_fen=paid,
                    payment_method=sale.payment_method, bonus_fen=0, principal_before_fen=0,
                    bonus_before_fen=0, principal_after_fen=0, bonus_after_fen=0,
                    points_change=0, points_after=0, counts_change=0, counts_after=0,
                    operator=self.actor.username, at=at, purchase_id=refund.id,
                    transaction=rec.transaction_number())
            rec.after |= audit_after(card)
            return money_result(rec, card, self.actor.username, "refund", at, before,
                                amount_fen=amount, discount_fen=discount, paid_fen=paid,
                                payment_method=sale.payment_method, purchase_id=refund.id)

    @staticmethod
    def _check_taking(
        sold: dict[int, PurchaseLine], done: dict[int, int], lines: Mapping[int, int]
    ) -> dict[int, int]:
        taking: dict[int, int] = {}
        for line_id, quantity in lines.items():
            line = sold.get(line_id)
            if line is None:
                raise NotFound("purchase.line_missing", "这笔消费里没有这一项。",
                               "That line is not part of this purchase.")
            if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
                raise ValidationError("invalid.quantity", "退货数量应为大于 0 的整数。",
                                      "The quantity to refund must be a whole number above 0.",
                                      field="quantity")
            left = line.quantity - done.get(line_id, 0)
            if quantity > left:
                raise ConflictError(
                    "refund.line_exceeds",
                    f"“{line.item}”卖出 {line.quantity} 件，已退 {done.get(line_id, 0)} 件，"
                    f"最多还能退 {left} 件。",
                    f"'{line.item}': {line.quantity} sold, {done.get(line_id, 0)} already "
                    f"refunded; at most {left} can be refunded.",
                    field="quantity",
                )
            taking[line_id] = quantity
        return taking

    @staticmethod
    def _visits_back(
        session: Session,
        sold: dict[int, PurchaseLine],
        done: dict[int, int],
        after: dict[int, int],
        used: int,
    ) -> int:
        """Visits to give back: visit lines (booked at price 0, item uses a visit) refunded."""
        if used <= 0:
            return 0
        ids = {line.item_id for line in sold.values()
               if line.item_id is not None and line.unit_price_fen == 0}
        visit_items = set(session.scalars(select(Item.id).where(
            Item.id.in_(ids), Item.uses_visit.is_(True)))) if ids else set()
        visit_lines = [i for i, line in sold.items() if line.item_id in visit_items
                       and line.unit_price_fen == 0]
        before = min(used, sum(done.get(i, 0) for i in visit_lines))
        return min(used, sum(after.get(i, 0) for i in visit_lines)) - before

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
