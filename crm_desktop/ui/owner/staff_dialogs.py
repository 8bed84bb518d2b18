"""The staff-account dialogs: add an account, set a new password, change a role.

Passwords are typed twice; the key derivation runs on the task runner, so the
dialog stays responsive while a password is sealed into its key slot.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.services.users import UserRecord, UserService
from crm_desktop.ui.base.acting import ActionDialog
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import HINT_STYLE

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


def passwords_match(first: QLineEdit, again: QLineEdit) -> None:
    """Refuse (before anything runs) when the password typed twice differs."""
    if first.text() != again.text():
        text = QCoreApplication.translate(
            "StaffAccounts", "The two passwords are not the same; type the new password again."
        )
        raise ValidationError("password.again", text, text, field="password_again")


class AddStaffDialog(ActionDialog):
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
        hint.setStyleSheet(HINT_STYLE)
        self.form.addRow(self.tr("User name"), self.username_edit)
        self.form.addRow(self.tr("Name shown"), self.display_edit)
        self.form.addRow(self.tr("Role"), self.role_combo)
        self.form.addRow(self.tr("Password"), self.password_edit)
        self.form.addRow(self.tr("Password again"), self.again_edit)
        self.form.addRow("", hint)
        self.refusals.fields.update(
            username=self.username_edit,
            display_name=self.display_edit,
            role=self.role_combo,
            password=self.password_edit,
            password_again=self.again_edit,
        )
        self.first_field = self.username_edit

    def work(self) -> Callable[[], UserRecord]:
        passwords_match(self.password_edit, self.again_edit)
        return partial(
            self.context.service(UserService).add,
            self.username_edit.text(),
            str(self.role_combo.currentData()),
            self.password_edit.text(),
            self.display_edit.text(),
        )


class ResetPasswordDialog(ActionDialog):
    """The owner sets a new password for an account (a forgotten one)."""

    def __init__(self, context: AppContext, username: str, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("New password for %1").replace("%1", username), parent)
        self.username = username
        self.password_edit = password_edit("reset_password")
        self.again_edit = password_edit("reset_password_again")
        self.form.addRow(self.tr("New password"), self.password_edit)
        self.form.addRow(self.tr("New password again"), self.again_edit)
        self.refusals.fields.update(password=self.password_edit, password_again=self.again_edit)
        self.first_field = self.password_edit

    def work(self) -> Callable[[], object]:
        passwords_match(self.password_edit, self.again_edit)
        service = self.context.service(UserService)
        return partial(service.reset_password, self.username, self.password_edit.text())


class RoleDialog(ActionDialog):
    """Give an account another role."""

    def __init__(
        self, context: AppContext, username: str, current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, self.tr("Role of %1").replace("%1", username), parent)
        self.username = username
        self.role_combo = role_combo(current)
        self.role_combo.setObjectName("role_choice")
        self.form.addRow(self.tr("Role"), self.role_combo)
        self.refusals.fields.update(role=self.role_combo)
        self.first_field = self.role_combo

    def work(self) -> Callable[[], object]:
        service = self.context.service(UserService)
        return partial(service.set_role, self.username, str(self.role_combo.currentData()))
