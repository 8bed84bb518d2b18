"""Finding a customer at the counter: scanner, phone digits, names, pinyin, filters, paging."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.profile_view import ProfileView
from tests.ui.conftest import ShopData


def _names(window: MainWindow) -> list[str]:
    model = window.search_panel.model
    return [model.hit(row).name for row in range(model.rowCount())]


def _type(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type as a person does: keys, then the list updates after the pause."""
    edit = window.search_panel.search_edit
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.waitUntil(lambda: window.search_panel.model.query.text == text, timeout=2000)


def _type_chinese(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    # Chinese arrives from the input method as a committed string, not as key presses.
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def _opened_name(window: MainWindow) -> str:
    panel = window.customer_panel
    assert isinstance(panel, ProfileView)
    assert window.workspace.currentWidget() is panel
    return panel.name_label.text()


def test_a_scanned_card_number_and_enter_opens_its_holder(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData
) -> None:
    edit = owner_window.search_panel.search_edit
    assert edit.hasFocus(), "the search box has the keyboard when the window is idle"
    with qtbot.waitSignal(owner_window.open_customer_requested) as opened:
        qtbot.keyClicks(edit, shop.zhang_card)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert opened.args == [shop.zhang_id]
    assert _opened_name(owner_window) == "张三"
    assert edit.hasFocus() and edit.selectedText() == shop.zhang_card, "ready for the next scan"


def test_a_lost_card_still_finds_its_holder_and_says_the_card_is_lost(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    CardService(store, owner).report_lost(shop.zhang_card_id, "丢在公交车上")
    edit = owner_window.search_panel.search_edit
    qtbot.keyClicks(edit, shop.zhang_card)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert _opened_name(owner_window) == "张三"
    assert owner_window.statusBar().currentMessage() == f"卡号 {shop.zhang_card}：卡已挂失"


def test_pinyin_initials_list_the_name_as_you_type(
    qtbot: QtBot, owner_window: MainWindow
) -> None:
    _type(qtbot, owner_window, "zs")
    assert _names(owner_window) == ["张三"]
    assert owner_window.search_panel.count_label.text() == "共 1 位客户"


def test_chinese_characters_list_the_name(qtbot: QtBot, owner_window: MainWindow) -> None:
    edit = owner_window.search_panel.search_edit
    _type_chinese(qtbot, edit, "李")
    qtbot.waitUntil(lambda: _names(owner_window) == ["李四"], timeout=2000)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert _opened_name(owner_window) == "李四", "Enter opens the only match"


def test_phone_digits_list_phone_matches_and_enter_opens_the_only_one(
    qtbot: QtBot, owner_window: MainWindow
) -> None:
    _type(qtbot, owner_window, "1391234")
    assert _names(owner_window) == ["李四"]
    assert owner_window.search_panel.model.hit(0).phone == "139****5678", "masked, the owner too"
    qtbot.keyClick(owner_window.search_panel.search_edit, Qt.Key.Key_Return)
    assert _opened_name(owner_window) == "李四"


def test_down_arrow_and_enter_open_the_chosen_row(qtbot: QtBot, owner_window: MainWindow) -> None:
    _type(qtbot, owner_window, "13")
    assert _names(owner_window) == ["张三", "李四", "王五"]
    panel = owner_window.search_panel
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    assert panel.table.hasFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert _opened_name(owner_window) == "李四"


def test_an_unknown_number_says_nothing_matches_and_opens_nothing(
    qtbot: QtBot, owner_window: MainWindow
) -> None:
    edit = owner_window.search_panel.search_edit
    qtbot.keyClicks(edit, "99999999")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert owner_window.customer_panel is None
    assert owner_window.statusBar().currentMessage() == "没有找到与“99999999”相符的客户或会员卡。"
    assert owner_window.search_panel.count_label.text() == "没有与“99999999”相符的客户。"


def test_escape_clears_the_box_and_lists_everyone_again(
    qtbot: QtBot, owner_window: MainWindow
) -> None:
    _type(qtbot, owner_window, "zs")
    qtbot.keyClick(owner_window.search_panel.search_edit, Qt.Key.Key_Escape)
    assert owner_window.search_panel.search_edit.text() == ""
    assert _names(owner_window) == ["张三", "李四", "王五"]


def test_filters_by_tier_tag_and_status_and_follow_changes(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    panel = owner_window.search_panel
    panel.tier_filter.setCurrentIndex(panel.tier_filter.findText("金卡"))
    assert _names(owner_window) == ["张三"]
    panel.tier_filter.setCurrentIndex(0)
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findText("咖啡"))
    assert _names(owner_window) == ["张三"]
    panel.tag_filter.setCurrentIndex(0)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("terminated"))
    assert _names(owner_window) == []

    CustomerService(store, owner).terminate(shop.wang_id, "搬家了")
    assert _names(owner_window) == ["王五"], "the list follows the change without a refresh"


def test_the_list_fetches_more_pages_only_when_scrolled(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    customers = CustomerService(store, owner)
    for i in range(4):
        customers.create(CustomerInput(name=f"赵{'一二三四'[i]}", phone=f"1360000000{i}"))
    model = owner_window.search_panel.model
    model.page_size = 3
    model.refresh()
    assert model.rowCount() == 3 and model.canFetchMore()
    assert model.total_text() == "7"
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 7 and not model.canFetchMore()
    assert len(set(model.customer_id(row) for row in range(7))) == 7, "no row twice"


def test_a_clerk_sees_masked_phones_and_no_owner_menu(
    qtbot: QtBot, clerk_window: MainWindow, owner_window: MainWindow
) -> None:
    _type(qtbot, clerk_window, "1391234")
    assert clerk_window.search_panel.model.hit(0).phone == "139****5678"
    assert not clerk_window.menu("admin").menuAction().isVisible()
    assert owner_window.menu("admin").menuAction().isVisible()
    assert clerk_window.user_label.text() == "当前用户：clerk1（前台）"
