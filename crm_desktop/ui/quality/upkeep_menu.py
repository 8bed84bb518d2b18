"""Plugs the upkeep screens into the Customers menu: incomplete profiles and the sweep.

Both are for the roles that fix profiles (``customer.write``: owner and clerks; the
model layer refuses anyone else). Each opens as a panel of the main window, built
when first opened and kept while the window is unlocked, so going back to it from a
profile finds the list where it was; locking the app destroys them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.quality.completeness_view import CompletenessView
from crm_desktop.ui.quality.sweep_view import SweepView


class UpkeepMenu(QObject):
    """The two actions and the panels they open."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.completeness_view: CompletenessView | None = None
        self.sweep_view: SweepView | None = None
        self.completeness_action = main_window.add_action(
            "customer", self.tr("Incomplete profiles…"), self.open_completeness,
            permission="customer.write", name="action_completeness",
        )
        self.sweep_action = main_window.add_action(
            "customer", self.tr("Check stored values…"), self.open_sweep,
            permission="customer.write", name="action_sweep",
        )
        main_window.views_cleared.connect(self.drop_panels)

    def open_completeness(self) -> CompletenessView:
        if self.completeness_view is None:
            self.completeness_view = CompletenessView(self.context, self.main_window.open_customer)
            self.completeness_view.refresh()
        self.main_window.show_panel(self.completeness_view)
        return self.completeness_view

    def open_sweep(self) -> SweepView:
        if self.sweep_view is None:
            self.sweep_view = SweepView(self.context, self.main_window.open_customer)
        self.main_window.show_panel(self.sweep_view)
        return self.sweep_view

    def drop_panels(self) -> None:
        """Destroy the panels and the names they show (the app locked)."""
        for panel in (self.completeness_view, self.sweep_view):
            if panel is not None and isValid(panel):
                _destroy(panel)
        self.completeness_view = None
        self.sweep_view = None


def _destroy(panel: QWidget) -> None:
    panel.setParent(None)
    panel.deleteLater()


def install(main_window: MainWindow, context: AppContext) -> UpkeepMenu:
    """Add the upkeep screens to ``main_window``'s Customers menu (once)."""
    installed = main_window.findChild(UpkeepMenu)
    if isinstance(installed, UpkeepMenu):
        return installed
    return UpkeepMenu(main_window, context)
