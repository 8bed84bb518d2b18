"""Approval rules (授权设置): which counter actions need an owner's or a manager's password.

The owner ticks the actions, sets the discount limit (a discount above that share
of a sale needs approval) and names the accounts that may approve besides the
owners. The rules are read on the worker when the dialog opens and saved, signed
with the owner's key, by the one service call of OK.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QListWidgetItem, QSpinBox, QWidget

from crm_desktop.models.approval import APPROVABLE, DISCOUNT_ACTION, rules_words
from crm_desktop.models.services.approval_settings import ApprovalSettings, ApprovalSetup
from crm_desktop.ui.base.acting import ActionDialog, Op, while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import HINT_STYLE


class ApprovalSettingsDialog(ActionDialog):
    """One tick per approvable action, the discount limit, the named approvers."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("Approval at the counter"), parent)
        self.setObjectName("approval_settings_dialog")
        self.settings = context.service(ApprovalSettings)
        hint = QLabel(self.tr(
            "A ticked action done by a clerk goes through only once an owner or a named "
            "manager approves it with their own password, in the same dialog. Owners and "
            "named managers need no approval for their own actions."))
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.form.addRow(hint)
        self.action_boxes: dict[str, QCheckBox] = {}
        for action in APPROVABLE:
            box = QCheckBox(rules_words(action))
            box.setObjectName("approve_" + action.replace(".", "_"))
            self.action_boxes[action] = box
            self.form.addRow(box)
        self.discount_spin = QSpinBox()
        self.discount_spin.setObjectName("discount_percent")
        self.discount_spin.setRange(0, 100)
        self.discount_spin.setSuffix(" %")
        self.discount_spin.setValue(20)
        self.form.addRow(self.tr("Discount limit"), self.discount_spin)
        self.approvers_list = QListWidget()
        self.approvers_list.setObjectName("approvers")
        self.approvers_list.setMaximumHeight(140)
        self.form.addRow(self.tr("Managers who may approve"), self.approvers_list)
        self.refusals.fields.update(
            discount_percent=self.discount_spin, approvers=self.approvers_list)
        self.action_boxes[DISCOUNT_ACTION].toggled.connect(self.discount_spin.setEnabled)
        self.discount_spin.setEnabled(False)
        self.ok_button.setEnabled(False)  # until the rules have been read
        Op(context.runner, self.settings.setup).refusals(self.refusals).on_done(
            while_open(self, self.show_setup)).run()

    def show_setup(self, setup: ApprovalSetup) -> None:
        rules = setup.rules
        if not rules.verified:
            self.refusals.show_text(self.tr(
                "The saved rules were changed outside the program, so every action needs an "
                "owner's approval until you save the rules again."))
        for action, box in self.action_boxes.items():
            box.setChecked(action in rules.actions)
        if rules.discount_percent is not None:
            self.discount_spin.setValue(rules.discount_percent)
        self.approvers_list.clear()
        for name in sorted(set(setup.staff) | set(rules.approvers)):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if name in rules.approvers else Qt.CheckState.Unchecked)
            self.approvers_list.addItem(item)
        self.ok_button.setEnabled(True)

    def work(self) -> Callable[[], object]:
        actions = [action for action, box in self.action_boxes.items() if box.isChecked()]
        discount = self.discount_spin.value() if DISCOUNT_ACTION in actions else None
        approvers = [
            item.text()
            for item in (self.approvers_list.item(row) for row in range(self.approvers_list.count()))
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]
        return partial(self.settings.save, actions, discount, approvers)
