"""What a signed-in owner gets: every screen installed and every command-line verb present.

A screen or verb whose module fails to import fails here loudly, instead of
silently going missing from the menus.
"""

from __future__ import annotations

import argparse

from crm_desktop.__main__ import build_parser
from crm_desktop.app import SCREEN_MODULES
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.profile_view import ProfileView
from crm_desktop.ui.today_view import TodayView
from tests.ui.conftest import ShopData


def test_every_screen_is_in_the_owners_menus(owner_window: MainWindow) -> None:
    assert SCREEN_MODULES == (
        "crm_desktop.ui.owner_menu", "crm_desktop.ui.owner.items_view",
        "crm_desktop.ui.owner.starter_set_menu", "crm_desktop.ui.owner.receipt_settings_menu",
        "crm_desktop.ui.owner.approval_menu", "crm_desktop.ui.owner.server_move_menu",
        "crm_desktop.ui.customer_actions",
        "crm_desktop.ui.counter.shift_menu", "crm_desktop.ui.insights",
        "crm_desktop.ui.insights.sales_view", "crm_desktop.ui.excel", "crm_desktop.ui.backup_menu",
        "crm_desktop.ui.privacy", "crm_desktop.ui.quality.duplicates_menu",
        "crm_desktop.ui.quality.upkeep_menu",
    )
    names = {action.objectName() for action in owner_window.findChildren(type(
        owner_window.lock_action)) if action.objectName()}
    for wanted in ("action_issue_card", "action_backup_now", "action_restore",
                   "action_duplicates", "action_completeness", "action_sweep", "action_items",
                   "action_sales", "action_approval_rules", "action_starter_set",
                   "action_receipt_settings", "action_open_shift", "action_close_shift",
                   "action_day_end", "action_server_move"):
        assert wanted in names, wanted
    assert isinstance(owner_window.today_panel, TodayView)
    menus = {key: owner_window.menu(key).actions() for key in ("customer", "card", "report",
                                                               "admin", "file")}
    assert all(menus.values()), "no menu is left empty"


def test_an_opened_customer_shows_as_a_profile(owner_window: MainWindow, shop: ShopData) -> None:
    owner_window.open_customer(shop.zhang_id)
    assert isinstance(owner_window.customer_panel, ProfileView)
    assert owner_window.customer_panel.name_label.text() == "张三"


def test_every_command_line_verb_is_there() -> None:
    parser = build_parser()
    verbs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(verbs.choices) == {
        "init", "demo", "check", "user", "recover", "import", "export", "backup", "restore",
        "person", "retention", "rekey", "duplicates", "merge", "sweep", "day-close", "server",
    }
