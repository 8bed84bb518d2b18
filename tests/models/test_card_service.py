"""Card actions on a real encrypted file: what the clerk, the customer and the accountant see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import (
    AuditEntry,
    Card,
    CountEntry,
    Customer,
    PointsEntry,
    Purchase,
    PurchaseLine,
    TierChange,
    ValueEntry,
)
from crm_desktop.models.errors import (
    AuthError,
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from crm_desktop.models.rules.card_numbers import luhn_valid
from crm_desktop.models.rules.card_rules import counts_visits, holds_stored_value, holds_visits
from crm_desktop.models.services.card_records import CardRecord, SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store


@dataclass
class Shop:
    store: Store
    cards: CardService
    customer_id: int
    stored: int  # 储值卡: fee 10 yuan, 充100送10, 充500送80
    count: int  # 次卡: 10 visits for 300 yuan, valid a year
    period: int  # 月卡: 30 days
    points: int  # 积分卡
    basic: int  # tier rank 0
    gold: int  # tier rank 1: 88折, points ×1.5


def _add_customer(store: Store, name: str, phone: str) -> int:
    with store.write() as session:
        customer = Customer(name=name, phone=phone)
        session.add(customer)
        session.flush()
        return customer.id


@pytest.fixture
def shop(store: Store, owner: Actor, clerk: Actor) -> Shop:
    catalog = CatalogService(store, owner)
    stored = catalog.create_card_type("储值卡", "stored_value", price_fen=1000,
                                      bonus_rules=[(10000, 1000), (50000, 8000)])
    count = catalog.create_card_type("洗车10次", "count", price_fen=30000, count_total=10,
                                     validity_days=365)
    period = catalog.create_card_type("月卡", "period", price_fen=20000, validity_days=30)
    points = catalog.create_card_type("积分卡", "points")
    basic = catalog.create_tier("普通会员", 0)
    gold = catalog.create_tier("金卡", 1, price_percent=88, points_multiplier_percent=150)
    customer_id = _add_customer(store, "张三", "13800138000")
    return Shop(store, CardService(store, clerk), customer_id, stored.id, count.id, period.id,
                points.id, basic.id, gold.id)


def _rows(store: Store, table: type) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def _state(store: Store) -> tuple[object, ...]:
    """Everything a refused action must leave as it was."""
    with store.read() as session:
        cards = session.execute(
            select(Card.id, Card.status, Card.principal_fen, Card.bonus_fen, Card.points,
                   Card.counts_left, Card.version, Card.pin_hash).order_by(Card.id)
        ).all()
    tables = (ValueEntry, PointsEntry, CountEntry, Purchase, AuditEntry, TierChange)
    return (tuple(cards), *(_rows(store, t) for t in tables))


def _stored_card(shop: Shop, topup_fen: int = 50000, **kw: object) -> CardRecord:
    return shop.cards.issue(shop.customer_id, shop.stored, first_topup_fen=topup_fen, **kw)  # type: ignore[arg-type]


# -- issue -------------------------------------------------------------------------------------


def test_issue_books_card_fee_first_topup_bonus_and_tier_in_one_action(shop: Shop) -> None:
    audit_before = _rows(shop.store, AuditEntry)
    card = _stored_card(shop, 50000, payment_method="wechat")
    assert card.number.startswith("8") and len(card.number) == 12 and luhn_valid(card.number)
    assert (card.principal_fen, card.bonus_fen, card.total_fen) == (50000, 8000, 58000)
    assert card.tier_name == "普通会员"  # lowest active tier by default
    assert card.fee_fen == 1000 and card.status == "active" and card.customer_name == "张三"
    fee = shop.cards.purchases_of(shop.customer_id)
    assert [(p.amount_fen, p.payment_method, p.note) for p in fee] == [(1000, "wechat", "办卡：储值卡")]
    ledger = shop.cards.value_ledger(card.id)
    assert [(e.kind, e.principal_fen, e.bonus_fen, e.payment_method) for e in ledger] == [
        ("topup", 50000, 8000, "wechat")
    ]
    with shop.store.read() as session:
        change = session.scalars(select(TierChange)).one()
        assert (change.to_tier_id, change.reason_kind) == (shop.basic, "issue")
    assert _rows(shop.store, AuditEntry) == audit_before + 1
    second = shop.cards.issue(shop.customer_id, shop.stored, fee_fen=0)
    assert int(second.number[1:-1]) == int(card.number[1:-1]) + 1
    assert _rows(shop.store, Purchase) == 1  # no fee, no sale


def test_issue_count_card_gets_its_visits_and_expiry(shop: Shop) -> None:
    card = shop.cards.issue(shop.customer_id, shop.count, tier_id=shop.gold)
    assert card.counts_left == 10 and card.tier_name == "金卡"
    assert card.expires_on == date.today() + timedelta(days=365)
    lines = shop.cards.count_ledger(card.id)
    assert [(e.kind, e.counts, e.counts_after) for e in lines] == [("purchase", 10, 10)]
    assert lines[0].purchase_id == shop.cards.purchases_of(shop.customer_id)[0].id


def test_pre_printed_number_kept_and_mistyped_own_number_refused(shop: Shop) -> None:
    card = shop.cards.issue(shop.customer_id, shop.points, number="vip-0001")
    assert card.number == "VIP0001"
    assert shop.cards.by_number("ｖｉｐ 0001") == card
    before = _state(shop.store)
    with pytest.raises(ValidationError, match="卡号 800000000012 的校验位不对"):
        shop.cards.issue(shop.customer_id, shop.points, number="800000000012")
    with pytest.raises(ConflictError, match="卡号 VIP0001 已被另一张卡使用"):
        shop.cards.issue(shop.customer_id, shop.points, number="VIP0001")
    with pytest.raises(ValidationError, match="4 到 32 位数字或字母"):
        shop.cards.issue(shop.customer_id, shop.points, number="卡1")
    with pytest.raises(ValidationError, match="校验位不对"):
        shop.cards.by_number("800000000012")
    assert shop.cards.by_number("800000000011") is None
    assert _state(shop.store) == before


def test_issue_refusals_leave_nothing_behind(shop: Shop) -> None:
    before = _state(shop.store)
    with pytest.raises(ConflictError, match="“洗车10次”是次卡，不能充值"):
        shop.cards.issue(shop.customer_id, shop.count, first_topup_fen=10000)
    with pytest.raises(NotFound, match="找不到这位客户"):
        shop.cards.issue(99999, shop.stored)
    with pytest.raises(ValidationError, match="支付密码应为 6 位数字"):
        shop.cards.issue(shop.customer_id, shop.stored, pin="12ab")
    with pytest.raises(ValidationError, match="到期日不能早于今天"):
        shop.cards.issue(shop.customer_id, shop.stored, expires_on=date(2000, 1, 1))
    with pytest.raises(ValidationError, match="付款方式应为：现金、微信、支付宝、银行卡或其他"):
        shop.cards.issue(shop.customer_id, shop.stored, payment_method="stored_value")
    assert _state(shop.store) == before


# -- top-up and consume -----------------------------------------------------------------------


def test_top_up_keeps_paid_money_and_bonus_apart(shop: Shop) -> None:
    card = _stored_card(shop, 0)
    preview = shop.cards.preview_top_up(card.id, 20000)
    assert (preview.bonus_fen, preview.balance_after_fen) == (1000, 21000)
    result = shop.cards.top_up(card.id, 20000, "alipay")
    assert (result.amount_fen, result.bonus_fen, result.payment_method) == (20000, 1000, "alipay")
    assert (result.balance_before_fen, result.balance_after_fen) == (0, 21000)
    assert (result.principal_after_fen, result.bonus_after_fen) == (20000, 1000)
    assert result.operator == "clerk1" and result.customer_name == "张三"
    small = shop.cards.top_up(card.id, 9999, "cash")
    assert small.bonus_fen == 0  # below the first rule
    got = shop.cards.get(card.id)
    assert (got.principal_fen, got.bonus_fen) == (29999, 1000)


def test_consume_from_stored_value_discount_points_and_proportional_split(shop: Shop) -> None:
    card = _stored_card(shop, 50000, tier_id=shop.gold)  # 本金 500 + 赠送 80
    preview = shop.cards.preview_consume(card.id, 10000)
    assert (preview.discount_fen, preview.payable_fen, preview.points_earned) == (1200, 8800, 132)
    # 8800 × 500/580 = 7586.2 → 7586 from paid money, the rest from the bonus
    assert (preview.from_principal_fen, preview.from_bonus_fen) == (7586, 1214)
    assert preview.covered_by_balance and preview.balance_after_fen == 58000 - 8800
    result = shop.cards.consume(card.id, 10000, "stored_value", note="剪发",
                                lines=[SaleLine("剪发", 1, 6000), SaleLine("洗发", 2, 2000)])
    assert (result.paid_fen, result.discount_fen, result.points_change) == (8800, 1200, 132)
    assert (result.principal_after_fen, result.bonus_after_fen) == (50000 - 7586, 8000 - 1214)
    with shop.store.read() as session:
        purchase = session.get(Purchase, result.purchase_id)
        assert purchase is not None
        assert (purchase.amount_fen, purchase.paid_fen, purchase.points_earned) == (10000, 8800, 132)
        items = session.scalars(select(PurchaseLine.item).where(
            PurchaseLine.purchase_id == purchase.id).order_by(PurchaseLine.id)).all()
        assert items == ["剪发", "洗发"]
    assert shop.cards.points_ledger(card.id)[-1].points_after == 132


def test_consume_paid_in_cash_earns_points_and_leaves_balance(shop: Shop) -> None:
    card = shop.cards.issue(shop.customer_id, shop.points)
    result = shop.cards.consume(card.id, 12345, "wechat")
    assert (result.paid_fen, result.points_change, result.balance_after_fen) == (12345, 123, 0)
    assert shop.cards.value_ledger(card.id) == []


def test_insufficient_balance_names_the_amounts_and_changes_nothing(shop: Shop) -> None:
    card = _stored_card(shop, 10000)  # 100 + 10 bonus
    before = _state(shop.store)
    with pytest.raises(ConflictError) as caught:
        shop.cards.consume(card.id, 20000, "stored_value")
    assert str(caught.value) == (
        "余额不足：需付 200.00 元，卡内余额 110.00 元（本金 100.00 元 + 赠送 10.00 元）。"
    )
    assert not shop.cards.preview_consume(card.id, 20000).covered_by_balance
    assert _state(shop.store) == before
    whole = shop.cards.consume(card.id, 11000, "stored_value")
    assert (whole.principal_after_fen, whole.bonus_after_fen) == (0, 0)


@pytest.mark.parametrize(
    ("amount", "message"),
    [(0, "金额必须大于 0"), (-5, "金额不能是负数"), (100_000_001, "金额超出上限"),
     (12.5, "金额必须是整数分"), (True, "金额必须是整数分")],
)
def test_bad_amounts_are_refused(shop: Shop, amount: object, message: str) -> None:
    card = _stored_card(shop, 10000)
    before = _state(shop.store)
    with pytest.raises(ValidationError, match=message):
        shop.cards.top_up(card.id, amount, "cash")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=message):
        shop.cards.consume(card.id, amount, "cash")  # type: ignore[arg-type]
    assert _state(shop.store) == before


def test_item_lines_must_add_up(shop: Shop) -> None:
    card = _stored_card(shop)
    before = _state(shop.store)
    with pytest.raises(ValidationError, match="明细合计 50.00 元，与消费金额 60.00 元不一致"):
        shop.cards.consume(card.id, 6000, "cash", lines=[SaleLine("洗发", 1, 5000)])
    assert _state(shop.store) == before


# -- PIN --------------------------------------------------------------------------------------


def test_pin_guards_spending_not_top_up(shop: Shop, owner: Actor) -> None:
    card = _stored_card(shop, 10000, pin="246810")
    assert card.has_pin
    before = _state(shop.store)
    with pytest.raises(AuthError, match="设有支付密码，请让顾客输入支付密码"):
        shop.cards.consume(card.id, 1000, "stored_value")
    with pytest.raises(AuthError, match="支付密码不正确，没有扣款"):
        shop.cards.consume(card.id, 1000, "stored_value", pin="111111")
    assert _state(shop.store) == before
    shop.cards.top_up(card.id, 1000, "cash")  # adding money needs no PIN
    paid = shop.cards.consume(card.id, 1000, "stored_value", pin="246810")
    assert paid.paid_fen == 1000
    shop.cards.verify_pin(card.id, "246810")
    with pytest.raises(AuthError):
        shop.cards.verify_pin(card.id, "000000")
    # A clerk changes the PIN only with the old one; the owner may reset it.
    with pytest.raises(AuthError, match="支付密码不正确"):
        shop.cards.set_pin(card.id, "135790", old_pin="000000")
    shop.cards.set_pin(card.id, "135790", old_pin="246810")
    CardService(shop.store, owner).set_pin(card.id, "999999")
    shop.cards.consume(card.id, 100, "stored_value", pin="999999")
    with shop.store.read() as session:
        stored_hash = session.get(Card, card.id).pin_hash  # type: ignore[union-attr]
        audit_text = " ".join(session.scalars(select(AuditEntry.after)).all())
    assert stored_hash is not None and "999999" not in stored_hash
    assert "999999" not in audit_text and "张三" not in audit_text


# -- points and visits ------------------------------------------------------------------------


def test_redeem_points(shop: Shop) -> None:
    card = shop.cards.issue(shop.customer_id, shop.points)
    shop.cards.consume(card.id, 50000, "cash")  # 500 points
    before = _state(shop.store)
    with pytest.raises(ConflictError, match="积分不足：要兑换 600 积分，卡上只有 500 积分"):
        shop.cards.redeem_points(card.id, 600)
    with pytest.raises(ValidationError, match="兑换积分必须大于 0"):
        shop.cards.redeem_points(card.id, 0)
    assert _state(shop.store) == before
    result = shop.cards.redeem_points(card.id, 300, note="换毛巾")
    assert (result.points_change, result.points_after, result.amount_fen) == (-300, 200, 300)
    assert shop.cards.points_ledger(card.id)[-1].note == "换毛巾"


def test_count_card_visits_and_period_card_visits(shop: Shop) -> None:
    card = shop.cards.issue(shop.customer_id, shop.count)
    used = shop.cards.use_count(card.id, 3)
    assert (used.counts_change, used.counts_after) == (-3, 7)
    before = _state(shop.store)
    with pytest.raises(ConflictError, match="次数不足：本次要用 8 次，卡上只剩 7 次"):
        shop.cards.use_count(card.id, 8)
    assert _state(shop.store) == before
    stored = _stored_card(shop)
    with pytest.raises(ConflictError, match="是储值卡，不能核销次数"):
        shop.cards.use_count(stored.id)
    monthly = shop.cards.issue(shop.customer_id, shop.period)
    visit = shop.cards.use_count(monthly.id)
    assert visit.counts_after == 0 and visit.purchase_id is not None
    with pytest.raises(ConflictError, match="是次卡，不能用储值付款"):
        shop.cards.consume(card.id, 100, "stored_value")


@pytest.mark.parametrize("kind", ["stored", "count", "period", "points"])
def test_the_kind_rules_the_counter_shows_are_the_ones_the_service_books_by(
    shop: Shop, kind: str
) -> None:
    card = shop.cards.issue(shop.customer_id, getattr(shop, kind))
    try:
        shop.cards.top_up(card.id, 10000, "cash")
    except ConflictError:
        topped_up = False
    else:
        topped_up = True
    assert topped_up == holds_stored_value(card.kind), "the top-up button follows the service"
    try:
        visit = shop.cards.use_count(card.id)
    except ConflictError:
        used = False
    else:
        used = True
        assert (visit.counts_change == -1) == counts_visits(card.kind)
    assert used == holds_visits(card.kind), "the use-a-visit button follows the service"


# -- refunds ----------------------------------------------------------------------------------


def test_refund_puts_value_and_points_back_once(shop: Shop) -> None:
    card = _stored_card(shop, 50000, tier_id=shop.gold)
    sale = shop.cards.consume(card.id, 10000, "stored_value")
    assert sale.purchase_id is not None
    back = shop.cards.refund(sale.purchase_id, "顾客退货")
    assert (back.principal_after_fen, back.bonus_after_fen, back.points_after) == (50000, 8000, 0)
    assert back.points_change == -132
    rows = shop.cards.purchases_of(shop.customer_id)
    refund_row = rows[0]
    assert (refund_row.kind, refund_row.paid_fen, refund_row.points_earned) == ("refund", -8800, -132)
    assert refund_row.refund_of_id == sale.purchase_id
    assert [r.refunded for r in rows if r.id == sale.purchase_id] == [True]
    value = shop.cards.value_ledger(card.id)[-1]
    assert (value.kind, value.principal_fen, value.bonus_fen) == ("refund", 7586, 1214)
    before = _state(shop.store)
    with pytest.raises(ConflictError, match="这笔消费已经退过款了"):
        shop.cards.refund(sale.purchase_id, "再退一次")
    with pytest.raises(ConflictError, match="这是一条退款记录"):
        shop.cards.refund(back.purchase_id or 0, "退退款")
    with pytest.raises(ValidationError, match="请填写原因"):
        shop.cards.refund(sale.purchase_id, "  ")
    assert _state(shop.store) == before


def test_refund_refused_when_its_points_were_spent(shop: Shop) -> None:
    card = shop.cards.issue(shop.customer_id, shop.points)
    sale = shop.cards.consume(card.id, 30000, "cash")  # 300 points
    shop.cards.redeem_points(card.id, 250)
    before = _state(shop.store)
    with pytest.raises(ConflictError, match="送的 300 积分已被使用.*只剩 50 积分"):
        shop.cards.refund(sale.purchase_id or 0, "退货")
    assert _state(shop.store) == before


def test_refund_of_visits_and_of_a_cash_sale(shop: Shop) -> None:
    card = shop.cards.issue(shop.customer_id, shop.count)
    visit = shop.cards.use_count(card.id, 2)
    back = shop.cards.refund(visit.purchase_id or 0, "误刷")
    assert back.counts_after == 10
    cash = shop.cards.consume(card.id, 5000, "cash")
    money = shop.cards.refund(cash.purchase_id or 0, "不满意")
    assert (money.paid_fen, money.payment_method, money.points_after) == (5000, "cash", 0)


# -- status, loss, replacement ----------------------------------------------------------------


def test_frozen_and_lost_cards_refuse_money_with_their_status(shop: Shop) -> None:
    card = _stored_card(shop)
    shop.cards.freeze(card.id, "顾客要求")
    before = _state(shop.store)
    with pytest.raises(ConflictError, match=f"卡 {card.number} 已冻结，不能充值。请先解冻"):
        shop.cards.top_up(card.id, 1000, "cash")
    with pytest.raises(ConflictError, match="当前已冻结，不能解除挂失（只有已挂失的卡可以）"):
        shop.cards.report_found(card.id)
    assert _state(shop.store) == before
    shop.cards.unfreeze(card.id)
    shop.cards.report_lost(card.id)
    with pytest.raises(ConflictError, match="已挂失，不能消费。请补办新卡或解除挂失"):
        shop.cards.consume(card.id, 100, "cash")
    assert shop.cards.report_found(card.id).status == "active"


def test_replace_moves_everything_in_one_action(shop: Shop) -> None:
    card = shop.cards.issue(shop.customer_id, shop.stored, first_topup_fen=10000, pin="123456",
                            tier_id=shop.gold)
    sale = shop.cards.consume(card.id, 1000, "cash")
    shop.cards.report_lost(card.id)
    audit_before = _rows(shop.store, AuditEntry)
    new = shop.cards.replace(card.id, fee_fen=500)
    assert new.number != card.number and luhn_valid(new.number)
    assert (new.principal_fen, new.bonus_fen, new.points) == (10000, 1000, 12)  # 8.80 → 8 × 1.5
    assert new.has_pin and new.tier_id == shop.gold
    assert _rows(shop.store, AuditEntry) == audit_before + 1
    old = shop.cards.get(card.id)
    assert (old.status, old.replaced_by_id, old.total_fen, old.points) == ("replaced", new.id, 0, 0)
    out = shop.cards.value_ledger(card.id)[-1]
    into = shop.cards.value_ledger(new.id)[0]
    assert (out.kind, out.principal_fen, into.kind, into.principal_fen) == (
        "transfer_out", -10000, "transfer_in", 10000)
    with pytest.raises(ConflictError, match=f"已补办新卡 {new.number}，不能充值。请使用新卡"):
        shop.cards.top_up(card.id, 100, "cash")
    # A refund of a sale on the old card lands on the card that holds the balance now.
    shop.cards.refund(sale.purchase_id or 0, "退货")
    assert shop.cards.get(new.id).points == 0
    assert [c.id for c in shop.cards.cards_of(shop.customer_id)] == [new.id, card.id]


def test_cancel_pays_back_principal_and_forfeits_bonus(shop: Shop) -> None:
    card = _stored_card(shop, 50000)
    shop.cards.consume(card.id, 5800, "stored_value")  # 5000 from paid money, 800 from bonus
    before_cancel = shop.cards.get(card.id)
    result = shop.cards.cancel(card.id, "cash", "搬家")
    assert (result.amount_fen, result.bonus_fen) == (before_cancel.principal_fen,
                                                     before_cancel.bonus_fen)
    assert (result.amount_fen, result.bonus_fen) == (45000, 7200)
    assert (result.balance_after_fen, result.points_after) == (0, 0)
    entry = shop.cards.value_ledger(card.id)[-1]
    assert (entry.kind, entry.principal_fen, entry.bonus_fen, entry.payment_method) == (
        "cancel_refund", -45000, -7200, "cash")
    assert shop.cards.points_ledger(card.id)[-1].kind == "cancel"
    before = _state(shop.store)
    with pytest.raises(ConflictError, match="已注销，不能充值"):
        shop.cards.top_up(card.id, 100, "cash")
    with pytest.raises(ConflictError, match="已注销，不能注销"):
        shop.cards.cancel(card.id, "cash", "再注销")
    assert _state(shop.store) == before


def test_expiry_clears_points_and_visits_but_keeps_stored_value(shop: Shop) -> None:
    count = shop.cards.issue(shop.customer_id, shop.count)
    stored = _stored_card(shop, 10000, expires_on=date.today() + timedelta(days=1))
    shop.cards.consume(stored.id, 1000, "cash")
    audit_before = _rows(shop.store, AuditEntry)
    assert shop.cards.expire_due(date.today()) == 0
    assert _rows(shop.store, AuditEntry) == audit_before  # nothing due, nothing written
    later = date.today() + timedelta(days=400)
    assert shop.cards.expire_due(later) == 2
    gone = shop.cards.get(count.id)
    assert (gone.status, gone.counts_left) == ("expired", 0)
    kept = shop.cards.get(stored.id)
    assert (kept.status, kept.points, kept.total_fen) == ("expired", 0, 11000)
    with pytest.raises(ConflictError, match="过期，不能消费"):
        shop.cards.consume(stored.id, 100, "cash")
    assert shop.cards.cancel(stored.id, "wechat", "到期退卡").amount_fen == 10000
    assert shop.cards.expire_due(later) == 0


def test_card_past_its_date_is_refused_before_expire_due_runs(shop: Shop) -> None:
    card = _stored_card(shop, 10000, expires_on=date.today())
    with shop.store.write() as session:  # the day passes
        row = session.get(Card, card.id)
        assert row is not None
        row.expires_on = date.today() - timedelta(days=1)
    with pytest.raises(ConflictError, match="过期，不能充值"):
        shop.cards.top_up(card.id, 100, "cash")


# -- tier and roles ---------------------------------------------------------------------------


def test_change_tier_is_the_owners_with_a_reason(shop: Shop, owner: Actor) -> None:
    card = _stored_card(shop)
    with pytest.raises(PermissionDenied, match="前台账号无权调整余额"):
        shop.cards.change_tier(card.id, shop.gold, "老顾客")
    boss = CardService(shop.store, owner)
    with pytest.raises(ValidationError, match="请填写原因"):
        boss.change_tier(card.id, shop.gold, "")
    upgraded = boss.change_tier(card.id, shop.gold, "老顾客")
    assert upgraded.tier_name == "金卡"
    with pytest.raises(ConflictError, match="已经是这个等级了"):
        boss.change_tier(card.id, shop.gold, "再升")
    with shop.store.read() as session:
        last = session.scalars(select(TierChange).order_by(TierChange.id.desc())).first()
        assert last is not None
        assert (last.from_tier_id, last.to_tier_id, last.reason_kind, last.reason) == (
            shop.basic, shop.gold, "manual", "老顾客")


def test_accountant_reads_but_cannot_operate(shop: Shop, accountant: Actor) -> None:
    card = _stored_card(shop)
    books = CardService(shop.store, accountant)
    assert books.get(card.id).total_fen == 58000
    assert len(books.value_ledger(card.id)) == 1
    before = _state(shop.store)
    for attempt in (
        lambda: books.top_up(card.id, 100, "cash"),
        lambda: books.consume(card.id, 100, "cash"),
        lambda: books.issue(shop.customer_id, shop.stored),
        lambda: books.freeze(card.id),
        lambda: books.cancel(card.id, "cash", "x"),
        lambda: books.expire_due(),
    ):
        with pytest.raises(PermissionDenied, match="会计账号无权办理会员卡业务"):
            attempt()
    assert _state(shop.store) == before


def test_purchases_page_by_keyset(shop: Shop) -> None:
    card = shop.cards.issue(shop.customer_id, shop.points)
    for amount in range(100, 800, 100):
        shop.cards.consume(card.id, amount, "cash")
    first = shop.cards.purchases_of(shop.customer_id, limit=3)
    second = shop.cards.purchases_of(shop.customer_id, limit=3, before=first[-1].id)
    third = shop.cards.purchases_of(shop.customer_id, limit=3, before=second[-1].id)
    amounts = [p.amount_fen for p in first + second + third]
    assert amounts == [700, 600, 500, 400, 300, 200, 100]


def test_english_refusal(shop: Shop) -> None:
    from crm_desktop.models.language import set_language

    card = _stored_card(shop, 10000)
    set_language("en")
    with pytest.raises(ConflictError, match="Insufficient balance: 200.00 is due"):
        shop.cards.consume(card.id, 20000, "stored_value")
    shop.cards.freeze(card.id)
    with pytest.raises(ConflictError, match=f"Card {card.number} is frozen, so it cannot be "
                                            "topped up. Unfreeze it first."):
        shop.cards.top_up(card.id, 100, "cash")


def test_points_follow_the_shop_settings(shop: Shop, owner: Actor) -> None:
    CatalogService(shop.store, owner).update_settings(
        {"points_per_yuan": 2, "points_per_yuan_redeemed": 50})
    card = shop.cards.issue(shop.customer_id, shop.points, tier_id=shop.gold)
    preview = shop.cards.preview_consume(card.id, 10099, "cash")
    # 100.99 × 88% = 88.87 → 88 whole yuan × 2 points × 1.5
    assert (preview.payable_fen, preview.points_earned) == (8887, 264)
    assert shop.cards.consume(card.id, 10099, "cash").points_after == 264
    assert shop.cards.redeem_points(card.id, 100).amount_fen == 200  # 50 points per yuan
