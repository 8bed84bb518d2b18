"""Refunds of itemised sales through the real refund dialog on a real encrypted file: take back
one unit of one line, then the rest; a sale without lines is still refunded whole."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QSpinBox
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.card_records import CardRecord, PurchaseRecord, SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.item_records import ItemInput
from crm_desktop.models.services.items import ItemService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.closing_dialogs import RefundDialog
from tests.ui.conftest import ShopData


@pytest.fixture
def context(owner_context: AppContext) -> AppContext:
    return owner_context


@pytest.fixture
def card(store: Store, owner: Actor, shop: ShopData) -> CardRecord:
    """李四's stored-value card in 金卡 (pays 90%), holding ¥110."""
    card_type = CatalogService(store, owner).create_card_type("充值卡", "stored_value")
    return CardService(store, owner).issue(
        shop.li_id, card_type.id, tier_id=shop.tier_id, first_topup_fen=11000
    )


def itemised_sale(store: Store, owner: Actor, card: CardRecord) -> PurchaseRecord:
    """拿铁 × 3 (¥84, ¥8.40 off) and 可颂 × 1 (¥15, ¥1.50 off): ¥89.10 from the card."""
    items = ItemService(store, owner)
    latte = items.create(ItemInput("拿铁", "饮品", 2800))
    croissant = items.create(ItemInput("可颂", "烘焙", 1500))
    cards = CardService(store, owner)
    cards.consume(card.id, 0, "stored_value", lines=[
        SaleLine("拿铁", 3, 2800, item_id=latte.id), SaleLine("可颂", 1, 1500, item_id=croissant.id),
    ])
    return cards.purchases_of(card.customer_id)[0]


def open_refund(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, sale: PurchaseRecord
) -> RefundDialog:
    cards = CardService(store, owner)
    assert sale.card_id is not None
    dialog = RefundDialog(context, sale, cards.get(sale.card_id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def row_widgets(dialog: RefundDialog, row: int) -> tuple[QCheckBox, QSpinBox]:
    tick = dialog.lines.table.cellWidget(row, 0)
    spin = dialog.lines.table.cellWidget(row, 2)
    assert isinstance(tick, QCheckBox) and isinstance(spin, QSpinBox)
    return tick, spin


def test_one_line_back_then_the_rest(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    sale = itemised_sale(store, owner, card)
    cards = CardService(store, owner)
    assert cards.get(card.id).total_fen == 11000 - 8910

    dialog = open_refund(qtbot, context, store, owner, sale)
    assert dialog.lines.isVisibleTo(dialog) and dialog.lines.table.rowCount() == 2
    latte_tick, latte_spin = row_widgets(dialog, 0)
    croissant_tick, _ = row_widgets(dialog, 1)
    assert (latte_tick.text(), latte_tick.isChecked(), latte_spin.value()) == ("拿铁", True, 3)
    assert "¥89.10" in dialog.preview_label.text(), "everything ticked: the whole sale"

    croissant_tick.setChecked(False)
    latte_spin.setValue(1)
    assert dialog.lines.table.item(0, 3).text() == "¥25.20", "one latte less its own discount"
    preview = dialog.preview_label.text()
    assert "拿铁 × 1" in preview and "可颂" not in preview
    assert "¥25.20" in preview and "¥46.10" in preview, "paid back and the balance after"
    dialog.reason_edit.setText("少做一杯")
    dialog.confirm_button.click()
    assert dialog.result is not None, dialog.error_label.text()
    assert "¥25.20" in dialog.done_label.text()
    assert not dialog.lines.isEnabled()
    assert cards.get(card.id).total_fen == 2090 + 2520
    refund = next(p for p in cards.purchases_of(card.customer_id) if p.kind == "refund")
    assert (refund.paid_fen, refund.refund_of_id) == (-2520, sale.id)

    # Again: one latte is marked as refunded; all that is left goes back, to the fen.
    sale = next(p for p in cards.purchases_of(card.customer_id) if p.id == sale.id)
    again = open_refund(qtbot, context, store, owner, sale)
    latte_tick, latte_spin = row_widgets(again, 0)
    assert again.lines.table.item(0, 1).text() == again.lines.tr(
        "%1 (%2 refunded)").replace("%1", "3").replace("%2", "1")
    assert latte_spin.maximum() == 2 and latte_spin.value() == 2
    assert "¥63.90" in again.preview_label.text()
    again.reason_edit.setText("顾客不要了")
    again.confirm_button.click()
    assert again.result is not None, again.error_label.text()
    assert cards.get(card.id).total_fen == 11000, "every fen the sale took is back"


def test_a_sale_without_lines_is_refunded_whole(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    cards = CardService(store, owner)
    cards.consume(card.id, 5000, "stored_value")
    sale = cards.purchases_of(card.customer_id)[0]
    dialog = open_refund(qtbot, context, store, owner, sale)
    assert not dialog.lines.isVisibleTo(dialog)
    assert "¥45.00" in dialog.preview_label.text()
    dialog.reason_edit.setText("退货")
    dialog.confirm_button.click()
    assert dialog.result is not None, dialog.error_label.text()
    assert cards.get(card.id).total_fen == 11000
