"""The window shown while the app is locked: the same user's password unlocks it.

The store is suspended while it shows (no database key in memory), so the
password is checked by resuming the store: the key is unwrapped from the user's
slot again, slowed down after wrong passwords just as at sign-in.

"Switch user" lets the next clerk sign in here instead, without quitting: their
own slot reopens the store and their own key signs from then on; ``user_switched``
carries who signed in, and the window's owner replaces the window with theirs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.actor import Actor
from crm_desktop.models.opening import resume_store, switch_user
from crm_desktop.models.store.login_throttle import LoginThrottle
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.style import REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import TaskRunner, describe_error


class LockScreen(QWidget):
    """Asks ``actor``'s password; emits ``unlocked`` when it is right, says so when wrong.

    It is its own application-modal window, so it takes the keyboard from every
    window it covers.
    """

    unlocked = Signal()
    quit_requested = Signal()
    user_switched = Signal(object)  # the Actor who signed in instead

    def __init__(
        self, store: Store, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.store = store
        self.actor = actor
        self.runner = runner
        self.setObjectName("lock_screen")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(self.tr("Locked"))
        self.setAutoFillBackground(True)

        title = QLabel(self.tr("Locked"))
        title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = QLabel()
        who.setObjectName("lock_who")
        who.setWordWrap(True)
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who_label = who
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("switch_username")
        self.username_edit.setPlaceholderText(self.tr("User name"))
        self.username_edit.setMinimumWidth(260)
        self.username_edit.hide()
        self.switching = False
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("unlock_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self.password_edit.setMinimumWidth(260)
        self.password_edit.returnPressed.connect(self.try_unlock)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.quit_button = QPushButton(self.tr("Quit the program"))
        self.quit_button.setFlat(True)
        self.quit_button.clicked.connect(self.quit_requested)
        self.switch_button = QPushButton()
        self.switch_button.setObjectName("switch_user")
        self.switch_button.setFlat(True)
        self.switch_button.clicked.connect(lambda: self.set_switching(not self.switching))
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)
        self.error_label = QLabel()
        self.error_label.setObjectName("unlock_error")
        self.error_label.setStyleSheet(REFUSAL_STYLE)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label.setWordWrap(True)

        # The name (when switching user) stands right above the password, the button beside.
        row = QGridLayout()
        row.setColumnStretch(0, 1)
        row.setColumnStretch(3, 1)
        row.addWidget(self.username_edit, 0, 1)
        row.addWidget(self.password_edit, 1, 1)
        row.addWidget(self.unlock_button, 1, 2)
        box = QVBoxLayout(self)
        box.addStretch(2)
        box.addWidget(title)
        box.addWidget(who)
        box.addSpacing(12)
        box.addLayout(row)
        box.addWidget(self.error_label)
        box.addStretch(3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.switch_button)
        bottom.addStretch(1)
        bottom.addWidget(self.quit_button)
        box.addLayout(bottom)
        self.set_switching(False)

    def reset(self) -> None:
        self.set_switching(False)
        self.password_edit.clear()
        self.error_label.clear()
        self.password_edit.setFocus()

    def set_switching(self, switching: bool) -> None:
        """Ask for another user's name and password (True) or the signed-in user's (False)."""
        self.switching = switching
        self.username_edit.clear()
        self.username_edit.setVisible(switching)
        self.password_edit.clear()
        self.error_label.clear()
        if switching:
            self.who_label.setText(self.tr("Sign in as another user: type the name and the password."))
            self.unlock_button.setText(self.tr("Sign in"))
            self.switch_button.setText(self.tr("Back to %1").replace("%1", self.actor.username))
            self.username_edit.setFocus()
        else:
            self.who_label.setText(
                self.tr("Signed in as %1. Type your password to unlock.")
                .replace("%1", self.actor.username)
            )
            self.unlock_button.setText(self.tr("Unlock"))
            self.switch_button.setText(self.tr("Switch user"))
            self.password_edit.setFocus()

    def try_unlock(self) -> None:
        password = self.password_edit.text()
        other = self.username_edit.text().strip() if self.switching else ""
        if self.switching and not other:
            self.error_label.setText(self.tr("Type the user name."))
            self.username_edit.setFocus()
            return
        if not password:
            self.error_label.setText(self.tr("Type your password."))
            return
        if other and other != self.actor.username:
            self._switch_to(other, password)
            return
        store, username = self.store, self.actor.username

        def check() -> None:
            if store.is_suspended:
                # Throttled inside, like a sign-in, so the lock is no shortcut.
                resume_store(store, username, password)
            else:
                with LoginThrottle(store.path).attempt(username):
                    store.keys.unlock(username, password)

        # The key derivation takes a moment: on the worker, the screen keeps painting.
        Op(self.runner, check).guarding(self.password_edit, self.unlock_button).on_done(
            lambda _none: self._unlocked()
        ).refusals(self._refused).run()

    def _switch_to(self, username: str, password: str) -> None:
        store = self.store
        Op(self.runner, lambda: switch_user(store, username, password)).guarding(
            self.username_edit, self.password_edit, self.unlock_button
        ).on_done(self._switched).refusals(self._refused).run()

    def _switched(self, actor: Actor) -> None:
        self.username_edit.clear()
        self.password_edit.clear()
        self.error_label.clear()
        self.user_switched.emit(actor)

    def _refused(self, error: BaseException) -> None:
        # Any refusal keeps the screen locked.
        self.password_edit.clear()
        self.error_label.setText(describe_error(error))
        self.password_edit.setFocus()

    def _unlocked(self) -> None:
        self.password_edit.clear()
        self.error_label.clear()
        self.unlocked.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc must not slip past the lock.
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible() and not getattr(self, "_closing_allowed", False):
            event.ignore()
            return
        super().closeEvent(event)

    def allow_close(self) -> None:
        self._closing_allowed = True
