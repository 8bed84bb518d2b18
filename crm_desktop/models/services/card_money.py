"""Money on a card at the counter: top up (充值), consume (消费), redeem points, use a visit.

Each method is one transaction with one audit entry; its preview twin runs the
same rules from ``card_rules`` read-only, so the dialog shows what will be booked.
Refunds live in ``card_refund``; issuing, replacing and cancelling in
``card_lifecycle``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.models.analytics.tiers import apply_upgrade_after_purchase
from crm_desktop.models.approval import check_discount
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Card, Purchase
from crm_desktop.models.entities.base import now
from crm_desktop.models.errors import ConflictError, ValidationError
from crm_desktop.models.operation import Operation

# The kinds and methods are rules of ``card_rules``; named here too for the services
# that take them from this module.
from crm_desktop.models.rules.card_rules import (
    COUNT_KINDS,
    MAX_COUNTS_AT_ONCE,
    SALE_METHODS,
    STORED_VALUE_KINDS,
    TOPUP_METHODS,
    bonus_for,
    bonus_rules_from_json,
    check_amount_fen,
    counts_visits,
    payable_fen,
    points_for,
    redeem_value_fen,
    split_spend,
)
from crm_desktop.models.rules.validation import check_points
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.card_identity import require_pin
from crm_desktop.models.services.card_ledger import (
    check_note,
    customer_name,
    insufficient_balance,
    post_counts,
    post_points,
    post_value,
    refuse_kind,
    refuse_unless_usable,
)
from crm_desktop.models.services.card_records import (
    ConsumePreview,
    MoneyResult,
    PricedLine,
    SaleLine,
    TopUpPreview,
)
from crm_desktop.models.services.counter_card import CounterCard, counter_card
from crm_desktop.models.services.sale_booking import book_sale
from crm_desktop.models.services.sale_lines import check_lines, price_lines, refuse_short_visits
from crm_desktop.models.services.shop_settings import read_setting

METHOD_NAMES_ZH = {
    "stored_value": "储值",
    "cash": "现金",
    "wechat": "微信",
    "alipay": "支付宝",
    "bank_card": "银行卡",
    "other": "其他",
}


def check_method(value: str, allowed: Sequence[str]) -> str:
    """A payment method among ``allowed``, refused with the list of choices."""
    if value in allowed:
        return value
    names = [METHOD_NAMES_ZH[m] for m in allowed]
    names_zh = "、".join(names[:-1]) + "或" + names[-1] if len(names) > 1 else names[0]
    raise ValidationError(
        "invalid.payment_method",
        f"付款方式应为：{names_zh}。",
        f"The payment method must be one of: {', '.join(allowed)}.",
        field="payment_method",
    )


@dataclass(frozen=True)
class Snapshot:
    """A card's balances before an action, for the receipt and the audit entry."""

    principal_fen: int
    bonus_fen: int
    points: int
    counts_left: int

    @classmethod
    def of(cls, card: Card) -> Snapshot:
        return cls(card.principal_fen, card.bonus_fen, card.points, card.counts_left)

    def audit(self) -> dict[str, Any]:
        return {
            "principal_fen": self.principal_fen,
            "bonus_fen": self.bonus_fen,
            "points": self.points,
            "counts_left": self.counts_left,
        }


def money_result(
    rec: Operation,
    card: Card,
    operator: str,
    action: str,
    at: datetime,
    before: Snapshot,
    *,
    amount_fen: int = 0,
    discount_fen: int = 0,
    paid_fen: int = 0,
    payment_method: str | None = None,
    bonus_fen: int = 0,
    purchase_id: int | None = None,
    holder: str | None = None,
) -> MoneyResult:
    """The receipt of an action booked on ``card`` (balances after are the card's now).

    ``holder``: the holder's name when the caller read it already.
    """
    return MoneyResult(
        card_id=card.id,
        card_number=card.number,
        customer_name=customer_name(rec.session, card.customer_id) if holder is None else holder,
        action=action,
        amount_fen=amount_fen,
        discount_fen=discount_fen,
        paid_fen=paid_fen,
        payment_method=payment_method,
        bonus_fen=bonus_fen,
        principal_before_fen=before.principal_fen,
        bonus_before_fen=before.bonus_fen,
        principal_after_fen=card.principal_fen,
        bonus_after_fen=card.bonus_fen,
        points_change=card.points - before.points,
        points_after=card.points,
        counts_change=card.counts_left - before.counts_left,
        counts_after=card.counts_left,
        operator=operator,
        at=at,
        purchase_id=purchase_id,
        transaction=rec.transaction_number(),
    )


def audit_after(card: Card, **extra: Any) -> dict[str, Any]:
    return Snapshot.of(card).audit() | extra


class CardMoney(Service):
    """Top-up, consume, redeem and visit use; mixed into ``CardService``."""

    # -- top-up -----------------------------------------------------------------------------

    def preview_top_up(self, card_id: int, amount_fen: int) -> TopUpPreview:
        """The bonus and balance after a top-up of ``amount_fen``, without booking it."""
        check_amount_fen(amount_fen)
        with self._read("card.read") as session:
            found = counter_card(session, card_id, lock=False)
            card, card_type = found.card, found.card_type
            bonus = 0
            if card_type.kind in STORED_VALUE_KINDS:
                bonus = bonus_for(amount_fen, bonus_rules_from_json(card_type.bonus_rules))
            total = card.principal_fen + card.bonus_fen
            return TopUpPreview(card.id, amount_fen, bonus, card.principal_fen, card.bonus_fen,
                                total, total + amount_fen + bonus)

    def top_up(
        self, card_id: int, amount_fen: int, payment_method: str = "cash", pin: str | None = None
    ) -> MoneyResult:
        """Add paid money (本金) and the card type's bonus (赠送) as one top-up entry.

        A PIN is not needed to add money; when one is given it is still checked.
        """
        with self._action("card.top_up", Entity.CARD, "card.operate") as rec:
            session = rec.session
            check_amount_fen(amount_fen)
            method = check_method(payment_method, TOPUP_METHODS)
            found = counter_card(session, card_id, lock=True)
            card, card_type = found.card, found.card_type
            refuse_unless_usable(session, card, "充值", "be topped up", date.today())
            refuse_kind(card_type, STORED_VALUE_KINDS, "充值", "be topped up")
            if pin is not None:
                require_pin(card, pin)
            bonus = bonus_for(amount_fen, bonus_rules_from_json(card_type.bonus_rules))
            before, at = Snapshot.of(card), now()
            post_value(session, card, self.actor, at, "topup", amount_fen, bonus,
                       payment_method=method)
            rec.entity_id, rec.before = card.id, before.audit()
            rec.after = audit_after(card, amount_fen=amount_fen, bonus_added_fen=bonus,
                                    payment_method=method)
            return money_result(rec, card, self.actor.username, "top_up", at, before,
                                amount_fen=amount_fen, paid_fen=amount_fen,
                                payment_method=method, bonus_fen=bonus, holder=found.holder)

    # -- consume ----------------------------------------------------------------------------

    def _quote(
        self,
        session: Session,
        found: CounterCard,
        amount_fen: int,
        method: str,
        lines: Sequence[SaleLine] = (),
    ) -> ConsumePreview:
        card, tier = found.card, found.tier
        percent = tier.price_percent if tier is not None else 100
        multiplier = tier.points_multiplier_percent if tier is not None else 100
        priced: list[PricedLine] = []
        if lines:
            # The tier discount per line (see sale_lines); the amount follows from the lines.
            priced = price_lines(session, lines, found.card_type.kind, percent)
            amount_fen = sum(line.amount_fen for line in priced)
            payable = amount_fen - sum(line.discount_fen for line in priced)
        else:
            payable = payable_fen(amount_fen, percent)
        points = points_for(payable, int(read_setting(session, "points_per_yuan")), multiplier)
        total = card.principal_fen + card.bonus_fen
        from_principal = from_bonus = 0
        if method == "stored_value":
            from_principal, from_bonus = split_spend(payable, card.principal_fen, card.bonus_fen)
        covered = payable <= total
        return ConsumePreview(
            card_id=card.id, amount_fen=amount_fen,
            tier_name=tier.name if tier is not None else None, price_percent=percent,
            discount_fen=amount_fen - payable, payable_fen=payable, points_earned=points,
            from_principal_fen=from_principal, from_bonus_fen=from_bonus,
            balance_before_fen=total,
            balance_after_fen=total - (from_principal + from_bonus) if covered else total,
            covered_by_balance=covered, lines=tuple(priced),
            counts_used=sum(line.visits for line in priced),
        )

    def preview_consume(
        self,
        card_id: int,
        amount_fen: int,
        payment_method: str = "stored_value",
        lines: Sequence[SaleLine] = (),
    ) -> ConsumePreview:
        """Discount, amount due, points and balance after a purchase, without booking it.

        With ``lines`` the amount may be 0: it follows from the lines.
        """
        check_amount_fen(amount_fen, allow_zero=bool(lines))
        method = check_method(payment_method, SALE_METHODS)
        clean_lines = check_lines(lines, amount_fen)
        with self._read("card.read") as session:
            return self._quote(session, counter_card(session, card_id, lock=False), amount_fen,
                               method, clean_lines)

    def consume(
        self,
        card_id: int,
        amount_fen: int,
        payment_method: str,
        pin: str | None = None,
        note: str = "",
        lines: Sequence[SaleLine] = (),
    ) -> MoneyResult:
        """Book a purchase of list price ``amount_fen`` on the card (tier discount, points).

        Paid from stored value it needs the PIN when the card has one and takes 本金 and
        赠送 in proportion (see ``card_rules``); paid otherwise the card only earns points.
        With ``lines`` the amount follows from them (``amount_fen`` 0, or their total):
        each line gets its own tier discount and visit items take visits (``sale_lines``).
        A purchase paid wholly by visits is booked with the method "count".
        """
        with self._action("card.consume", Entity.CARD, "card.operate") as rec:
            rec.also.add(Entity.PURCHASE)
            session = rec.session
            check_amount_fen(amount_fen, allow_zero=bool(lines))
            method = check_method(payment_method, SALE_METHODS)
            clean_note = check_note(note)
            clean_lines = check_lines(lines, amount_fen)
            found = counter_card(session, card_id, lock=True)
            card = found.card
            refuse_unless_usable(session, card, "消费", "be used for a purchase", date.today())
            quote = self._quote(session, found, amount_fen, method, clean_lines)
            refuse_short_visits(card, quote.counts_used)
            # The owner may want a manager's password for a discount above a limit.
            rec.approved_by = rec.approved_by or check_discount(
                session, self.store, self.actor, rec.operation_id, quote.discount_fen,
                quote.amount_fen)
            if quote.payable_fen == 0 and any(line.by_visit for line in quote.lines):
                method = "count"
            if method == "stored_value":
                refuse_kind(found.card_type, STORED_VALUE_KINDS, "用储值付款",
                            "pay from stored value")
                if not quote.covered_by_balance:
                    raise insufficient_balance(card, quote.payable_fen)
                require_pin(card, pin)
            elif method == "count":
                require_pin(card, pin)
            before, at = Snapshot.of(card), now()
            purchase_id = book_sale(session, rec.operation_id, card, self.actor.user_id, at,
                                    quote, method, clean_note)
            # A qualifying purchase upgrades at once; downgrades wait for the owner's review.
            upgrade = apply_upgrade_after_purchase(session, card.id, at)
            rec.entity_id, rec.before = card.id, before.audit()
            rec.after = audit_after(card, purchase_id=purchase_id, amount_fen=quote.amount_fen,
                                    paid_fen=quote.payable_fen, payment_method=method,
                                    tier_upgrade_to=upgrade.to_name if upgrade else None)
            if quote.counts_used:
                rec.after["counts_used"] = quote.counts_used
            return money_result(rec, card, self.actor.username, "consume", at, before,
                                amount_fen=quote.amount_fen, discount_fen=quote.discount_fen,
                                paid_fen=quote.payable_fen, payment_method=method,
                                purchase_id=purchase_id, holder=found.holder)

    # -- points and visits ------------------------------------------------------------------

    def redeem_points(
        self, card_id: int, points: int, pin: str | None = None, note: str = ""
    ) -> MoneyResult:
        """Take ``points`` off the card for a gift or cash off at the counter (积分兑换).

        ``amount_fen`` of the result is what the points are worth at the shop's rate.
        """
        with self._action("card.redeem", Entity.CARD, "card.operate") as rec:
            session = rec.session
            wanted = check_points(points)
            if wanted == 0:
                raise ValidationError("invalid.points", "兑换积分必须大于 0。",
                                      "Points to redeem must be more than 0.", field="points")
            clean_note = check_note(note)
            found = counter_card(session, card_id, lock=True)
            card = found.card
            refuse_unless_usable(session, card, "兑换积分", "redeem points", date.today())
            if wanted > card.points:
                raise ConflictError(
                    "card.points",
                    f"积分不足：要兑换 {wanted} 积分，卡上只有 {card.points} 积分。",
                    f"Not enough points: {wanted} to redeem, the card has {card.points}.",
                )
            require_pin(card, pin)
            worth = redeem_value_fen(wanted, int(read_setting(session, "points_per_yuan_redeemed")))
            before, at = Snapshot.of(card), now()
            post_points(session, card, self.actor, at, "redeem", -wanted, note=clean_note)
            rec.entity_id, rec.before = card.id, before.audit()
            rec.after = audit_after(card, redeemed=wanted)
            return money_result(rec, card, self.actor.username, "redeem", at, before,
                                amount_fen=worth, holder=found.holder)

    def use_count(
        self, card_id: int, counts: int = 1, pin: str | None = None, note: str = ""
    ) -> MoneyResult:
        """Use visits of a count card (次卡核销); on a period card, record the visit only."""
        with self._action("card.use_count", Entity.CARD, "card.operate") as rec:
            rec.also.add(Entity.PURCHASE)
            session = rec.session
            if isinstance(counts, bool) or not isinstance(counts, int) or not (
                1 <= counts <= MAX_COUNTS_AT_ONCE
            ):
                raise ValidationError(
                    "invalid.counts", f"次数应为 1 到 {MAX_COUNTS_AT_ONCE} 的整数。",
                    f"The number of visits must be a whole number from 1 to {MAX_COUNTS_AT_ONCE}.",
                    field="counts")
            clean_note = check_note(note)
            found = counter_card(session, card_id, lock=True)
            card, card_type = found.card, found.card_type
            refuse_unless_usable(session, card, "核销次数", "be used for a visit", date.today())
            refuse_kind(card_type, COUNT_KINDS, "核销次数", "be used for visits")
            counted = counts_visits(card_type.kind)
            if counted and counts > card.counts_left:
                raise ConflictError(
                    "card.counts",
                    f"次数不足：本次要用 {counts} 次，卡上只剩 {card.counts_left} 次。",
                    f"Not enough visits: {counts} needed, {card.counts_left} left on the card.",
                )
            require_pin(card, pin)
            before, at = Snapshot.of(card), now()
            used = counts if counted else 0
            purchase = Purchase(
                customer_id=card.customer_id, card_id=card.id, ts=at, kind="sale",
                amount_fen=0, discount_fen=0, paid_fen=0, payment_method="count",
                points_earned=0, counts_used=used, user_id=self.actor.user_id, note=clean_note,
            )
            session.add(purchase)
            session.flush()
            if used:
                post_counts(session, card, self.actor, at, "use", -used, purchase_id=purchase.id)
            rec.entity_id, rec.before = card.id, before.audit()
            rec.after = audit_after(card, purchase_id=purchase.id, counts_used=used)
            return money_result(rec, card, self.actor.username, "use_count", at, before,
                                payment_method="count", purchase_id=purchase.id,
                                holder=found.holder)
