"""Plugs the receipt settings into the Shop admin menu (店铺管理), for owners only."""

from __future__ import annotations

from PySide6.QtCore import QObject

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.receipt_settings_dialog import ReceiptSettingsDialog


class ReceiptSettingsMenu(QObject):
    """The installed action."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.action = main_window.add_action(
            "admin", self.tr("Receipts and printer…"), self.open_settings,
            permission="settings.manage", name="action_receipt_settings",
        )

    def open_settings(self) -> ReceiptSettingsDialog:
        dialog = ReceiptSettingsDialog(self.context)
        self.main_window.open_dialog(
            dialog, lambda: self.main_window.show_message(self.tr("Receipt settings saved.")))
        return dialog


def install(main_window: MainWindow, context: AppContext) -> ReceiptSettingsMenu:
    """Add the receipt settings to ``main_window``'s Shop admin menu (once)."""
    installed = main_window.findChild(ReceiptSettingsMenu)
    if isinstance(installed, ReceiptSettingsMenu):
        return installed
    return ReceiptSettingsMenu(main_window, context)
