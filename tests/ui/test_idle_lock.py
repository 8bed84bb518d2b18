"""Locking (idle, Ctrl+L) takes every customer's details away; only the password brings them back."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.change_bus import ChangeBus
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner, TaskRunner
from crm_desktop.ui.cards.money_dialogs import TopUpDialog
from crm_desktop.ui.idle_lock import IdleLock
from crm_desktop.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.ui.conftest import ShopData, WindowFactory

PERSONAL = ("张三", "李四", "王五", "13800138000", "138****8000")


def _covers(widget: QWidget) -> list[QWidget]:
    return [c for c in widget.findChildren(QWidget, "lock_cover") if c.isVisible()]


def _unlock(qtbot: QtBot, window: MainWindow, password: str) -> None:
    screen = window.idle_lock.lock_screen
    qtbot.keyClicks(screen.password_edit, password)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)


def widget_texts(root: QWidget) -> str:
    """Every text the window's widgets hold, shown or not: labels, fields, list and table cells."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, (QLabel, QLineEdit)):
            texts.append(widget.text())
        elif isinstance(widget, QListWidget):
            texts.extend(widget.item(i).text() for i in range(widget.count()))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    texts.append(str(model.data(model.index(row, column)) or ""))
    return "\n".join(texts)


def test_locking_empties_the_list_closes_the_profile_and_forgets_the_key(
    qtbot: QtBot, owner_window: MainWindow, store: Store, shop: ShopData
) -> None:
    window = owner_window
    panel = window.search_panel
    qtbot.keyClicks(panel.search_edit, "zs")
    panel.search_now()
    assert panel.model.rowCount() == 1
    window.open_customer(shop.zhang_id)
    assert window.customer_panel is not None
    assert "张三" in widget_texts(window)

    window.idle_lock.lock_now()

    lock, screen = window.idle_lock, window.idle_lock.lock_screen
    assert lock.is_locked and screen.isVisible()
    assert store.is_suspended, "the database key is gone while locked"
    assert panel.search_edit.text() == "" and panel.model.rowCount() == 0
    assert window.customer_panel is None
    assert window.workspace.currentWidget() is window.today_panel
    shown = widget_texts(window)
    assert not [word for word in PERSONAL if word in shown], "no personal data stays in widgets"
    assert len(_covers(window)) == 1
    qtbot.keyClicks(panel.search_edit, "999")
    assert panel.search_edit.text() == "", "input meant for covered windows is swallowed"

    _unlock(qtbot, window, "wrong-password")
    assert lock.is_locked and store.is_suspended
    assert screen.error_label.text() == "用户名或密码不正确。"
    assert screen.password_edit.text() == ""

    _unlock(qtbot, window, OWNER_PASSWORD)
    assert not lock.is_locked and not screen.isVisible() and not store.is_suspended
    assert len(_covers(window)) == 0
    assert panel.model.rowCount() == 3, "the list loads again from the file"
    assert window.workspace.currentWidget() is window.today_panel
    qtbot.waitUntil(lambda: panel.search_edit.hasFocus())


def test_an_open_dialog_is_closed_without_saving(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, shop: ShopData
) -> None:
    window = owner_window
    card = CardService(store, owner).get(shop.zhang_card_id)
    dialog = TopUpDialog(window.context, card)
    accepted: list[bool] = []
    results: list[int] = []
    dialog.finished.connect(results.append)
    window.open_dialog(dialog, on_accepted=lambda: accepted.append(True))
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.amount_edit, "200")

    window.idle_lock.lock_now()

    assert not dialog.isVisible()
    assert results == [QDialog.DialogCode.Rejected.value] and accepted == []
    _unlock(qtbot, window, OWNER_PASSWORD)
    assert CardService(store, owner).get(shop.zhang_card_id).principal_fen == 0, "nothing booked"
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_a_message_opened_while_locked_is_closed_and_the_lock_keeps_the_keyboard(
    qtbot: QtBot, owner_window: MainWindow, store: Store
) -> None:
    window = owner_window
    window.idle_lock.lock_now()

    # A late error (a task's failure) opens a modal message box; it must not stay over the lock.
    window.show_error("张三 13800138000")
    window.search_panel.search_now()  # a late refresh reads a locked store

    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    assert window.search_panel.model.rowCount() == 0
    assert window.idle_lock.is_locked and store.is_suspended
    _unlock(qtbot, window, OWNER_PASSWORD)
    assert not window.idle_lock.is_locked


def test_locks_by_itself_after_the_idle_time_and_input_postpones_it(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor, store: Store
) -> None:
    window = make_window(owner)
    lock = window.idle_lock
    lock.set_idle_seconds(0.6)
    for _ in range(4):  # 0.8 s of typing, never 0.6 s idle
        qtbot.wait(200)
        qtbot.keyClick(window.search_panel.search_edit, Qt.Key.Key_A)
        assert not lock.is_locked
    with qtbot.waitSignal(lock.locked, timeout=3000):
        pass
    assert lock.lock_screen.isVisible() and lock.lock_reason == "idle"
    assert store.is_suspended


def test_escape_and_shortcuts_do_not_get_past_the_lock(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor
) -> None:
    window = make_window(owner)
    window.idle_lock.lock_now()
    screen = window.idle_lock.lock_screen
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Escape)
    assert window.idle_lock.is_locked
    window.close()
    assert window.isVisible(), "the window cannot be closed from under the lock"
    _unlock(qtbot, window, OWNER_PASSWORD)
    assert not window.idle_lock.is_locked


def test_keys_left_with_the_main_window_go_to_the_password_field(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor
) -> None:
    # Without a window manager, or when the system will not move the focus, the keyboard
    # stays with the main window: the password must still land in the lock screen.
    window = make_window(owner)
    window.idle_lock.lock_now()
    search = window.search_panel.search_edit
    qtbot.keyClicks(search, OWNER_PASSWORD)
    assert search.text() == "" and not window.search_panel.model.rowCount()
    assert window.idle_lock.lock_screen.password_edit.text() == OWNER_PASSWORD
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert not window.idle_lock.is_locked
    assert window.idle_lock.lock_screen.password_edit.text() == ""


def test_idle_minutes_come_from_the_owner_setting(
    qtbot: QtBot, store: Store, owner: Actor, chinese_ui: None
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    CatalogService(store, owner).update_settings({"idle_lock_minutes": 7})
    lock = IdleLock(host, store, owner, ChangeBus(store), runner=SynchronousTaskRunner())
    try:
        assert lock.idle_seconds == 7 * 60, "the owner's minutes are read when the lock starts"
        CatalogService(store, owner).update_settings({"idle_lock_minutes": 3})
        assert lock.idle_seconds == 3 * 60, "the owner's new setting applies at once"
    finally:
        lock.stop()


def test_repeated_wrong_passwords_at_the_lock_screen_make_the_next_try_wait(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor, store: Store
) -> None:
    window = make_window(owner)
    window.idle_lock.lock_now()
    screen = window.idle_lock.lock_screen
    for _ in range(3):
        _unlock(qtbot, window, "wrong-password")
    _unlock(qtbot, window, OWNER_PASSWORD)
    assert window.idle_lock.is_locked, "even the right password waits its turn"
    assert store.is_suspended
    assert "秒后再试" in screen.error_label.text()


def test_an_answer_arriving_after_the_lock_reaches_no_view(
    qtbot: QtBot, store: Store, owner: Actor, chinese_ui: None
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    runner = TaskRunner()
    lock = IdleLock(host, store, owner, idle_seconds=0, runner=runner)
    release = threading.Event()
    answers: list[object] = []

    def slow_read() -> str:
        release.wait(5)
        return str(store.setting("shop_name"))

    try:
        runner.submit(slow_read, on_done=answers.append, on_error=answers.append)
        lock.lock_now()
        release.set()
        qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
        qtbot.wait(50)
        assert answers == [], "neither the shop name nor an error reaches the locked window"
        assert store.is_suspended
    finally:
        release.set()
        lock.stop()
        runner.shutdown()
