"""The owner's retention list: the period saved or refused with its sentence, customers kept
past it listed, erased after a reason and a confirmation, and the list emptied."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.privacy import PrivacyMenu
from crm_desktop.ui.privacy.erase_dialog import EraseDialog
from crm_desktop.ui.privacy.retention_dialog import RetentionDialog
from tests.ui.conftest import ShopData

DEFAULT_DAYS = 3 * 365


def open_retention(window: MainWindow) -> RetentionDialog:
    menu = window.findChild(PrivacyMenu, "privacy_menu")
    assert isinstance(menu, PrivacyMenu)
    dialog = menu.open_retention()
    assert dialog.isVisible()
    return dialog


def listed(dialog: RetentionDialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    rows = []
    for row in range(table.rowCount()):
        cells = [cell.text() if (cell := table.item(row, c)) else "" for c in range(3)]
        rows.append((cells[0], cells[1], cells[2]))
    return rows


def terminate(store: Store, owner: Actor, customer_id: int, at: datetime | None = None) -> None:
    CustomerService(store, owner).terminate(customer_id, "不再来了")
    if at is not None:
        with store.write() as session:
            session.execute(text("UPDATE customers SET terminated_at = :at WHERE id = :id"),
                            {"at": at, "id": customer_id})


def test_a_customer_terminated_long_ago_is_listed_and_erasing_removes_them(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    terminate(store, owner, shop.li_id, datetime(2015, 3, 1, 10, 0))
    terminate(store, owner, shop.wang_id)  # ended today: not due yet
    dialog = open_retention(owner_window)

    assert dialog.days_spin.value() == DEFAULT_DAYS
    assert listed(dialog) == [(str(shop.li_id), "李四", "2015-03-01")]
    assert not dialog.erase_button.isEnabled(), "nothing selected yet"
    dialog.select_all_button.click()
    assert dialog.erase_button.isEnabled()

    erase = dialog.erase_selected()
    assert isinstance(erase, EraseDialog) and erase.isVisible()
    assert erase.reason_edit.text() == dialog.tr("Past the retention period")
    erase.confirm_box.setChecked(True)
    erase.erase_button.click()

    assert not erase.isVisible()
    assert listed(dialog) == [] and not dialog.table.isVisible()
    assert dialog.list_label.text() == dialog.tr(
        "Nothing is due: no terminated customer is kept longer than the retention period.")
    assert dialog.done_label.isVisible() and f"#{shop.li_id}" in dialog.done_label.text()
    erased = CustomerService(store, owner).get(shop.li_id)
    assert erased.status == "anonymised" and erased.phone is None
    assert CustomerService(store, owner).get(shop.wang_id).name == "王五"


def test_a_named_reason_for_the_list_is_refused_and_the_customer_stays_listed(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    terminate(store, owner, shop.li_id, datetime(2015, 3, 1, 10, 0))
    dialog = open_retention(owner_window)
    dialog.select_all_button.click()
    erase = dialog.erase_selected()
    assert erase is not None
    erase.reason_edit.setText("李四超期")
    erase.confirm_box.setChecked(True)
    erase.erase_button.click()

    assert erase.isVisible() and "请不要写客户的姓名" in erase.error_label.text()
    erase.reject()
    assert listed(dialog) == [(str(shop.li_id), "李四", "2015-03-01")]
    assert CustomerService(store, owner).get(shop.li_id).status == "terminated"


def test_a_period_out_of_range_gets_the_sentence_and_the_period_stays(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    terminate(store, owner, shop.li_id, datetime(2024, 1, 1, 10, 0))
    dialog = open_retention(owner_window)
    dialog.days_spin.setValue(7)
    dialog.save_days_button.click()

    assert "保存期限应为 30 到 36500 天" in dialog.days_error.text()
    assert dialog.days_error.isVisible() and dialog.days_spin.value() == 7
    assert PrivacyService(store, owner).retention_days() == DEFAULT_DAYS

    dialog.days_spin.setValue(30)
    dialog.save_days_button.click()
    assert not dialog.days_error.isVisible()
    assert PrivacyService(store, owner).retention_days() == 30
    assert [row[1] for row in listed(dialog)] == ["李四"], "the shorter period lists her"


def test_with_nothing_due_the_list_says_so(owner_window: MainWindow, shop: ShopData) -> None:
    dialog = open_retention(owner_window)
    assert not dialog.table.isVisible()
    assert dialog.list_label.text() == dialog.tr(
        "Nothing is due: no terminated customer is kept longer than the retention period.")
    assert not dialog.select_all_button.isEnabled() and not dialog.erase_button.isEnabled()
