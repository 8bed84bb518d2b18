"""Locking after idle time and unlocking with the same user's password, nothing lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.models.db import Actor, Store
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.ui.change_bus import ChangeBus
from crm_desktop.ui.idle_lock import IdleLock
from crm_desktop.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.ui.conftest import WindowFactory


def _covers(widget: QWidget) -> list[QWidget]:
    return [c for c in widget.findChildren(QWidget, "lock_cover") if c.isVisible()]


def _unlock(qtbot: QtBot, window: MainWindow, password: str) -> None:
    screen = window.idle_lock.lock_screen
    qtbot.keyClicks(screen.password_edit, password)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)


def test_lock_and_unlock_keeps_the_half_typed_search_and_filter(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor
) -> None:
    window = make_window(owner)
    panel = window.search_panel
    qtbot.keyClicks(panel.search_edit, "1380")
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("terminated"))

    window.idle_lock.lock_now()
    screen = window.idle_lock.lock_screen
    assert window.idle_lock.is_locked and screen.isVisible()
    assert len(_covers(window)) == 1, "the window's content is covered, not destroyed"
    qtbot.keyClicks(panel.search_edit, "999")
    assert panel.search_edit.text() == "1380", "input meant for covered windows is swallowed"

    _unlock(qtbot, window, "wrong-password")
    assert window.idle_lock.is_locked
    assert screen.error_label.text() == "用户名或密码不正确。"
    assert screen.password_edit.text() == ""

    _unlock(qtbot, window, OWNER_PASSWORD)
    assert not window.idle_lock.is_locked and not screen.isVisible()
    assert len(_covers(window)) == 0
    assert panel.search_edit.text() == "1380"
    assert panel.status_filter.currentData() == "terminated"
    qtbot.waitUntil(lambda: panel.search_edit.hasFocus())


def test_a_half_filled_dialog_survives_the_lock(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor
) -> None:
    window = make_window(owner)
    dialog = QDialog()
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    window.open_dialog(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    field.setFocus()
    qtbot.keyClicks(field, "half typed")

    window.idle_lock.lock_now()
    assert dialog.isVisible(), "a lock never closes a dialog"
    assert len(_covers(dialog)) == 1, "the dialog's content is covered too"
    _unlock(qtbot, window, OWNER_PASSWORD)

    assert dialog.isVisible() and field.text() == "half typed"
    qtbot.waitUntil(lambda: field.hasFocus())


def test_locks_by_itself_after_the_idle_time_and_input_postpones_it(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor
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
    assert lock.lock_screen.isVisible()


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


def test_idle_minutes_come_from_the_owner_setting(
    qtbot: QtBot, store: Store, owner: Actor, chinese_ui: None
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    lock = IdleLock(host, store, owner, ChangeBus(store))
    try:
        assert lock.idle_seconds == 10 * 60, "a new file locks after 10 idle minutes"
        CatalogService(store, owner).update_settings({"idle_lock_minutes": 3})
        assert lock.idle_seconds == 3 * 60, "the owner's new setting applies at once"
    finally:
        lock.stop()


def test_repeated_wrong_passwords_at_the_lock_screen_make_the_next_try_wait(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor
) -> None:
    window = make_window(owner)
    window.idle_lock.lock_now()
    screen = window.idle_lock.lock_screen
    for _ in range(3):
        _unlock(qtbot, window, "wrong-password")
    _unlock(qtbot, window, OWNER_PASSWORD)
    assert window.idle_lock.is_locked, "even the right password waits its turn"
    assert "秒后再试" in screen.error_label.text()
