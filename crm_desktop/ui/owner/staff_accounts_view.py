"""Staff accounts (员工账号): list them, add one, set a new password, change a role, remove.

The model layer refuses what may not happen (removing the last owner, a clerk
managing accounts); this screen shows its sentence. The account in use is not
removed or demoted from here while another owner could do it: that would pull the
ground from under the open session. The last owner may try, and reads the
service's refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from crm_desktop.models.changes import Entity
from crm_desktop.models.services.users import UserRecord, UserService
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.owner.list_screen import ListScreen
from crm_desktop.ui.owner.staff_dialogs import (
    AddStaffDialog,
    ResetPasswordDialog,
    RoleDialog,
    role_name,
)


class StaffAccountsView(ListScreen):
    """The staff account list with its actions; ``records`` holds what is shown.

    ``rekey_wanted`` says the owner chose to change the database key after a removal.
    """

    rekey_wanted = Signal()

    entities = (Entity.USER,)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("staff_accounts_view")
        self.hint_label.setText(
            self.tr(
                "Each person signs in with their own account. Clerks serve customers; "
                "accountants read and export; owners manage everything."
            )
        )
        self.set_headers([
            self.tr("User name"),
            self.tr("Name shown"),
            self.tr("Role"),
            self.tr("Password"),
            self.tr("Status"),
            self.tr("Created"),
        ])
        self.confirm_box: QMessageBox | None = None
        self.new_button = self.add_button(self.tr("Add an account…"), self.add_account, "staff_add")
        self.reset_button = self.add_button(
            self.tr("Set a new password…"), self.reset_password, "staff_reset"
        )
        self.role_button = self.add_button(self.tr("Change role…"), self.change_role, "staff_role")
        self.remove_button = self.add_button(self.tr("Remove…"), self.remove_account, "staff_remove")
        self.button_row.addStretch(1)
        self.show_removed = QCheckBox(self.tr("Show removed accounts"))
        self.show_removed.setObjectName("staff_show_removed")
        self.show_removed.toggled.connect(lambda _on: self.refresh())
        self.button_row.addWidget(self.show_removed)
        self.refresh()

    # -- reading ----------------------------------------------------------------------------------

    def read(self) -> Callable[[], list[UserRecord]]:
        users = self.context.service(UserService)
        return partial(users.list, include_inactive=self.show_removed.isChecked())

    def row(self, record: UserRecord) -> list[str]:
        return [
            record.username,
            record.display_name,
            role_name(record.role),
            self.tr("set") if record.has_password else self.tr("missing: set a new one"),
            self.tr("in use") if record.active else self.tr("removed"),
            f"{record.created_at:%Y-%m-%d}",
        ]

    def key_of(self, record: UserRecord) -> object:
        return record.username

    # -- actions ----------------------------------------------------------------------------------

    def add_account(self) -> None:
        self.open_record_dialog(
            AddStaffDialog(self.context),
            lambda added: self.tr("Account %1 added; it can sign in now.").replace(
                "%1", added.username
            ),
        )

    def activate_row(self) -> None:
        self.reset_password()

    def reset_password(self) -> None:
        record = self._chosen()
        if record is None:
            return
        self.open_dialog(
            ResetPasswordDialog(self.context, record.username),
            lambda: self.show_info(
                self.tr("New password for %1 saved.").replace("%1", record.username)
            ),
        )

    def change_role(self) -> None:
        record = self._chosen()
        if record is None:
            return
        if self._is_me_with_other_owners(record):
            self.show_error(
                self.tr("You are signed in with this account; another owner changes its role.")
            )
            return
        self.open_dialog(
            RoleDialog(self.context, record.username, record.role),
            lambda: self.show_info(self.tr("Role of %1 changed.").replace("%1", record.username)),
        )

    def remove_account(self) -> None:
        record = self._chosen()
        if record is None:
            return
        if self._is_me_with_other_owners(record):
            self.show_error(
                self.tr("You are signed in with this account; another owner removes it.")
            )
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove account"),
            self.tr(
                "Remove the account %1? It can no longer sign in; what it did stays in the log."
            ).replace("%1", record.username),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setObjectName("staff_confirm_remove")
        self.confirm_box = box
        box.finished.connect(lambda _result: self._remove_answered(box, record.username))
        box.open()

    def _remove_answered(self, box: QMessageBox, username: str) -> None:
        self.confirm_box = None
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
            return
        users = self.context.service(UserService)
        Op(self.context.runner, partial(users.remove, username)).guarding(
            self.remove_button
        ).refusals(self.show_error).on_done(lambda _r: self._removed(username)).run()

    def _removed(self, username: str) -> None:
        """Offer the key change that makes the removed account's old key file copy useless."""
        self.show_info(self.tr("Account %1 removed.").replace("%1", username))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Change the key now?"),
            self.tr(
                "Until the database key is changed, an old copy of the key file still opens "
                "the data with %1's old password. Change the key now?"
            ).replace("%1", username),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setObjectName("staff_offer_rekey")
        self.confirm_box = box
        box.finished.connect(lambda _result: self._rekey_answered(box))
        box.open()

    def _rekey_answered(self, box: QMessageBox) -> None:
        self.confirm_box = None
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self.rekey_wanted.emit()

    def _is_me_with_other_owners(self, record: UserRecord) -> bool:
        """The signed-in account, while another owner could do it for them.

        Without another owner the service is asked, and its refusal (the last owner
        stays) is what the owner reads.
        """
        if record.username != self.context.actor.username:
            return False
        return any(
            r.role == "owner" and r.active and r.username != record.username for r in self.records
        )

    def _chosen(self) -> UserRecord | None:
        record = self.selected()
        if record is None:
            self.show_error(self.tr("Choose an account in the list first."))
        elif not record.active:
            self.show_error(self.tr("This account was removed; add a new one instead."))
            return None
        return record
