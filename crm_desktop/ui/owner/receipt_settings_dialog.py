"""Receipt settings (小票设置): default printer, paper width, automatic printing, signature line.

The owner picks the default printer from the printers this computer has, the
roll's width, whether slips print by themselves after each money action, which
actions' slips carry a member-signature line, and optionally the address of a
network receipt printer (ESC/POS). "Print test slip" prints a short slip as
the settings now in the dialog say, before they are saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from crm_desktop.models.errors import DomainError
from crm_desktop.models.receipt_settings import (
    AUTO_PRINT_KEY,
    ESCPOS_KEY,
    PAPER_KEY,
    PRINTER_KEY,
    SIGNATURE_KEY,
    ReceiptSettings,
    ReceiptSettingsService,
    check_receipt_changes,
)
from crm_desktop.models.receipt_text import PAPER_WIDTHS_MM, Slip, columns_for, slip_lines
from crm_desktop.ui.base.acting import ActionDialog, Op, while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import HINT_STYLE
from crm_desktop.ui.cards.card_text import action_name
from crm_desktop.ui.receipt_printing import installed_printers, send_slip
from crm_desktop.ui.receipts import slip_words

SIGNED_ACTIONS = ("consume", "refund", "cancel", "redeem", "use_count", "top_up", "issue")


class ReceiptSettingsDialog(ActionDialog):
    """The owner's receipt settings, read on the worker when it opens and saved by OK."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("Receipt settings"), parent)
        self.setObjectName("receipt_settings_dialog")
        self.settings_service = context.service(ReceiptSettingsService)
        self.printer_combo = QComboBox()
        self.printer_combo.setObjectName("printer")
        self.printer_combo.addItem(self.tr("Ask each time (print dialog)"), "")
        for name in installed_printers():
            self.printer_combo.addItem(name, name)
        self.paper_combo = QComboBox()
        self.paper_combo.setObjectName("paper")
        for width in PAPER_WIDTHS_MM:
            self.paper_combo.addItem(self.tr("%1 mm").replace("%1", str(width)), width)
        self.auto_box = QCheckBox(self.tr("Print a receipt after each money action, without asking"))
        self.auto_box.setObjectName("auto_print")
        self.escpos_edit = QLineEdit()
        self.escpos_edit.setObjectName("escpos_address")
        self.escpos_edit.setPlaceholderText(self.tr("e.g. 192.168.1.50:9100 (optional)"))
        self.form.addRow(self.tr("Default printer"), self.printer_combo)
        self.form.addRow(self.tr("Paper width"), self.paper_combo)
        self.form.addRow(self.auto_box)
        self.form.addRow(self.tr("Network receipt printer"), self.escpos_edit)
        hint = QLabel(self.tr("A network receipt printer, when set, prints every slip instead "
                              "of the default printer."))
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.form.addRow(hint)
        self.form.addRow(QLabel(self.tr("Member-signature line on the receipts of:")))
        self.signature_boxes: dict[str, QCheckBox] = {}
        for action in SIGNED_ACTIONS:
            box = QCheckBox(action_name(action))
            box.setObjectName("signature_" + action)
            self.signature_boxes[action] = box
            self.form.addRow(box)
        self.test_button = QPushButton(self.tr("Print test slip"))
        self.test_button.setObjectName("print_test_slip")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.print_test)
        self.form.addRow(self.test_button)
        self.refusals.fields.update({PRINTER_KEY: self.printer_combo, PAPER_KEY: self.paper_combo,
                                     ESCPOS_KEY: self.escpos_edit})
        self.ok_button.setEnabled(False)  # until the settings have been read
        Op(context.runner, self.settings_service.settings).refusals(self.refusals).on_done(
            while_open(self, self.show_settings)).run()

    def show_settings(self, settings: ReceiptSettings) -> None:
        index = self.printer_combo.findData(settings.printer)
        if index < 0 and settings.printer:  # a printer not on this computer stays chosen
            self.printer_combo.addItem(settings.printer, settings.printer)
            index = self.printer_combo.count() - 1
        self.printer_combo.setCurrentIndex(max(index, 0))
        self.paper_combo.setCurrentIndex(max(self.paper_combo.findData(settings.paper_mm), 0))
        self.auto_box.setChecked(settings.auto_print)
        self.escpos_edit.setText(settings.escpos_address)
        for action, box in self.signature_boxes.items():
            box.setChecked(settings.signature_for(action))
        self.ok_button.setEnabled(True)

    def changes(self) -> dict[str, object]:
        return {
            PRINTER_KEY: self.printer_combo.currentData() or "",
            PAPER_KEY: int(self.paper_combo.currentData()),
            AUTO_PRINT_KEY: self.auto_box.isChecked(),
            SIGNATURE_KEY: [a for a, box in self.signature_boxes.items() if box.isChecked()],
            ESCPOS_KEY: self.escpos_edit.text().strip(),
        }

    def chosen(self) -> ReceiptSettings:
        """The settings as the dialog shows them now (checked, not saved)."""
        clean = check_receipt_changes(self.changes())
        return ReceiptSettings(
            printer=str(clean[PRINTER_KEY]), paper_mm=int(str(clean[PAPER_KEY])),
            auto_print=bool(clean[AUTO_PRINT_KEY]),
            signature_actions=tuple(a for a, box in self.signature_boxes.items()
                                    if box.isChecked()),
            escpos_address=str(clean[ESCPOS_KEY]),
        )

    def test_lines(self, settings: ReceiptSettings) -> list[str]:
        slip = Slip(shop_name=self.tr("Test slip"), shop_address="", shop_phone="",
                    action="consume", transaction="00000000-0000", at=datetime.now(),
                    operator=self.context.actor.username, card_number="8000000000000000",
                    customer_name="测试", amount_fen=8800, paid_fen=8800, payment_method="cash",
                    has_card=False, signature=settings.signature_for("consume"))
        return slip_lines(slip, columns_for(settings.paper_mm), slip_words())

    def print_test(self) -> list[str]:
        try:
            settings = self.chosen()
        except DomainError as error:  # a refused address shows beside its field
            self.refusals.show(error)
            return []
        lines = self.test_lines(settings)
        send_slip(self, self.context, settings, self.tr("Print test slip"), lines, ask=True)
        return lines

    def work(self) -> Callable[[], object]:
        return partial(self.settings_service.save, self.changes())
