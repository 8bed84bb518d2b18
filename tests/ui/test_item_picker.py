"""The purchase dialog with items, through the real widgets on a real encrypted file: a scanned
barcode makes a line, a quantity and a favourite button change the total, the preview shows each
line's discount, and the purchase is booked with its lines; a plain amount still books with the
keyboard alone, and a search offers matches to pick."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import PurchaseLine
from crm_desktop.models.services.card_records import CardRecord
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.item_records import ItemInput, ItemRecord
from crm_desktop.models.services.items import ItemService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.acting import PREVIEW_DELAY_MS
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.money_dialogs import ConsumeDialog
from tests.ui.conftest import ShopData

LATTE_CODE = "6901234567892"


@pytest.fixture
def context(clerk_context: AppContext) -> AppContext:
    return clerk_context


@pytest.fixture
def card(store: Store, owner: Actor, shop: ShopData) -> CardRecord:
    """李四's stored-value card in 金卡 (pays 90%), holding ¥110."""
    card_type = CatalogService(store, owner).create_card_type("充值卡", "stored_value")
    return CardService(store, owner).issue(
        shop.li_id, card_type.id, tier_id=shop.tier_id, first_topup_fen=11000
    )


@pytest.fixture
def latte(store: Store, owner: Actor) -> ItemRecord:
    return ItemService(store, owner).create(ItemInput("拿铁", "饮品", 2800, barcode=LATTE_CODE))


@pytest.fixture
def croissant(store: Store, owner: Actor) -> ItemRecord:
    return ItemService(store, owner).create(ItemInput("可颂", "烘焙", 1500, favourite=True))


def open_dialog(qtbot: QtBot, context: AppContext, card: CardRecord) -> ConsumeDialog:
    dialog = ConsumeDialog(context, card)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def spins(dialog: ConsumeDialog) -> list[QSpinBox]:
    table = dialog.picker.table
    found = [table.cellWidget(row, 2) for row in range(table.rowCount())]
    return [spin for spin in found if isinstance(spin, QSpinBox)]


def test_scan_quantity_and_a_favourite_make_the_purchase_booked_with_its_lines(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord,
    latte: ItemRecord, croissant: ItemRecord,
) -> None:
    dialog = open_dialog(qtbot, context, card)
    picker = dialog.picker
    assert dialog.focusWidget() is dialog.amount_edit, "a plain amount is still typed first"
    assert picker.isVisibleTo(dialog) and not picker.table.isVisibleTo(dialog), "no lines yet"
    assert [b.text() for b in picker.favourite_buttons] == ["可颂"]

    # A scanner types the digits and Enter into the scan line: one line, the dialog stays open.
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_F3)
    assert dialog.focusWidget() is picker.scan_edit, "F3 goes to the scan line"
    qtbot.keyClicks(picker.scan_edit, LATTE_CODE)
    qtbot.keyClick(picker.scan_edit, Qt.Key.Key_Return)
    assert dialog.result is None and dialog.isVisible(), "Enter after a scan books nothing"
    assert picker.scan_edit.text() == "", "ready for the next scan"
    assert picker.table.item(0, 0).text() == "拿铁" and picker.table.isVisibleTo(dialog)
    assert dialog.amount_edit.text() == "28" and dialog.amount_edit.isReadOnly()

    spins(dialog)[0].setValue(3)
    assert picker.table.item(0, 3).text() == "¥84.00"
    favourite = picker.favourite_buttons[0]
    qtbot.mouseClick(favourite, Qt.MouseButton.LeftButton)
    assert [picker.table.item(r, 0).text() for r in range(picker.table.rowCount())] == [
        "拿铁", "可颂"]
    assert dialog.amount_edit.text() == "99", "the amount follows the lines"

    qtbot.waitUntil(lambda: "¥99.00" in dialog.preview_label.text())
    discounts = [picker.table.item(r, 4).text() for r in range(2)]
    assert discounts == ["-¥8.40", "-¥1.50"], "each line's own tier discount"
    preview = dialog.preview_label.text()
    assert "-¥9.90" in preview and "¥89.10" in preview, "the discount and what is paid"
    assert "¥20.90" in preview, "balance after"
    assert CardService(store, owner).purchases_of(card.customer_id) == []

    # Enter on the empty scan line books, as it would from the amount.
    qtbot.keyClick(picker.scan_edit, Qt.Key.Key_Return)
    assert dialog.result is not None, dialog.error_label.text()
    assert "¥89.10" in dialog.done_label.text()
    assert not picker.isEnabled(), "nothing changes after booking"
    sale = CardService(store, owner).purchases_of(card.customer_id)[0]
    assert (sale.amount_fen, sale.discount_fen, sale.paid_fen) == (9900, 990, 8910)
    assert CardService(store, owner).get(card.id).total_fen == 11000 - 8910
    with store.read() as session:
        lines = session.scalars(
            select(PurchaseLine).where(PurchaseLine.purchase_id == sale.id)
            .order_by(PurchaseLine.id)).all()
        booked = [(ln.item, ln.item_id, ln.category, ln.quantity, ln.unit_price_fen,
                   ln.amount_fen, ln.discount_fen) for ln in lines]
    assert booked == [
        ("拿铁", latte.id, "饮品", 3, 2800, 8400, 840),
        ("可颂", croissant.id, "烘焙", 1, 1500, 1500, 150),
    ]


def test_the_same_item_twice_is_one_line_and_removing_every_line_brings_the_amount_back(
    qtbot: QtBot, context: AppContext, card: CardRecord, latte: ItemRecord,
    croissant: ItemRecord,
) -> None:
    dialog = open_dialog(qtbot, context, card)
    picker = dialog.picker
    for _ in range(2):
        qtbot.keyClicks(picker.scan_edit, LATTE_CODE)
        qtbot.keyClick(picker.scan_edit, Qt.Key.Key_Return)
    assert picker.table.rowCount() == 1 and spins(dialog)[0].value() == 2
    assert dialog.amount_edit.text() == "56"

    remove = picker.table.cellWidget(0, 5)
    assert isinstance(remove, QPushButton)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert picker.is_empty() and not picker.table.isVisibleTo(dialog)
    assert dialog.amount_edit.text() == "" and not dialog.amount_edit.isReadOnly()


def test_a_search_shows_matches_to_pick_and_an_unknown_code_says_so(
    qtbot: QtBot, context: AppContext, card: CardRecord, latte: ItemRecord,
    croissant: ItemRecord, store: Store, owner: Actor,
) -> None:
    ItemService(store, owner).create(ItemInput("拿铁（大杯）", "饮品", 3200))
    dialog = open_dialog(qtbot, context, card)
    picker = dialog.picker
    qtbot.keyClicks(picker.scan_edit, "nt")  # pinyin initials of 拿铁
    qtbot.waitUntil(lambda: picker.matches.isVisibleTo(dialog))
    assert picker.matches.count() == 2
    qtbot.keyClick(picker.scan_edit, Qt.Key.Key_Down)
    picker.matches.setCurrentRow(1)
    qtbot.keyClick(picker.matches, Qt.Key.Key_Return)
    assert dialog.result is None, "Enter on a match picks it, never books"
    assert picker.table.item(0, 0).text() == "拿铁（大杯）"
    assert not picker.matches.isVisibleTo(dialog) and picker.scan_edit.text() == ""

    qtbot.keyClicks(picker.scan_edit, "123")
    qtbot.keyClick(picker.scan_edit, Qt.Key.Key_Return)
    assert "123" in picker.message_label.text() and picker.table.rowCount() == 1
    qtbot.wait(PREVIEW_DELAY_MS + 50)
    assert not picker.matches.isVisibleTo(dialog)


@pytest.mark.parametrize("with_items", [False, True])
def test_a_plain_amount_still_books_with_the_keyboard_alone(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord,
    with_items: bool,
) -> None:
    if with_items:
        ItemService(store, owner).create(ItemInput("可颂", "烘焙", 1500, favourite=True))
    dialog = open_dialog(qtbot, context, card)
    assert dialog.picker.isVisibleTo(dialog) == with_items, "no items on file: no item picker"
    qtbot.keyClicks(dialog.focusWidget(), "88")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result is not None, dialog.error_label.text()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert not dialog.isVisible(), "the second Enter closes"
    sale = CardService(store, owner).purchases_of(card.customer_id)[0]
    assert (sale.amount_fen, sale.paid_fen) == (8800, 7920)
    with store.read() as session:
        assert session.scalars(
            select(PurchaseLine).where(PurchaseLine.purchase_id == sale.id)).all() == []


def test_a_visit_item_on_a_count_card_is_paid_by_visits_with_the_pin(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, shop: ShopData,
) -> None:
    visits = CatalogService(store, owner).create_card_type("十次卡", "count", count_total=10)
    cards = CardService(store, owner)
    card = cards.issue(shop.wang_id, visits.id, pin="246810")
    ItemService(store, owner).create(ItemInput("洗剪吹", "美发", 6800, uses_visit=True,
                                               favourite=True))
    dialog = open_dialog(qtbot, context, card)
    picker = dialog.picker
    assert not dialog.pin_edit.isVisibleTo(dialog), "no PIN for a plain amount paid in cash"
    qtbot.mouseClick(picker.favourite_buttons[0], Qt.MouseButton.LeftButton)
    spins(dialog)[0].setValue(2)
    assert dialog.pin_edit.isVisibleTo(dialog), "visits come off the card: its PIN is asked"
    qtbot.waitUntil(lambda: picker.table.item(0, 4).text() != "")
    assert picker.table.item(0, 4).text() == picker.tr("paid by visits")
    assert "-2" in dialog.preview_label.text(), "two visits used"
    qtbot.keyClicks(dialog.pin_edit, "246810")
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    assert dialog.result is not None, dialog.error_label.text()
    assert cards.get(card.id).counts_left == 8
    sale = cards.purchases_of(shop.wang_id)[0]
    assert (sale.payment_method, sale.paid_fen, sale.counts_used) == ("count", 0, 2)


def test_a_code_scanned_into_the_amount_box_becomes_a_line(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord,
    latte: ItemRecord,
) -> None:
    dialog = open_dialog(qtbot, context, card)
    qtbot.keyClicks(dialog.amount_edit, LATTE_CODE)
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert dialog.result is None, "no purchase of ¥6,901,234,567,892"
    assert dialog.picker.table.item(0, 0).text() == "拿铁"
    assert dialog.amount_edit.text() == "28" and dialog.focusWidget() is dialog.picker.scan_edit
    assert CardService(store, owner).purchases_of(card.customer_id) == []
