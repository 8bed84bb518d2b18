"""Plain, frozen values the card and catalog services hand to the GUI, CLI and reports.

No session or ORM row escapes a service call; screens and receipts are built from
these. Money is int fen, points and counts are ints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from crm_desktop.models.entities import Card, CardType, Tier
from crm_desktop.models.rules.card_rules import BonusRule, bonus_rules_from_json


@dataclass(frozen=True)
class CardTypeRecord:
    """A card type (卡种) the shop sells."""

    id: int
    name: str
    kind: str  # stored_value | points | count | period | mixed
    price_fen: int
    validity_days: int | None
    count_total: int
    service_name: str | None
    bonus_rules: tuple[BonusRule, ...]
    active: bool

    @classmethod
    def of(cls, row: CardType) -> CardTypeRecord:
        return cls(
            id=row.id,
            name=row.name,
            kind=row.kind,
            price_fen=row.price_fen,
            validity_days=row.validity_days,
            count_total=row.count_total,
            service_name=row.service_name,
            bonus_rules=tuple(bonus_rules_from_json(row.bonus_rules)),
            active=row.active,
        )


@dataclass(frozen=True)
class TierRecord:
    """A tier (等级): its discount, points multiplier and the rule that earns it."""

    id: int
    name: str
    rank: int
    price_percent: int  # 100 = list price, 88 = 88折
    points_multiplier_percent: int  # 100 = ×1, 150 = ×1.5
    rule_kind: str  # spend | points
    threshold: int  # fen for spend, points for points
    window_days: int
    benefits: str
    active: bool

    @classmethod
    def of(cls, row: Tier) -> TierRecord:
        return cls(
            id=row.id,
            name=row.name,
            rank=row.rank,
            price_percent=row.price_percent,
            points_multiplier_percent=row.points_multiplier_percent,
            rule_kind=row.rule_kind,
            threshold=row.threshold,
            window_days=row.window_days,
            benefits=row.benefits,
            active=row.active,
        )


@dataclass(frozen=True)
class CardRecord:
    """One membership card with its holder, type, tier and running balances."""

    id: int
    number: str
    customer_id: int
    customer_name: str
    card_type_id: int
    card_type_name: str
    kind: str
    tier_id: int | None
    tier_name: str | None
    status: str
    issued_at: datetime
    expires_on: date | None
    fee_fen: int
    principal_fen: int
    bonus_fen: int
    total_fen: int
    points: int
    counts_left: int
    has_pin: bool
    replaced_by_id: int | None
    status_note: str | None
    version: int

    @classmethod
    def of(
        cls, card: Card, card_type: CardType, tier: Tier | None, customer_name: str
    ) -> CardRecord:
        return cls(
            id=card.id,
            number=card.number,
            customer_id=card.customer_id,
            customer_name=customer_name,
            card_type_id=card.card_type_id,
            card_type_name=card_type.name,
            kind=card_type.kind,
            tier_id=card.tier_id,
            tier_name=tier.name if tier is not None else None,
            status=card.status,
            issued_at=card.issued_at,
            expires_on=card.expires_on,
            fee_fen=card.fee_fen,
            principal_fen=card.principal_fen,
            bonus_fen=card.bonus_fen,
            total_fen=card.principal_fen + card.bonus_fen,
            points=card.points,
            counts_left=card.counts_left,
            has_pin=card.pin_hash is not None,
            replaced_by_id=card.replaced_by_id,
            status_note=card.status_note,
            version=card.version,
        )


@dataclass(frozen=True)
class SaleLine:
    """One item of a purchase as typed at the counter; ``item_id`` when it is on the list."""

    item: str
    quantity: int
    unit_price_fen: int
    item_id: int | None = None

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen


@dataclass(frozen=True)
class PricedLine:
    """A sale line as it will be booked: its category, tier discount and visits.

    A line of a visit item (``uses_visit``) sold on a card that holds visits is
    paid by the visit: ``by_visit`` is set and it is booked at unit price 0.
    """

    item: str
    item_id: int | None
    category: str | None
    quantity: int
    unit_price_fen: int
    discount_fen: int
    visits: int  # visits taken off a count card (0 on a period card)
    by_visit: bool = False

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen

    @property
    def payable_fen(self) -> int:
        return self.amount_fen - self.discount_fen


@dataclass(frozen=True)
class RefundableLine:
    """A line of a booked sale: what was sold and how much of it is already refunded."""

    line_id: int
    item: str
    item_id: int | None
    category: str | None
    quantity: int
    refunded_quantity: int
    unit_price_fen: int
    amount_fen: int
    discount_fen: int

    @property
    def refundable_quantity(self) -> int:
        return self.quantity - self.refunded_quantity


@dataclass(frozen=True)
class TopUpPreview:
    """What a top-up would do, shown before the clerk confirms."""

    card_id: int
    amount_fen: int
    bonus_fen: int
    principal_before_fen: int
    bonus_before_fen: int
    balance_before_fen: int
    balance_after_fen: int


@dataclass(frozen=True)
class ConsumePreview:
    """What a purchase would cost and earn on this card, shown before it is booked."""

    card_id: int
    amount_fen: int
    tier_name: str | None
    price_percent: int
    discount_fen: int
    payable_fen: int
    points_earned: int
    from_principal_fen: int  # only when paid from stored value, else 0
    from_bonus_fen: int
    balance_before_fen: int
    balance_after_fen: int
    covered_by_balance: bool  # the stored value is enough to pay ``payable_fen``
    # With item lines: each line as booked, and the visits they take off a count card.
    lines: tuple[PricedLine, ...] = ()
    counts_used: int = 0


@dataclass(frozen=True)
class MoneyResult:
    """Everything a receipt (小票) needs about one booked card action."""

    card_id: int | None  # None only for a refund of a purchase made without a card
    card_number: str
    customer_name: str
    action: str  # top_up | consume | redeem | use_count | refund | cancel | issue
    amount_fen: int
    discount_fen: int
    paid_fen: int
    payment_method: str | None
    bonus_fen: int
    principal_before_fen: int
    bonus_before_fen: int
    principal_after_fen: int
    bonus_after_fen: int
    points_change: int
    points_after: int
    counts_change: int
    counts_after: int
    operator: str
    at: datetime
    purchase_id: int | None
    # The money action's number (流水号); empty on a preview that books nothing.
    transaction: str = ""

    @property
    def balance_before_fen(self) -> int:
        return self.principal_before_fen + self.bonus_before_fen

    @property
    def balance_after_fen(self) -> int:
        return self.principal_after_fen + self.bonus_after_fen


@dataclass(frozen=True)
class ValueLedgerLine:
    """One stored-value entry (储值流水); negative amounts leave the card."""

    id: int
    card_id: int
    ts: datetime
    kind: str
    principal_fen: int
    bonus_fen: int
    principal_after_fen: int
    bonus_after_fen: int
    payment_method: str | None
    purchase_id: int | None
    reverses_id: int | None
    operator: str | None
    note: str


@dataclass(frozen=True)
class PointsLedgerLine:
    """One points entry (积分流水)."""

    id: int
    card_id: int
    ts: datetime
    kind: str
    points: int
    points_after: int
    purchase_id: int | None
    reverses_id: int | None
    operator: str | None
    note: str


@dataclass(frozen=True)
class CountLedgerLine:
    """One count entry (次数流水)."""

    id: int
    card_id: int
    ts: datetime
    kind: str
    counts: int
    counts_after: int
    purchase_id: int | None
    reverses_id: int | None
    operator: str | None
    note: str


@dataclass(frozen=True)
class PurchaseRecord:
    """One purchase (消费记录) or refund row of a customer."""

    id: int
    customer_id: int
    card_id: int | None
    ts: datetime
    kind: str  # sale | refund
    refund_of_id: int | None
    amount_fen: int
    discount_fen: int
    paid_fen: int
    payment_method: str
    points_earned: int
    counts_used: int
    operator: str | None
    note: str
    refunded: bool  # a sale that already has its refund row
