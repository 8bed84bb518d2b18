"""The tier view counts the file's members per tier and opens a member's profile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Card
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.insights import InsightsMenu
from crm_desktop.ui.insights.tier_view import TierView


def members_in_file(store: Store) -> dict[str, int]:
    with store.read() as session:
        rows = session.execute(
            select(Card.tier_id, func.count()).where(Card.status == "active").group_by(Card.tier_id)
        ).all()
    return {str(tier_id): int(n) for tier_id, n in rows}


def table_counts(view: TierView) -> dict[str, int]:
    counts = {}
    for row in range(view.tier_table.rowCount()):
        tier_id = view.tier_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        counts[str(tier_id)] = int(view.tier_table.item(row, 1).text())
    return {k: v for k, v in counts.items() if v}


def test_members_per_tier_match_the_file_and_a_member_opens(
    qtbot: QtBot, make_window, owner: Actor, store: Store, shop
) -> None:
    catalog = CatalogService(store, owner)
    silver = catalog.create_tier("银卡", 1, price_percent=95)
    kind = catalog.create_card_type("次卡", "stored_value", price_fen=0)
    cards = CardService(store, owner)
    cards.issue(shop.li_id, kind.id, tier_id=shop.tier_id)
    cards.issue(shop.wang_id, kind.id, tier_id=silver.id)
    window = make_window(owner)
    view = window.findChild(InsightsMenu).open_tiers()
    assert isinstance(view, TierView)

    assert table_counts(view) == members_in_file(store) == {
        str(shop.tier_id): 2, str(silver.id): 1
    }
    names = [view.tier_table.item(r, 0).text() for r in range(view.tier_table.rowCount())]
    assert names == ["银卡", "金卡"]
    assert view.review_button.isVisible()

    view.select_tier(names.index("金卡"))
    shown = [view.member_table.item(r, 1).text() for r in range(view.member_table.rowCount())]
    assert shown == ["张三", "李四"]
    spot = view.member_table.visualItemRect(view.member_table.item(1, 1)).center()
    viewport = view.member_table.viewport()
    with qtbot.waitSignal(window.open_customer_requested, timeout=1000) as opened:
        # A double click is a press, then the double-click event on the same row.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=spot)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=spot)
    assert opened.args == [shop.li_id]
    assert window.workspace.currentWidget() is window.customer_panel


def test_review_before_its_date_is_refused_and_changes_nothing(
    make_window, owner: Actor, store: Store, shop
) -> None:
    window = make_window(owner)
    view = window.findChild(InsightsMenu).open_tiers()
    before = members_in_file(store)
    view.run_review()
    assert "还没有设置等级复核日" in view.status_label.text()
    assert members_in_file(store) == before


def test_an_accountant_reads_tiers_but_cannot_run_a_review(
    make_window, store: Store, owner: Actor, shop
) -> None:
    from crm_desktop.models.services.users import UserService

    UserService(store, owner).add("books1", "accountant", "books-pass-1")
    window = make_window(store.actor_for("books1"))
    view = window.findChild(InsightsMenu).open_tiers()
    assert table_counts(view) == {str(shop.tier_id): 1}
    assert not view.review_button.isVisible()
