"""The staff-account dialogs: add an account, set a new password, change a role.

Passwords are typed twice; the key derivation runs on the task runner, so the
dialog stays responsive while a password is sealed into its key slot.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.services.users import UserService
from crm_desktop.ui.app_context import AppContext
from crm_desktop.ui.owner.form_feedback import FormErrors, error_label

ROLES = ("clerk", "accountant", "owner")


def role_name(role: str) -> str:
    """The role as the user reads it."""
    names = {
        "owner": QCoreApplication.translate("StaffAccounts", "Owner"),
        "clerk": QCoreApplication.translate("StaffAccounts", "Clerk"),
        "accountant": QCoreApplication.translate("StaffAccounts", "Accountant"),
    }
    return names.get(role, role)


def role_combo(current: str = "clerk") -> QComboBox:
    combo = QComboBox()
    for role in ROLES:
        combo.addItem(role_name(role), role)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _RunnerDialog(QDialog):
    """An OK/Cancel form whose save runs on the task runner and shows refusals in place."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.error_label = error_label("dialog_error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.errors = FormErrors(self.error_label, {})
        self.first_field: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.first_field is not None:
            self.first_field.setFocus()

    def save(self) -> None:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def _run(self, work: Callable[[], Any]) -> None:
        self.errors.clear()
        self.ok_button.setEnabled(False)
        self.context.runner.submit(work, on_done=self._done, on_error=self._failed)

    def _done(self, _result: object) -> None:
        self.ok_button.setEnabled(True)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.errors.show(error)

    def _passwords_match(self, first: QLineEdit, again: QLineEdit) -> bool:
        if first.text() != again.text():
            self.errors.show_text(
                QCoreApplication.translate(
                    "StaffAccounts", "The two passwords are not the same; type the new password again."
                ),
                "password_again",
            )
            return False
        return True


class AddStaffDialog(_RunnerDialog):
    """A new account: user name, name shown, role, and the password twice."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("Add a staff account"), parent)
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("staff_username")
        self.username_edit.setPlaceholderText(self.tr("e.g. xiaoli"))
        self.display_edit = QLineEdit()
        self.display_edit.setObjectName("staff_display_name")
        self.role_combo = role_combo("clerk")
        self.role_combo.setObjectName("staff_role")
        self.password_edit = password_edit("staff_password")
        self.again_edit = password_edit("staff_password_again")
        hint = QLabel(self.tr("At least 6 characters. The new user signs in with it at once."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        self.form.addRow(self.tr("User name"), self.username_edit)
        self.form.addRow(self.tr("Name shown"), self.display_edit)
        self.form.addRow(self.tr("Role"), self.role_combo)
        self.form.addRow(self.tr("Password"), self.password_edit)
        self.form.addRow(self.tr("Password again"), self.again_edit)
        self.form.addRow("", hint)
        self.errors.fields.update(
            username=self.username_edit,
            display_name=self.display_edit,
            role=self.role_combo,
            password=self.password_edit,
            password_again=self.again_edit,
        )
        self.first_field = self.username_edit

    def save(self) -> None:
        if not self._passwords_match(self.password_edit, self.again_edit):
            return
        service = self.context.service(UserService)
        username = self.username_edit.text()
        role = str(self.role_combo.currentData())
        password = self.password_edit.text()
        shown = self.display_edit.text()
        self._run(lambda: service.add(username, role, password, shown))


class ResetPasswordDialog(_RunnerDialog):
    """The owner sets a new password for an account (a forgotten one)."""

    def __init__(self, context: AppContext, username: str, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("New password for %1").replace("%1", username), parent)
        self.username = username
        self.password_edit = password_edit("reset_password")
        self.again_edit = password_edit("reset_password_again")
        self.form.addRow(self.tr("New password"), self.password_edit)
        self.form.addRow(self.tr("New password again"), self.again_edit)
        self.errors.fields.update(password=self.password_edit, password_again=self.again_edit)
        self.first_field = self.password_edit

    def save(self) -> None:
        if not self._passwords_match(self.password_edit, self.again_edit):
            return
        service = self.context.service(UserService)
        username, password = self.username, self.password_edit.text()
        self._run(lambda: service.reset_password(username, password))


class RoleDialog(_RunnerDialog):
    """Give an account another role."""

    def __init__(
        self, context: AppContext, username: str, current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, self.tr("Role of %1").replace("%1", username), parent)
        self.username = username
        self.role_combo = role_combo(current)
        self.role_combo.setObjectName("role_choice")
        self.form.addRow(self.tr("Role"), self.role_combo)
        self.errors.fields.update(role=self.role_combo)
        self.first_field = self.role_combo

    def save(self) -> None:
        service = self.context.service(UserService)
        username, role = self.username, str(self.role_combo.currentData())
        self._run(lambda: service.set_role(username, role))
