"""A receipt's lines fit 58 mm and 80 mm rolls and say the number, the items and the totals."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.audit_labels import change_summary
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.receipt_settings import ReceiptSettingsService
from crm_desktop.models.receipt_text import SlipWords, columns_for, slip_lines, text_width
from crm_desktop.models.services.card_records import SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.receipt_slips import ReceiptSlips
from crm_desktop.models.store.store import Store

LONG_ITEM = "深层补水护理套餐（含头皮按摩与精油）特别加长的项目名称"


@pytest.fixture
def card_id(store: Store, owner: Actor) -> int:
    catalog = CatalogService(store, owner)
    catalog.update_settings({"shop_name": "悦己美发沙龙西湖旗舰店", "shop_phone": "0571-88886666"})
    kind = catalog.create_card_type("储值卡", "stored_value", bonus_rules=[(50000, 8000)])
    tier = catalog.create_tier("金卡", 2, price_percent=90)
    customer = CustomerService(store, owner).create(CustomerInput(name="周诗雨", phone="13800138000"))
    card = CardService(store, owner).issue(customer.id, kind.id, tier_id=tier.id)
    CardService(store, owner).top_up(card.id, 50000, "wechat")
    return card.id


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_an_itemised_purchase_fits_the_roll_and_shows_number_items_and_totals(
    store: Store, clerk: Actor, card_id: int, paper_mm: int
) -> None:
    result = CardService(store, clerk).consume(
        card_id, 0, "stored_value",
        lines=[SaleLine("洗剪吹", 2, 4400), SaleLine(LONG_ITEM, 1, 28800)],
    )
    printable = ReceiptSlips(store, clerk).slip_for(result)
    columns = columns_for(paper_mm)
    lines = slip_lines(printable.slip, columns)
    assert columns == {58: 32, 80: 48}[paper_mm]
    too_wide = [line for line in lines if text_width(line) > columns]
    assert not too_wide, f"lines wider than {columns} columns: {too_wide}"
    text = "\n".join(lines)
    assert result.transaction and result.transaction in text
    assert "洗剪吹" in text and "2 x 44.00" in text and "88.00" in text
    assert "深层补水" in text and "288.00" in text, "a long item name wraps, it is not lost"
    assert "376.00" in text, "the list price of both lines"
    assert "-37.60" in text, "the tier discount"
    assert "338.40" in text, "what was paid"
    assert "卡内余额" in text and "clerk1" in text
    assert "周**" in text and "周诗雨" not in text
    assert "悦己美发" in lines[0]
    assert lines[-1].strip() == "谢谢惠顾"


def test_the_signature_line_shows_only_for_the_actions_the_owner_chose(
    store: Store, owner: Actor, clerk: Actor, card_id: int
) -> None:
    ReceiptSettingsService(store, owner).save({"receipt_signature_actions": ["consume"]})
    cards = CardService(store, clerk)
    slips = ReceiptSlips(store, clerk)
    sale = slips.slip_for(cards.consume(card_id, 1000, "stored_value")).slip
    top_up = slips.slip_for(cards.top_up(card_id, 1000, "cash")).slip
    assert any("会员签名" in line for line in slip_lines(sale, 32))
    assert not any("会员签名" in line for line in slip_lines(top_up, 32))


def test_english_words_and_narrow_lines_of_a_top_up(
    store: Store, clerk: Actor, card_id: int
) -> None:
    result = CardService(store, clerk).top_up(card_id, 50000, "alipay")
    words = SlipWords(number="No.", amount="Top-up amount", bonus="Bonus",
                      balance_after="Balance after", methods={"alipay": "Alipay"})
    lines = slip_lines(ReceiptSlips(store, clerk).slip_for(result).slip, 32, words)
    assert all(text_width(line) <= 32 for line in lines)
    text = "\n".join(lines)
    assert f"No.{' ' * (32 - 3 - len(result.transaction))}{result.transaction}" in text
    assert "Bonus" in text and "80.00" in text and "Alipay" in text
    assert "1,160.00" in text, "balance after: 500 + 80 twice"


def test_a_reprint_from_the_ledger_rebuilds_the_same_slip(
    store: Store, clerk: Actor, card_id: int
) -> None:
    cards = CardService(store, clerk)
    result = cards.consume(card_id, 0, "stored_value", lines=[SaleLine("洗剪吹", 2, 4400)])
    entry = next(e for e in cards.value_ledger(card_id) if e.purchase_id == result.purchase_id)
    again = ReceiptSlips(store, clerk).reprint("value", entry.id).slip
    first = ReceiptSlips(store, clerk).slip_for(result).slip
    assert again.reprint and again.transaction == result.transaction
    assert again.items == first.items
    assert (again.amount_fen, again.discount_fen, again.paid_fen) == (
        first.amount_fen, first.discount_fen, first.paid_fen)
    assert again.balance_after_fen == first.balance_after_fen
    assert again.points_change == first.points_change
    assert again.points_after == first.points_after
    lines = slip_lines(again, 48)
    assert "消费（补打）" in "\n".join(lines)


def test_saving_receipt_settings_is_one_audit_entry_in_words(
    store: Store, owner: Actor
) -> None:
    ReceiptSettingsService(store, owner).save({"receipt_paper_mm": 58, "receipt_auto_print": True})
    with store.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.action == "settings.update"
        text = change_summary(json.loads(entry.before), json.loads(entry.after), entry.entity)
    assert "小票纸宽" in text and "自动打印小票" in text and "receipt_" not in text
