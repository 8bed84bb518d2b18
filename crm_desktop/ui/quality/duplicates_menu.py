"""Plugs the likely-duplicates screen into the Customers menu (疑似重复客户…).

The owner's (``customer.merge``): marking two customers as different people and
merging them is how the file is corrected, and a pair shows two customers' details
side by side. The screen is built when first opened and searches then; it stays
in the workspace until the app locks, which destroys it with the names it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from shiboken6 import isValid

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.quality.duplicates_view import DuplicatesView


class DuplicatesMenu(QObject):
    """The menu action and the panel it opens."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.view: DuplicatesView | None = None
        self.action = main_window.add_action(
            "customer", self.tr("Likely duplicates…"), self.open_duplicates,
            permission="customer.merge", name="action_duplicates",
        )
        main_window.views_cleared.connect(self.drop_panel)

    def open_duplicates(self) -> DuplicatesView:
        """Show the panel; the first time, search the file."""
        if self.view is None:
            self.view = DuplicatesView(self.context, self.main_window.open_customer)
            self.main_window.show_panel(self.view)
            self.view.refresh()
        else:
            self.main_window.show_panel(self.view)
        return self.view

    def drop_panel(self) -> None:
        """Destroy the panel and the names it shows (the app locked)."""
        if self.view is not None and isValid(self.view):
            self.view.setParent(None)
            self.view.deleteLater()
        self.view = None


def install(main_window: MainWindow, context: AppContext) -> DuplicatesMenu:
    """Add the likely-duplicates screen to ``main_window``'s Customers menu (once)."""
    installed = main_window.findChild(DuplicatesMenu)
    if isinstance(installed, DuplicatesMenu):
        return installed
    return DuplicatesMenu(main_window, context)
