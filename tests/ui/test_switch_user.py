"""Switch user from the lock screen: the next clerk signs in without quitting, the window that
follows acts as the clerk, and nothing of the owner's session stays open."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from crm_desktop.app import SCREEN_MODULES, build_main_window
from crm_desktop.models.actor import Actor
from crm_desktop.models.services.shifts import ShiftService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.counter.shift_menu import ShiftMenu
from crm_desktop.ui.main_window import MainWindow
from tests.conftest import STAFF_PASSWORD

SCREENS = (*SCREEN_MODULES, "crm_desktop.ui.counter.shift_menu")


def _main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


@pytest.fixture
def owner_window(
    qtbot: QtBot, store: Store, owner: Actor, clerk: Actor, runner: SynchronousTaskRunner,
    chinese_ui: None,
) -> Iterator[MainWindow]:
    window = build_main_window(store, owner, runner, idle_seconds=0, screens=SCREENS)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
    yield window
    for other in _main_windows():
        other.idle_lock.stop()
        other.context.bus.detach()
        other.close()


def _switch(qtbot: QtBot, window: MainWindow, username: str, password: str) -> None:
    screen = window.idle_lock.lock_screen
    screen.switch_button.click()
    assert screen.username_edit.isVisible()
    qtbot.keyClicks(screen.username_edit, username)
    qtbot.keyClick(screen.username_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(screen.password_edit, password)
    qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)


def test_a_clerk_takes_over_from_the_lock_screen(
    qtbot: QtBot, owner_window: MainWindow, store: Store, clerk: Actor
) -> None:
    menu = owner_window.findChild(ShiftMenu)
    assert menu is not None
    day_end = owner_window.findChild(QAction, "action_day_end")
    assert day_end is not None and day_end.isVisible()
    left_open = menu.open_shift()
    assert left_open.isVisible()

    owner_window.idle_lock.lock_now()
    assert store.is_suspended and not left_open.isVisible()
    _switch(qtbot, owner_window, "clerk1", STAFF_PASSWORD)

    windows = _main_windows()
    assert len(windows) == 1 and windows[0] is not owner_window
    clerk_window = windows[0]
    qtbot.addWidget(clerk_window)
    assert not store.is_suspended
    assert clerk_window.context.actor == clerk
    assert "clerk1" in clerk_window.findChild(QLabel, "status_user").text()
    day_end = clerk_window.findChild(QAction, "action_day_end")
    assert day_end is not None and not day_end.isVisible()

    # The clerk's own shift, opened through the new window's menu, signed as the clerk.
    clerk_menu = clerk_window.findChild(ShiftMenu)
    assert clerk_menu is not None
    dialog = clerk_menu.open_shift()
    dialog.float_edit.setText("150")
    dialog.ok_button.click()
    shift = ShiftService(store, clerk).current()
    assert shift is not None and shift.username == "clerk1" and shift.float_fen == 15000
    assert "¥150.00" in clerk_window.statusBar().currentMessage()


def test_a_wrong_password_keeps_the_lock(
    qtbot: QtBot, owner_window: MainWindow, store: Store, clerk: Actor
) -> None:
    owner_window.idle_lock.lock_now()
    _switch(qtbot, owner_window, "clerk1", "not-the-password")
    assert owner_window.idle_lock.is_locked and store.is_suspended
    assert owner_window.idle_lock.lock_screen.error_label.text()
    assert _main_windows() == [owner_window]
