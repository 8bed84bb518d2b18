"""Erase the personal details of one or several customers: what goes, what stays, why, sure?

The money stays (cards, ledgers, purchases keep their amounts); everything that
says who the person is goes for good. The reason is kept in the audit log, so the
service refuses one that names the person; the refusal shows under the field and
the typed reason stays. Erasing needs a ticked box and the red button: the
default button is Cancel, so Enter never erases.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.privacy_records import AnonymiseResult
from crm_desktop.ui.base.acting import Refusals
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DANGER_BUTTON_STYLE, HINT_STYLE, refusal_label

NAMES_LISTED = 5


class EraseDialog(QDialog):
    """``customers`` are (number, name) pairs; ``outcome`` is the ``AnonymiseResult`` once done."""

    def __init__(
        self, context: AppContext, customers: Sequence[tuple[int, str]],
        parent: QWidget | None = None, reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.customers = list(customers)
        self.outcome: AnonymiseResult | None = None
        self.setObjectName("erase_dialog")
        self.setWindowTitle(self.tr("Erase personal details"))
        # Word-wrapped labels do not grow a dialog by themselves: room for the longer
        # Chinese lines is given here.
        self.setMinimumSize(600, 470)

        who = QLabel(self._who())
        who.setObjectName("erase_who")
        who.setWordWrap(True)
        who.setStyleSheet("font-weight: 600;")
        explain = QLabel(self._explanation())
        explain.setObjectName("erase_explanation")
        explain.setWordWrap(True)
        self.reason_edit = QLineEdit(reason)
        self.reason_edit.setObjectName("erase_reason")
        self.reason_edit.setPlaceholderText(self.tr("e.g. the customer asked in person"))
        reason_hint = QLabel(self.tr(
            "The reason stays in the audit log for good: do not write the customer's name, "
            "phone or ID number in it."))
        reason_hint.setWordWrap(True)
        reason_hint.setStyleSheet(HINT_STYLE)
        self.error_label = refusal_label("erase_error", hidden=True)
        self.errors = Refusals(self.error_label, {"reason": self.reason_edit})
        self.confirm_box = QCheckBox(self.tr("I understand the erased details cannot be brought back"))
        self.confirm_box.setObjectName("erase_confirm")
        self.busy_label = QLabel(self.tr("Erasing… this can take a few seconds on a large file."))
        self.busy_label.setObjectName("erase_busy")
        self.busy_label.hide()

        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = QPushButton(self.tr("Erase for good"))
        self.erase_button.setObjectName("erase_button")
        self.erase_button.setStyleSheet(DANGER_BUTTON_STYLE)
        self.erase_button.setAutoDefault(False)
        self.erase_button.setEnabled(False)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button.setDefault(True)
        self.erase_button.clicked.connect(self.erase)
        self.buttons.rejected.connect(self.reject)
        self.confirm_box.toggled.connect(self._update)

        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(explain)
        layout.addSpacing(6)
        layout.addWidget(QLabel(self.tr("Reason")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(reason_hint)
        layout.addSpacing(6)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.busy_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.reason_edit.setFocus()

    def _who(self) -> str:
        if len(self.customers) == 1:
            number, name = self.customers[0]
            return self.tr("Customer #%1: %2").replace("%1", str(number)).replace("%2", name)
        names = "、".join(name for _number, name in self.customers[:NAMES_LISTED])
        if len(self.customers) > NAMES_LISTED:
            names += "…"
        return self.tr("%1 customers: %2").replace("%1", str(len(self.customers))).replace(
            "%2", names)

    def _explanation(self) -> str:
        return "\n\n".join((
            self.tr("Erased for good: the name (it becomes \"Anonymised customer\" with the "
                    "number), phone numbers, ID number, e-mail, address, birthday, company, "
                    "notes and tags, and what was written in contacts, feedback and surveys."),
            self.tr("Kept: the cards, the stored value, points and visits ledgers and the "
                    "purchases, with their amounts, so the books still add up."),
            self.tr("This cannot be undone. Backups made before today still hold the old "
                    "details until they are deleted."),
        ))

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.reason_edit.setFocus()

    def _update(self) -> None:
        self.erase_button.setEnabled(self.confirm_box.isChecked() and self.busy_label.isHidden())

    def erase(self) -> None:
        """Run the erasure on the task runner; a refusal shows under the reason."""
        if not self.confirm_box.isChecked() or not self.busy_label.isHidden():
            return
        service = self.context.service(PrivacyService)
        ids = [number for number, _name in self.customers]
        reason = self.reason_edit.text()
        self.errors.clear()
        self._busy(True)
        if len(ids) == 1:
            self.context.runner.submit(lambda: service.anonymise(ids[0], reason),
                                       on_done=self._done, on_error=self._refused)
        else:
            self.context.runner.submit(lambda: service.anonymise_many(ids, reason),
                                       on_done=self._done, on_error=self._refused)

    def _busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self.cancel_button.setEnabled(not busy)
        self.reason_edit.setReadOnly(busy)
        self._update()

    def _done(self, result: AnonymiseResult) -> None:
        self._busy(False)
        self.outcome = result
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._busy(False)
        self.errors.show(error)

    def reject(self) -> None:
        if not self.busy_label.isHidden():
            return  # the erasure is running: it cannot be stopped half-way
        super().reject()


def erase_dialog_result_text(result: AnonymiseResult) -> str:
    """The status-bar sentence after an erasure."""
    translate = QCoreApplication.translate
    if len(result.customer_ids) == 1:
        text = translate("EraseDialog", "The personal details of customer #%1 are erased; the "
                         "money ledger is kept.").replace("%1", str(result.customer_ids[0]))
    else:
        text = translate("EraseDialog", "The personal details of %1 customers are erased; the "
                         "money ledger is kept.").replace("%1", str(len(result.customer_ids)))
    if not result.reclaimed:
        text += " " + translate("EraseDialog", "The old data leaves the file when it is closed.")
    return text
