"""Plugs "Move the shop to a server…" into the Shop admin menu (店铺管理), for owners only.

A shop already on a server has nothing to move: the entry stays hidden there.
"""

from __future__ import annotations

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.menu_holder import MenuHolder
from crm_desktop.ui.owner.server_move_dialog import ServerMoveDialog


class ServerMoveMenu(MenuHolder):
    """The Shop admin entry; ``open_window`` is the dialog open right now."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window, context)
        self.action = main_window.add_action(
            "admin", self.tr("Move the shop to a server…"), self.open_dialog,
            permission="settings.manage", name="action_server_move",
        )
        if context.store.on_server:
            self.action.setVisible(False)

    def open_dialog(self) -> ServerMoveDialog:
        return self._open(ServerMoveDialog(self.context))


def install(main_window: MainWindow, context: AppContext) -> ServerMoveMenu:
    """Add the entry to ``main_window``'s Shop admin menu (once)."""
    installed = main_window.findChild(ServerMoveMenu)
    if isinstance(installed, ServerMoveMenu):
        return installed
    return ServerMoveMenu(main_window, context)
