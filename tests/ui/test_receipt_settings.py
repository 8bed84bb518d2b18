"""The owner's receipt settings, automatic printing after a money action, test slip and reprint."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.receipt_settings import ReceiptSettings, ReceiptSettingsService
from crm_desktop.models.services.card_records import CardRecord
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.money_dialogs import TopUpDialog
from crm_desktop.ui.owner import receipt_settings_menu
from crm_desktop.ui.profile.card_tabs import LedgerTab
from crm_desktop.ui.receipts import print_slip
from tests.ui.conftest import ShopData, WindowFactory


class ReceiptPrinter:
    """A receipt printer's port on 127.0.0.1: every connection's bytes, one job each."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.server.getsockname()[1]}"
        self.jobs: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                chunks = []
                while chunk := connection.recv(4096):
                    chunks.append(chunk)
                self.jobs.append(b"".join(chunks))

    def wait_for(self, qtbot: QtBot, count: int) -> None:
        qtbot.waitUntil(lambda: len(self.jobs) >= count, timeout=5000)


@pytest.fixture
def printer() -> Iterator[ReceiptPrinter]:
    port = ReceiptPrinter()
    yield port
    port.server.close()


@pytest.fixture
def card(store: Store, owner: Actor, shop: ShopData) -> CardRecord:
    CatalogService(store, owner).update_settings({"shop_name": "测试小店"})
    return CardService(store, owner).get(shop.zhang_card_id)


def test_the_owner_sets_paper_auto_print_signature_and_network_printer_from_the_menu(
    qtbot: QtBot, store: Store, owner: Actor, clerk: Actor, make_window: WindowFactory,
    printer: ReceiptPrinter,
) -> None:
    window = make_window(owner)
    menu = receipt_settings_menu.install(window, window.context)
    assert menu.action.isVisible()
    dialog = menu.open_settings()
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert dialog.paper_combo.currentData() == 80 and not dialog.auto_box.isChecked()
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData(58))
    dialog.auto_box.setChecked(True)
    dialog.signature_boxes["consume"].setChecked(True)
    dialog.escpos_edit.setText(printer.address)

    lines = dialog.print_test()
    printer.wait_for(qtbot, 1)
    assert all(len(line.encode("gb18030")) <= 32 for line in lines), "58 mm: 32 columns"
    assert b"00000000-0000" in printer.jobs[0]
    assert ReceiptSettingsService(store, owner).settings() == ReceiptSettings(), "not saved yet"

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert ReceiptSettingsService(store, owner).settings() == ReceiptSettings(
        printer="", paper_mm=58, auto_print=True, signature_actions=("consume",),
        escpos_address=printer.address)
    clerk_window = make_window(clerk)
    assert not receipt_settings_menu.install(clerk_window, clerk_window.context).action.isVisible()


def test_a_bad_printer_address_is_refused_beside_it_and_nothing_is_saved(
    qtbot: QtBot, store: Store, owner: Actor, make_window: WindowFactory
) -> None:
    window = make_window(owner)
    dialog = receipt_settings_menu.install(window, window.context).open_settings()
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    dialog.escpos_edit.setText("打印机 在 前台")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "小票打印机地址" in dialog.error_label.text()
    assert dialog.isVisible()
    assert ReceiptSettingsService(store, owner).settings().escpos_address == ""


def test_a_top_up_prints_its_receipt_by_itself_when_the_owner_chose_automatic_printing(
    qtbot: QtBot, store: Store, owner: Actor, card: CardRecord, clerk_context: AppContext,
    printer: ReceiptPrinter,
) -> None:
    ReceiptSettingsService(store, owner).save(
        {"receipt_auto_print": True, "receipt_escpos_address": printer.address})
    dialog = TopUpDialog(clerk_context, card)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.amount_edit, "100")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.result is not None
    printer.wait_for(qtbot, 1)
    job = printer.jobs[0]
    assert job.startswith(b"\x1b@") and job.endswith(b"\x1dV\x00")
    assert dialog.result.transaction.encode() in job, "the transaction number on the slip"
    assert "测试小店".encode("gb18030") in job and b"100.00" in job


def test_without_automatic_printing_nothing_prints_until_the_clerk_asks(
    qtbot: QtBot, store: Store, owner: Actor, card: CardRecord, clerk_context: AppContext,
    printer: ReceiptPrinter,
) -> None:
    ReceiptSettingsService(store, owner).save({"receipt_escpos_address": printer.address})
    dialog = TopUpDialog(clerk_context, card)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.amount_edit, "50")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert printer.jobs == []
    qtbot.mouseClick(dialog.receipt_buttons.print_button, Qt.MouseButton.LeftButton)
    printer.wait_for(qtbot, 1)
    assert b"50.00" in printer.jobs[0]


def test_the_ledger_reprints_the_receipt_of_a_selected_money_row(
    qtbot: QtBot, store: Store, owner: Actor, clerk: Actor, card: CardRecord,
    clerk_context: AppContext, printer: ReceiptPrinter,
) -> None:
    ReceiptSettingsService(store, owner).save({"receipt_escpos_address": printer.address})
    booked = CardService(store, clerk).top_up(card.id, 30000, "wechat")
    tab = LedgerTab(clerk_context)
    qtbot.addWidget(tab)
    tab.show()
    tab.load(CardService(store, clerk).get(card.id))
    qtbot.mouseClick(tab.reprint_button, Qt.MouseButton.LeftButton)
    assert tab.card_label.text() == "请先选中一行流水。"
    assert printer.jobs == []
    tab.table.selectRow(tab.table.rowCount() - 1)
    qtbot.mouseClick(tab.reprint_button, Qt.MouseButton.LeftButton)
    printer.wait_for(qtbot, 1)
    assert booked.transaction.encode() in printer.jobs[0]
    assert b"300.00" in printer.jobs[0]


def test_a_handover_slip_goes_to_the_receipt_printer_fitted_to_the_roll(
    qtbot: QtBot, store: Store, owner: Actor, clerk_context: AppContext,
    printer: ReceiptPrinter,
) -> None:
    ReceiptSettingsService(store, owner).save(
        {"receipt_escpos_address": printer.address, "receipt_paper_mm": 58})
    note = "备注：下午两点收到一张百元假钞，已交店长处理，金额未计入现金"
    print_slip(None, clerk_context, "交班小票", ["交班小票", "现金  1,234.00", note])
    printer.wait_for(qtbot, 1)
    job = printer.jobs[0]
    assert "交班小票".encode("gb18030") in job and b"1,234.00" in job
    printed = [line for line in job.split(b"\n") if line.strip()]
    assert "已交店长处理".encode("gb18030") in job
    assert not any(line.decode("gb18030", "replace").startswith(note) for line in printed), (
        "a line wider than 32 columns is wrapped")
