"""Plugs the owner's analysis screens into the Reports menu (报表).

Who sees what:

- Charts, tiers and customer segments show takings, spend and stored value, so
  they are for the roles that may export the shop's figures (``export.bulk``:
  owner and accountant). The accountant's views are read-only: "Run tier review"
  needs ``catalog.manage`` (owner).
- Customer care lists (whom to greet or call) are for everyone (``customer.read``);
  a clerk sees masked phone numbers and may mark customers contacted, but may not
  export the list (``export.bulk``); an accountant may export but not log contacts.

Each screen is built when first opened and stays in the workspace afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow

MONEY_PERMISSION = "export.bulk"


class InsightsMenu(QObject):
    """The Reports menu's analysis actions and the panels they open (built lazily)."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.chart_panel: QWidget | None = None
        self.tier_view: QWidget | None = None
        self.care_view: QWidget | None = None
        self.segments_view: QWidget | None = None
        add = main_window.add_action
        self.care_action = add(
            "report", self.tr("Customer care…"), self.open_care,
            permission="customer.read", name="action_care",
        )
        self.charts_action = add(
            "report", self.tr("Charts…"), self.open_charts,
            permission=MONEY_PERMISSION, name="action_charts",
        )
        self.tiers_action = add(
            "report", self.tr("Tier overview…"), self.open_tiers,
            permission=MONEY_PERMISSION, name="action_tier_overview",
        )
        self.segments_action = add(
            "report", self.tr("Customer segments…"), self.open_segments,
            permission=MONEY_PERMISSION, name="action_segments",
        )

        main_window.views_cleared.connect(self.drop_panels)

    def drop_panels(self) -> None:
        """Destroy the panels and what they show (the app locked); they are rebuilt when opened."""
        for name in ("chart_panel", "tier_view", "care_view", "segments_view"):
            panel = getattr(self, name)
            if panel is not None and isValid(panel):
                panel.setParent(None)
                panel.deleteLater()
            setattr(self, name, None)

    def open_charts(self) -> QWidget:
        from crm_desktop.ui.insights.chart_panel import ChartPanel

        if self.chart_panel is None:
            self.chart_panel = ChartPanel(self.context)
        self.main_window.show_panel(self.chart_panel)
        return self.chart_panel

    def open_tiers(self) -> QWidget:
        from crm_desktop.ui.insights.tier_view import TierView

        if self.tier_view is None:
            self.tier_view = TierView(self.context, self.main_window.open_customer)
        self.main_window.show_panel(self.tier_view)
        self.tier_view.refresh()  # type: ignore[attr-defined]
        return self.tier_view

    def open_care(self) -> QWidget:
        from crm_desktop.ui.insights.care_view import CareView

        if self.care_view is None:
            self.care_view = CareView(self.context)
        self.main_window.show_panel(self.care_view)
        self.care_view.refresh()  # type: ignore[attr-defined]
        return self.care_view

    def open_segments(self) -> QWidget:
        from crm_desktop.ui.insights.segments_view import SegmentsView

        if self.segments_view is None:
            self.segments_view = SegmentsView(self.context, self.main_window.open_customer)
        self.main_window.show_panel(self.segments_view)
        self.segments_view.refresh()  # type: ignore[attr-defined]
        return self.segments_view


def install(main_window: MainWindow, context: AppContext) -> InsightsMenu:
    """Add the analysis screens to the Reports menu of ``main_window`` (once)."""
    installed = main_window.findChild(InsightsMenu)
    if isinstance(installed, InsightsMenu):
        return installed
    return InsightsMenu(main_window, context)
