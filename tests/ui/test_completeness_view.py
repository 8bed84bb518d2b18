"""The upkeep screens through real widgets: the incomplete profiles, most valuable first, each
opening its profile and saying so once completed; and the sweep's list of stored values
today's rules refuse, opening the profile to correct them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.completeness import CompletenessService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store
from crm_desktop.ui import customer_actions
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.profile_view import ProfileView
from crm_desktop.ui.quality import upkeep_menu
from crm_desktop.ui.quality.completeness_view import CompletenessView
from crm_desktop.ui.quality.ranked_profiles_model import RankedProfilesModel
from crm_desktop.ui.quality.sweep_view import SweepView
from tests.ui.conftest import ShopData, WindowFactory

FULL = dict(gender="女", birthday="1990-05-06", email="a@example.com",
            id_number="11010519491231002X", address="长安街 1 号", province="北京", source="到店",
            need_type="品质敏感", tags=("咖啡",))


def _install(window: MainWindow) -> upkeep_menu.UpkeepMenu:
    customer_actions.install(window, window.context)
    return upkeep_menu.install(window, window.context)


def _names(view: CompletenessView) -> list[str]:
    model = view.model
    return [model.index(row, RankedProfilesModel.NAME).data() for row in range(model.rowCount())]


def _open_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    table.selectRow(row)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)


def test_incomplete_profiles_most_valuable_first_open_and_update(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    cards = CardService(store, owner)
    cards.top_up(shop.zhang_card_id, 80_000)  # 张三: ¥800 stored
    card_type = CatalogService(store, owner).create_card_type("次卡", "stored_value", price_fen=0)
    cards.top_up(cards.issue(shop.wang_id, card_type.id).id, 10_000)  # 王五: ¥100
    menu = _install(owner_window)

    owner_window.findChild(QAction, "action_completeness").trigger()
    view = menu.completeness_view
    assert isinstance(view, CompletenessView)
    assert owner_window.workspace.currentWidget() is view
    assert _names(view) == ["张三", "王五", "李四"]
    model = view.model
    assert model.index(0, RankedProfilesModel.BALANCE).data() == "800.00"
    assert model.index(0, RankedProfilesModel.PHONE).data() == "138****8000"
    assert "生日" in model.index(0, RankedProfilesModel.MISSING).data()
    assert "3" in view.summary_label.text()

    _open_row(qtbot, view.table, 1)
    profile = owner_window.customer_panel
    assert isinstance(profile, ProfileView) and profile.customer_id == shop.wang_id

    customers = CustomerService(store, owner)
    record = customers.get(shop.wang_id)
    customers.update(shop.wang_id, replace(CustomerInput.from_record(record), **FULL),
                     record.version)
    menu.open_completeness()
    assert model.index(1, RankedProfilesModel.MISSING).data() == model.tr("complete now")
    assert model.index(1, RankedProfilesModel.SCORE).data() == "100%"
    qtbot.mouseClick(view.rank_button, Qt.MouseButton.LeftButton)
    assert _names(view) == ["张三", "李四"]


def test_the_list_shows_only_who_lacks_a_chosen_fact(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    customers = CustomerService(store, owner)
    record = customers.get(shop.li_id)
    customers.update(shop.li_id, replace(CustomerInput.from_record(record),
                                         birthday="1985-01-01"), record.version)
    view = _install(owner_window).open_completeness()
    combo = view.missing_combo
    combo.setCurrentIndex(combo.findData("birthday"))
    combo.activated.emit(combo.currentIndex())
    assert _names(view) == ["张三", "王五"]
    assert view.summary_label.text() == view.tr("%1 active customers lack this.").replace("%1", "2")


def test_an_accountant_has_no_upkeep_screens(
    make_window: WindowFactory, accountant: Actor
) -> None:
    window = make_window(accountant)
    _install(window)
    assert not window.findChild(QAction, "action_completeness").isVisible()
    assert not window.findChild(QAction, "action_sweep").isVisible()


def test_the_sweep_lists_refused_values_masked_and_opens_the_profile(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store
) -> None:
    with store.write() as session:  # values from before today's rules
        li = session.get(Customer, shop.li_id)
        wang = session.get(Customer, shop.wang_id)
        assert li is not None and wang is not None
        li.phone = "12012345678"
        wang.email = "wang@"
    menu = _install(owner_window)
    owner_window.findChild(QAction, "action_sweep").trigger()
    view = menu.sweep_view
    assert isinstance(view, SweepView)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)

    model = view.model
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert [row[:3] for row in rows] == [["李四 (#2)", "手机号", "120****5678"],
                                        ["王五 (#3)", "邮箱", "wang@"]]
    assert rows[0][3].startswith("电话号码不正确")
    assert view.summary_label.text() == view.tr(
        "Checked %1 customers: %2 values to look at.").replace("%1", "3").replace("%2", "2")

    view.field_combo.setCurrentIndex(view.field_combo.findData("email"))
    view.field_combo.activated.emit(view.field_combo.currentIndex())
    assert model.rowCount() == 1
    _open_row(qtbot, view.table, 0)
    profile = owner_window.customer_panel
    assert isinstance(profile, ProfileView) and profile.customer_id == shop.wang_id


def test_rows_beyond_the_first_page_are_read_when_shown(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    service = CompletenessService(store, owner)
    ids = service.ranking("completeness").ids
    model = RankedProfilesModel(owner_window.context.runner, service.rows, page_size=2)
    model.set_ids(ids)
    assert model.index(0, RankedProfilesModel.NAME).data() != "…"
    assert model.index(2, RankedProfilesModel.NAME).data() == "…", "not read yet"
    qtbot.waitUntil(lambda: model.index(2, RankedProfilesModel.NAME).data() != "…")
    assert model.index(2, RankedProfilesModel.PHONE).data().startswith("13")
