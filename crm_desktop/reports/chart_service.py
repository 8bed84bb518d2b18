"""Charts as a service: the role is checked in the model layer before a figure is built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crm_desktop.models.services.base import Service
from crm_desktop.reports.chart_data import ChartRequest

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DASHBOARD_KEY = "dashboard"


class ChartService(Service):
    """Money charts for the owner and the accountant (``export.bulk``)."""

    def render(self, key: str, request: ChartRequest) -> Figure:
        """One chart by key, or the dashboard for ``DASHBOARD_KEY``."""
        from crm_desktop.reports.charts import build_chart, build_dashboard

        with self._read("export.bulk") as session:
            if key == DASHBOARD_KEY:
                return build_dashboard(session, request)
            return build_chart(session, key, request)
