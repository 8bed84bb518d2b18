"""The app locks when the computer's session locks or sleeps, and Quit from the lock is clean."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from crm_desktop.models.store.store import Store
from crm_desktop.ui import backup_menu
from crm_desktop.ui.base.session_events import (
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    SessionEvents,
    WakeGapDetector,
    windows_lock_reason,
)
from crm_desktop.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.ui.conftest import ShopData


class FakeClocks:
    """A wall clock and a steady clock the test moves by hand."""

    def __init__(self) -> None:
        self.wall = 1_000_000.0
        self.steady = 500.0

    def tick(self, wall: float, steady: float) -> None:
        self.wall += wall
        self.steady += steady


@pytest.fixture
def events(qapp: QApplication) -> Iterator[SessionEvents]:
    made = SessionEvents(use_system_events=False)
    yield made
    made.stop()


def _reasons(events: SessionEvents) -> list[str]:
    reasons: list[str] = []
    events.lock_requested.connect(reasons.append)
    return reasons


def test_sleep_session_lock_and_screen_saver_ask_for_a_lock(events: SessionEvents) -> None:
    reasons = _reasons(events)
    events.on_prepare_for_sleep(False)  # waking up is no reason
    events.on_screen_saver_active(False)
    events.on_application_state(Qt.ApplicationState.ApplicationInactive)
    assert reasons == []

    events.on_prepare_for_sleep(True)
    events.on_session_lock()
    events.on_screen_saver_active(True)
    events.on_application_state(Qt.ApplicationState.ApplicationSuspended)
    assert reasons == ["sleep", "session_locked", "screen_saver", "app_suspended"]

    events.stop()
    events.on_session_lock()
    assert len(reasons) == 4, "nothing after the session ended"


def test_windows_lock_and_suspend_messages_are_recognised() -> None:
    assert windows_lock_reason(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK) == "session_locked"
    assert windows_lock_reason(WM_POWERBROADCAST, PBT_APMSUSPEND) == "sleep"
    assert windows_lock_reason(WM_WTSSESSION_CHANGE, 0x8) is None  # unlock
    assert windows_lock_reason(WM_POWERBROADCAST, 0x12) is None  # resume
    assert windows_lock_reason(0x0010, 0) is None


def test_a_long_gap_between_ticks_means_the_machine_slept(qapp: QApplication) -> None:
    clocks = FakeClocks()
    detector = WakeGapDetector(wall_clock=lambda: clocks.wall, steady_clock=lambda: clocks.steady)
    gaps: list[float] = []
    detector.gap_found.connect(gaps.append)

    clocks.tick(5, 5)
    assert not detector.check()
    clocks.tick(40, 40)  # a busy machine, late ticks: not a sleep
    assert not detector.check()
    clocks.tick(-3600, 5)  # the clock set back an hour
    assert not detector.check()
    clocks.tick(3600, 5)  # Linux: the steady clock stops while suspended
    assert detector.check()
    clocks.tick(1800, 1800)  # Windows: both clocks ran on
    assert detector.check()
    assert gaps == [3600, 1800]


def test_a_sleep_signal_locks_the_window_and_drops_the_key(
    qtbot: QtBot, owner_window: MainWindow, store: Store, shop: ShopData
) -> None:
    window = owner_window
    window.open_customer(shop.zhang_id)
    events = window.idle_lock.session_events
    assert events is not None, "the main window follows the system's lock and sleep signals"

    events.on_prepare_for_sleep(True)

    assert window.idle_lock.is_locked and window.idle_lock.lock_reason == "sleep"
    assert store.is_suspended and window.customer_panel is None
    qtbot.keyClicks(window.idle_lock.lock_screen.password_edit, OWNER_PASSWORD)
    qtbot.keyClick(window.idle_lock.lock_screen.password_edit, Qt.Key.Key_Return)
    assert not window.idle_lock.is_locked and store.setting("shop_name") == "测试小店"


def test_waking_after_a_sleep_nobody_reported_locks_too(
    owner_window: MainWindow, store: Store
) -> None:
    events = owner_window.idle_lock.session_events
    assert events is not None
    detector = events.gap_detector
    clocks = FakeClocks()
    detector.wall_clock, detector.steady_clock = (lambda: clocks.wall), (lambda: clocks.steady)
    detector.reset()

    clocks.tick(5, 5)
    detector.check()
    assert not owner_window.idle_lock.is_locked
    clocks.tick(8 * 3600, 5)
    detector.check()

    assert owner_window.idle_lock.is_locked and owner_window.idle_lock.lock_reason == "clock_gap"
    assert store.is_suspended


def test_quit_from_the_lock_closes_the_window_without_the_close_backup(
    qtbot: QtBot, owner_window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(backup_menu.BackupMenu, "show_close_error", lambda _self, text: shown.append(text))
    window = owner_window
    window.idle_lock.lock_now()

    window.idle_lock.lock_screen.quit_button.click()

    qtbot.waitUntil(lambda: not window.isVisible())
    assert not window.idle_lock.lock_screen.isVisible()
    assert shown == [], "no backup is tried (the key is gone), so no error is shown"
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    assert store.is_suspended


@pytest.fixture
def private_bus() -> Iterator[str]:
    """A throw-away D-Bus daemon (skipped where none is installed, as on Windows)."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    out = subprocess.run(
        [daemon, "--session", "--print-address=1", "--print-pid=1", "--fork"],
        capture_output=True, text=True, timeout=10, check=True,
    ).stdout.split()
    address, pid = out[0], int(out[1])
    try:
        yield address
    finally:
        os.kill(pid, signal.SIGTERM)


def test_real_dbus_signals_reach_the_lock(
    qtbot: QtBot, events: SessionEvents, private_bus: str
) -> None:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    listening = QDBusConnection.connectToBus(private_bus, "crm-listen")
    sending = QDBusConnection.connectToBus(private_bus, "crm-send")
    try:
        assert sending.registerService("org.freedesktop.login1")
        assert sending.registerService("org.gnome.ScreenSaver")
        events.connect_buses(listening, listening)
        assert "login1.PrepareForSleep" in events.connected
        reasons = _reasons(events)

        for path, interface, name in (
            ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged"),
            ("/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep"),
        ):
            message = QDBusMessage.createSignal(path, interface, name)
            message.setArguments([True])
            assert sending.send(message)
        qtbot.waitUntil(lambda: len(reasons) == 2, timeout=3000)
        assert sorted(reasons) == ["screen_saver", "sleep"]
    finally:
        QDBusConnection.disconnectFromBus("crm-listen")
        QDBusConnection.disconnectFromBus("crm-send")


def test_a_lock_while_locks_are_held_waits_for_the_release(
    owner_window: MainWindow, store: Store
) -> None:
    lock = owner_window.idle_lock
    lock.hold_locks(True)
    events = lock.session_events
    assert events is not None
    events.on_session_lock()
    assert not lock.is_locked and not store.is_suspended, "a restore in progress is not cut off"

    lock.hold_locks(False)

    assert lock.is_locked and lock.lock_reason == "session_locked" and store.is_suspended
