"""The approval prompt at the counter: a clerk's refund asks for the owner's password in the
same dialog, refuses a wrong one with nothing booked, then books; the audit says who approved."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.services.approval_settings import ApprovalSettings
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.closing_dialogs import CancelCardDialog, RefundDialog
from crm_desktop.ui.owner import approval_menu
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD
from tests.ui.conftest import ShopData, WindowFactory


@pytest.fixture
def context(clerk_context: AppContext) -> AppContext:
    return clerk_context


def click(qtbot: QtBot, button: QPushButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def shown(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


def _refunds(store: Store) -> list[dict[str, object]]:
    with store.read() as session:
        rows = session.scalars(
            select(AuditEntry.after).where(AuditEntry.action == "purchase.refund")).all()
    return [json.loads(row) for row in rows]


def test_a_clerks_refund_asks_for_the_owners_password_in_the_same_dialog(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, clerk: Actor, shop: ShopData
) -> None:
    ApprovalSettings(store, owner).save(["purchase.refund"], None, [])
    cards = CardService(store, clerk)
    cards.top_up(shop.zhang_card_id, 10000, "cash")
    cards.consume(shop.zhang_card_id, 3000, "stored_value")
    sale = cards.purchases_of(shop.zhang_id)[0]
    dialog = RefundDialog(context, sale, cards.get(shop.zhang_card_id))
    shown(qtbot, dialog)
    dialog.reason_edit.setText("顾客不满意")
    click(qtbot, dialog.confirm_button)

    area = dialog.approval
    assert area.isVisible(), "the approval area opens in the refund dialog itself"
    assert "需要店主或经理批准" in dialog.error_label.text()
    assert [area.approver_combo.itemText(i) for i in range(area.approver_combo.count())] == [
        "boss"]
    assert _refunds(store) == [] and not dialog.done_label.isVisible()

    area.password_edit.setText("wrong-password")
    click(qtbot, area.approve_button)
    assert "密码不正确" in dialog.error_label.text()
    assert _refunds(store) == [], "a wrong password books nothing"
    assert dialog.reason_edit.text() == "顾客不满意", "what the clerk typed stays"

    area.password_edit.setText(OWNER_PASSWORD)
    QApplication.processEvents()
    QTest.keyClick(area.password_edit, Qt.Key.Key_Return)  # Enter approves
    assert dialog.done_label.isVisible() and "已退款 ¥27.00" in dialog.done_label.text()
    assert not area.isVisible() and area.password_edit.text() == ""
    assert cards.get(shop.zhang_card_id).total_fen == 10000
    [after] = _refunds(store)
    assert after["approved_by"] == "boss"


def test_the_owner_ticks_refunds_in_the_shop_admin_menu_and_a_clerk_cannot_see_it(
    qtbot: QtBot, store: Store, owner: Actor, clerk: Actor, make_window: WindowFactory
) -> None:
    window = make_window(owner)
    menu = approval_menu.install(window, window.context)
    assert menu.action.isVisible()
    dialog = menu.open_rules()
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert not dialog.action_boxes["purchase.refund"].isChecked()
    dialog.action_boxes["purchase.refund"].setChecked(True)
    dialog.action_boxes["purchase.discount"].setChecked(True)
    dialog.discount_spin.setValue(15)
    click(qtbot, dialog.ok_button)
    rules = ApprovalSettings(store, owner).setup().rules
    assert rules.actions == ("purchase.refund", "purchase.discount")
    assert rules.discount_percent == 15
    clerk_window = make_window(clerk)
    assert not approval_menu.install(clerk_window, clerk_window.context).action.isVisible()


def test_a_card_cancellation_is_approved_by_the_manager_picked_from_the_list(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, clerk: Actor, shop: ShopData
) -> None:
    UserService(store, owner).add("manager1", "clerk", STAFF_PASSWORD)
    ApprovalSettings(store, owner).save(["card.cancel"], None, ["manager1"])
    cards = CardService(store, clerk)
    dialog = CancelCardDialog(context, cards.get(shop.zhang_card_id))
    shown(qtbot, dialog)
    dialog.reason_edit.setText("搬家")
    click(qtbot, dialog.confirm_button)
    area = dialog.approval
    assert area.isVisible() and cards.get(shop.zhang_card_id).status == "active"
    area.approver_combo.setCurrentText("manager1")
    area.password_edit.setText(STAFF_PASSWORD)
    click(qtbot, area.approve_button)
    assert cards.get(shop.zhang_card_id).status == "cancelled"
    with store.read() as session:
        after = session.scalars(
            select(AuditEntry.after).where(AuditEntry.action == "card.cancel")).one()
    assert json.loads(after)["approved_by"] == "manager1"
