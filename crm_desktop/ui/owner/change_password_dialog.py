"""Change my password: any signed-in user replaces their own, after typing the current one.

The key derivation runs on the task runner (twice: once to check the current
password, once to seal the new one), so the dialog keeps painting meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.services.users import UserService
from crm_desktop.ui.base.acting import ActionDialog
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import HINT_STYLE
from crm_desktop.ui.owner.staff_dialogs import password_edit, passwords_match


class ChangePasswordDialog(ActionDialog):
    """Current password, new password twice; accepted once the new one is saved."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("Change my password"), parent)
        self.setObjectName("change_password_dialog")
        who = QLabel(self.tr("Account: %1").replace("%1", context.actor.username))
        self.old_edit = password_edit("old_password")
        self.new_edit = password_edit("new_password")
        self.again_edit = password_edit("new_password_again")
        hint = QLabel(self.tr("At least 6 characters. Use it from the next sign-in and unlock."))
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.form.addRow(self.tr("Current password"), self.old_edit)
        self.form.addRow(self.tr("New password"), self.new_edit)
        self.form.addRow(self.tr("New password again"), self.again_edit)
        self.form.addRow("", hint)
        layout = self.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, who)  # whose password this is, above the form
        self.refusals.fields.update(
            old_password=self.old_edit,
            new_password=self.new_edit,
            password=self.new_edit,
            password_again=self.again_edit,
        )
        self.first_field = self.old_edit

    def work(self) -> Callable[[], object]:
        if not self.old_edit.text():
            text = self.tr("Type your current password.")
            raise ValidationError("password.current", text, text, field="old_password")
        passwords_match(self.new_edit, self.again_edit)
        service = self.context.service(UserService)
        return partial(service.change_own_password, self.old_edit.text(), self.new_edit.text())
