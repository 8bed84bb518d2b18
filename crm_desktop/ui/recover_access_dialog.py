"""Every password lost: the recovery key opens the file and gives an owner a new password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QWidget,
)

from crm_desktop.models.errors import DomainError
from crm_desktop.models.rules.validation import check_password
from crm_desktop.models.services.users import recover_with_key
from crm_desktop.ui.base.task_runner import TaskRunner, describe_error
from crm_desktop.ui.unlock_dialog import UnlockDialog


class RecoverAccessDialog(UnlockDialog):
    """After ``exec()`` accepts, ``store`` is open and ``actor`` is the owner, signed in."""

    def __init__(
        self, path: Path, runner: TaskRunner, username: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(
            path, runner, self.tr("Open and set the password"), "recovery_error", parent
        )
        self.open_button = self.main_button
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
        self.form.addRow(self.tr("Recovery key"), self.key_edit)
        self.form.addRow(self.tr("Owner user name"), self.user_edit)
        self.form.addRow(self.tr("New password"), self.password_edit)
        self.form.addRow(self.tr("New password again"), self.repeat_edit)
        self.open_button.clicked.connect(self.recover)
        for field in (self.key_edit, self.user_edit, self.password_edit, self.repeat_edit):
            field.returnPressed.connect(self.recover)
        layout = self.layout_
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def recover(self) -> None:
        key = self.key_edit.text().strip()
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not key:
            self.refuse(self.tr("Type the recovery key."), self.key_edit)
            return
        if not username:
            self.refuse(self.tr("Type the owner's user name."), self.user_edit)
            return
        try:
            check_password(password)
        except DomainError as error:
            self.refuse(str(error), self.password_edit)
            return
        if password != self.repeat_edit.text():
            self.repeat_edit.clear()
            self.refuse(self.tr("The two passwords differ. Type the password again."),
                        self.repeat_edit)
            return
        path = self.path
        self.open_with(
            lambda: recover_with_key(path, key, username, password),
            (),
            lambda error: self.refuse(describe_error(error), self.key_edit),
        )
