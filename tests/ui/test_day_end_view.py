"""The owner's day-end close on a real file: the day's shifts and money on screen, closing
the day, reopening it only with a reason; a clerk has no Day-end entry."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.day_close import DayCloseService
from crm_desktop.models.services.shifts import ShiftService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.counter import shift_menu
from crm_desktop.ui.counter.day_end_view import DayEndView
from tests.ui.conftest import ShopData, WindowFactory


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


@pytest.fixture
def context(owner_context: AppContext) -> AppContext:
    return owner_context


@pytest.fixture
def closed_shift(store: Store, clerk: Actor, shop: ShopData) -> None:
    """clerk1's shift: ¥200 float, a ¥100 cash top-up, ¥290 counted (¥10 short)."""
    shifts = ShiftService(store, clerk)
    shifts.open(20000)
    CardService(store, clerk).top_up(shop.zhang_card_id, 10000, "cash")
    shifts.close(29000, "少了十元")


def test_owner_closes_and_reopens_the_day(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, closed_shift: None
) -> None:
    view = DayEndView(context)
    qtbot.addWidget(view)
    view.show()
    assert view.shift_table.rowCount() == 1
    row = [_text(view.shift_table, 0, c) for c in range(view.shift_table.columnCount())]
    assert row[0] == "clerk1" and "¥290.00" in row and "-¥10.00" in row and "少了十元" in row
    assert _text(view.clerk_table, 0, 0) == "clerk1"
    assert "-¥10.00" in view.difference_label.text()
    assert view.close_button.isEnabled() and not view.reopen_button.isEnabled()

    view.close_button.click()
    days = DayCloseService(store, owner)
    assert days.figures(view.day).status == "closed"
    assert "boss" in view.status_label.text()
    assert view.reopen_button.isEnabled() and not view.close_button.isEnabled()

    dialog = view.reopen_day()
    dialog.ok_button.click()  # no reason: refused, the day stays closed
    assert dialog.error_label.isVisible()
    assert days.figures(view.day).status == "closed"
    dialog.reason_edit.setText("补录一笔漏记的充值")
    dialog.ok_button.click()
    figures = days.figures(view.day)
    assert figures.status == "reopened" and figures.reopen_reason == "补录一笔漏记的充值"
    assert "补录一笔漏记的充值" in view.status_label.text()
    assert view.close_button.isEnabled()


def test_only_the_owner_has_day_end(
    make_window: WindowFactory, owner: Actor, clerk: Actor
) -> None:
    for actor, sees_day_end in ((owner, True), (clerk, False)):
        window = make_window(actor)
        shift_menu.install(window, window.context)
        day_end = window.findChild(QAction, "action_day_end")
        close_shift = window.findChild(QAction, "action_close_shift")
        assert day_end is not None and day_end.isVisible() is sees_day_end
        assert close_shift is not None and close_shift.isVisible()


def test_export_for_the_accountant(
    qtbot: QtBot, context: AppContext, closed_shift: None, tmp_path: Path
) -> None:
    view = DayEndView(context)
    qtbot.addWidget(view)
    view.show()
    target = tmp_path / "日结.xlsx"
    view.export(target)
    assert target.exists()
    assert str(target) in view.message_label.text()
    book = openpyxl.load_workbook(target, read_only=True)
    assert len(book.sheetnames) >= 2
    book.close()


def test_the_owner_closes_a_shift_a_clerk_left_open_and_then_the_day(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, clerk: Actor, shop: ShopData
) -> None:
    ShiftService(store, clerk).open(10000)
    CardService(store, clerk).top_up(shop.zhang_card_id, 5000, "cash")
    view = DayEndView(context)
    qtbot.addWidget(view)
    view.show()
    view.close_button.click()  # refused: clerk1's shift is still open
    assert "clerk1" in view.message_label.text()
    assert DayCloseService(store, owner).figures(view.day).status == "open"
    assert not view.close_shift_button.isEnabled()
    view.shift_table.selectRow(0)
    assert view.close_shift_button.isEnabled()
    dialog = view.close_left_shift()
    assert dialog is not None
    dialog.counted_edit.setText("150")  # float ¥100 + ¥50 in cash: nothing missing
    dialog.ok_button.click()
    assert ShiftService(store, clerk).current() is None
    dialog.reject()  # the owner closes the dialog after seeing what was stored
    qtbot.waitUntil(lambda: _text(view.shift_table, 0, 5) == "¥150.00")
    view.close_button.click()
    assert DayCloseService(store, owner).figures(view.day).status == "closed"
