"""Two years of one demo customer at the counter: cards, visits, top-ups, points, refunds.

How many visits a customer makes follows their buying rate and how long they were
a customer, scaled as the run goes so the whole file lands near the asked number
of purchases. Visit days follow the shop's calendar (weekends, Spring Festival,
summer). Everything is booked in time order per card, so each card's running
values read as its history.
"""

from __future__ import annotations

import random

from crm_desktop.models.demo.cards import CardDesk, DemoCard
from crm_desktop.models.demo.catalog import ITEMS, DemoCardType, DemoCatalog
from crm_desktop.models.demo.draw import draw, weighted
from crm_desktop.models.demo.people import Shopper
from crm_desktop.models.demo.rhythm import Calendar

METHODS = ("wechat", "alipay", "cash", "bank_card")
_METHOD_TABLE = weighted(zip(METHODS, (45, 30, 12, 13), strict=True))
TOPUPS = (10_000, 20_000, 30_000, 50_000, 100_000)
_TOPUP_TABLE = weighted(zip(TOPUPS, (30, 20, 10, 30, 10), strict=True))
_ITEM_NAMES = tuple(name for name, _, _ in ITEMS)
_ITEM_PRICES = tuple(price for _, price, _ in ITEMS)
_ITEM_TABLE = weighted((index, weight) for index, (_, _, weight) in enumerate(ITEMS))
CARD_SHARE = 0.85
# stored value, points, count, period
_KIND_TABLE = weighted(zip(range(4), (45, 33, 14, 8), strict=True))
MAX_CARDS = 4
REFUND_REASONS = ("顾客不满意，全额退款", "重复收款，退回", "服务未完成，退款")
REDEEM_NOTES = ("积分兑换：精洗券", "积分兑换：车载香薰", "积分兑换：玻璃水", "积分兑换：洗车一次")
UPGRADE_REASON = "近一年消费达到升级标准"


class HistoryMaker:
    """Writes the card history of each shopper through a ``CardDesk``."""

    def __init__(
        self, desk: CardDesk, rng: random.Random, calendar: Calendar, catalog: DemoCatalog,
        visits_per_customer: float,
    ) -> None:
        self.desk = desk
        self.rng = rng
        self.cal = calendar
        self.catalog = catalog
        self.visits_per_customer = visits_per_customer
        self.tiers = {tier.rank: tier for tier in catalog.tiers}
        self.kinds = (catalog.stored_value, catalog.points, catalog.count, catalog.period)
        self._customers = 0
        self._weight_sum = 0.0
        self._replacements = 0

    def _method(self) -> str:
        return draw(self.rng, _METHOD_TABLE)

    def _visits(self, shopper: Shopper) -> list[tuple[int, str]]:
        rng, cal = self.rng, self.cal
        span = cal.weight(shopper.join_day, shopper.last_day) * shopper.rate
        self._customers += 1
        self._weight_sum += span
        expected = self.visits_per_customer * self._customers * span / self._weight_sum
        count = int(expected)
        if rng.random() < expected - count:
            count += 1
        start, end = shopper.join_day, shopper.last_day
        return cal.draw_visits(rng, start, end, count)

    def _expiry(self, card_type: DemoCardType, day: int) -> tuple[int, str] | None:
        if card_type.validity_days is None:
            return None
        last = day + card_type.validity_days
        return last, self.cal.iso_date(last)

    def _issue(self, shopper: Shopper, card_type: DemoCardType, rank: int, day: int,
               ts: str) -> DemoCard:
        first_topup = 0
        if card_type.kind == "stored_value":
            first_topup = draw(self.rng, _TOPUP_TABLE)
        return self.desk.issue(shopper.customer_id, card_type, self.tiers[rank], ts,
                               self._expiry(card_type, day), self._method(),
                               first_topup_fen=first_topup)

    def make(self, shopper: Shopper) -> None:
        """Book the shopper's whole history; card rows are written at the end."""
        rng, cal, desk = self.rng, self.cal, self.desk
        visits = self._visits(shopper)
        cards: list[DemoCard] = []
        card: DemoCard | None = None
        rank = upgrade_at = replace_at = -1
        if rng.random() < CARD_SHARE:
            card_type = self.kinds[draw(rng, _KIND_TABLE)]
            rank = shopper.tier_rank
            if rank > 1 and len(visits) >= 4 and rng.random() < 0.5:
                rank, upgrade_at = rank - 1, len(visits) // 2
            # The first card with some history is always lost and replaced, so even a small
            # demo file shows a replacement; later ones about one card in a hundred.
            if len(visits) >= 3 and (not self._replacements or rng.random() < 0.012):
                replace_at = 1 + int(rng.random() * (len(visits) - 1))
                self._replacements += 1
            card = self._first_card(shopper, card_type, rank, visits)
            cards.append(card)
        for index, (day, ts) in enumerate(visits):
            if card is not None:
                if card.expires_day is not None and day > card.expires_day:
                    desk.expire(card, cal.stamp(card.expires_day + 1, "00:05:00"))
                    card = None
                    if len(cards) < MAX_CARDS and rng.random() < 0.6:
                        card = self._issue(shopper, cards[-1].card_type, cards[-1].tier.rank,
                                           day, ts)
                        cards.append(card)
                elif index == replace_at:
                    fee = 1_000 if rng.random() < 0.5 else 0
                    card = desk.replace(card, ts, fee, self._method())
                    cards.append(card)
                if card is not None and index == upgrade_at:
                    desk.change_tier(card, self.tiers[card.tier.rank + 1], ts, UPGRADE_REASON)
            card = self._visit(shopper, card, cards, day, ts)
        self._finish(shopper, cards)

    def _first_card(self, shopper: Shopper, card_type: DemoCardType, rank: int,
                    visits: list[tuple[int, str]]) -> DemoCard:
        rng, cal = self.rng, self.cal
        before_history = shopper.created_at < cal.day_text[0]
        if before_history and card_type.validity_days is None:
            # A member from before the history: balances carried over from old records.
            card = self.desk.issue(shopper.customer_id, card_type, self.tiers[rank],
                                   shopper.created_at, None, "cash")
            principal = bonus = 0
            if card_type.kind == "stored_value":
                principal = 100 * int(rng.random() * 800)
                bonus = principal // 10 if rng.random() < 0.5 else 0
            self.desk.opening(card, shopper.created_at, principal, bonus,
                              int(rng.random() * 3_000))
            return card
        day, ts = visits[0] if visits else (shopper.join_day, cal.stamp(shopper.join_day,
                                                                          "10:00:00"))
        return self._issue(shopper, card_type, rank, day, ts)

    def _visit(self, shopper: Shopper, card: DemoCard | None, cards: list[DemoCard], day: int,
               ts: str) -> DemoCard | None:
        """One visit: a count or period use, or a sale; returns the card in use after it."""
        rng, desk = self.rng, self.desk
        kind = card.card_type.kind if card is not None else None
        if card is not None and kind == "count":
            if card.balance.counts_left > 0 and rng.random() < 0.8:
                desk.use_visit(card, ts, card.card_type.service_name or "")
                return card
            if card.balance.counts_left == 0 and len(cards) < MAX_CARDS and rng.random() < 0.5:
                card = self._issue(shopper, card.card_type, card.tier.rank, day, ts)
                cards.append(card)
                desk.use_visit(card, ts, card.card_type.service_name or "")
                return card
        if card is not None and kind == "period" and rng.random() < 0.75:
            desk.use_visit(card, ts, card.card_type.service_name or "")
            return card
        item = _ITEM_TABLE[int(rng.random() * len(_ITEM_TABLE))]
        amount = _ITEM_PRICES[item]
        method = self._method()
        if card is not None and kind == "stored_value":
            method = self._stored_value_payment(card, ts, desk.payable(card, amount), method)
        sale = desk.sale(shopper.customer_id, card, ts, amount, method, _ITEM_NAMES[item])
        if rng.random() < 0.004:
            desk.refund(card, sale, ts, REFUND_REASONS[int(rng.random() * 3)])
        elif card is not None and card.balance.points >= 2_000 and rng.random() < 0.1:
            points = 1_000 * (1 + int(rng.random() * min(5, card.balance.points // 1_000)))
            desk.redeem(card, ts, points, REDEEM_NOTES[int(rng.random() * 4)])
        return card

    def _stored_value_payment(self, card: DemoCard, ts: str, payable: int, method: str) -> str:
        """Top up first when the balance is short (most do); pay from the card if it covers."""
        rng, balance = self.rng, card.balance
        have = balance.principal_fen + balance.bonus_fen
        if have < payable and rng.random() < 0.85 or rng.random() < 0.03:
            amount = draw(rng, _TOPUP_TABLE)
            if have + amount < payable:
                amount = ((payable - have) // 10_000 + 1) * 10_000
            self.desk.top_up(card, ts, amount, method)
        if balance.principal_fen + balance.bonus_fen >= payable:
            return "stored_value"
        return method

    def _finish(self, shopper: Shopper, cards: list[DemoCard]) -> None:
        """Expire, cancel or leave each card as today finds it, then write the card rows."""
        rng, cal, desk = self.rng, self.cal, self.desk
        today = cal.today
        for card in cards:
            if card.status != "active":
                continue
            if card.expires_day is not None and card.expires_day < today:
                desk.expire(card, cal.stamp(card.expires_day + 1, "00:05:00"))
        if shopper.status == "terminated":
            closing = cal.stamp(shopper.last_day, "21:30:00")
            for card in cards:
                if card.status in ("active", "expired"):
                    desk.cancel(card, closing, "cash", "客户注销")
        elif cards and cards[-1].status == "active":
            draw = rng.random()
            if draw < 0.004:
                cards[-1].status, cards[-1].status_note = "lost", "顾客电话挂失"
            elif draw < 0.009:
                cards[-1].status, cards[-1].status_note = "frozen", "顾客要求暂停使用"
        # Newest first: a replaced card refers to its successor, which must exist already.
        for card in reversed(cards):
            desk.close(card)

