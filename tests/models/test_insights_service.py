"""Tier, segment and chart figures are refused to a clerk by the model layer itself."""

from __future__ import annotations

from datetime import date

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.services.insights_service import InsightsService
from crm_desktop.models.store.store import Store
from crm_desktop.reports.chart_data import ChartRequest
from crm_desktop.reports.chart_service import ChartService

pytestmark = pytest.mark.both_backends


def test_clerk_is_refused_money_figures_and_accountant_reads_them(
    store: Store, clerk: Actor, accountant: Actor
) -> None:
    with pytest.raises(PermissionDenied, match="前台账号无权"):
        InsightsService(store, clerk).tier_overview(date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(PermissionDenied, match="前台账号无权"):
        InsightsService(store, clerk).segments()
    with pytest.raises(PermissionDenied, match="前台账号无权"):
        ChartService(store, clerk).render("takings", ChartRequest(date(2026, 1, 1), date(2026, 12, 31)))
    assert InsightsService(store, accountant).segments().customers == 0
