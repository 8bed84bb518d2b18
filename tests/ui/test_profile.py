"""The customer profile end to end: opened from the main window, edited with checks as typed,
masked numbers for every role, a conflicting edit kept on screen, keys for the card dialogs,
contacts and complaints logged and moved, a purchase refunded."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.cards.closing_dialogs import RefundDialog
from crm_desktop.ui.cards.money_dialogs import TopUpDialog
from crm_desktop.ui.customer_actions import install
from crm_desktop.ui.engagement.feedback_dialogs import MoveFeedbackDialog, status_names
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.profile_view import ProfileView
from tests.ui.conftest import ShopData, WindowFactory

BAD_PHONE = "电话号码不正确：手机号是 1 开头的 11 位数字，座机请带区号（如 010-12345678）。"


def stored_phone(store: Store, customer_id: int) -> str | None:
    """The phone as the file holds it (screens only ever get a mask)."""
    with store.read() as session:
        row = session.get(Customer, customer_id)
        assert row is not None
        return row.phone


def open_profile(window: MainWindow, customer_id: int) -> ProfileView:
    install(window, window.context)
    window.open_customer(customer_id)
    view = window.customer_panel
    assert isinstance(view, ProfileView)
    assert window.workspace.currentWidget() is view
    return view


def retype(qtbot: QtBot, edit: QWidget, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def type_chinese(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_an_opened_customer_shows_the_profile_with_card_and_balance(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    CardService(store, owner).top_up(
        CardService(store, owner).cards_of(shop.zhang_id)[0].id, 20000, "cash")
    view = open_profile(owner_window, shop.zhang_id)
    assert view.name_label.text() == "张三"
    assert "138****8000" in view.facts_label.text() and "咖啡" in view.facts_label.text()
    assert view.card_combo.currentText().startswith(shop.zhang_card)
    assert "¥200.00" in view.balance_label.text()
    assert view.cards_tab.table.column_texts(0) == [shop.zhang_card]
    assert view.form.lines["phone"].text() == "138****8000", "the owner too sees a mask"


def test_invalid_phone_shows_the_reason_beside_it_and_saves_nothing_then_a_valid_one_saves(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    view = open_profile(owner_window, shop.zhang_id)
    form = view.form
    qtbot.mouseClick(form.change_buttons["phone"], Qt.MouseButton.LeftButton)
    retype(qtbot, form.lines["phone"], "1380013")
    assert form.reason("phone") == BAD_PHONE, "checked as typed, reason beside the field"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert stored_phone(store, shop.zhang_id) == "13800138000"
    assert form.lines["phone"].text() == "1380013", "what was typed stays"
    assert form.message_label.text() != ""

    retype(qtbot, form.lines["phone"], "139 1234 0000")
    assert form.reason("phone") == ""
    qtbot.keyClick(form.lines["phone"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stored_phone(store, shop.zhang_id) == "13912340000", "saved normalised"
    assert form.lines["phone"].text() == "139****0000", "the form shows the saved value, masked"
    assert not form.dirty
    assert AuditService(store, owner).history("customer", shop.zhang_id)[0].action == (
        "customer.update")


def test_a_duplicate_phone_is_refused_beside_the_field(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    form = open_profile(owner_window, shop.zhang_id).form
    qtbot.mouseClick(form.change_buttons["phone"], Qt.MouseButton.LeftButton)
    retype(qtbot, form.lines["phone"], "13912345678")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "李四" in form.reason("phone") and "不要重复建档" in form.reason("phone")
    assert stored_phone(store, shop.zhang_id) == "13800138000"


def test_a_clerk_sees_masked_numbers_and_can_never_save_the_mask(
    qtbot: QtBot, clerk_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    form = open_profile(clerk_window, shop.zhang_id).form
    phone = form.lines["phone"]
    assert phone.text() == "138****8000" and phone.isReadOnly()
    type_chinese(form.lines["name"], "丰")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = CustomerService(store, owner).get(shop.zhang_id)
    assert saved.name == "张三丰"
    assert stored_phone(store, shop.zhang_id) == "13800138000", "the mask meant unchanged"

    qtbot.mouseClick(form.change_buttons["phone"], Qt.MouseButton.LeftButton)
    assert phone.text() == "" and not phone.isReadOnly()
    qtbot.keyClicks(phone, "13700009999")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert stored_phone(store, shop.zhang_id) == "13700009999"
    assert phone.text() == "137****9999"


def test_an_edit_saved_elsewhere_meanwhile_is_refused_and_the_typing_kept(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    view = open_profile(owner_window, shop.zhang_id)
    form = view.form
    retype(qtbot, form.lines["email"], "zhang@example.com")
    other = CustomerService(store, owner)
    record = other.get(shop.zhang_id)
    other.update(record.id, replace(CustomerInput.from_record(record), city="杭州"),
                 record.version)
    assert form.lines["email"].text() == "zhang@example.com", "the refresh kept the typing"
    assert view.notice_label.text() != ""

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "修改过" in form.message_label.text() and "没有保存" in form.message_label.text()
    assert form.lines["email"].text() == "zhang@example.com"
    saved = other.get(shop.zhang_id)
    assert (saved.city, saved.email) == ("杭州", None)


def test_keys_open_the_card_dialogs_for_the_customer_on_screen(
    owner_window: MainWindow, shop: ShopData
) -> None:
    install(owner_window, owner_window.context)
    top_up = owner_window.findChild(QAction, "action_card_top_up")
    assert top_up.shortcut().toString() == "F4"
    top_up.trigger()
    assert owner_window.statusBar().currentMessage(), "no customer on screen: the clerk is told"
    assert owner_window.customer_panel is None

    view = open_profile(owner_window, shop.zhang_id)
    top_up.trigger()
    assert isinstance(view.last_dialog, TopUpDialog)
    assert view.last_dialog.card.number == shop.zhang_card
    view.last_dialog.reject()
    owner_window.findChild(QAction, "action_issue_card").trigger()
    assert owner_window.findChild(QAction, "action_issue_card").shortcut().toString() == "F2"


def test_top_up_from_the_profile_refreshes_the_balance_shown(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData
) -> None:
    view = open_profile(owner_window, shop.zhang_id)
    dialog = view.open_card_action("top_up")
    assert isinstance(dialog, TopUpDialog)
    qtbot.keyClicks(dialog.amount_edit, "150")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert "¥150.00" in view.balance_label.text(), "the profile refreshed from the change bus"
    assert view.cards_tab.table.cell_text(0, 4) == "¥150.00"


def test_log_a_contact_and_move_a_complaint_to_resolved(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    view = open_profile(owner_window, shop.zhang_id)
    view.tabs.setCurrentWidget(view.interactions_tab)
    contact = view.log_interaction()
    contact.follow_box.setChecked(True)
    qtbot.mouseClick(contact.ok_button, Qt.MouseButton.LeftButton)
    assert contact.error_label.text() == "请写下这次沟通的内容。", "summary is needed"
    type_chinese(contact.summary_edit, "询问新品")
    qtbot.mouseClick(contact.ok_button, Qt.MouseButton.LeftButton)
    logged = EngagementService(store, owner).interactions_of(shop.zhang_id)
    assert [(i.summary, i.follow_up_on is not None) for i in logged] == [("询问新品", True)]
    assert view.interactions_tab.table.column_texts(3) == ["询问新品"]

    view.tabs.setCurrentWidget(view.feedback_tab)
    complaint = view.open_feedback()
    type_chinese(complaint.description_edit, "等位太久")
    qtbot.mouseClick(complaint.ok_button, Qt.MouseButton.LeftButton)
    feedback = EngagementService(store, owner).feedback_of(shop.zhang_id)[0]
    assert (feedback.kind, feedback.status) == ("complaint", "open")

    move = view.move_feedback(feedback)
    assert isinstance(move, MoveFeedbackDialog)
    move.status_combo.setCurrentIndex(move.status_combo.findData("resolved"))
    qtbot.mouseClick(move.ok_button, Qt.MouseButton.LeftButton)
    assert move.error_label.text() == "标记为已解决之前，请写下处理结果。"
    type_chinese(move.resolution_edit, "加派人手")
    move.satisfaction_spin.setValue(5)
    qtbot.mouseClick(move.ok_button, Qt.MouseButton.LeftButton)
    moved = EngagementService(store, owner).feedback_of(shop.zhang_id)[0]
    assert (moved.status, moved.resolution, moved.satisfaction) == ("resolved", "加派人手", 5)
    assert view.feedback_tab.table.cell_text(0, 3) == status_names(view)["resolved"]


def test_refund_a_purchase_from_the_purchases_tab(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    cards = CardService(store, owner)
    card_id = cards.cards_of(shop.zhang_id)[0].id
    cards.top_up(card_id, 10000, "cash")
    cards.consume(card_id, 5000, "stored_value")  # 金卡 pays 90%: ¥45 off the card
    view = open_profile(owner_window, shop.zhang_id)
    view.tabs.setCurrentWidget(view.purchases_tab)
    assert view.purchases_tab.table.rowCount() == 1
    view.purchases_tab.table.selectRow(0)
    qtbot.mouseClick(view.purchases_tab.refund_button, Qt.MouseButton.LeftButton)
    dialog = view.last_dialog
    assert isinstance(dialog, RefundDialog)
    assert "¥55.00" in dialog.preview_label.text() and "¥100.00" in dialog.preview_label.text()
    type_chinese(dialog.reason_edit, "顾客退货")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert cards.get(card_id).total_fen == 10000
    assert "¥100.00" in view.balance_label.text()
    assert view.purchases_tab.table.rowCount() == 2, "the refund row shows under the sale"


def test_an_accountant_reads_the_profile_but_gets_no_counter_buttons_or_save(
    make_window: WindowFactory, accountant: Actor, shop: ShopData
) -> None:
    view = open_profile(make_window(accountant), shop.zhang_id)
    assert view.name_label.text() == "张三"
    assert view.form.lines["phone"].text() == "138****8000", "masked for the accountant too"
    assert view.form.lines["name"].isReadOnly()
    assert not view.form.save_button.isVisibleTo(view)
    assert not view.issue_button.isVisibleTo(view) and view.action_buttons == {}
    assert view.open_card_action("top_up") is None and view.last_dialog is None
    assert view.notice_label.text() == "会计账号无权办理会员卡业务。"
    view.tabs.setCurrentWidget(view.history_tab)
    assert view.history_tab.table.rowCount() >= 2, "the history is readable"


def test_a_clerk_is_not_offered_the_owner_only_tier_change(
    clerk_window: MainWindow, shop: ShopData
) -> None:
    view = open_profile(clerk_window, shop.zhang_id)
    names = [item.objectName() for item in view.more_menu.actions()]
    assert "action_change_tier" not in names and "action_cancel" in names
    assert clerk_window.findChild(QAction, "action_card_change_tier").isVisible() is False


def test_a_card_issued_from_the_profile_becomes_the_card_on_screen(
    qtbot: QtBot, owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    view = open_profile(owner_window, shop.zhang_id)
    dialog = view.issue_card()
    assert dialog is not None and dialog.picker.customer_id == shop.zhang_id
    qtbot.keyClicks(dialog.topup_edit, "100")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert "张三" in dialog.summary_label.text() and "¥100.00" in dialog.summary_label.text()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.card is not None
    assert view.current_card() is not None and view.current_card().number == dialog.card.number
    assert "¥100.00" in view.balance_label.text()
    assert len(CardService(store, owner).cards_of(shop.zhang_id)) == 2
