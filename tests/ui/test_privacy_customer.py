"""A person's rights from the Customer menu: consent withdrawn and its history, the access
export, and erasure with its refusals; a clerk sees only what a clerk may do."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.privacy import PrivacyMenu
from crm_desktop.ui.privacy.consent_history_dialog import ConsentHistoryDialog
from crm_desktop.ui.privacy.erase_dialog import EraseDialog
from crm_desktop.ui.privacy.withdraw_consent_dialog import WithdrawConsentDialog
from crm_desktop.ui.profile.profile_view import ProfileView
from tests.ui.conftest import ShopData

NAMED_REASON = "原因会永久留在操作日志里，请不要写客户的姓名、电话或证件号。"


def privacy_menu(window: MainWindow) -> PrivacyMenu:
    menu = window.findChild(PrivacyMenu, "privacy_menu")
    assert isinstance(menu, PrivacyMenu)
    return menu


def open_profile(window: MainWindow, customer_id: int) -> ProfileView:
    window.open_customer(customer_id)
    view = window.customer_panel
    assert isinstance(view, ProfileView) and view.customer_id == customer_id
    return view


def test_withdrawn_consent_is_off_in_the_file_and_shows_in_the_history(
    owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    customers = CustomerService(store, owner)
    star = customers.create(CustomerInput(name="周星星", phone="13800003333",
                                          marketing_consent=True, consent_channel="paper_form"))
    open_profile(owner_window, star.id)
    menu = privacy_menu(owner_window)

    dialog = menu.withdraw_consent()
    assert isinstance(dialog, WithdrawConsentDialog) and dialog.isVisible()
    assert "周星星" in dialog.intro_label.text()
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData("phone"))
    dialog.ok_button.click()

    assert not dialog.isVisible()
    assert customers.get(star.id).marketing_consent is False
    assert owner_window.statusBar().currentMessage() == menu.tr(
        "Marketing consent withdrawn: the customer is off every greeting list.")

    history = menu.consent_history()
    assert isinstance(history, ConsentHistoryDialog)
    table = history.table
    rows = [[cell.text() if (cell := table.item(r, c)) else "" for c in range(4)]
            for r in range(table.rowCount())]
    assert [row[1:] for row in rows] == [
        [history.tr("Given"), "纸质表格", "boss"],
        [history.tr("Withdrawn"), "电话", "boss"],
    ]
    assert rows[1][0].startswith(date.today().isoformat())
    history.reject()

    again = menu.withdraw_consent()
    assert again is not None
    again.ok_button.click()
    assert again.isVisible(), "a refusal keeps the dialog open"
    assert "没有同意接收营销信息，无需撤回" in again.error_label.text()
    assert len(PrivacyService(store, owner).consent_history(star.id)) == 2, "nothing recorded"


def test_with_no_customer_on_screen_the_status_bar_says_to_open_one(
    owner_window: MainWindow,
) -> None:
    menu = privacy_menu(owner_window)
    for act in (menu.withdraw_consent, menu.consent_history, menu.erase_person):
        assert act() is None
        assert owner_window.statusBar().currentMessage() == "请先打开客户：刷卡或搜索客户。"
    assert menu.open_window is None


def test_a_clerk_sees_consent_actions_but_none_of_the_owners(
    clerk_window: MainWindow, owner_window: MainWindow
) -> None:
    clerk, owner = privacy_menu(clerk_window), privacy_menu(owner_window)
    assert clerk.withdraw_action.isVisible() and clerk.history_action.isVisible()
    for name in ("export_action", "erase_action", "retention_action", "change_key_action"):
        assert not getattr(clerk, name).isVisible(), name
        assert getattr(owner, name).isVisible(), name


def test_the_access_export_writes_the_workbook_named_by_number_and_says_where(
    owner_window: MainWindow, shop: ShopData, tmp_path: Path
) -> None:
    open_profile(owner_window, shop.li_id)
    menu = privacy_menu(owner_window)
    default = menu.default_export_path(shop.li_id)
    assert default.suffix == ".xlsx" and f"customer-{shop.li_id}-" in default.name
    assert "李四" not in str(default)

    menu.export_person(tmp_path / "access-request")

    written = tmp_path / "access-request.xlsx"
    assert written.exists()
    book = openpyxl.load_workbook(written, read_only=True)
    profile = {row[0]: row[1] for row in book["档案"].iter_rows(min_row=2, values_only=True)}
    book.close()
    assert profile["姓名"] == "李四" and profile["手机号"] == "13912345678"
    assert menu.message_box is not None
    assert str(written) in menu.message_box.text()
    assert str(written) in owner_window.statusBar().currentMessage()


def test_an_export_that_cannot_be_written_says_why(
    owner_window: MainWindow, shop: ShopData, tmp_path: Path
) -> None:
    open_profile(owner_window, shop.li_id)
    menu = privacy_menu(owner_window)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    menu.export_person(blocker / "out.xlsx")
    assert menu.message_box is not None and menu.message_box.text()
    assert "Traceback" not in menu.message_box.text()
    assert not (blocker / "out.xlsx").exists()


def _erase(dialog: EraseDialog, reason: str) -> None:
    dialog.reason_edit.setText(reason)
    assert not dialog.erase_button.isEnabled(), "nothing is erased before the box is ticked"
    dialog.confirm_box.setChecked(True)
    dialog.erase_button.click()


def test_a_reason_naming_the_person_is_refused_beside_the_field_and_nothing_is_erased(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    open_profile(owner_window, shop.li_id)
    dialog = privacy_menu(owner_window).erase_person()
    assert isinstance(dialog, EraseDialog)
    who = dialog.findChild(QLabel, "erase_who")
    assert who is not None and "李四" in who.text()

    _erase(dialog, "李四本人来电要求删除")

    assert dialog.isVisible()
    assert dialog.error_label.text() == NAMED_REASON
    assert dialog.reason_edit.text() == "李四本人来电要求删除", "what was typed stays"
    record = CustomerService(store, owner).get(shop.li_id)
    assert (record.name, record.phone, record.status) == ("李四", "139****5678", "active")


def test_enter_in_the_erase_dialog_cancels_and_erases_nothing(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    open_profile(owner_window, shop.li_id)
    dialog = privacy_menu(owner_window).erase_person()
    assert isinstance(dialog, EraseDialog)
    dialog.reason_edit.setText("本人要求")
    dialog.confirm_box.setChecked(True)
    assert dialog.cancel_button.isDefault() and not dialog.erase_button.isDefault()
    QTest.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert CustomerService(store, owner).get(shop.li_id).name == "李四"


def test_erasing_shows_the_anonymised_profile_and_clears_the_phone(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    view = open_profile(owner_window, shop.wang_id)
    assert view.name_label.text() == "王五"
    menu = privacy_menu(owner_window)
    dialog = menu.erase_person()
    assert isinstance(dialog, EraseDialog)

    _erase(dialog, "本人到店要求删除")

    assert not dialog.isVisible()
    assert view.name_label.text() == f"已匿名客户 #{shop.wang_id}"
    record = CustomerService(store, owner).get(shop.wang_id)
    assert record.phone is None and record.status == "anonymised"
    assert f"#{shop.wang_id}" in owner_window.statusBar().currentMessage()


def test_erasing_a_customer_with_an_open_card_shows_the_refusal(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    open_profile(owner_window, shop.zhang_id)
    dialog = privacy_menu(owner_window).erase_person()
    assert isinstance(dialog, EraseDialog)

    _erase(dialog, "本人要求")

    assert dialog.isVisible()
    assert "还有 1 张未退的会员卡" in dialog.error_label.text()
    assert shop.zhang_card in dialog.error_label.text()
    assert CustomerService(store, owner).get(shop.zhang_id).name == "张三"
