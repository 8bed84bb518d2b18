"""Sign in: user name and password unlock the shop file; a wrong one says so and lets them retry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from crm_desktop.models.opening import open_store
from crm_desktop.ui.base.task_runner import TaskRunner, describe_error
from crm_desktop.ui.unlock_dialog import UnlockDialog


class LoginDialog(UnlockDialog):
    """Opens ``path`` as a user; after ``exec()`` accepts, ``store`` and ``actor`` are set.

    Enter signs in, Esc cancels. The key derivation runs on the task runner so the
    window keeps painting while it works.
    """

    def __init__(
        self,
        path: Path,
        runner: TaskRunner,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(path, runner, self.tr("Sign in"), "login_error", parent)
        self.sign_in_button = self.main_button
        self.setWindowTitle(self.tr("Sign in"))
        self.setMinimumWidth(400)

        heading = QLabel(self.tr("Membership cards and customer files"))
        heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        file_label = QLabel(self.tr("Shop file: %1").replace("%1", str(self.path)))
        file_label.setWordWrap(True)
        file_label.setStyleSheet("color: palette(mid);")
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.user_edit = QLineEdit(username)
        self.user_edit.setObjectName("login_user")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("login_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("User name"), self.user_edit)
        self.form.addRow(self.tr("Password"), self.password_edit)
        self.error_label.hide()

        self.user_edit.returnPressed.connect(self._user_entered)
        self.password_edit.returnPressed.connect(self.sign_in)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.recover_button = QPushButton(self.tr("All passwords lost? Use the recovery key…"))
        self.recover_button.setObjectName("login_recover")
        self.recover_button.setFlat(True)
        self.recover_button.setAutoDefault(False)
        self.recover_button.clicked.connect(self.open_recovery)

        layout = self.layout_
        layout.addWidget(heading)
        layout.addWidget(file_label)
        layout.addSpacing(8)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        layout.addWidget(self.recover_button, 0, Qt.AlignmentFlag.AlignLeft)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        (self.password_edit if self.user_edit.text() else self.user_edit).setFocus()

    def open_recovery(self) -> None:
        """Every password lost: the recovery key opens the file and sets an owner's password."""
        from crm_desktop.ui.recover_access_dialog import RecoverAccessDialog

        dialog = RecoverAccessDialog(self.path, self.runner, self.user_edit.text().strip(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.store is not None:
            self.store, self.actor = dialog.store, dialog.actor
            self.accept()

    def _user_entered(self) -> None:
        if self.password_edit.text():
            self.sign_in()
        else:
            self.password_edit.setFocus()

    def sign_in(self) -> None:
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not username:
            self.refuse(self.tr("Type your user name."), self.user_edit)
            return
        if not password:
            self.refuse(self.tr("Type your password."), self.password_edit)
            return
        path = self.path
        self.open_with(
            lambda: open_store(path, username, password),
            (self.user_edit, self.password_edit),
            self._refused,
        )

    def _refused(self, error: BaseException) -> None:
        self.password_edit.clear()
        if getattr(error, "code", "") == "store.damaged":
            from crm_desktop.ui.backup_menu import offer_latest_backup

            if offer_latest_backup(self.path, self):  # restored: sign in again
                return self.refuse(self.tr("Sign in with the password of that time."), self.password_edit)
        self.refuse(describe_error(error), self.password_edit)
