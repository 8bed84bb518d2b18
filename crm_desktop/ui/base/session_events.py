"""Tell the app to lock when the computer's session locks or the machine goes to sleep.

``SessionEvents.lock_requested(reason)`` is emitted for whichever of these the
platform reports:

- Linux, over D-Bus: the login1 session's ``Lock`` and ``PrepareForSleep(true)``
  on the system bus; the screen saver's ``ActiveChanged(true)``
  (``org.freedesktop.ScreenSaver`` or ``org.gnome.ScreenSaver``) on the session
  bus. A bus that is not there (a container, a test run) is skipped quietly.
- Windows: ``WM_WTSSESSION_CHANGE``/``WTS_SESSION_LOCK`` (after registering the
  window for session notifications) and ``WM_POWERBROADCAST``/``PBT_APMSUSPEND``.
- Everywhere: a timer that ticks every few seconds; when far more time passed
  between two ticks than it should have, the machine slept (or the program was
  frozen) and the app locks. The clocks are injectable for tests.
- Qt's own ``applicationStateChanged`` to ``ApplicationSuspended``.

The D-Bus slots and the Windows message check are public so tests can drive them
without a bus or a Windows machine.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QCoreApplication,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication

REASON_SESSION_LOCKED = "session_locked"
REASON_SLEEP = "sleep"
REASON_SCREEN_SAVER = "screen_saver"
REASON_CLOCK_GAP = "clock_gap"
REASON_APP_SUSPENDED = "app_suspended"

GAP_CHECK_INTERVAL_MS = 5000
# Far more than any timer lateness on a busy PC: only a sleep (or a frozen program) gets here.
GAP_TOLERANCE_S = 60.0

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
SCREEN_SAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
)

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
NOTIFY_FOR_THIS_SESSION = 0


def windows_lock_reason(message: int, wparam: int) -> str | None:
    """The lock reason a Windows message means, or None for every other message."""
    if message == WM_WTSSESSION_CHANGE and wparam == WTS_SESSION_LOCK:
        return REASON_SESSION_LOCKED
    if message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
        return REASON_SLEEP
    return None


class WakeGapDetector(QObject):
    """Ticks every ``interval_ms``; ``gap_found(seconds)`` when a tick came far too late."""

    gap_found = Signal(float)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        wall_clock: Callable[[], float] = time.time,
        steady_clock: Callable[[], float] = time.monotonic,
        interval_ms: int = GAP_CHECK_INTERVAL_MS,
        tolerance_s: float = GAP_TOLERANCE_S,
    ) -> None:
        super().__init__(parent)
        self.wall_clock = wall_clock
        self.steady_clock = steady_clock
        self.interval_s = interval_ms / 1000
        self.tolerance_s = tolerance_s
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self.reset()

    def start(self) -> None:
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        """Measure from now (after the app was unlocked, say)."""
        self._wall = self.wall_clock()
        self._steady = self.steady_clock()

    def check(self) -> bool:
        """Compare both clocks with the last check; True (and ``gap_found``) after a sleep.

        Both clocks count: on Linux the steady clock stops during a suspend while the
        wall clock runs on; on Windows both run on. A wall clock set back is no gap.
        """
        wall, steady = self.wall_clock(), self.steady_clock()
        passed = max(wall - self._wall, steady - self._steady)
        self._wall, self._steady = wall, steady
        if passed - self.interval_s > self.tolerance_s:
            self.gap_found.emit(passed)
            return True
        return False


class _WindowsSessionFilter(QAbstractNativeEventFilter):
    """Sees the session-lock and suspend messages Windows sends to the app's windows."""

    def __init__(self, events: SessionEvents) -> None:
        super().__init__()
        self.events = events

    def nativeEventFilter(self, eventType: Any, message: int) -> Any:  # noqa: N802, N803 - Qt's names
        if bytes(eventType) == b"windows_generic_MSG" and message:
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            reason = windows_lock_reason(int(msg.message), int(msg.wParam or 0))
            if reason is not None:
                self.events.request_lock(reason)
        return False, 0


class SessionEvents(QObject):
    """Emits ``lock_requested(reason)`` when the session locks or the machine suspends."""

    lock_requested = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        use_system_events: bool = True,
        gap_detector: WakeGapDetector | None = None,
    ) -> None:
        super().__init__(parent)
        self.connected: list[str] = []
        self._windows_filter: _WindowsSessionFilter | None = None
        self._windows_hwnd: int | None = None
        self._stopped = False
        self.gap_detector = gap_detector or WakeGapDetector(self)
        self.gap_detector.gap_found.connect(lambda _seconds: self.request_lock(REASON_CLOCK_GAP))
        self.gap_detector.start()
        app = QCoreApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.on_application_state)
        if use_system_events:
            if sys.platform.startswith("linux"):
                self._connect_dbus()
            elif sys.platform == "win32":  # pragma: no cover - exercised on Windows only
                self._install_windows_filter()

    # -- what every source ends in ----------------------------------------------------------------

    def request_lock(self, reason: str) -> None:
        if not self._stopped:
            self.lock_requested.emit(reason)

    def stop(self) -> None:
        """Stop listening (the session ends); calling it again does nothing."""
        if self._stopped:
            return
        self._stopped = True
        self.gap_detector.stop()
        if self._windows_filter is not None:  # pragma: no cover - Windows only
            app = QCoreApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(self._windows_filter)
            if self._windows_hwnd is not None:
                with contextlib.suppress(OSError, AttributeError):
                    ctypes.windll.wtsapi32.WTSUnRegisterSessionNotification(self._windows_hwnd)  # type: ignore[attr-defined]

    # -- slots the platform calls (public so tests can call them) --------------------------------

    @Slot()
    def on_session_lock(self) -> None:
        self.request_lock(REASON_SESSION_LOCKED)

    @Slot(bool)
    def on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.request_lock(REASON_SLEEP)

    @Slot(bool)
    def on_screen_saver_active(self, active: bool) -> None:
        if active:
            self.request_lock(REASON_SCREEN_SAVER)

    def on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.request_lock(REASON_APP_SUSPENDED)

    # -- Linux ----------------------------------------------------------------------------------

    def _connect_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        self.connect_buses(QDBusConnection.systemBus(), QDBusConnection.sessionBus())

    def connect_buses(self, system_bus: Any, session_bus: Any) -> None:
        """Listen on the given D-Bus connections; one that is not connected is skipped."""
        if system_bus is not None and system_bus.isConnected():
            if system_bus.connect(
                LOGIN1, LOGIN1_PATH, LOGIN1 + ".Manager", "PrepareForSleep",
                self, _slot("on_prepare_for_sleep(bool)"),
            ):
                self.connected.append("login1.PrepareForSleep")
            session_path = _own_login1_session(system_bus)
            if session_path and system_bus.connect(
                LOGIN1, session_path, LOGIN1 + ".Session", "Lock",
                self, _slot("on_session_lock()"),
            ):
                self.connected.append("login1.Session.Lock")
        if session_bus is not None and session_bus.isConnected():
            for service, path in SCREEN_SAVERS:
                if session_bus.connect(
                    service, path, service, "ActiveChanged",
                    self, _slot("on_screen_saver_active(bool)"),
                ):
                    self.connected.append(service + ".ActiveChanged")

    # -- Windows --------------------------------------------------------------------------------

    def _install_windows_filter(self) -> None:  # pragma: no cover - Windows only
        app = QCoreApplication.instance()
        if app is None:
            return
        self._windows_filter = _WindowsSessionFilter(self)
        app.installNativeEventFilter(self._windows_filter)

    def watch_window(self, window: Any) -> None:
        """Ask Windows to send session changes to ``window`` (elsewhere: nothing to do)."""
        if sys.platform != "win32" or self._windows_hwnd is not None:
            return
        hwnd = int(window.winId())  # pragma: no cover - Windows only
        with contextlib.suppress(OSError, AttributeError):  # pragma: no cover
            if ctypes.windll.wtsapi32.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION):
                self._windows_hwnd = hwnd


def _slot(signature: str) -> Any:
    # QtDBus takes the receiver's slot as Qt's SLOT() text ("1" + signature); PySide6
    # refuses a bare Python callable, and, despite its stub, bytes too.
    return SLOT(signature)


def _own_login1_session(system_bus: Any) -> str | None:
    """The object path of this program's login1 session, or None when there is none."""
    from PySide6.QtDBus import QDBus, QDBusMessage

    # "auto" names the caller's own session; Lock is only sent on that session's path.
    call = QDBusMessage.createMethodCall(LOGIN1, LOGIN1_PATH, LOGIN1 + ".Manager", "GetSession")
    call.setArguments(["auto"])
    reply = system_bus.call(call, QDBus.CallMode.Block, 1000)
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return None
    path = reply.arguments()[0]
    text = path.path() if hasattr(path, "path") else str(path)
    return text or None
