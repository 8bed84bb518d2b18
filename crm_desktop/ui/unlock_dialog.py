"""What the sign-in and the recovery dialogs share: a form that opens the shop file.

The opening runs on the task runner (the key derivation takes a moment) with the
dialog's main button guarded; a refusal shows in red under the form with the
cursor in the field to fix, and Enter acts once, from the fields themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.actor import Actor
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.style import REFUSAL_STYLE, refusal_label
from crm_desktop.ui.base.task_runner import TaskRunner

OpenCall = Callable[[], tuple[Store, Actor]]


class UnlockDialog(QDialog):
    """After ``exec()`` accepts, ``store`` is open and ``actor`` is signed in."""

    def __init__(
        self,
        path: Path,
        runner: TaskRunner,
        main_text: str,
        error_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.runner = runner
        self.store: Store | None = None
        self.actor: Actor | None = None
        self.form = QFormLayout()
        self.error_label = refusal_label(error_name)
        self.buttons = QDialogButtonBox()
        self.main_button = QPushButton(main_text)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        # Enter is handled by the fields themselves (see keyPressEvent).
        for button in (self.main_button, self.cancel_button):
            button.setAutoDefault(False)
        self.buttons.addButton(self.main_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.reject)
        self.layout_ = QVBoxLayout(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The fields already acted on Enter; the button box must not act on it a second time.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def open_with(
        self, call: OpenCall, guarded: tuple[QWidget, ...], refused: Callable[[BaseException], None]
    ) -> None:
        """Run ``call`` on the runner with ``guarded`` disabled; sign in with what it opened."""
        self.error_label.setStyleSheet("color: palette(text);")
        self.error_label.setText(self.tr("Opening the shop file…"))
        self.error_label.show()
        Op(self.runner, call).guarding(self.main_button, *guarded).on_done(
            self._opened
        ).refusals(refused).run()

    def refuse(self, message: str, focus: QLineEdit) -> None:
        """Say why in red under the form and put the cursor where the fix goes."""
        self.error_label.setStyleSheet(REFUSAL_STYLE)
        self.error_label.setText(message)
        self.error_label.show()
        focus.setFocus()

    def _opened(self, result: tuple[Store, Actor]) -> None:
        self.store, self.actor = result
        self.accept()
