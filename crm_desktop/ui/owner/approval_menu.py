"""Plugs the approval rules into the Shop admin menu (店铺管理), for owners only.

``install(main_window, context)`` adds "Approval at the counter…"; the action is
hidden for a role without ``settings.manage`` and the model layer refuses it anyway.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.approval_settings_dialog import ApprovalSettingsDialog


class ApprovalMenu(QObject):
    """The installed action."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.action = main_window.add_action(
            "admin", self.tr("Approval at the counter…"), self.open_rules,
            permission="settings.manage", name="action_approval_rules",
        )

    def open_rules(self) -> ApprovalSettingsDialog:
        dialog = ApprovalSettingsDialog(self.context)
        self.main_window.open_dialog(
            dialog, lambda: self.main_window.show_message(self.tr("Approval rules saved.")))
        return dialog


def install(main_window: MainWindow, context: AppContext) -> ApprovalMenu:
    """Add the approval rules to ``main_window``'s Shop admin menu (once)."""
    installed = main_window.findChild(ApprovalMenu)
    if isinstance(installed, ApprovalMenu):
        return installed
    return ApprovalMenu(main_window, context)
