"""The Today panel through the real widget: the four lists from a real file, an item opens
its customer (Enter or double click), and a new complaint shows without a restart."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.today_view import TodayView
from tests.ui.conftest import ShopData

TODAY = date.today()


def _texts(items: QListWidget) -> list[str]:
    return [items.item(i).text() for i in range(items.count())]


def _row_of(items: QListWidget, name: str) -> int:
    return next(i for i in range(items.count()) if items.item(i).text().startswith(name))


@pytest.fixture
def today_data(store: Store, owner: Actor, shop: ShopData) -> dict[str, int]:
    """陈一 has a birthday today (born 1992, a leap year, so 29 February works too), 周二
    a follow-up due today, 张三 an open complaint, 李四 a card expiring at month end;
    吴三 shares the birthday but their file is terminated."""
    customers = CustomerService(store, owner)
    born = TODAY.replace(year=1992)
    chen = customers.create(CustomerInput(name="陈一", phone="13600001234", birthday=born))
    zhou = customers.create(CustomerInput(name="周二", phone="13600005678"))
    gone = customers.create(CustomerInput(name="吴三", phone="13600009999", birthday=born))
    customers.terminate(gone.id, "搬家了")
    engagement = EngagementService(store, owner)
    engagement.log_interaction(zhou.id, "call", "回访新卡使用情况", follow_up_on=TODAY)
    engagement.open_feedback(shop.zhang_id, "complaint", "服务", "排队太久")
    month_end = TODAY.replace(day=calendar.monthrange(TODAY.year, TODAY.month)[1])
    card_type = CatalogService(store, owner).create_card_type("月卡", "period", validity_days=30)
    CardService(store, owner).issue(shop.li_id, card_type.id, expires_on=month_end)
    return {"chen": chen.id, "zhou": zhou.id}


@pytest.fixture
def today_window(owner_window: MainWindow, today_data: dict[str, int]) -> MainWindow:
    owner_window.today_panel.refresh()  # the data was written after the window opened
    return owner_window


def test_the_four_lists_show_who_needs_attention_today(
    today_window: MainWindow, today_data: dict[str, int]
) -> None:
    view = today_window.today_panel
    assert isinstance(view, TodayView)
    assert today_window.workspace.currentWidget() is view

    birthdays = _texts(view.birthday_list)
    assert birthdays[0] == view.tr("Today")
    assert birthdays[1] == "陈一 · " + view.tr("turns %1").replace("%1", str(TODAY.year - 1992))
    assert not any("吴三" in text for text in birthdays), "a terminated file is no one to greet"
    assert _texts(view.follow_up_list) == [
        " · ".join(("周二", view.tr("due today"), view.tr("call"), "回访新卡使用情况"))
    ]
    complaints = _texts(view.complaint_list)
    assert len(complaints) == 1 and complaints[0].startswith("张三 · 服务 · ")
    cards = _texts(view.card_list)
    assert len(cards) == 1 and cards[0].startswith("李四 · 月卡 · ")
    assert view.follow_up_box.title() == view.tr("Follow-ups due (%1)").replace("%1", "1")
    assert view.birthday_box.title() == view.tr("Birthdays (%1 today)").replace("%1", "1")
    assert view.date_label.text().startswith(TODAY.isoformat())


def test_enter_on_an_item_opens_that_customer(
    qtbot: QtBot, today_window: MainWindow, today_data: dict[str, int]
) -> None:
    view = today_window.today_panel
    follow_ups = view.follow_up_list
    follow_ups.setFocus()
    follow_ups.setCurrentRow(0)
    with qtbot.waitSignal(today_window.open_customer_requested) as opened:
        qtbot.keyClick(follow_ups, Qt.Key.Key_Return)
    assert opened.args == [today_data["zhou"]]
    assert today_window.customer_panel is not None
    assert today_window.customer_panel.customer_id == today_data["zhou"]

    # A heading is not a customer: activating it opens nothing.
    today_window.show_today()
    heading = view.birthday_list.item(0)
    with qtbot.assertNotEmitted(today_window.open_customer_requested):
        view.birthday_list.itemActivated.emit(heading)
    row = _row_of(view.birthday_list, "陈一")
    with qtbot.waitSignal(today_window.open_customer_requested) as opened:
        view.birthday_list.itemActivated.emit(view.birthday_list.item(row))
    assert opened.args == [today_data["chen"]]


def test_a_new_complaint_and_a_done_follow_up_show_without_a_restart(
    qtbot: QtBot, today_window: MainWindow, store: Store, owner: Actor, today_data: dict[str, int]
) -> None:
    view = today_window.today_panel
    engagement = EngagementService(store, owner)
    engagement.open_feedback(today_data["chen"], "complaint", "价格", "价格不清楚")
    due = engagement.follow_ups_due(TODAY)
    engagement.complete_follow_up(due[0].interaction_id)

    qtbot.waitUntil(lambda: view.complaint_list.count() == 2, timeout=3000)
    assert [t.split(" · ")[0] for t in _texts(view.complaint_list)] == ["张三", "陈一"]
    assert _texts(view.follow_up_list) == [view.tr("Nothing due.")]
    assert view.complaint_box.title() == view.tr("Open complaints (%1)").replace("%1", "2")


def test_a_fixed_day_with_nothing_due_says_so_in_each_list(
    qtbot: QtBot, owner_window: MainWindow
) -> None:
    view = TodayView(owner_window.context, "测试小店", clock=lambda: date(2001, 1, 10))
    qtbot.addWidget(view)

    assert _texts(view.birthday_list) == [view.tr("No birthdays this week.")]
    for items in (view.follow_up_list, view.complaint_list, view.card_list):
        assert _texts(items) == [view.tr("Nothing due.")]
    assert view.summary is not None and view.summary.on_date == date(2001, 1, 10)
    assert view.date_label.text() == "2001-01-10 " + view.tr("Wed")
