"""Lock the app after the owner's idle minutes, or when the computer locks or sleeps.

An application-wide event filter notes every key press, click and wheel turn;
``follow(session_events)`` adds the system's own lock and sleep signals. Locking
takes every customer's details away, not just out of sight:

- every open dialog is closed without saving (what was half typed is lost, on
  purpose: it may be a name or a phone number), and any dialog a late answer
  opens while locked is closed the same way;
- the answers still on their way are dropped (the runner's open tasks are
  cancelled), the main window empties its search box, list and panels
  (``clear_views``);
- the store is suspended: its connections are closed and the database key is
  forgotten, so only the password brings the data back.

The ``LockScreen`` then covers the windows and takes all input, shortcuts
included. Unlocking resumes the store with the password and lands on the main
window with the search box focused (``restore_views`` reloads what it shows).
Another user signing in on the lock screen ("switch user") is announced by
``user_switched``; the window is then replaced by theirs (``end_for_switch``
lets it close, still locked, without a close backup and without quitting).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.change_bus import ChangeBus
from crm_desktop.ui.lock_screen import LockScreen

if TYPE_CHECKING:
    from crm_desktop.ui.base.session_events import SessionEvents
    from crm_desktop.ui.base.task_runner import TaskRunner

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
# Closing one dialog can reveal (or open) another; this many rounds is far beyond any stack.
_MAX_DIALOG_ROUNDS = 20


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
    """Locks ``window``'s session after ``idle_seconds`` without input, or when asked to."""

    locked = Signal()
    unlocked = Signal()
    user_switched = Signal(object)  # the Actor who signed in on the lock screen instead

    def __init__(
        self,
        window: QWidget,
        store: Store,
        actor: Actor,
        bus: ChangeBus | None = None,
        idle_seconds: float | None = None,
        *,
        runner: TaskRunner,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.actor = actor
        self.runner = runner
        self.lock_reason = ""
        self.session_events: SessionEvents | None = None
        self._last_input = time.monotonic()
        self._locked = False
        self._quitting = False
        self._stopped = False
        self._held = False
        self._deferred_reason: str | None = None
        self._covers: list[_Cover] = []
        self.lock_screen = LockScreen(store, actor, runner)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.quit_requested.connect(self.quit)
        self.lock_screen.user_switched.connect(self.user_switched)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check_idle)
        self.set_idle_seconds(
            idle_seconds if idle_seconds is not None else DEFAULT_IDLE_MINUTES * 60.0
        )
        if idle_seconds is None:
            self._read_setting()
        if bus is not None:
            bus.subscribe(self, (Entity.SETTING,), self._on_change)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    # -- public ---------------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        """True from ``lock_now`` until the right password (also while quitting from the lock)."""
        return self._locked

    @property
    def quitting(self) -> bool:
        """True once Quit was chosen on the lock screen: the window may close, locked."""
        return self._quitting

    def follow(self, session_events: SessionEvents) -> None:
        """Lock also when ``session_events`` says the computer locked or is going to sleep."""
        self.session_events = session_events
        session_events.lock_requested.connect(self.lock_now)
        session_events.watch_window(self.window)

    def set_idle_seconds(self, seconds: float) -> None:
        """Lock after ``seconds`` without input; 0 or less never locks."""
        self.idle_seconds = seconds
        self._last_input = time.monotonic()
        # Check often enough to lock on time, never more than every few seconds for minutes.
        interval = CHECK_INTERVAL_MS if seconds <= 0 else int(seconds * 250)
        self._timer.setInterval(max(50, min(CHECK_INTERVAL_MS, interval)))

    def hold_locks(self, held: bool) -> None:
        """While held (a restore replaces the file), a lock request waits; it runs on release."""
        self._held = held
        if not held and self._deferred_reason is not None:
            reason, self._deferred_reason = self._deferred_reason, None
            self.lock_now(reason)

    def lock_now(self, reason: str = "manual") -> None:
        """Close dialogs, drop pending answers, clear the views, forget the key, show the lock."""
        if self._locked or self._stopped:
            return
        if self._held:
            self._deferred_reason = reason
            return
        self._locked = True
        self.lock_reason = reason
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        popup = app.activePopupWidget()
        while popup is not None:
            popup.close()
            popup = app.activePopupWidget()
        self.runner.cancel_all()
        self._close_dialogs()
        clear_views = getattr(self.window, "clear_views", None)
        if callable(clear_views):
            clear_views()
        self.store.suspend()
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
        """Called once the password was right (the store is resumed): back to the main window."""
        self._locked = False
        self.lock_screen.hide()
        for cover in self._covers:
            if isValid(cover):
                cover.hide()
                cover.deleteLater()
        self._covers = []
        self._last_input = time.monotonic()
        if self.session_events is not None:
            self.session_events.gap_detector.reset()
        restore_views = getattr(self.window, "restore_views", None)
        if callable(restore_views):
            restore_views()
        self._return_to_window()
        # Hiding the lock window lets the system activate some other window afterwards.
        QTimer.singleShot(0, self._return_to_window)
        self.unlocked.emit()

    def quit(self) -> None:
        """Quit from the lock screen: the window closes still locked.

        The store is suspended (no key), so nothing that needs the file may run on
        the way out: the close backup sees ``is_locked`` and is skipped.
        """
        self._quitting = True
        self.lock_screen.allow_close()
        if isValid(self.window):
            self.window.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def end_for_switch(self) -> None:
        """Another user took over: this window may close, still locked, and the app goes on."""
        self._quitting = True
        self.lock_screen.allow_close()

    def stop(self) -> None:
        """Stop watching (the session ends); calling it again does nothing."""
        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        if self.session_events is not None:
            self.session_events.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.lock_screen.allow_close()
        self.lock_screen.close()
        self.lock_screen.deleteLater()

    # -- locking --------------------------------------------------------------------------------

    def _close_dialogs(self) -> None:
        # done() and not reject(): some dialogs refuse Esc (a running erasure, an unread
        # recovery key) or turn it into "accept"; a lock closes them all without saving.
        for _round in range(_MAX_DIALOG_ROUNDS):
            open_dialogs = [
                top for top in QApplication.topLevelWidgets()
                if isinstance(top, QDialog) and top.isVisible()
            ]
            if not open_dialogs:
                return
            for dialog in reversed(open_dialogs):
                if isValid(dialog) and dialog.isVisible():
                    dialog.done(QDialog.DialogCode.Rejected)

    def _close_late_dialog(self, dialog: QDialog) -> None:
        if self._locked and isValid(dialog) and dialog.isVisible():
            dialog.done(QDialog.DialogCode.Rejected)

    def _return_to_window(self) -> None:
        if self._locked or not isValid(self.window):
            return
        self.window.raise_()
        self.window.activateWindow()
        focus_search = getattr(self.window, "focus_search", None)
        if callable(focus_search):
            focus_search()

    # -- watching -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self._locked:
            if kind in _ACTIVITY_EVENTS:
                self._last_input = time.monotonic()
            return False
        # The lock screen is no QDialog, so it never matches here.
        if kind == QEvent.Type.Show and isinstance(watched, QDialog) and watched.isWindow():
            if not self._quitting:
                # A late answer opened a dialog (a message, an error) over the lock: close it
                # once its own event loop runs, so nothing shows and the lock keeps the keyboard.
                QTimer.singleShot(0, lambda dialog=watched: self._close_late_dialog(dialog))
            return False
        if kind == QEvent.Type.Resize:
            self._fit_covers()
            return False
        if kind not in _INPUT_EVENTS or self._inside_lock_screen(watched):
            return False
        if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(event, QKeyEvent):
            self._type_into_lock_screen(watched, event)
        return True

    def _type_into_lock_screen(self, watched: QObject, event: QKeyEvent) -> None:
        # The system may leave the keyboard with the main window (no window manager, or
        # Windows refusing to move focus after its own lock): the keys still belong in the
        # password field. Only the copy sent to the field goes through; the original is eaten,
        # and accepted so Qt does not offer it to the parents as well.
        event.accept()
        edit = self.lock_screen.password_edit
        copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text(),
                         event.isAutoRepeat(), event.count())
        QApplication.sendEvent(edit, copy)

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
        if self._locked or self.idle_seconds <= 0:
            return
        if time.monotonic() - self._last_input >= self.idle_seconds:
            self.lock_now("idle")

    def _on_change(self, _change: Change) -> None:
        if not self.store.is_suspended:
            self._read_setting()

    def _read_setting(self) -> None:
        """Ask the worker for the owner's idle minutes; the lock follows when they arrive."""
        store = self.store
        self.runner.submit(
            lambda: store.setting("idle_lock_minutes", DEFAULT_IDLE_MINUTES),
            on_done=self._setting_read,
            on_error=lambda _error: None,  # the lock keeps its current time
        )

    def _setting_read(self, minutes: object) -> None:
        try:
            self.set_idle_seconds(float(minutes) * 60)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.set_idle_seconds(DEFAULT_IDLE_MINUTES * 60.0)


def _is_transient(widget: QWidget) -> bool:
    return widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
