"""Change my password: any signed-in user replaces their own, after typing the current one.

The key derivation runs on the task runner (twice: once to check the current
password, once to seal the new one), so the dialog keeps painting meanwhile.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.services.users import UserService
from crm_desktop.ui.app_context import AppContext
from crm_desktop.ui.owner.form_feedback import FormErrors, error_label
from crm_desktop.ui.owner.staff_dialogs import password_edit


class ChangePasswordDialog(QDialog):
    """Current password, new password twice; accepted once the new one is saved."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Change my password"))
        self.setObjectName("change_password_dialog")
        self.setMinimumWidth(460)
        who = QLabel(self.tr("Account: %1").replace("%1", context.actor.username))
        self.old_edit = password_edit("old_password")
        self.new_edit = password_edit("new_password")
        self.again_edit = password_edit("new_password_again")
        hint = QLabel(self.tr("At least 6 characters. Use it from the next sign-in and unlock."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.old_edit)
        form.addRow(self.tr("New password"), self.new_edit)
        form.addRow(self.tr("New password again"), self.again_edit)
        form.addRow("", hint)
        self.error_label = error_label("change_password_error")
        self.errors = FormErrors(
            self.error_label,
            {
                "old_password": self.old_edit,
                "new_password": self.new_edit,
                "password": self.new_edit,
                "password_again": self.again_edit,
            },
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.old_edit.setFocus()

    def save(self) -> None:
        self.errors.clear()
        if not self.old_edit.text():
            self.errors.show_text(self.tr("Type your current password."), "old_password")
            return
        if self.new_edit.text() != self.again_edit.text():
            self.errors.show_text(
                self.tr("The two passwords are not the same; type the new password again."),
                "password_again",
            )
            return
        service = self.context.service(UserService)
        old, new = self.old_edit.text(), self.new_edit.text()
        self.ok_button.setEnabled(False)
        self.context.runner.submit(
            lambda: service.change_own_password(old, new),
            on_done=self._saved,
            on_error=self._refused,
        )

    def _saved(self, _result: object) -> None:
        self.ok_button.setEnabled(True)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.errors.show(error)
