"""A clerk's shift through the real dialogs on a real file: open with a float, take money,
close with a counted amount; the difference shows as it is typed and is stored; the
handover slip carries the figures; the Today box shows the shift's takings."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.shifts import ShiftService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.counter.shift_box import ShiftBox
from crm_desktop.ui.counter.shift_dialogs import CloseShiftDialog, OpenShiftDialog
from tests.ui.conftest import ShopData


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


@pytest.fixture
def context(clerk_context: AppContext) -> AppContext:
    return clerk_context


def _open_shift(qtbot: QtBot, context: AppContext, float_text: str) -> OpenShiftDialog:
    dialog = OpenShiftDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.float_edit.setText(float_text)
    dialog.ok_button.click()
    return dialog


def test_open_take_money_and_close_with_a_shortfall(
    qtbot: QtBot, context: AppContext, store: Store, clerk: Actor, shop: ShopData
) -> None:
    opened = _open_shift(qtbot, context, "200")
    assert not opened.isVisible()
    shifts = ShiftService(store, clerk)
    current = shifts.current()
    assert current is not None and current.float_fen == 20000

    CardService(store, clerk).top_up(shop.zhang_card_id, 10000, "cash")
    CardService(store, clerk).top_up(shop.zhang_card_id, 5000, "wechat")

    dialog = CloseShiftDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.expected_label.text() == "¥300.00"
    table = dialog.method_table
    methods = {_text(table, r, 0): _text(table, r, 1) for r in range(table.rowCount())}
    assert {k: v for k, v in methods.items() if v != "¥0.00"} == {
        "现金": "¥100.00", "微信支付": "¥50.00"
    }
    assert dialog.kind_table.rowCount() >= 2

    dialog.counted_edit.setText("295")
    assert "-¥5.00" in dialog.difference_label.text()
    dialog.counted_edit.setText("300")
    assert "¥0.00" in dialog.difference_label.text()
    dialog.counted_edit.setText("295")

    assert not dialog.print_button.isVisible()  # no slip before the shift is closed
    dialog.ok_button.click()  # a shortfall needs a note: refused, nothing closed
    assert dialog.error_label.isVisible()
    assert shifts.current() is not None

    dialog.note_edit.setText("找零多给了五元")
    dialog.ok_button.click()
    assert shifts.current() is None
    stored = shifts.shifts_of_day(current.business_day)[0]
    assert (stored.counted_cash_fen, stored.difference_fen) == (29500, -500)
    assert stored.note == "找零多给了五元"
    assert "-¥5.00" in dialog.difference_label.text()
    assert dialog.isVisible() and not dialog.ok_button.isVisible()
    print_button = dialog.findChild(QPushButton, "print_slip")
    assert print_button is not None and print_button.isVisible()

    slip = "\n".join(dialog.slip())
    for expected in ("clerk1", "¥200.00", "¥300.00", "¥295.00", "-¥5.00", "¥100.00", "¥50.00",
                     "找零多给了五元"):
        assert expected in slip


def test_empty_count_is_refused(qtbot: QtBot, context: AppContext, store: Store,
                                clerk: Actor) -> None:
    _open_shift(qtbot, context, "0")
    dialog = CloseShiftDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ok_button.click()
    assert dialog.error_label.isVisible()
    assert ShiftService(store, clerk).current() is not None


def test_today_box_follows_the_shift(
    qtbot: QtBot, context: AppContext, store: Store, clerk: Actor, shop: ShopData
) -> None:
    box = ShiftBox(context)
    qtbot.addWidget(box)
    box.show()
    assert box.open_button.isVisible()
    dialog = box.open_shift()
    dialog.float_edit.setText("100")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not box.open_button.isVisible())
    CardService(store, clerk).top_up(shop.zhang_card_id, 8800, "cash")
    qtbot.waitUntil(lambda: "¥188.00" in box.summary_label.text())
    assert "¥88.00" in box.summary_label.text()
