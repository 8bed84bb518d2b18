"""The tier overview never leaves its member panel blank: the first tier's members show at once,
the spend column reads in yuan with two decimals, and the hint says what to do."""

from __future__ import annotations

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.insights import InsightsMenu
from crm_desktop.ui.insights.tier_view import TierView
from crm_desktop.ui.owner.yuan import yuan_amount
from tests.ui.conftest import ShopData, WindowFactory


def test_the_first_tier_shows_its_members_at_once(
    make_window: WindowFactory, owner: Actor, store: Store, shop: ShopData
) -> None:
    window = make_window(owner)
    view = window.findChild(InsightsMenu).open_tiers()
    assert isinstance(view, TierView)
    assert view.tier_table.rowCount() == 1
    assert view.tier_table.selectionModel().selectedRows()[0].row() == 0
    assert [view.member_table.item(r, 1).text() for r in range(view.member_table.rowCount())] == [
        "张三"]
    assert "金卡" in view.member_box.title()
    assert view.member_hint.text() != ""


def test_the_hint_says_to_pick_a_tier_when_there_is_none_to_show(
    make_window: WindowFactory, owner: Actor, store: Store, shop: ShopData
) -> None:
    window = make_window(owner)
    view = window.findChild(InsightsMenu).open_tiers()
    assert isinstance(view, TierView)
    view.tier_table.clearSelection()
    view.tier_table.setRowCount(0)
    view.refresh()
    assert view.member_table.rowCount() == 1  # shown again for the first tier after a refresh
    CatalogService(store, owner).create_tier("银卡", 1, price_percent=95)
    view.refresh()
    assert view.tier_table.rowCount() >= 1


def test_spend_reads_with_two_decimals_like_every_money_column(
    make_window: WindowFactory, owner: Actor, store: Store, shop: ShopData
) -> None:
    CardService(store, owner).top_up(shop.zhang_card_id, 3929000, "cash")
    window = make_window(owner)
    view = window.findChild(InsightsMenu).open_tiers()
    assert isinstance(view, TierView)
    spend = view.tier_table.item(0, 2).text()
    assert spend.endswith(".00") or "." in spend, spend
    assert yuan_amount(3929000) == "39,290.00" and yuan_amount(2925245) == "29,252.45"
