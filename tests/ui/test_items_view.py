"""The owner's list of services and products through the real screen on a real encrypted file:
adding an item with a barcode, a taken barcode refused beside the field, taking an item off the
list, and a clerk who sees the list but cannot change it."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.services.item_records import ItemInput
from crm_desktop.models.services.items import ItemService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.items_dialog import ItemDialog
from crm_desktop.ui.owner.items_view import ItemsView, install
from crm_desktop.ui.owner.yuan import yuan_amount


def _rows(view: ItemsView) -> list[list[str]]:
    table = view.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_owner_adds_an_item_with_a_barcode_and_the_counter_finds_it(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    menu = install(owner_window, owner_window.context)
    assert menu.items_action.isVisible()
    assert install(owner_window, owner_window.context) is menu, "installed once"
    admin = [a.objectName() for a in owner_window.menu("admin").actions() if a.isVisible()]
    assert admin.index("action_items") == admin.index("action_new_recovery_key") - 2, (
        "with the owner's screens, above the separator before the recovery key")
    view = menu.open_items().view
    assert isinstance(view, ItemsView)
    assert view.table.rowCount() == 0

    view.new_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, ItemDialog)
    dialog.name_edit.insert("拿铁")
    dialog.category_edit.insert("饮品")
    qtbot.keyClicks(dialog.price_edit, "28")
    qtbot.keyClicks(dialog.barcode_edit, "6901234567892")
    dialog.favourite_check.setChecked(True)
    dialog.save_button.click()

    assert not dialog.isVisible(), dialog.error_label.text()
    assert _rows(view) == [["拿铁", "饮品", yuan_amount(2800), "6901234567892", "", view.tr("yes"),
                            view.tr("on the list")]]
    assert view.info_label.text() == view.tr("Item %1 saved.").replace("%1", "拿铁")
    found = ItemService(store, owner).by_barcode("6901234567892")
    assert found is not None and (found.name, found.price_fen, found.favourite) == (
        "拿铁", 2800, True)

    # A second item with the same barcode is refused beside the barcode; nothing is saved.
    view.new_button.click()
    second = view.active_dialog
    assert isinstance(second, ItemDialog)
    second.name_edit.insert("美式")
    qtbot.keyClicks(second.price_edit, "22")
    qtbot.keyClicks(second.barcode_edit, "6901234567892")
    second.save_button.click()
    assert second.isVisible()
    assert "条码 6901234567892 已经用在“拿铁”上了" in second.error_label.text()
    assert second.barcode_edit.styleSheet(), "the barcode box is marked"
    assert [i.name for i in ItemService(store, owner).list()] == ["拿铁"]
    second.barcode_edit.clear()
    second.save_button.click()
    assert not second.isVisible()
    assert sorted(r[0] for r in _rows(view)) == sorted(["拿铁", "美式"])


def test_editing_keeps_what_was_there_and_off_the_list_hides_an_item(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    items = ItemService(store, owner)
    cut = items.create(ItemInput("洗剪吹", "美发", 6800, uses_visit=True))
    view = install(owner_window, owner_window.context).open_items().view
    assert isinstance(view, ItemsView)
    assert view.select_key(cut.id)
    view.edit_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, ItemDialog)
    assert (dialog.name_edit.text(), dialog.price_edit.text(),
            dialog.uses_visit_check.isChecked()) == ("洗剪吹", "68", True)
    dialog.price_edit.setText("78")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert items.get(cut.id).price_fen == 7800
    assert _rows(view)[0][2] == yuan_amount(7800)

    assert view.active_button.text() == view.tr("Take off the list")
    view.active_button.click()
    assert view.table.rowCount() == 0
    assert items.list() == []
    view.show_inactive.setChecked(True)
    assert _rows(view)[0][6] == view.tr("off the list")
    view.select_key(cut.id)
    assert view.active_button.text() == view.tr("Put back on the list")
    view.active_button.click()
    assert [i.name for i in items.list()] == ["洗剪吹"]


def test_a_clerk_sees_the_list_but_cannot_change_it(
    qtbot: QtBot, clerk_window: MainWindow, clerk_account: Actor, store: Store, owner: Actor
) -> None:
    ItemService(store, owner).create(ItemInput("拿铁", "饮品", 2800))
    menu = install(clerk_window, clerk_window.context)
    assert not menu.items_action.isVisible(), "no Shop admin entry for a clerk"

    view = ItemsView(AppContext(store, clerk_account, clerk_window.context.runner,
                                clerk_window.context.bus))
    qtbot.addWidget(view)
    assert [r[0] for r in _rows(view)] == ["拿铁"]
    for button in (view.new_button, view.edit_button, view.active_button):
        assert not button.isVisibleTo(view)
    view.activate_row()
    assert view.active_dialog is None, "Enter on a row opens nothing for a clerk"

    with pytest.raises(PermissionDenied) as refused:
        ItemService(store, clerk_account).create(ItemInput("美式", "饮品", 2200))
    assert str(refused.value) == "前台账号无权管理卡种和等级。"
    assert [i.name for i in ItemService(store, owner).list()] == ["拿铁"]
