"""The end of a card: replacement (补卡), cancellation with refund (注销退卡) and expiry.

The rules are described in ``card_lifecycle``'s docstring; this file books them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Card, TierChange
from crm_desktop.models.entities.base import now
from crm_desktop.models.rules.card_rules import TOPUP_METHODS, check_amount_fen
from crm_desktop.models.services.card_identity import (
    check_typed_number,
    next_card_number,
    require_number_free,
)
from crm_desktop.models.services.card_ledger import (
    check_note,
    post_counts,
    post_points,
    post_value,
    record_of,
    refuse_unless_usable,
)
from crm_desktop.models.services.card_lifecycle import CardLifecycle, wrong_status_error
from crm_desktop.models.services.card_money import (
    Snapshot,
    audit_after,
    check_method,
    money_result,
)
from crm_desktop.models.services.card_records import CardRecord, MoneyResult
from crm_desktop.models.services.counter_card import locked_card
from crm_desktop.models.services.shop_settings import load_settings


def _clear_points_and_counts(
    session: Session, card: Card, actor: Actor, at: datetime, kind: str, note: str
) -> None:
    if card.points:
        post_points(session, card, actor, at, kind, -card.points, note=note)
    if card.counts_left:
        post_counts(session, card, actor, at, kind, -card.counts_left, note=note)


class CardClosing(CardLifecycle):
    """Replace, cancel and expire cards; mixed into ``CardService``."""

    def replace(
        self,
        card_id: int,
        new_number: str | None = None,
        *,
        fee_fen: int = 0,
        payment_method: str = "cash",
    ) -> CardRecord:
        """Issue a new card for a lost or damaged one and move everything onto it (补卡).

        The new card keeps the holder, type, tier, expiry date and PIN; 本金, 赠送,
        points and visits move with transfer entries. Returns the new card.
        """
        with self._action("card.replace", Entity.CARD, "card.operate") as rec:
            rec.also.add(Entity.PURCHASE)
            session = rec.session
            old = locked_card(session, card_id)
            if old.status not in ("active", "lost"):
                raise wrong_status_error(old, "补卡", "be replaced", "正常或已挂失")
            fee = check_amount_fen(fee_fen, "fee", allow_zero=True)
            method = check_method(payment_method, TOPUP_METHODS)
            settings = load_settings(session)
            if new_number is not None:
                number = check_typed_number(new_number, settings)
                require_number_free(session, number)
            else:
                number = next_card_number(session, settings)
            at, before, old_status = now(), Snapshot.of(old), old.status
            new = Card(
                number=number, customer_id=old.customer_id, card_type_id=old.card_type_id,
                tier_id=old.tier_id, status="active", issued_at=at, expires_on=old.expires_on,
                fee_fen=fee, pin_hash=old.pin_hash, principal_fen=0, bonus_fen=0, points=0,
                counts_left=0,
            )
            session.add(new)
            session.flush()
            self._fee_sale(session, new, at, fee, method, "补卡费")
            self._move_balances(session, old, new, at)
            if new.tier_id is not None:
                session.add(TierChange(card_id=new.id, customer_id=new.customer_id, ts=at,
                                       from_tier_id=None, to_tier_id=new.tier_id,
                                       reason_kind="issue", reason=f"补卡，原卡 {old.number}",
                                       user_id=self.actor.user_id))
            old.status = "replaced"
            old.replaced_by_id = new.id
            old.status_note = f"补卡 → {new.number}"
            rec.entity_id = old.id
            rec.changed_ids = [old.id, new.id]
            rec.before = before.audit() | {"status": old_status}
            rec.after = audit_after(new, new_card_id=new.id, fee_fen=fee)
            session.flush()
            return record_of(session, new)

    def _move_balances(self, session: Session, old: Card, new: Card, at: datetime) -> None:
        actor = self.actor
        out_note, in_note = f"转入新卡 {new.number}", f"由原卡 {old.number} 转入"
        principal, bonus = old.principal_fen, old.bonus_fen
        if principal or bonus:
            post_value(session, old, actor, at, "transfer_out", -principal, -bonus, note=out_note)
            post_value(session, new, actor, at, "transfer_in", principal, bonus, note=in_note)
        points = old.points
        if points:
            post_points(session, old, actor, at, "transfer_out", -points, note=out_note)
            post_points(session, new, actor, at, "transfer_in", points, note=in_note)
        counts = old.counts_left
        if counts:
            post_counts(session, old, actor, at, "transfer_out", -counts, note=out_note)
            post_counts(session, new, actor, at, "transfer_in", counts, note=in_note)

    def cancel(self, card_id: int, refund_method: str, reason: str) -> MoneyResult:
        """Cancel a card (注销): 本金 paid back by ``refund_method``, 赠送 forfeited, points
        and visits cleared. ``amount_fen`` of the result is the money paid back and
        ``bonus_fen`` the bonus forfeited."""
        with self._action("card.cancel", Entity.CARD, "card.operate") as rec:
            rec.also.add(Entity.PURCHASE)
            session = rec.session
            method = check_method(refund_method, TOPUP_METHODS)
            clean_reason = check_note(reason, "reason", required=True)
            card = locked_card(session, card_id)
            if card.status not in ("active", "frozen", "lost", "expired"):
                refuse_unless_usable(session, card, "注销", "be cancelled", None)
            before, at = Snapshot.of(card), now()
            principal, bonus = card.principal_fen, card.bonus_fen
            if principal or bonus:
                post_value(session, card, self.actor, at, "cancel_refund", -principal, -bonus,
                           payment_method=method, note=clean_reason)
            _clear_points_and_counts(session, card, self.actor, at, "cancel", clean_reason)
            rec.entity_id, rec.before = card.id, before.audit() | {"status": card.status}
            card.status = "cancelled"
            card.status_note = clean_reason
            rec.after = audit_after(card, status="cancelled", refunded_fen=principal,
                                    forfeited_bonus_fen=bonus, payment_method=method)
            session.flush()
            return money_result(rec, card, self.actor.username, "cancel", at, before,
                                amount_fen=principal, paid_fen=principal,
                                payment_method=method, bonus_fen=bonus)

    def expire_due(self, today: date | None = None) -> int:
        """Mark every card whose expiry date has passed as expired; returns how many.

        Points and visits of those cards are cleared with expiry entries; stored value
        stays on the card and can still be paid back by cancelling it. When nothing is
        due, nothing is written (no audit entry), so calling it at every start is cheap.
        """
        day = today or date.today()
        due_query = select(Card).where(
            Card.expires_on < day, Card.status.in_(("active", "frozen", "lost"))
        )
        with self._read("card.operate") as session:
            if session.scalars(due_query.limit(1)).first() is None:
                return 0
        with self._action("card.expire_due", Entity.CARD, "card.operate") as rec:
            session = rec.session
            due = session.scalars(due_query).all()
            at = now()
            for card in due:
                _clear_points_and_counts(session, card, self.actor, at, "expiry", "到期")
                card.status = "expired"
            rec.changed_ids = [card.id for card in due]
            rec.after = {"expired": len(due), "on": day.isoformat()}
            return len(due)
