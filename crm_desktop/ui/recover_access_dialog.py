"""Every password lost: the recovery key opens the file and gives an owner a new password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.db import Actor, Store
from crm_desktop.models.errors import DomainError
from crm_desktop.models.services.users import recover_with_key
from crm_desktop.models.validation import check_password
from crm_desktop.ui.task_runner import TaskRunner, describe_error


class RecoverAccessDialog(QDialog):
    """After ``exec()`` accepts, ``store`` is open and ``actor`` is the owner, signed in."""

    def __init__(
        self, path: Path, runner: TaskRunner, username: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.runner = runner
        self.store: Store | None = None
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Open with the recovery key"))
        self.setMinimumWidth(480)
        intro = QLabel(
            self.tr(
                "Type the recovery key written down when the file was created, the owner's "
                "user name and a new password for that owner."
            )
        )
        intro.setWordWrap(True)
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("recovery_key")
        self.key_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.user_edit = QLineEdit(username)
        self.user_edit.setObjectName("recovery_user")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("recovery_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("recovery_repeat")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Recovery key"), self.key_edit)
        form.addRow(self.tr("Owner user name"), self.user_edit)
        form.addRow(self.tr("New password"), self.password_edit)
        form.addRow(self.tr("New password again"), self.repeat_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("recovery_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox()
        self.open_button = QPushButton(self.tr("Open and set the password"))
        self.open_button.setAutoDefault(False)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self.recover)
        cancel.clicked.connect(self.reject)
        for field in (self.key_edit, self.user_edit, self.password_edit, self.repeat_edit):
            field.returnPressed.connect(self.recover)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter is handled by the fields; the button box must not act on it a second time.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def recover(self) -> None:
        key = self.key_edit.text().strip()
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not key:
            self._refuse(self.tr("Type the recovery key."), self.key_edit)
            return
        if not username:
            self._refuse(self.tr("Type the owner's user name."), self.user_edit)
            return
        try:
            check_password(password)
        except DomainError as error:
            self._refuse(str(error), self.password_edit)
            return
        if password != self.repeat_edit.text():
            self.repeat_edit.clear()
            self._refuse(self.tr("The two passwords differ. Type the password again."),
                         self.repeat_edit)
            return
        self.open_button.setEnabled(False)
        self.error_label.setText(self.tr("Opening the shop file…"))
        self.runner.submit(
            lambda: recover_with_key(self.path, key, username, password),
            on_done=self._recovered,
            on_error=self._failed,
        )

    def _recovered(self, result: tuple[Store, Actor]) -> None:
        self.store, self.actor = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.open_button.setEnabled(True)
        self._refuse(describe_error(error), self.key_edit)

    def _refuse(self, message: str, focus: QLineEdit) -> None:
        self.error_label.setText(message)
        focus.setFocus()
