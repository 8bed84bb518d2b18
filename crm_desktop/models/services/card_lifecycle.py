"""A card's life: issue (办卡), freeze, report lost, replace (补卡), tier change, cancel, expiry.

Decisions the accountant and the counter rely on:

- Issue books everything in one transaction: the card, the card fee as a sale
  (with the visits a count card includes), the first top-up with its bonus and
  the first tier row. Without an explicit tier the card starts in the lowest
  active tier.
- Replace moves 本金, 赠送, points and visits with transfer_out / transfer_in
  entries; the old card keeps its history and points to the new one.
- Cancel (注销) pays back the remaining 本金 by the chosen method
  (cancel_refund), forfeits the remaining 赠送 in the same entry, and clears
  points and visits. The card fee is not refunded.
- Expiry marks cards past their date as expired and clears points and visits;
  stored value never lapses: the 本金 can still be paid back by cancelling.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import (
    Card,
    CardType,
    Customer,
    Purchase,
    PurchaseLine,
    Tier,
    TierChange,
)
from crm_desktop.models.entities.base import now
from crm_desktop.models.errors import ConflictError, NotFound, ValidationError
from crm_desktop.models.permissions import OWNER
from crm_desktop.models.rules.card_rules import (
    STORED_VALUE_KINDS,
    TOPUP_METHODS,
    bonus_for,
    bonus_rules_from_json,
    check_amount_fen,
)
from crm_desktop.models.rules.merged_customers import refuse_if_merged
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.card_identity import (
    check_pin_format,
    check_typed_number,
    hash_pin,
    next_card_number,
    require_number_free,
    require_pin,
)
from crm_desktop.models.services.card_ledger import (
    STATUS_ZH,
    check_note,
    load_card,
    post_counts,
    post_value,
    record_of,
    refuse_kind,
)
from crm_desktop.models.services.card_money import audit_after, check_method
from crm_desktop.models.services.card_records import CardRecord
from crm_desktop.models.services.shop_settings import load_settings


def wrong_status_error(card: Card, action_zh: str, action_en: str, allowed_zh: str) -> ConflictError:
    return ConflictError(
        f"card.{card.status}",
        f"卡 {card.number} 当前{STATUS_ZH.get(card.status, card.status)}，不能{action_zh}"
        f"（只有{allowed_zh}的卡可以）。",
        f"Card {card.number} is {card.status}; it cannot {action_en}.",
    )


class CardLifecycle(Service):
    """Issue, status changes, replacement, tier, cancellation and expiry; mixed into CardService."""

    def issue(
        self,
        customer_id: int,
        card_type_id: int,
        *,
        tier_id: int | None = None,
        number: str | None = None,
        fee_fen: int | None = None,
        first_topup_fen: int = 0,
        payment_method: str = "cash",
        pin: str | None = None,
        expires_on: date | None = None,
    ) -> CardRecord:
        """Issue a card to a customer; ``number`` is a pre-printed one, else one is generated."""
        with self._action("card.issue", Entity.CARD, "card.operate") as rec:
            rec.also.add(Entity.PURCHASE)
            session = rec.session
            settings = load_settings(session)
            customer = session.get(Customer, customer_id)
            if customer is None:
                raise NotFound("customer.missing", "找不到这位客户。", "No such customer.")
            refuse_if_merged(session, customer)
            if customer.status != "active":
                raise ConflictError("customer.inactive", "这位客户的档案已终止，不能办卡。",
                                    "This customer's file is closed; no card can be issued.")
            rec.customer_ids.add(customer.id)
            card_type = session.get(CardType, card_type_id)
            if card_type is None or not card_type.active:
                raise NotFound("card_type.missing", "这个卡种不存在或已停用。",
                               "This card type does not exist or is retired.")
            tier = self._starting_tier(session, tier_id)
            fee = card_type.price_fen if fee_fen is None else check_amount_fen(
                fee_fen, "fee", allow_zero=True)
            topup = check_amount_fen(first_topup_fen, "first_topup", allow_zero=True)
            if topup:
                refuse_kind(card_type, STORED_VALUE_KINDS, "充值", "be topped up")
            method = check_method(payment_method, TOPUP_METHODS)
            pin_hash = hash_pin(check_pin_format(pin)) if pin is not None else None
            today = date.today()
            if expires_on is not None and expires_on < today:
                raise ValidationError("invalid.expires_on", "到期日不能早于今天。",
                                      "The expiry date cannot be before today.",
                                      field="expires_on")
            if expires_on is None and card_type.validity_days:
                expires_on = today + timedelta(days=card_type.validity_days)
            if number is not None:
                card_number = check_typed_number(number, settings)
                require_number_free(session, card_number)
            else:
                card_number = next_card_number(session, settings)
            at = now()
            card = Card(
                number=card_number, customer_id=customer.id, card_type_id=card_type.id,
                tier_id=tier.id if tier else None, status="active", issued_at=at,
                expires_on=expires_on, fee_fen=fee, pin_hash=pin_hash, principal_fen=0,
                bonus_fen=0, points=0, counts_left=0,
            )
            session.add(card)
            session.flush()
            fee_purchase = self._fee_sale(session, card, at, fee, method, f"办卡：{card_type.name}")
            if card_type.count_total:
                post_counts(session, card, self.actor, at, "purchase", card_type.count_total,
                            purchase_id=fee_purchase, note=card_type.name)
            if topup:
                bonus = bonus_for(topup, bonus_rules_from_json(card_type.bonus_rules))
                post_value(session, card, self.actor, at, "topup", topup, bonus,
                           payment_method=method)
            if tier is not None:
                session.add(TierChange(card_id=card.id, customer_id=card.customer_id, ts=at,
                                       from_tier_id=None, to_tier_id=tier.id, reason_kind="issue",
                                       user_id=self.actor.user_id))
            rec.entity_id = card.id
            rec.after = audit_after(card, card_type_id=card_type.id, tier_id=card.tier_id,
                                    fee_fen=fee, first_topup_fen=topup, payment_method=method)
            return record_of(session, card)

    def _starting_tier(self, session: Session, tier_id: int | None) -> Tier | None:
        if tier_id is None:
            return session.scalars(
                select(Tier).where(Tier.active.is_(True)).order_by(Tier.rank).limit(1)
            ).first()
        tier = session.get(Tier, tier_id)
        if tier is None or not tier.active:
            raise NotFound("tier.missing", "这个等级不存在或已停用。",
                           "This tier does not exist or is retired.")
        return tier

    def _fee_sale(
        self, session: Session, card: Card, at: datetime, fee_fen: int, method: str, item: str
    ) -> int | None:
        """Book a card fee as a sale with one item line; returns its purchase id."""
        if fee_fen == 0:
            return None
        purchase = Purchase(
            customer_id=card.customer_id, card_id=card.id, ts=at, kind="sale",
            amount_fen=fee_fen, discount_fen=0, paid_fen=fee_fen, payment_method=method,
            points_earned=0, counts_used=0, user_id=self.actor.user_id, note=item,
        )
        session.add(purchase)
        session.flush()
        session.add(PurchaseLine(purchase_id=purchase.id, item=item, quantity=1,
                                 unit_price_fen=fee_fen, amount_fen=fee_fen))
        return purchase.id

    # -- status -------------------------------------------------------------------------------

    def _set_status(
        self,
        card_id: int,
        action: str,
        from_statuses: tuple[str, ...],
        to_status: str,
        note: str,
        words: tuple[str, str, str],
    ) -> CardRecord:
        with self._action(action, Entity.CARD, "card.operate") as rec:
            clean_note = check_note(note)
            card = load_card(rec.session, card_id)
            if card.status not in from_statuses:
                raise wrong_status_error(card, *words)
            rec.entity_id, rec.before = card.id, {"status": card.status}
            card.status = to_status
            card.status_note = clean_note or None
            rec.after = {"status": to_status}
            rec.session.flush()
            return record_of(rec.session, card)

    def freeze(self, card_id: int, reason: str = "") -> CardRecord:
        """Freeze an active card (冻结): no money actions until it is unfrozen."""
        return self._set_status(card_id, "card.freeze", ("active",), "frozen", reason,
                                ("冻结", "be frozen", "正常"))

    def unfreeze(self, card_id: int) -> CardRecord:
        """Unfreeze a frozen card (解冻)."""
        return self._set_status(card_id, "card.unfreeze", ("frozen",), "active", "",
                                ("解冻", "be unfrozen", "已冻结"))

    def report_lost(self, card_id: int, reason: str = "") -> CardRecord:
        """Report a card lost (挂失): it refuses every money action until replaced or found."""
        return self._set_status(card_id, "card.report_lost", ("active", "frozen"), "lost",
                                reason, ("挂失", "be reported lost", "正常或已冻结"))

    def report_found(self, card_id: int) -> CardRecord:
        """Cancel a loss report (解挂): the card is active again."""
        return self._set_status(card_id, "card.report_found", ("lost",), "active", "",
                                ("解除挂失", "have its loss report cancelled", "已挂失"))

    # -- tier ---------------------------------------------------------------------------------

    def change_tier(self, card_id: int, tier_id: int | None, reason: str) -> CardRecord:
        """Move a card to another tier by hand (owner only), with the reason on record."""
        with self._action("card.change_tier", Entity.CARD, "card.adjust") as rec:
            session = rec.session
            clean_reason = check_note(reason, "reason", required=True)
            card = load_card(session, card_id)
            if card.status in ("replaced", "cancelled"):
                raise wrong_status_error(card, "调整等级", "change tier", "未注销、未换卡")
            tier = self._starting_tier(session, tier_id) if tier_id is not None else None
            if card.tier_id == tier_id:
                raise ConflictError("card.same_tier", "这张卡已经是这个等级了。",
                                    "The card is already in this tier.")
            rec.entity_id, rec.before = card.id, {"tier_id": card.tier_id}
            session.add(TierChange(card_id=card.id, customer_id=card.customer_id, ts=now(),
                                   from_tier_id=card.tier_id, to_tier_id=tier_id,
                                   reason_kind="manual", reason=clean_reason,
                                   user_id=self.actor.user_id))
            card.tier_id = tier.id if tier is not None else None
            rec.after = {"tier_id": card.tier_id, "reason": clean_reason}
            session.flush()
            return record_of(session, card)

    # -- PIN ----------------------------------------------------------------------------------

    def set_pin(self, card_id: int, new_pin: str | None, *, old_pin: str | None = None) -> CardRecord:
        """Set, change or remove (``new_pin=None``) the card's payment PIN.

        Changing an existing PIN needs the old one, except for the owner, who may reset
        it for a customer who forgot it after checking who they are.
        """
        with self._action("card.set_pin", Entity.CARD, "card.operate") as rec:
            card = load_card(rec.session, card_id)
            if card.status in ("replaced", "cancelled"):
                raise wrong_status_error(card, "设置支付密码", "get a PIN", "未注销、未换卡")
            pin_hash = hash_pin(check_pin_format(new_pin)) if new_pin is not None else None
            if card.pin_hash is not None and self.actor.role != OWNER:
                require_pin(card, old_pin)
            rec.entity_id = card.id
            rec.before = {"pin": "set" if card.pin_hash else None}
            card.pin_hash = pin_hash
            rec.after = {"pin": "set" if pin_hash else None}
            rec.session.flush()
            return record_of(rec.session, card)

    def verify_pin(self, card_id: int, pin: str | None) -> None:
        """Check a PIN typed by the customer; raises AuthError when wrong, passes without PIN."""
        with self._read("card.operate") as session:
            require_pin(load_card(session, card_id), pin)
