"""The likely-duplicates screen: pairs side by side with the reasons, "not the same person"
takes a pair off for good (until undone), a profile opens on a double click, and a change
made elsewhere takes the pairs it touches off the list."""

from __future__ import annotations

import importlib.util
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import DuplicateDismissal
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.quality.duplicates_menu import install
from crm_desktop.ui.quality.duplicates_view import (
    HIGH,
    LOW,
    MERGE_DIALOG_MODULE,
    REASONS,
    SCORE,
    DuplicatesView,
)
from tests.ui.conftest import WindowFactory


def _two_pairs(store: Store, owner: Actor) -> tuple[int, int, int, int]:
    """李梅 twice (phones one digit apart) and 陈静 twice (same birthday), plus 王伟 twice
    (different phones and birthdays: two people)."""
    customers = CustomerService(store, owner)
    ids = [
        customers.create(CustomerInput(name=name, phone=phone, birthday=born)).id
        for name, phone, born in (
            ("李梅", "13812345678", "1992-02-02"),
            ("李梅", "13812345679", None),
            ("陈静", "13600001111", "1990-05-06"),
            ("陈静", "15900002222", "1990-05-06"),
            ("王伟", "13711112222", "1980-01-01"),
            ("王伟", "13733334444", "1985-02-02"),
        )
    ]
    return ids[0], ids[1], ids[2], ids[3]


def _open(window: MainWindow) -> DuplicatesView:
    view = install(window, window.context).open_duplicates()
    assert window.workspace.currentWidget() is view
    return view


def _dismissals(store: Store) -> set[tuple[int, int]]:
    with store.read() as session:
        return {(int(a), int(b)) for a, b in session.execute(
            select(DuplicateDismissal.low_id, DuplicateDismissal.high_id))}


def test_pairs_are_listed_side_by_side_with_score_and_reasons(
    owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    li, li2, chen, chen2 = _two_pairs(store, owner)
    view = _open(owner_window)

    assert view.table.rowCount() == 2, "王伟 and 王伟 are two people: not listed"
    assert "2" in view.summary_label.text()
    assert view.table.item(0, SCORE).text() == "55"
    low, high = view.table.item(0, LOW).text(), view.table.item(0, HIGH).text()
    assert low.startswith(f"#{li} 李梅") and "138****5678" in low and "1992-02-02" in low
    assert high.startswith(f"#{li2} 李梅") and "138****5679" in high
    assert "13812345678" not in low, "numbers masked as everywhere on screen"
    reasons = view.table.item(0, REASONS).text()
    assert "+ 电话号码只差一位数字（第 11 位）" in reasons and "+ 姓名相同" in reasons
    assert view.table.item(1, LOW).text().startswith(f"#{chen} 陈静")
    assert "生日相同（1990-05-06）" in view.table.item(1, REASONS).text()
    assert view.dismiss_button.isEnabled() and view.merge_button.isEnabled()
    assert not view.undo_button.isEnabled()


def test_not_the_same_person_takes_the_pair_off_for_good_until_undone(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    li, li2, chen, chen2 = _two_pairs(store, owner)
    view = _open(owner_window)
    view.table.selectRow(0)
    qtbot.mouseClick(view.dismiss_button, Qt.MouseButton.LeftButton)

    assert view.table.rowCount() == 1
    assert view.table.item(0, LOW).text().startswith(f"#{chen} 陈静")
    assert f"#{li}" in view.status_label.text() and f"#{li2}" in view.status_label.text()
    assert _dismissals(store) == {(li, li2)}

    view.refresh()  # searched again: the dismissed pair stays away
    assert view.table.rowCount() == 1
    assert view.table.item(0, HIGH).text().startswith(f"#{chen2} 陈静")

    view.table.selectRow(0)
    qtbot.mouseClick(view.dismiss_button, Qt.MouseButton.LeftButton)
    assert view.table.rowCount() == 0
    assert view.undo_button.isEnabled()
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert view.table.rowCount() == 1
    assert view.table.item(0, LOW).text().startswith(f"#{chen} 陈静")
    assert _dismissals(store) == {(li, li2)}
    assert not view.undo_button.isEnabled()


def test_a_double_click_opens_that_customer(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    _li, li2, _chen, _chen2 = _two_pairs(store, owner)
    view = _open(owner_window)
    with qtbot.waitSignal(owner_window.open_customer_requested) as opened:
        view.table.itemDoubleClicked.emit(view.table.item(0, HIGH))
    assert opened.args == [li2]


def test_a_change_made_elsewhere_takes_its_pairs_off(
    owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    _li, li2, chen, _chen2 = _two_pairs(store, owner)
    view = _open(owner_window)
    customers = CustomerService(store, owner)
    record = customers.get(li2)
    customers.update(li2, replace(CustomerInput.from_record(record), name="李美"), record.version)

    assert view.table.rowCount() == 1
    assert view.table.item(0, LOW).text().startswith(f"#{chen} 陈静")
    assert "重新" in view.status_label.text() or "again" in view.status_label.text()


def test_merge_opens_the_merge_dialog_or_says_it_is_missing(
    owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    _two_pairs(store, owner)
    view = _open(owner_window)
    view.table.selectRow(0)
    view.merge_button.click()
    if importlib.util.find_spec(MERGE_DIALOG_MODULE) is None:
        assert view.status_label.text()
    else:
        assert any(d.isVisible() for d in view.findChildren(QDialog))
        for dialog in view.findChildren(QDialog):
            dialog.close()


def test_only_the_owner_gets_the_screen(
    make_window: WindowFactory, clerk_account: Actor, shop: object
) -> None:
    window = make_window(clerk_account)
    menu = install(window, window.context)
    assert not menu.action.isVisible()
