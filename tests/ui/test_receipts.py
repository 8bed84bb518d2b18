"""Receipts of booked card actions: what they say, and the PDF written to a real file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.card_records import CardRecord
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.change_bus import ChangeBus
from crm_desktop.ui.cards.money_dialogs import TopUpDialog
from crm_desktop.ui.receipts import receipt_document, receipt_lines, save_receipt_pdf
from tests.ui.conftest import ShopData
from tests.ui.runners import LaterRunner


@pytest.fixture
def context(clerk_context: AppContext) -> AppContext:
    return clerk_context


@pytest.fixture
def card(store: Store, owner: Actor, shop: ShopData) -> CardRecord:
    catalog = CatalogService(store, owner)
    catalog.update_settings({"shop_address": "杭州市西湖路 1 号", "shop_phone": "0571-88886666"})
    kind = catalog.create_card_type("充值卡", "stored_value", bonus_rules=[(10000, 1000)])
    return CardService(store, owner).issue(shop.li_id, kind.id, tier_id=shop.tier_id)


def test_a_top_up_receipt_names_the_shop_amounts_and_operator_with_the_card_masked(
    store: Store, owner: Actor, clerk: Actor, card: CardRecord, chinese_ui: None
) -> None:
    result = CardService(store, clerk).top_up(card.id, 10000, "wechat")
    shop = CatalogService(store, owner).settings()
    text = receipt_document(result, shop).toPlainText()
    assert "测试小店" in text and "杭州市西湖路 1 号" in text
    assert card.number not in text, "the full card number never goes on paper"
    assert card.number[:4] in text and card.number[-4:] in text
    assert "李*" in text and "李四" not in text
    values = [value for _label, value in receipt_lines(result)]
    assert "¥100.00" in values and "¥10.00" in values and "¥110.00" in values
    assert "clerk1" in values
    assert result.at.strftime("%Y-%m-%d %H:%M:%S") in values


def test_a_purchase_receipt_shows_discount_paid_points_and_balance_after(
    store: Store, owner: Actor, card: CardRecord, chinese_ui: None
) -> None:
    cards = CardService(store, owner)
    cards.top_up(card.id, 10000, "cash")
    result = cards.consume(card.id, 5000, "stored_value")
    values = [value for _label, value in receipt_lines(result)]
    assert "¥50.00" in values and "-¥5.00" in values and "¥45.00" in values
    assert "+45" in values, "points earned"
    assert "¥65.00" in values, "balance after"


def test_receipt_pdf_is_written_from_the_dialog_after_booking(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord,
    tmp_path: Path,
) -> None:
    dialog = TopUpDialog(context, card)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.receipt_buttons.isVisible(), "no receipt before anything is booked"
    qtbot.keyClicks(dialog.amount_edit, "100")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.receipt_buttons.isVisible()

    target = tmp_path / "receipt.pdf"
    saved: list[str] = []
    dialog.receipt_buttons.saved.connect(saved.append)
    assert dialog.receipt_buttons.save_pdf(target) == target
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert saved == [str(target)]


def test_the_receipt_buttons_wait_for_the_shop_details_read_on_the_worker(
    qtbot: QtBot, store: Store, clerk: Actor, card: CardRecord, tmp_path: Path,
    chinese_ui: None,
) -> None:
    runner = LaterRunner()
    bus = ChangeBus(store)
    dialog = TopUpDialog(AppContext(store, clerk, runner, bus), card)
    qtbot.addWidget(dialog)
    dialog.show()
    runner.answer()
    qtbot.keyClicks(dialog.amount_edit, "100")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    runner.answer()  # booked; the shop's name and address are asked for now
    buttons = dialog.receipt_buttons
    assert buttons.isVisible() and not buttons.pdf_button.isEnabled()
    assert buttons.save_pdf(tmp_path / "early.pdf") is None

    runner.answer()
    assert buttons.pdf_button.isEnabled() and buttons.print_button.isEnabled()
    target = tmp_path / "receipt.pdf"
    assert buttons.save_pdf(target) == target
    assert target.read_bytes().startswith(b"%PDF")
    bus.detach()


def test_save_receipt_pdf_writes_a_narrow_page(
    store: Store, owner: Actor, card: CardRecord, tmp_path: Path, chinese_ui: None
) -> None:
    result = CardService(store, owner).top_up(card.id, 20000, "cash")
    target = tmp_path / "小票.pdf"
    save_receipt_pdf(result, CatalogService(store, owner).settings(), target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    # 80 mm wide is 226.8 pt: one page, as wide as a receipt roll.
    assert re.search(rb"/MediaBox \[0 0 22[67]", data)
    assert data.count(b"/Type /Page\n") == 1
