"""Scanning customer after customer reuses one profile panel and shows only the newest one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.profile_view import ProfileView
from tests.ui.conftest import ShopData


def test_scanning_a_second_customer_switches_the_same_panel_to_them(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData
) -> None:
    edit = owner_window.search_panel.search_edit
    qtbot.keyClicks(edit, shop.zhang_card)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    first = owner_window.customer_panel
    assert isinstance(first, ProfileView)
    assert first.name_label.text() == "张三" and first.card_combo.count() == 1

    first.tabs.setCurrentWidget(first.purchases_tab)
    owner_window.open_customer(shop.li_id)
    second = owner_window.customer_panel
    assert second is first, "one panel, switched in place"
    assert second.name_label.text() == "李四"
    assert second.card_combo.count() == 0 and "139****5678" in second.facts_label.text()
    assert second.form.lines["phone"].text() == "139****5678", "masked, the owner too"
    assert owner_window.workspace.currentWidget() is second


def test_a_late_answer_for_the_previous_customer_is_ignored(
    owner_window: MainWindow, shop: ShopData
) -> None:
    owner_window.open_customer(shop.zhang_id)
    view = owner_window.customer_panel
    assert isinstance(view, ProfileView)
    stale = (view.customers.get(shop.zhang_id), view.card_service.cards_of(shop.zhang_id),
             view.quality_service.of(shop.zhang_id))
    owner_window.open_customer(shop.wang_id)
    view._loaded(stale)
    assert view.name_label.text() == "王五"
    assert view.card_combo.count() == 0
