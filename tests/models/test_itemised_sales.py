"""Itemised sales at the counter: tier discount per line, visit items, line refunds, sales by item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
    ValueEntry,
)
from crm_desktop.models.errors import ConflictError, NotFound, PermissionDenied
from crm_desktop.models.services.card_records import CardRecord, SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.item_records import ItemInput, ItemRecord
from crm_desktop.models.services.items import ItemService
from crm_desktop.models.services.sales_report import NO_ITEMS, SalesReportService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


@dataclass
class Counter:
    store: Store
    cards: CardService
    customer_id: int
    stored: int
    count: int
    gold: int
    cut: ItemRecord  # 剪发 33.33, 美发
    shampoo: ItemRecord  # 洗发水 88.00, 商品
    wash: ItemRecord  # 洗剪吹 50.00, uses a visit


@pytest.fixture
def counter(store: Store, owner: Actor, clerk: Actor) -> Counter:
    catalog = CatalogService(store, owner)
    stored = catalog.create_card_type("储值卡", "stored_value", price_fen=0)
    count = catalog.create_card_type("洗剪吹10次", "count", price_fen=0, count_total=10)
    catalog.create_tier("普通会员", 0)
    gold = catalog.create_tier("金卡", 1, price_percent=88, points_multiplier_percent=150)
    items = ItemService(store, owner)
    cut = items.create(ItemInput("剪发", "美发", 3333))
    shampoo = items.create(ItemInput("洗发水", "商品", 8800, barcode="6901234567892"))
    wash = items.create(ItemInput("洗剪吹", "美发", 5000, uses_visit=True))
    with store.write() as session:
        customer = Customer(name="李四", phone="13900139000")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    return Counter(store, CardService(store, clerk), customer_id, stored.id, count.id, gold.id,
                   cut, shampoo, wash)


def _stored(c: Counter) -> CardRecord:
    return c.cards.issue(c.customer_id, c.stored, tier_id=c.gold, first_topup_fen=50000)


def _lines(c: Counter) -> list[SaleLine]:
    return [SaleLine("", 1, 3333, c.cut.id), SaleLine("", 2, 8800, c.shampoo.id),
            SaleLine("修眉", 1, 1000)]


def _booked_lines(store: Store, purchase_id: int | None) -> list[tuple[object, ...]]:
    with store.read() as session:
        return [tuple(row) for row in session.execute(
            select(PurchaseLine.item, PurchaseLine.category, PurchaseLine.quantity,
                   PurchaseLine.unit_price_fen, PurchaseLine.amount_fen,
                   PurchaseLine.discount_fen)
            .where(PurchaseLine.purchase_id == purchase_id).order_by(PurchaseLine.id))]


def _state(store: Store) -> tuple[object, ...]:
    with store.read() as session:
        cards = session.execute(select(Card.principal_fen, Card.bonus_fen, Card.points,
                                       Card.counts_left).order_by(Card.id)).all()
        counts = [int(session.scalar(select(func.count()).select_from(t)) or 0)
                  for t in (Purchase, PurchaseLine, ValueEntry, PointsEntry, CountEntry,
                            AuditEntry)]
    return tuple(cards), *counts


def test_items_priced_with_the_tier_discount_per_line(counter: Counter) -> None:
    card = _stored(counter)
    preview = counter.cards.preview_consume(card.id, 0, "stored_value", lines=_lines(counter))
    # 88折 per line, half up: 3333 → 2933, 17600 → 15488, 1000 → 880
    assert [line.discount_fen for line in preview.lines] == [400, 2112, 120]
    assert (preview.amount_fen, preview.discount_fen, preview.payable_fen) == (21933, 2632, 19301)
    result = counter.cards.consume(card.id, 0, "stored_value", lines=_lines(counter))
    assert (result.amount_fen, result.discount_fen, result.paid_fen) == (21933, 2632, 19301)
    assert result.balance_after_fen == 50000 - 19301 and result.transaction
    assert _booked_lines(counter.store, result.purchase_id) == [
        ("剪发", "美发", 1, 3333, 3333, 400),
        ("洗发水", "商品", 2, 8800, 17600, 2112),
        ("修眉", None, 1, 1000, 1000, 120),
    ]
    # The amount may also be given, as long as it is what the lines add up to.
    again = counter.cards.consume(card.id, 3333, "cash", lines=[SaleLine("", 1, 3333, 1)])
    assert (again.amount_fen, again.paid_fen) == (3333, 2933)
    plain = counter.cards.consume(card.id, 5000, "cash")  # a shop that does not itemise
    assert (plain.amount_fen, plain.discount_fen, plain.paid_fen) == (5000, 600, 4400)


def test_visit_items_take_visits_from_a_count_card(counter: Counter) -> None:
    card = counter.cards.issue(counter.customer_id, counter.count, tier_id=counter.gold)
    lines = [SaleLine("", 2, 5000, counter.wash.id), SaleLine("", 1, 8800, counter.shampoo.id)]
    preview = counter.cards.preview_consume(card.id, 0, "cash", lines=lines)
    assert (preview.counts_used, preview.amount_fen, preview.payable_fen) == (2, 8800, 7744)
    result = counter.cards.consume(card.id, 0, "cash", lines=lines)
    assert (result.counts_change, result.counts_after, result.paid_fen) == (-2, 8, 7744)
    assert _booked_lines(counter.store, result.purchase_id)[0] == (
        "洗剪吹", "美发", 2, 0, 0, 0)  # paid by the visits
    only_visit = counter.cards.consume(card.id, 0, "cash",
                                       lines=[SaleLine("", 1, 5000, counter.wash.id)])
    assert (only_visit.payment_method, only_visit.paid_fen, only_visit.counts_after) == (
        "count", 0, 7)
    before = _state(counter.store)
    with pytest.raises(ConflictError, match="次数不足：这次的项目要用 8 次，卡上只剩 7 次"):
        counter.cards.consume(card.id, 0, "cash", lines=[SaleLine("", 8, 5000, counter.wash.id)])
    with pytest.raises(NotFound, match="不在列表里了"):
        counter.cards.consume(card.id, 0, "cash", lines=[SaleLine("", 1, 100, 9999)])
    assert _state(counter.store) == before
    # On a card without visits the same item sells at its price.
    stored = _stored(counter)
    sold = counter.cards.consume(stored.id, 0, "stored_value",
                                 lines=[SaleLine("", 1, 5000, counter.wash.id)])
    assert (sold.amount_fen, sold.paid_fen, sold.counts_change) == (5000, 4400, 0)


def test_line_refund_gives_back_its_share_and_never_more_than_was_sold(
    counter: Counter, owner: Actor
) -> None:
    card = _stored(counter)
    sale = counter.cards.consume(card.id, 0, "stored_value", lines=_lines(counter))
    assert sale.purchase_id is not None
    lines = counter.cards.refundable_lines(sale.purchase_id)
    shampoo = next(line for line in lines if line.item == "洗发水")
    assert (shampoo.quantity, shampoo.refundable_quantity) == (2, 2)
    one = counter.cards.refund_lines(sale.purchase_id, {shampoo.line_id: 1}, "一瓶没开封")
    # One bottle: 8800 less half the line's 2112 discount.
    assert (one.amount_fen, one.discount_fen, one.paid_fen) == (8800, 1056, 7744)
    assert one.balance_after_fen == 50000 - 19301 + 7744
    assert one.points_change == -((sale.points_change * 7744 * 2 + 19301) // (2 * 19301))
    assert _booked_lines(counter.store, one.purchase_id) == [
        ("洗发水", "商品", -1, 8800, -8800, -1056)]
    before = _state(counter.store)
    with pytest.raises(ConflictError, match="“洗发水”卖出 2 件，已退 1 件，最多还能退 1 件"):
        counter.cards.refund_lines(sale.purchase_id, {shampoo.line_id: 2}, "再退两瓶")
    with pytest.raises(ConflictError, match="部分退款后请按明细退剩下的项目"):
        counter.cards.refund(sale.purchase_id, "整笔退")
    assert _state(counter.store) == before
    rest = {line.line_id: line.refundable_quantity
            for line in counter.cards.refundable_lines(sale.purchase_id)}
    assert rest == {lines[0].line_id: 1, shampoo.line_id: 1, lines[2].line_id: 1}
    last = counter.cards.refund_lines(sale.purchase_id, rest, "全部退")
    # Everything back to the fen: balance, points, as before the sale.
    assert one.paid_fen + last.paid_fen == sale.paid_fen
    got = counter.cards.get(card.id)
    assert (got.principal_fen, got.bonus_fen, got.points) == (50000, 0, 0)
    assert all(line.refundable_quantity == 0
               for line in counter.cards.refundable_lines(sale.purchase_id))


def test_line_refund_of_a_visit_item_gives_the_visit_back(counter: Counter) -> None:
    card = counter.cards.issue(counter.customer_id, counter.count)
    sale = counter.cards.consume(card.id, 0, "cash", lines=[
        SaleLine("", 2, 5000, counter.wash.id), SaleLine("", 1, 8800, counter.shampoo.id)])
    assert sale.purchase_id is not None and sale.counts_after == 8
    wash = counter.cards.refundable_lines(sale.purchase_id)[0]
    back = counter.cards.refund_lines(sale.purchase_id, {wash.line_id: 1}, "少做一次")
    assert (back.counts_change, back.counts_after, back.paid_fen) == (1, 9, 0)


def test_sales_by_item_and_category_tie_to_the_purchases(
    counter: Counter, owner: Actor, clerk: Actor, accountant: Actor
) -> None:
    card = _stored(counter)
    sale = counter.cards.consume(card.id, 0, "stored_value", lines=_lines(counter))
    assert sale.purchase_id is not None
    shampoo = counter.cards.refundable_lines(sale.purchase_id)[1]
    counter.cards.refund_lines(sale.purchase_id, {shampoo.line_id: 1}, "退一瓶")
    count_card = counter.cards.issue(counter.customer_id, counter.count)
    counter.cards.consume(count_card.id, 0, "cash", lines=[
        SaleLine("", 1, 5000, counter.wash.id), SaleLine("", 1, 8800, counter.shampoo.id)])
    plain = counter.cards.consume(card.id, 2000, "stored_value")
    assert plain.purchase_id is not None
    counter.cards.refund(plain.purchase_id, "记错了")
    ItemService(counter.store, owner).update(
        counter.shampoo.id, ItemInput("洗发水（大瓶）", "商品", 8800), counter.shampoo.version)
    today = date.today()
    report = SalesReportService(counter.store, accountant)
    rows = {row.key: row for row in report.by_item(today, today, "day")}
    assert set(rows) == {"剪发", "洗发水（大瓶）", "洗剪吹", "修眉", NO_ITEMS}
    big = rows["洗发水（大瓶）"]  # renamed since: still one row
    assert (big.quantity, big.amount_fen, big.discount_fen, big.refunded_fen) == (
        3, 26400, 2112, 7744)  # the count card has no tier discount
    assert (big.category, big.period) == ("商品", today.isoformat())
    assert (rows["洗剪吹"].quantity, rows["洗剪吹"].net_fen) == (1, 0)
    assert (rows[NO_ITEMS].amount_fen, rows[NO_ITEMS].refunded_fen) == (2000, 1760)
    with counter.store.read() as session:
        booked = session.execute(select(
            func.sum(Purchase.amount_fen - Purchase.discount_fen), func.sum(Purchase.paid_fen)
        )).one()
    assert sum(row.net_fen for row in rows.values()) == booked[0] == booked[1]
    by_category = {row.key: row for row in report.by_category(today, today, "month")}
    assert set(by_category) == {"美发", "商品", "(no category)", NO_ITEMS}
    assert by_category["美发"].amount_fen == 3333
    assert sum(row.net_fen for row in by_category.values()) == booked[0]
    assert by_category["商品"].period == today.strftime("%Y-%m")
    assert SalesReportService(counter.store, owner).by_item(today, today) == sorted(
        rows.values(), key=lambda row: row.key)
    with pytest.raises(PermissionDenied):
        SalesReportService(counter.store, clerk).by_item(today, today)


def test_a_card_sale_goes_back_whole_only(counter: Counter, owner: Actor) -> None:
    ten = CatalogService(counter.store, owner).create_card_type(
        "洗剪吹10次（付费）", "count", price_fen=30000, count_total=10)
    card = counter.cards.issue(counter.customer_id, ten.id)
    sale = counter.cards.purchases_of(counter.customer_id)[0]
    line = counter.cards.refundable_lines(sale.id)[0]
    before = _state(counter.store)
    with pytest.raises(ConflictError, match="只能整笔退款"):
        counter.cards.refund_lines(sale.id, {line.line_id: 1}, "不要了")
    assert _state(counter.store) == before
    assert counter.cards.refund(sale.id, "不要了").counts_after == 0
    assert counter.cards.get(card.id).counts_left == 0
