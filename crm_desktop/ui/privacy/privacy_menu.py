"""Plugs a person's rights and the owner's privacy duties into the main window.

Customer menu, acting on the customer on screen (the status bar says so when
none is): withdraw marketing consent and the consent history (staff), export
everything held about the person and erase their details (owner). Shop admin
menu (owner): the retention list and changing the database key. Each action is
hidden for a role that may not use it; the model layer refuses it anyway.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.privacy_records import PersonExport
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.customer_actions import profile_or_ask_for_one
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.menu_holder import MenuHolder
from crm_desktop.ui.privacy.change_key_dialog import ChangeKeyDialog
from crm_desktop.ui.privacy.consent_history_dialog import ConsentHistoryDialog
from crm_desktop.ui.privacy.erase_dialog import EraseDialog, erase_dialog_result_text
from crm_desktop.ui.privacy.retention_dialog import RetentionDialog
from crm_desktop.ui.privacy.withdraw_consent_dialog import WithdrawConsentDialog
from crm_desktop.ui.profile.profile_view import ProfileView

EXPORT_SUFFIX = ".xlsx"
DialogT = TypeVar("DialogT", bound=QDialog)


class PrivacyMenu(MenuHolder):
    """The installed actions; ``open_window`` is the dialog opened last, ``message_box`` the note."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window, context)
        self.setObjectName("privacy_menu")
        self.message_box: QMessageBox | None = None
        add = main_window.add_action
        main_window.menu("customer").addSeparator()
        self.withdraw_action = add(
            "customer", self.tr("Withdraw marketing consent…"), self.withdraw_consent,
            permission="customer.write", name="action_withdraw_consent")
        self.history_action = add(
            "customer", self.tr("Consent history…"), self.consent_history,
            permission="customer.read", name="action_consent_history")
        self.export_action = add(
            "customer", self.tr("Export personal data…"), self.export_person,
            permission="pii.full", name="action_export_person")
        self.erase_action = add(
            "customer", self.tr("Erase personal details…"), self.erase_person,
            permission="customer.delete", name="action_erase_person")
        self.retention_action = add(
            "admin", self.tr("Retention list…"), self.open_retention,
            permission="customer.delete", name="action_retention")
        self.change_key_action = add(
            "admin", self.tr("Change database key…"), self.change_key,
            permission="user.manage", name="action_change_key")

    # -- customer on screen -------------------------------------------------------------------

    def _profile(self) -> ProfileView | None:
        return profile_or_ask_for_one(self.main_window)

    def _name(self, view: ProfileView) -> str:
        return view.record.name if view.record is not None else f"#{view.customer_id}"

    def withdraw_consent(self) -> WithdrawConsentDialog | None:
        view = self._profile()
        if view is None:
            return None
        dialog = WithdrawConsentDialog(self.context, view.customer_id, self._name(view))
        return self._open(dialog, lambda: self.main_window.show_message(self.tr(
            "Marketing consent withdrawn: the customer is off every greeting list.")))

    def consent_history(self) -> ConsentHistoryDialog | None:
        view = self._profile()
        if view is None:
            return None
        return self._open(ConsentHistoryDialog(self.context, view.customer_id, self._name(view)))

    def erase_person(self) -> EraseDialog | None:
        view = self._profile()
        if view is None:
            return None
        dialog = EraseDialog(self.context, [(view.customer_id, self._name(view))])

        def erased() -> None:
            if dialog.outcome is not None:
                self.main_window.show_message(erase_dialog_result_text(dialog.outcome))

        return self._open(dialog, erased)

    # -- access request -----------------------------------------------------------------------

    def default_export_path(self, customer_id: int) -> Path:
        """Documents/customer-<number>-<date>.xlsx: the number, never the name, in the file name."""
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        return Path(folder) / f"customer-{customer_id}-{date.today():%Y%m%d}{EXPORT_SUFFIX}"

    def export_person(self, out_path: Path | None = None) -> None:
        """Ask where (unless ``out_path`` is given), then write the workbook on the runner."""
        view = self._profile()
        if view is None:
            return
        customer_id = view.customer_id
        if out_path is None:
            name, _ = QFileDialog.getSaveFileName(
                self.main_window, self.tr("Export personal data"),
                str(self.default_export_path(customer_id)),
                self.tr("Excel workbooks (*.xlsx)"))
            if not name:
                return
            out_path = Path(name)
        if out_path.suffix.lower() != EXPORT_SUFFIX:
            out_path = out_path.with_name(out_path.name + EXPORT_SUFFIX)
        service = self.context.service(PrivacyService)
        target = out_path
        self.main_window.show_message(self.tr("Exporting…"), 0)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def done(export: PersonExport) -> None:
            QApplication.restoreOverrideCursor()
            rows = sum(export.rows.values())
            self.main_window.show_message(self.tr("Personal data written to %1")
                                          .replace("%1", str(export.path)))
            self._inform(self.tr("Personal data exported"), self.tr(
                "Everything held about customer #%1 was written to:\n%2\n\n%3 sheets, %4 rows. "
                "The file holds full personal data: hand it over safely, then delete it.")
                .replace("%1", str(customer_id)).replace("%2", str(export.path))
                .replace("%3", str(len(export.rows))).replace("%4", str(rows)))

        def failed(error: BaseException) -> None:
            QApplication.restoreOverrideCursor()
            self.main_window.show_message("")
            self._inform(self.tr("Not done"), describe_error(error), QMessageBox.Icon.Warning)

        self.context.runner.submit(lambda: service.export_person(customer_id, target),
                                   on_done=done, on_error=failed)

    # -- owner --------------------------------------------------------------------------------

    def open_retention(self) -> RetentionDialog:
        return self._open(RetentionDialog(self.context))

    def change_key(self) -> ChangeKeyDialog:
        dialog = ChangeKeyDialog(self.context, self.main_window.shop_name,
                                 hold_locks=self.main_window.idle_lock.hold_locks)

        def finished() -> None:
            if dialog.outcome is not None:
                self.main_window.show_message(self.tr("The database key was changed."))

        dialog.finished.connect(lambda _result: finished())
        return self._open(dialog)

    # -- helpers ------------------------------------------------------------------------------

    def _inform(self, title: str, text: str,
                icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.main_window)
        box.setObjectName("privacy_message")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.message_box = box
        box.finished.connect(lambda _result: setattr(self, "message_box", None))
        box.open()


def install(main_window: MainWindow, context: AppContext) -> PrivacyMenu:
    """Add the privacy actions to the window's Customer and Shop admin menus."""
    existing = main_window.findChild(PrivacyMenu, "privacy_menu")
    if isinstance(existing, PrivacyMenu):
        return existing
    return PrivacyMenu(main_window, context)
