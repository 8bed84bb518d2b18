"""The demo counter: card actions booked through the bulk writer, as the card service books them.

Each method writes the rows the matching ``CardService`` method would (purchase,
ledger entries with running values, tier history) using the same arithmetic from
``card_rules`` — tier discount, points, bonus rules, spending 本金 and 赠送 in
proportion — so demo files look like files a real counter produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from stdnum import luhn

from crm_desktop.models.bulk_rows import CardBalance, CardRow, PurchaseRow, RowBuffer
from crm_desktop.models.demo.catalog import DemoCardType, DemoTier
from crm_desktop.models.rules.card_numbers import make_card_number
from crm_desktop.models.rules.card_rules import bonus_for, payable_fen, points_for, split_spend


@dataclass(slots=True)
class DemoCard:
    """A card while its history is being written; its row is added by ``CardDesk.close``."""

    id: int
    number: str
    customer_id: int
    card_type: DemoCardType
    tier: DemoTier
    issued_at: str
    expires_day: int | None  # last valid day number, None when it never expires
    expires_on: str | None
    fee_fen: int
    balance: CardBalance
    status: str = "active"
    replaced_by_id: int | None = None
    status_note: str | None = None


class SaleBooked(NamedTuple):
    """What a sale wrote, so a refund can reverse exactly that."""

    purchase: PurchaseRow
    value_entry_id: int | None
    from_principal_fen: int
    from_bonus_fen: int
    points_entry_id: int | None


def _luhn_total(digits: str) -> int:
    """The Luhn sum of ``digits``, mod 10, weighed as for the check digit that follows them.

    python-stdnum's, as the card rules use; its sum of ``digits + "0"`` weighs each digit
    as the check digit's computation does.
    """
    return int(luhn.checksum(digits + "0"))


class CardNumbers:
    """``make_card_number`` for a long run of consecutive numbers, without redoing each sum.

    All digits but the last three change once in a thousand numbers, so their Luhn
    sum is kept; the last three come from a table (Luhn sums mod 10 add up). The
    result is the same number.
    """

    def __init__(self, prefix: str, length: int) -> None:
        self.prefix = prefix
        self.length = length
        self._width = length - 1 - len(prefix)
        self._tails = tuple(_luhn_total(f"{t:03d}") for t in range(1000))
        self._head = ""
        self._head_total = 0

    def number(self, sequence: int) -> str:
        body = f"{self.prefix}{sequence:0{self._width}d}"
        if len(body) != self.length - 1 or self._width < 3:
            return make_card_number(self.prefix, sequence, self.length)
        head = body[:-3]
        if head != self._head:
            self._head, self._head_total = head, _luhn_total(head + "000")
        total = self._head_total + self._tails[int(body[-3:])]
        return body + str((10 - total % 10) % 10)


class CardDesk:
    """Books card actions for one demo run."""

    def __init__(
        self, writer: RowBuffer, user_id: int, prefix: str, length: int, first_sequence: int,
        points_per_yuan: int,
    ) -> None:
        self.writer = writer
        self.user_id = user_id
        self.prefix = prefix
        self.length = length
        self.sequence = first_sequence
        self.points_per_yuan = points_per_yuan
        self._numbers = CardNumbers(prefix, length)
        self._purchase_id = writer.id_source("purchases")
        self._add_purchase = writer.appender("purchases")

    # -- issue and close -----------------------------------------------------------------------

    def issue(
        self, customer_id: int, card_type: DemoCardType, tier: DemoTier, ts: str,
        expires: tuple[int, str] | None, method: str, *, first_topup_fen: int = 0,
        fee_fen: int | None = None, item: str | None = None, reason: str = "",
        replacing: bool = False,
    ) -> DemoCard:
        """A new card: its fee sale, counts of a count card, a first top-up, its tier.

        A replacement (``replacing``) sells no counts: they move over from the old card.
        """
        w = self.writer
        card_id = w.reserve("cards")
        number = self._numbers.number(self.sequence)
        self.sequence += 1
        fee = card_type.price_fen if fee_fen is None else fee_fen
        card = DemoCard(
            card_id, number, customer_id, card_type, tier, ts,
            expires[0] if expires else None, expires[1] if expires else None, fee,
            CardBalance(card_id, customer_id),
        )
        fee_purchase = self.fee_sale(card, ts, fee, method, item or f"办卡：{card_type.name}")
        if card_type.count_total and not replacing:
            w.counts(card.balance, ts, "purchase", card_type.count_total,
                     purchase_id=fee_purchase, user_id=self.user_id, note=card_type.name)
        if first_topup_fen:
            self.top_up(card, ts, first_topup_fen, method)
        w.add("tier_changes", (w.reserve("tier_changes"), card_id, customer_id, ts, None,
                               tier.id, "issue", reason, self.user_id))
        return card

    def fee_sale(self, card: DemoCard, ts: str, fee_fen: int, method: str, item: str) -> int | None:
        if not fee_fen:
            return None
        w = self.writer
        purchase_id = self._purchase_id()
        self._add_purchase((purchase_id, card.customer_id, card.id, ts, "sale", None, fee_fen,
                            0, fee_fen, method, 0, 0, self.user_id, item))
        w.add("purchase_lines", (w.reserve("purchase_lines"), purchase_id, item, 1, fee_fen,
                                 fee_fen))
        return purchase_id

    def close(self, card: DemoCard) -> None:
        """Write the card row with the totals its entries add up to."""
        self.writer.add_card(
            CardRow(card.id, card.number, card.customer_id, card.card_type.id, card.tier.id,
                    card.status, card.issued_at, card.expires_on, card.fee_fen, None,
                    card.replaced_by_id, card.status_note),
            card.balance,
        )

    # -- money ---------------------------------------------------------------------------------

    def opening(self, card: DemoCard, ts: str, principal_fen: int, bonus_fen: int,
                points: int) -> None:
        """Balances carried over from the shop's earlier records (期初)."""
        note = "期初余额（旧系统转入）"
        if principal_fen or bonus_fen:
            self.writer.value(card.balance, ts, "opening", principal_fen, bonus_fen,
                              user_id=self.user_id, note=note)
        if points:
            self.writer.points(card.balance, ts, "opening", points, user_id=self.user_id,
                               note=note)

    def top_up(self, card: DemoCard, ts: str, amount_fen: int, method: str) -> None:
        bonus = bonus_for(amount_fen, card.card_type.bonus_rules)
        self.writer.value(card.balance, ts, "topup", amount_fen, bonus, payment_method=method,
                          user_id=self.user_id)

    def payable(self, card: DemoCard | None, amount_fen: int) -> int:
        return amount_fen if card is None else payable_fen(amount_fen, card.tier.price_percent)

    def sale(
        self, customer_id: int, card: DemoCard | None, ts: str, amount_fen: int, method: str,
        item: str,
    ) -> SaleBooked:
        """A purchase at list price ``amount_fen``: tier discount and points when on a card."""
        w = self.writer
        purchase_id = self._purchase_id()
        if card is None:
            row = PurchaseRow(purchase_id, customer_id, None, ts, "sale", None, amount_fen, 0,
                              amount_fen, method, 0, 0, self.user_id, item)
            self._add_purchase(tuple(row))
            return SaleBooked(row, None, 0, 0, None)
        payable = payable_fen(amount_fen, card.tier.price_percent)
        points = points_for(payable, self.points_per_yuan,
                            card.tier.points_multiplier_percent)
        row = PurchaseRow(purchase_id, customer_id, card.id, ts, "sale", None, amount_fen,
                          amount_fen - payable, payable, method, points, 0, self.user_id, item)
        self._add_purchase(tuple(row))
        value_id = points_id = None
        principal = bonus = 0
        balance = card.balance
        if method == "stored_value":
            principal, bonus = split_spend(payable, balance.principal_fen, balance.bonus_fen)
            value_id = w.value(balance, ts, "consume", -principal, -bonus,
                               payment_method=method, purchase_id=purchase_id,
                               user_id=self.user_id)
        if points:
            points_id = w.points(balance, ts, "earn", points, purchase_id=purchase_id,
                                 user_id=self.user_id)
        return SaleBooked(row, value_id, principal, bonus, points_id)

    def refund(self, card: DemoCard | None, sale: SaleBooked, ts: str, reason: str) -> None:
        """Reverse ``sale`` in full: money back the way it came, its points taken back."""
        w, s = self.writer, sale.purchase
        refund_id = self._purchase_id()
        w.add_purchase(PurchaseRow(
            refund_id, s.customer_id, s.card_id, ts, "refund", s.id, -s.amount_fen,
            -s.discount_fen, -s.paid_fen, s.payment_method, -s.points_earned, 0, self.user_id,
            reason,
        ))
        if card is None:
            return
        if sale.value_entry_id is not None:
            w.value(card.balance, ts, "refund", sale.from_principal_fen, sale.from_bonus_fen,
                    payment_method=s.payment_method, purchase_id=refund_id,
                    reverses_id=sale.value_entry_id, user_id=self.user_id)
        if sale.points_entry_id is not None:
            w.points(card.balance, ts, "refund", -s.points_earned, purchase_id=refund_id,
                     reverses_id=sale.points_entry_id, user_id=self.user_id)

    def redeem(self, card: DemoCard, ts: str, points: int, note: str) -> None:
        self.writer.points(card.balance, ts, "redeem", -points, user_id=self.user_id, note=note)

    def use_visit(self, card: DemoCard, ts: str, note: str) -> None:
        """A visit on a count card (one count used) or a period card (nothing to take)."""
        w = self.writer
        used = 0 if card.card_type.kind == "period" else 1
        purchase_id = self._purchase_id()
        self._add_purchase((purchase_id, card.customer_id, card.id, ts, "sale", None, 0, 0, 0,
                            "count", 0, used, self.user_id, note))
        if used:
            w.counts(card.balance, ts, "use", -used, purchase_id=purchase_id,
                     user_id=self.user_id)

    # -- status --------------------------------------------------------------------------------

    def change_tier(self, card: DemoCard, tier: DemoTier, ts: str, reason: str) -> None:
        w = self.writer
        w.add("tier_changes", (w.reserve("tier_changes"), card.id, card.customer_id, ts,
                               card.tier.id, tier.id, "rule", reason, self.user_id))
        card.tier = tier

    def replace(self, old: DemoCard, ts: str, fee_fen: int, method: str) -> DemoCard:
        """Report ``old`` lost and move everything onto a new card (补卡)."""
        new = self.issue(old.customer_id, old.card_type, old.tier, ts, None, method,
                         fee_fen=fee_fen, item="补卡费", reason=f"补卡，原卡 {old.number}",
                         replacing=True)
        new.expires_day, new.expires_on = old.expires_day, old.expires_on
        w, a, b = self.writer, old.balance, new.balance
        out_note, in_note = f"转入新卡 {new.number}", f"由原卡 {old.number} 转入"
        if a.principal_fen or a.bonus_fen:
            principal, bonus = a.principal_fen, a.bonus_fen
            w.value(a, ts, "transfer_out", -principal, -bonus, user_id=self.user_id, note=out_note)
            w.value(b, ts, "transfer_in", principal, bonus, user_id=self.user_id, note=in_note)
        if a.points:
            points = a.points
            w.points(a, ts, "transfer_out", -points, user_id=self.user_id, note=out_note)
            w.points(b, ts, "transfer_in", points, user_id=self.user_id, note=in_note)
        if a.counts_left:
            counts = a.counts_left
            w.counts(a, ts, "transfer_out", -counts, user_id=self.user_id, note=out_note)
            w.counts(b, ts, "transfer_in", counts, user_id=self.user_id, note=in_note)
        old.status, old.replaced_by_id = "replaced", new.id
        old.status_note = f"补卡 → {new.number}"
        return new

    def expire(self, card: DemoCard, ts: str) -> None:
        """Past its expiry date: points and visits cleared, stored value stays."""
        self._clear(card, ts, "expiry", "到期")
        card.status = "expired"

    def cancel(self, card: DemoCard, ts: str, method: str, reason: str) -> None:
        """注销: 本金 paid back, 赠送 forfeited, points and visits cleared."""
        balance = card.balance
        if balance.principal_fen or balance.bonus_fen:
            self.writer.value(balance, ts, "cancel_refund", -balance.principal_fen,
                              -balance.bonus_fen, payment_method=method, user_id=self.user_id,
                              note=reason)
        self._clear(card, ts, "cancel", reason)
        card.status, card.status_note = "cancelled", reason

    def _clear(self, card: DemoCard, ts: str, kind: str, note: str) -> None:
        balance = card.balance
        if balance.points:
            self.writer.points(balance, ts, kind, -balance.points, user_id=self.user_id,
                               note=note)
        if balance.counts_left:
            self.writer.counts(balance, ts, kind, -balance.counts_left, user_id=self.user_id,
                               note=note)
