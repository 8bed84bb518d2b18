"""Plugs the owner's screens into the main window: the Shop admin menu, and Change my password.

``install(main_window, context)`` adds, through the window's public calls:

- in the Shop admin menu (店铺管理, shown to owners only): staff accounts, card
  types, tiers, shop settings and the audit log — each hidden for a role without
  its permission, whatever the menu shows; the model layer refuses them anyway;
- for an accountant, who may read the audit log but has no Shop admin menu, the
  audit log under Reports;
- for everyone, Change my password in the File menu.

Each screen opens in its own window over the main window.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.menu_holder import MenuHolder
from crm_desktop.ui.owner.audit_view import AuditView
from crm_desktop.ui.owner.card_types_view import CardTypesView
from crm_desktop.ui.owner.change_password_dialog import ChangePasswordDialog
from crm_desktop.ui.owner.screen_dialog import ScreenDialog
from crm_desktop.ui.owner.shop_settings_view import ShopSettingsView
from crm_desktop.ui.owner.staff_accounts_view import StaffAccountsView
from crm_desktop.ui.owner.tiers_view import TiersView


class OwnerMenu(MenuHolder):
    """The installed actions; ``open_window`` is the screen or dialog open right now."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window, context)
        add = main_window.add_action
        earlier = list(main_window.menu("admin").actions())
        self.staff_action = add(
            "admin", self.tr("Staff accounts…"), self.open_staff,
            permission="user.manage", name="action_staff_accounts",
        )
        self.card_types_action = add(
            "admin", self.tr("Card types…"), self.open_card_types,
            permission="catalog.manage", name="action_card_types",
        )
        self.tiers_action = add(
            "admin", self.tr("Tiers…"), self.open_tiers,
            permission="catalog.manage", name="action_tiers",
        )
        self.settings_action = add(
            "admin", self.tr("Shop settings…"), self.open_settings,
            permission="settings.manage", name="action_shop_settings",
        )
        # Owners find the log with the other admin screens; an accountant under Reports.
        audit_menu = "admin" if context.can("settings.manage") else "report"
        self.audit_action = add(
            audit_menu, self.tr("Audit log…"), self.open_audit,
            permission="audit.read", name="action_audit_log",
        )
        self.password_action = add(
            "file", self.tr("Change my password…"), self.open_change_password,
            name="action_change_password",
        )
        self._move_after_lock(self.password_action)
        self._put_first("admin", earlier)

    # -- opening ----------------------------------------------------------------------------------

    def open_staff(self) -> ScreenDialog:
        view = StaffAccountsView(self.context)
        view.rekey_wanted.connect(self._change_key)
        return self._open_screen(view, self.tr("Staff accounts"))

    def _change_key(self) -> None:
        change_key = self.main_window.findChild(QAction, "action_change_key")
        if change_key is not None:
            change_key.trigger()

    def open_card_types(self) -> ScreenDialog:
        return self._open_screen(CardTypesView(self.context), self.tr("Card types"))

    def open_tiers(self) -> ScreenDialog:
        return self._open_screen(TiersView(self.context), self.tr("Tiers"))

    def open_settings(self) -> ScreenDialog:
        return self._open_screen(
            ShopSettingsView(self.context), self.tr("Shop settings"), (900, 520)
        )

    def open_audit(self) -> ScreenDialog:
        return self._open_screen(AuditView(self.context), self.tr("Audit log"), (1200, 660))

    def open_change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.context)
        self._open(dialog, lambda: self.main_window.show_message(self.tr("Your password was changed.")))
        return dialog

    def _open_screen(
        self, view: QWidget, title: str, size: tuple[int, int] = (980, 620)
    ) -> ScreenDialog:
        dialog = ScreenDialog(view, title, size=size)
        self._open(dialog)
        return dialog

    def _put_first(self, menu_key: str, earlier: list[QAction]) -> None:
        """The owner's screens lead the menu; what was there before follows a separator."""
        menu = self.main_window.menu(menu_key)
        if not earlier:
            return
        mine = [a for a in menu.actions() if a not in earlier]
        for action in mine:
            menu.removeAction(action)
            menu.insertAction(earlier[0], action)
        menu.insertSeparator(earlier[0])

    def _move_after_lock(self, action: QAction) -> None:
        """Keep Change my password next to Lock the screen rather than after Quit."""
        menu = self.main_window.menu("file")
        actions = menu.actions()
        lock = getattr(self.main_window, "lock_action", None)
        if lock not in actions:
            return
        following = actions[actions.index(lock) + 1]
        if following is action:
            return
        menu.removeAction(action)
        menu.insertAction(following, action)


def install(main_window: MainWindow, context: AppContext) -> OwnerMenu:
    """Add the owner's screens and Change my password to ``main_window``'s menus.

    Installing twice returns the first installation rather than doubling the menus.
    """
    installed = main_window.findChild(OwnerMenu)
    if isinstance(installed, OwnerMenu):
        return installed
    return OwnerMenu(main_window, context)
