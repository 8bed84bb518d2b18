"""Lock the app after the owner's idle minutes; the same user's password unlocks it.

An application-wide event filter notes every key press, click and wheel turn.
Locking covers every open window (nothing is closed or destroyed, so half-filled
forms keep their input), shows the ``LockScreen`` and swallows input meant for
anything else, shortcuts included. Unlocking removes the covers and gives the
keyboard focus back to the widget that had it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from crm_desktop.models.db import Actor, Change, Store
from crm_desktop.ui.change_bus import ChangeBus
from crm_desktop.ui.lock_screen import LockScreen

DEFAULT_IDLE_MINUTES = 10
CHECK_INTERVAL_MS = 5000

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
    }
)
_ACTIVITY_EVENTS = _INPUT_EVENTS | {QEvent.Type.MouseMove}


class _Cover(QWidget):
    """A plain opaque sheet over one window's content while locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()


class IdleLock(QObject):
    """Watches input for ``window``'s session and locks after ``idle_seconds`` without any."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QWidget,
        store: Store,
        actor: Actor,
        bus: ChangeBus | None = None,
        idle_seconds: float | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.actor = actor
        self._last_input = time.monotonic()
        self._stopped = False
        self._covers: list[_Cover] = []
        self._focus: QWidget | None = None
        self._active: QWidget | None = None
        self.lock_screen = LockScreen(store, actor)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.quit_requested.connect(self._quit)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check_idle)
        self.set_idle_seconds(idle_seconds if idle_seconds is not None else self._setting_seconds())
        if bus is not None:
            bus.changed.connect(self._on_change)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    # -- public ---------------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.lock_screen.isVisible()

    def set_idle_seconds(self, seconds: float) -> None:
        """Lock after ``seconds`` without input; 0 or less never locks."""
        self.idle_seconds = seconds
        self._last_input = time.monotonic()
        # Check often enough to lock on time, never more than every few seconds for minutes.
        interval = CHECK_INTERVAL_MS if seconds <= 0 else int(seconds * 250)
        self._timer.setInterval(max(50, min(CHECK_INTERVAL_MS, interval)))

    def lock_now(self) -> None:
        if self.is_locked:
            return
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        popup = app.activePopupWidget()
        while popup is not None:
            popup.close()
            popup = app.activePopupWidget()
        self._focus = app.focusWidget()
        # The focused widget's window is the one to return to (activeWindow may name its parent).
        self._active = self._focus.window() if self._focus is not None else app.activeWindow()
        self._covers = [
            _Cover(top)
            for top in app.topLevelWidgets()
            if top.isVisible() and top is not self.lock_screen and not _is_transient(top)
        ]
        self.lock_screen.setGeometry(self.window.geometry())
        self.lock_screen.show()
        self.lock_screen.raise_()
        self.lock_screen.activateWindow()
        self.lock_screen.reset()
        self.locked.emit()

    def unlock(self) -> None:
        """Called once the password was right: uncover and return to where the user was."""
        self.lock_screen.hide()
        for cover in self._covers:
            if isValid(cover):
                cover.hide()
                cover.deleteLater()
        self._covers = []
        self._last_input = time.monotonic()
        self._restore_focus()
        # Hiding the lock window lets the system activate some other window afterwards.
        QTimer.singleShot(0, self._restore_focus)
        self.unlocked.emit()

    def _restore_focus(self) -> None:
        # A window closed meanwhile (by a finished job) is gone; skip what no longer exists.
        if self.is_locked:
            return
        if self._active is not None and isValid(self._active):
            self._active.raise_()
            self._active.activateWindow()
        if self._focus is not None and isValid(self._focus):
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop(self) -> None:
        """Stop watching (the session ends); calling it again does nothing."""
        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.lock_screen.allow_close()
        self.lock_screen.close()
        self.lock_screen.deleteLater()

    # -- watching -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY_EVENTS and not self.is_locked:
            self._last_input = time.monotonic()
            return False
        if not self.is_locked:
            return False
        if kind == QEvent.Type.Resize:
            self._fit_covers()
            return False
        return kind in _INPUT_EVENTS and not self._inside_lock_screen(watched)

    def _inside_lock_screen(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and (
            watched is self.lock_screen or self.lock_screen.isAncestorOf(watched)
        )

    def _fit_covers(self) -> None:
        for cover in self._covers:
            parent = cover.parentWidget() if isValid(cover) else None
            if parent is not None:
                cover.setGeometry(parent.rect())

    def _check_idle(self) -> None:
        if self.is_locked or self.idle_seconds <= 0:
            return
        if time.monotonic() - self._last_input >= self.idle_seconds:
            self.lock_now()

    def _on_change(self, change: Change) -> None:
        if change.entity == "setting":
            self.set_idle_seconds(self._setting_seconds())

    def _setting_seconds(self) -> float:
        minutes = self.store.setting("idle_lock_minutes", DEFAULT_IDLE_MINUTES)
        try:
            return float(minutes) * 60
        except (TypeError, ValueError):
            return DEFAULT_IDLE_MINUTES * 60.0

    def _quit(self) -> None:
        self.lock_screen.allow_close()
        app = QApplication.instance()
        if app is not None:
            app.quit()


def _is_transient(widget: QWidget) -> bool:
    return widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
