"""Card work at the counter through the real dialogs and a real encrypted file: issue with a
first top-up, top up with bonus, purchase with discount and points, redeem, lost and replaced,
wrong PIN refused with nothing booked; previews read on the worker once the typing rests, and
dialogs that open before their data and fill in when it arrives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.card_records import CardRecord
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.acting import PREVIEW_DELAY_MS
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.change_bus import ChangeBus
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.cards.closing_dialogs import CancelCardDialog
from crm_desktop.ui.cards.issue_card_dialog import IssueCardDialog
from crm_desktop.ui.cards.money_dialogs import (
    ConsumeDialog,
    RedeemPointsDialog,
    TopUpDialog,
    UseCountDialog,
)
from crm_desktop.ui.cards.status_dialogs import ChangeTierDialog, ReplaceDialog, ReportLostDialog
from tests.ui.conftest import ShopData
from tests.ui.runners import CountingRunner, LaterRunner


@pytest.fixture
def context(clerk_context: AppContext) -> AppContext:
    return clerk_context


def context_with(store: Store, actor: Actor, runner: SynchronousTaskRunner) -> AppContext:
    return AppContext(store, actor, runner, ChangeBus(store))


@pytest.fixture
def bonus_type_id(store: Store, owner: Actor) -> int:
    """充值卡: pay 100, get 10 free."""
    catalog = CatalogService(store, owner)
    return catalog.create_card_type("充值卡", "stored_value", bonus_rules=[(10000, 1000)]).id


@pytest.fixture
def card(store: Store, owner: Actor, shop: ShopData, bonus_type_id: int) -> CardRecord:
    """李四's 充值卡 in 金卡 (pays 90%), holding ¥100 paid + ¥10 bonus."""
    return CardService(store, owner).issue(
        shop.li_id, bonus_type_id, tier_id=shop.tier_id, first_topup_fen=10000
    )


def click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


def type_chinese(widget: QWidget, text: str) -> None:
    """Chinese arrives as an input method's commit, as a pinyin keyboard sends it."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_issue_to_a_new_customer_with_first_top_up_confirms_then_books(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, bonus_type_id: int
) -> None:
    dialog = IssueCardDialog(context)
    shown(qtbot, dialog)
    dialog.picker.new_radio.setChecked(True)
    type_chinese(dialog.picker.name_edit, "赵六")
    qtbot.keyClicks(dialog.picker.phone_edit, "139 0000 1234")
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(bonus_type_id))
    dialog.fee_edit.setText("20")
    qtbot.keyClicks(dialog.topup_edit, "500")
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("alipay"))
    dialog.consent_box.setChecked(True)
    assert dialog.bonus_label.text() == "¥10.00", "the bonus the rule gives shows as typed"

    click(qtbot, dialog.next_button)
    summary = dialog.summary_label.text()
    assert "¥520.00" in summary, "the charge is fee + first top-up"
    assert "¥510.00" in summary, "what the card will hold: top-up + bonus"
    assert dialog.card is None, "nothing is booked before the confirmation"
    assert CustomerSearch(store, owner).by_phone("13900001234") is None

    click(qtbot, dialog.next_button)
    assert dialog.card is not None
    assert "¥510.00" in dialog.done_label.text()
    holder = CustomerSearch(store, owner).by_phone("13900001234")
    assert holder is not None and holder.name == "赵六"
    cards = CardService(store, owner)
    issued = cards.cards_of(holder.id)
    assert [(c.principal_fen, c.bonus_fen) for c in issued] == [(50000, 1000)]
    ledger = cards.value_ledger(issued[0].id)
    assert [(e.kind, e.principal_fen, e.bonus_fen, e.payment_method) for e in ledger] == [
        ("topup", 50000, 1000, "alipay")
    ]
    fee = cards.purchases_of(holder.id)
    assert [(p.amount_fen, p.payment_method) for p in fee] == [(2000, "alipay")]
    assert dialog.receipt_buttons.isVisibleTo(dialog)


def test_issue_warns_when_the_phone_is_already_on_file(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, shop: ShopData
) -> None:
    dialog = IssueCardDialog(context)
    shown(qtbot, dialog)
    opened: list[int] = []
    dialog.open_customer_requested.connect(opened.append)
    dialog.picker.new_radio.setChecked(True)
    type_chinese(dialog.picker.name_edit, "张三丰")
    qtbot.keyClicks(dialog.picker.phone_edit, "13800138000")
    assert dialog.picker.duplicate_box.isVisibleTo(dialog)
    assert "张三" in dialog.picker.duplicate_label.text()

    click(qtbot, dialog.picker.use_duplicate_button)
    assert not dialog.picker.is_new() and dialog.picker.customer_id == shop.zhang_id
    dialog.picker.new_radio.setChecked(True)
    click(qtbot, dialog.picker.open_duplicate_button)
    assert opened == [shop.zhang_id]


def test_top_up_shows_the_bonus_and_books_it(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    dialog = TopUpDialog(context, card)
    shown(qtbot, dialog)
    assert "¥100.00" in dialog.rules_label.text() and "¥10.00" in dialog.rules_label.text()
    qtbot.keyClicks(dialog.amount_edit, "200")
    qtbot.waitUntil(lambda: "¥320.00" in dialog.preview_label.text())
    preview = dialog.preview_label.text()
    assert "¥10.00" in preview, "bonus"
    assert "¥110.00" in preview and "¥320.00" in preview, "balance before and after"
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("wechat"))

    click(qtbot, dialog.confirm_button)
    assert "¥320.00" in dialog.done_label.text()
    after = CardService(store, owner).get(card.id)
    assert (after.principal_fen, after.bonus_fen) == (30000, 2000)
    last = CardService(store, owner).value_ledger(card.id)[-1]
    assert (last.kind, last.principal_fen, last.bonus_fen, last.payment_method) == (
        "topup", 20000, 1000, "wechat")
    assert dialog.receipt_buttons.result is not None


def test_consume_shows_discount_and_points_before_confirming(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    dialog = ConsumeDialog(context, card)
    shown(qtbot, dialog)
    assert dialog.method_combo.currentData() == "stored_value"
    qtbot.keyClicks(dialog.amount_edit, "50")
    qtbot.waitUntil(lambda: "金卡" in dialog.preview_label.text())
    preview = dialog.preview_label.text()
    assert "金卡" in preview and "90%" in preview
    assert "-¥5.00" in preview and "¥45.00" in preview, "discount and amount due"
    assert "+45" in preview, "points earned"
    assert "¥65.00" in preview, "balance after"
    assert CardService(store, owner).purchases_of(card.customer_id) == []

    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    assert "¥65.00" in dialog.done_label.text()
    after = CardService(store, owner).get(card.id)
    assert (after.total_fen, after.points) == (6500, 45)
    sale = CardService(store, owner).purchases_of(card.customer_id)[0]
    assert (sale.amount_fen, sale.discount_fen, sale.paid_fen) == (5000, 500, 4500)


def test_wrong_pin_is_refused_with_the_sentence_and_nothing_booked(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    CardService(store, owner).set_pin(card.id, "123456")
    card = CardService(store, owner).get(card.id)
    dialog = ConsumeDialog(context, card)
    shown(qtbot, dialog)
    assert dialog.pin_edit.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.amount_edit, "30")
    qtbot.keyClicks(dialog.pin_edit, "000000")
    click(qtbot, dialog.confirm_button)

    assert dialog.error_label.text() == "支付密码不正确，没有扣款。请让顾客重新输入。"
    assert dialog.result is None and dialog.confirm_button.isEnabled()
    assert dialog.amount_edit.text() == "30", "what was typed stays"
    assert CardService(store, owner).get(card.id).total_fen == 11000
    assert CardService(store, owner).purchases_of(card.customer_id) == []

    dialog.pin_edit.setText("123456")
    click(qtbot, dialog.confirm_button)
    assert CardService(store, owner).get(card.id).total_fen == 11000 - 2700


def test_redeem_points_shows_worth_and_points_after(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    CardService(store, owner).consume(card.id, 10000, "cash")  # 90 points
    card = CardService(store, owner).get(card.id)
    dialog = RedeemPointsDialog(context, card)
    shown(qtbot, dialog)
    dialog.points_spin.setValue(50)
    preview = dialog.preview_label.text()
    assert "90" in preview and "40" in preview and "¥0.50" in preview
    dialog.note_edit.setText("纸巾一包")
    click(qtbot, dialog.confirm_button)
    assert "40" in dialog.done_label.text()
    assert CardService(store, owner).get(card.id).points == 40
    last = CardService(store, owner).points_ledger(card.id)[-1]
    assert (last.kind, last.points, last.note) == ("redeem", -50, "纸巾一包")


def test_report_lost_then_replace_moves_everything_to_the_new_card(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    lost = ReportLostDialog(context, card)
    shown(qtbot, lost)
    click(qtbot, lost.confirm_button)
    assert CardService(store, owner).get(card.id).status == "lost"
    refused = ConsumeDialog(context, CardService(store, owner).get(card.id))
    shown(qtbot, refused)
    qtbot.keyClicks(refused.amount_edit, "10")
    click(qtbot, refused.confirm_button)
    assert "挂失" in refused.error_label.text(), "a lost card refuses money, in words"

    dialog = ReplaceDialog(context, CardService(store, owner).get(card.id))
    shown(qtbot, dialog)
    assert "¥110.00" in dialog.preview_label.text(), "what the new card will hold"
    click(qtbot, dialog.confirm_button)
    new = dialog.result
    assert new.number != card.number and new.number in dialog.done_label.text()
    cards = CardService(store, owner)
    assert (cards.get(new.id).principal_fen, cards.get(new.id).bonus_fen) == (10000, 1000)
    old = cards.get(card.id)
    assert (old.status, old.total_fen, old.replaced_by_id) == ("replaced", 0, new.id)


def test_cancel_pays_back_the_paid_money_and_forfeits_the_bonus(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    dialog = CancelCardDialog(context, card)
    shown(qtbot, dialog)
    click(qtbot, dialog.confirm_button)
    assert dialog.error_label.text() == "请填写原因。", "a reason is needed"
    assert CardService(store, owner).get(card.id).status == "active"
    type_chinese(dialog.reason_edit, "搬家")
    click(qtbot, dialog.confirm_button)
    assert "¥100.00" in dialog.done_label.text()
    assert CardService(store, owner).get(card.id).status == "cancelled"


def test_a_refused_card_after_the_new_file_was_opened_never_makes_a_second_customer(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, shop: ShopData
) -> None:
    dialog = IssueCardDialog(context)
    shown(qtbot, dialog)
    dialog.picker.new_radio.setChecked(True)
    type_chinese(dialog.picker.name_edit, "赵六")
    qtbot.keyClicks(dialog.picker.phone_edit, "13900001234")
    qtbot.keyClicks(dialog.number_edit, shop.zhang_card)
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)

    assert dialog.error_label.text() == f"卡号 {shop.zhang_card} 已被另一张卡使用。"
    assert dialog.card is None and dialog.pages.currentIndex() == 0, "back on the form"
    assert dialog.focusWidget() is dialog.number_edit, "the cursor goes to the refused field"
    assert dialog.number_edit.text() == shop.zhang_card, "what was scanned stays"
    assert not dialog.picker.is_new(), "the file just opened is now the chosen customer"
    dialog.number_edit.clear()
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    assert dialog.card is not None
    found = CustomerSearch(store, owner).find("13900001234")
    assert [hit.name for hit in found.hits] == ["赵六"], "one file, not two"
    assert len(CardService(store, owner).cards_of(found.hits[0].id)) == 1


def test_use_a_visit_of_a_count_card_shows_visits_before_and_after(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, shop: ShopData
) -> None:
    kind = CatalogService(store, owner).create_card_type(
        "十次卡", "count", price_fen=30000, count_total=10)
    card = CardService(store, owner).issue(shop.wang_id, kind.id)
    dialog = UseCountDialog(context, card)
    shown(qtbot, dialog)
    dialog.counts_spin.setValue(2)
    preview = dialog.preview_label.text()
    assert ">10<" in preview and ">8<" in preview
    click(qtbot, dialog.confirm_button)
    assert CardService(store, owner).get(card.id).counts_left == 8
    assert "8" in dialog.done_label.text()


def test_a_clerk_cannot_change_a_tier_and_the_refusal_says_so(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    dialog = ChangeTierDialog(context, card)
    shown(qtbot, dialog)
    dialog.tier_combo.setCurrentIndex(0)
    type_chinese(dialog.reason_edit, "老顾客")
    click(qtbot, dialog.confirm_button)
    assert dialog.error_label.text() == "前台账号无权调整余额。"
    assert CardService(store, owner).get(card.id).tier_id == card.tier_id


def test_issue_search_then_enter_chooses_the_customer_and_moves_on_to_the_card(
    qtbot: QtBot, context: AppContext, shop: ShopData
) -> None:
    dialog = IssueCardDialog(context)
    shown(qtbot, dialog)
    qtbot.keyClicks(dialog.picker.search_edit, "13912345678")
    qtbot.keyClick(dialog.picker.search_edit, Qt.Key.Key_Return)
    assert dialog.picker.customer_id == shop.li_id
    assert "李四" in dialog.picker.chosen_label.text()
    assert dialog.pages.currentIndex() == 0, "Enter in the search box never jumps to the charge"
    assert dialog.focusWidget() is dialog.type_combo
    qtbot.keyClick(dialog.type_combo, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 1 and "李四" in dialog.summary_label.text()
    qtbot.keyClick(dialog.next_button, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.card is None, "Esc leaves without booking"


def test_the_preview_is_read_on_the_worker_once_the_typing_rests_and_shows_the_newest(
    qtbot: QtBot, store: Store, clerk: Actor, card: CardRecord, chinese_ui: None
) -> None:
    runner = CountingRunner()
    context = context_with(store, clerk, runner)
    dialog = TopUpDialog(context, card)
    shown(qtbot, dialog)
    opened = runner.started
    qtbot.keyClicks(dialog.amount_edit, "20")
    qtbot.keyClicks(dialog.amount_edit, "0")
    assert runner.started == opened and dialog.preview_label.text() == "", "nothing per keystroke"

    qtbot.wait(PREVIEW_DELAY_MS + 100)
    assert runner.started == opened + 1, "one read once the typing rested"
    preview = dialog.preview_label.text()
    assert "¥200.00" in preview and "¥320.00" in preview, "the answer for what is typed now"

    dialog.amount_edit.clear()
    assert dialog.preview_label.text() == "", "an empty box previews nothing"
    qtbot.keyClicks(dialog.amount_edit, "1e")
    qtbot.wait(PREVIEW_DELAY_MS + 100)
    assert dialog.error_label.text() == "金额不是数字，请输入如 100 或 88.50。"
    assert dialog.amount_edit.text() == "1e", "what was typed stays"
    context.bus.detach()


def test_confirm_before_the_preview_arrived_still_books_what_was_typed(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    dialog = ConsumeDialog(context, card)
    shown(qtbot, dialog)
    qtbot.keyClicks(dialog.amount_edit, "50")
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)  # well within the preview's delay
    assert "¥65.00" in dialog.done_label.text()
    assert "¥45.00" in dialog.preview_label.text(), "the preview of what was booked shows too"
    assert CardService(store, owner).get(card.id).total_fen == 6500
    qtbot.wait(PREVIEW_DELAY_MS + 100)
    assert len(CardService(store, owner).purchases_of(card.customer_id)) == 1, "booked once"


def test_an_empty_amount_is_refused_beside_the_box_and_nothing_booked(
    qtbot: QtBot, context: AppContext, store: Store, owner: Actor, card: CardRecord
) -> None:
    dialog = TopUpDialog(context, card)
    shown(qtbot, dialog)
    click(qtbot, dialog.confirm_button)
    assert dialog.error_label.text() == "请填写金额。"
    assert dialog.focusWidget() is dialog.amount_edit
    assert CardService(store, owner).get(card.id).total_fen == 11000


def test_card_dialogs_open_before_their_data_and_fill_in_when_it_arrives(
    qtbot: QtBot, store: Store, owner: Actor, card: CardRecord, chinese_ui: None
) -> None:
    runner = LaterRunner()
    context = context_with(store, owner, runner)

    tier = ChangeTierDialog(context, card)
    shown(qtbot, tier)
    assert tier.tier_combo.count() == 1 and not tier.confirm_button.isEnabled()
    top_up = TopUpDialog(context, card)
    shown(qtbot, top_up)
    assert top_up.rules_label.text() == ""
    issue = IssueCardDialog(context, card.customer_id)
    shown(qtbot, issue)
    assert issue.type_combo.count() == 0 and not issue.next_button.isEnabled()
    assert issue.picker.customer_id is None

    runner.answer()
    assert tier.tier_combo.count() == 2 and tier.tier_combo.currentData() == card.tier_id
    assert tier.confirm_button.isEnabled()
    assert "金卡" in tier.preview_label.text()
    assert "¥100.00" in top_up.rules_label.text() and "¥10.00" in top_up.rules_label.text()
    assert issue.type_combo.count() == 2 and issue.next_button.isEnabled()
    assert issue.picker.customer_id == card.customer_id and "李四" in (
        issue.picker.chosen_label.text())

    top_up.amount_edit.setText("100")
    qtbot.wait(PREVIEW_DELAY_MS + 100)
    assert top_up.preview_label.text() == "", "the preview read is on its way"
    runner.answer()
    assert "¥220.00" in top_up.preview_label.text(), "¥110 + ¥100 + ¥10 bonus"
    context.bus.detach()


def test_a_preview_answer_overtaken_by_an_emptied_box_is_dropped(
    qtbot: QtBot, store: Store, clerk: Actor, card: CardRecord, chinese_ui: None
) -> None:
    runner = LaterRunner()
    context = context_with(store, clerk, runner)
    dialog = TopUpDialog(context, card)
    shown(qtbot, dialog)
    runner.answer()
    qtbot.keyClicks(dialog.amount_edit, "100")
    qtbot.wait(PREVIEW_DELAY_MS + 100)
    dialog.amount_edit.clear()
    runner.answer()
    assert dialog.preview_label.text() == "", "the late answer is for an amount no longer typed"
    context.bus.detach()
