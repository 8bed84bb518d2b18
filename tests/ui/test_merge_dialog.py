"""The merge dialog and the audit log's "undo merge", driven as the owner drives them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QRadioButton
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.check import run_check
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.merge import MergeService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.owner.audit_view import AuditView
from crm_desktop.ui.quality.merge_dialog import MergeDialog
from tests.models.merge_shop import Pair, build_pair
from tests.ui.conftest import WindowFactory


def _dialog(qtbot: QtBot, context: AppContext, keep: int, other: int) -> MergeDialog:
    dialog = MergeDialog(context, keep, other)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _radio(dialog: MergeDialog, name: str) -> QRadioButton:
    radio = dialog.findChild(QRadioButton, name)
    assert radio is not None, name
    return radio


def _row(store: Store, cid: int, columns: str) -> tuple[object, ...]:
    with store.read() as session:
        return tuple(session.execute(
            text(f"SELECT {columns} FROM customers WHERE id = :id"), {"id": cid}).one())


def test_both_customers_side_by_side_with_a_choice_per_differing_field(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor
) -> None:
    pair = build_pair(store, owner)
    dialog = _dialog(qtbot, make_window(owner).context, pair.keep, pair.other)

    headings = [w.text() for w in dialog.findChildren(QLabel, "merge_heading")]
    assert any("#1 张三" in h and "138****8000" in h for h in headings)
    assert any("#2 张叁" in h and "139****9000" in h for h in headings)
    assert _radio(dialog, "merge_keep_phone").isChecked()
    assert _radio(dialog, "merge_other_phone").text() == "139****9000"
    assert _radio(dialog, "merge_other_email").isChecked()  # the survivor had none
    assert _radio(dialog, "merge_other_member_since").isChecked()  # the earlier day
    assert dialog.findChild(QRadioButton, "merge_keep_birthday") is None  # no difference
    summary = dialog.summary_label.text()
    assert "¥160.00" in summary and "¥320.00" in summary  # the other's, and both in all
    assert "咖啡、常客、甜点" in summary
    assert not dialog.merge_button.isEnabled()  # not before the confirmation
    assert dialog.cancel_button.isDefault()


def test_the_owner_picks_values_confirms_and_the_files_are_one(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor
) -> None:
    pair = build_pair(store, owner)
    dialog = _dialog(qtbot, make_window(owner).context, pair.keep, pair.other)
    _radio(dialog, "merge_other_phone").setChecked(True)
    _radio(dialog, "merge_keep_member_since").setChecked(True)
    dialog.confirm_box.setChecked(True)
    assert dialog.merge_button.isEnabled()

    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.outcome is not None and dialog.outcome.cards == 2
    assert _row(store, pair.keep, "phone, member_since") == ("13900139000", "2023-05-01")
    assert _row(store, pair.other, "status, merged_into") == ("merged", pair.keep)
    assert run_check(store).clean


def test_keeping_the_other_one_instead(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor
) -> None:
    pair = build_pair(store, owner)
    dialog = _dialog(qtbot, make_window(owner).context, pair.keep, pair.other)
    qtbot.mouseClick(dialog.swap_button, Qt.MouseButton.LeftButton)
    headings = [w.text() for w in dialog.findChildren(QLabel, "merge_heading")]
    assert headings[0].split("\n")[0].endswith("#2 张叁")
    dialog.confirm_box.setChecked(True)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert _row(store, pair.keep, "status, merged_into") == ("merged", pair.other)


def test_a_customer_changed_after_the_preview_is_refused_in_the_dialog(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor
) -> None:
    pair = build_pair(store, owner)
    dialog = _dialog(qtbot, make_window(owner).context, pair.keep, pair.other)
    CustomerService(store, owner).set_tags(pair.other, ["新标签"])
    dialog.confirm_box.setChecked(True)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.outcome is None
    assert "被修改过" in dialog.error_label.text()
    assert _row(store, pair.other, "status") == ("active",)


def test_a_clerk_gets_the_refusal_and_no_merge_button(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor, clerk_account: Actor
) -> None:
    pair = build_pair(store, owner)
    dialog = _dialog(qtbot, make_window(clerk_account).context, pair.keep, pair.other)
    assert "合并客户档案" in dialog.error_label.text()
    dialog.confirm_box.setChecked(True)
    assert not dialog.merge_button.isEnabled()


def _audit(qtbot: QtBot, context: AppContext) -> AuditView:
    view = AuditView(context)
    qtbot.addWidget(view)
    view.show()
    for row in range(view.table.rowCount()):
        if view.records[row].action == "customer.merge":
            view.table.selectRow(row)
            return view
    raise AssertionError("no merge entry listed")


def _answer_yes(view: AuditView) -> None:
    box = view.undo_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()


def test_a_merge_is_undone_from_the_audit_log(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor
) -> None:
    pair: Pair = build_pair(store, owner)
    MergeService(store, owner).merge(pair.keep, pair.other, {"phone": "other"})
    view = _audit(qtbot, make_window(owner).context)
    assert view.undo_merge_button.isVisible() and view.undo_merge_button.isEnabled()

    qtbot.mouseClick(view.undo_merge_button, Qt.MouseButton.LeftButton)
    _answer_yes(view)

    assert _row(store, pair.other, "status, phone") == ("active", "13900139000")
    assert _row(store, pair.keep, "phone") == ("13800138000",)
    assert f"#{pair.other}" in view.export_label.text()
    assert view.records[0].action == "customer.merge_undo"  # the list shows the undo at once
    assert run_check(store).clean


def test_an_undo_after_the_survivor_was_touched_says_why(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor
) -> None:
    pair = build_pair(store, owner)
    MergeService(store, owner).merge(pair.keep, pair.other)
    CardService(store, owner).top_up(pair.other_card, 1000, "cash")
    view = _audit(qtbot, make_window(owner).context)
    qtbot.mouseClick(view.undo_merge_button, Qt.MouseButton.LeftButton)
    _answer_yes(view)
    assert "不能再撤销这次合并" in view.error_label.text()
    assert _row(store, pair.other, "status") == ("merged",)


def test_the_undo_is_offered_on_merge_entries_only_and_not_to_an_accountant(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor, accountant: Actor
) -> None:
    pair = build_pair(store, owner)
    MergeService(store, owner).merge(pair.keep, pair.other)
    view = _audit(qtbot, make_window(owner).context)
    other_row = next(r for r, rec in enumerate(view.records) if rec.action != "customer.merge")
    view.table.selectRow(other_row)
    assert not view.undo_merge_button.isEnabled()
    reader = AuditView(make_window(accountant).context)
    qtbot.addWidget(reader)
    reader.show()
    assert not reader.undo_merge_button.isVisible()
