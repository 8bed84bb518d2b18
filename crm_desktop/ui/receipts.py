"""Receipts (小票) of money actions: printed as the owner set up, automatically or on a click.

The slip's lines come from ``models.receipt_text`` (58 or 80 mm, item lines, the
transaction number); ``receipt_printing`` puts them on paper. ``print_slip``
is there for other slips (the shift handover).

A receipt leaves the shop on paper, so it shows the card number masked (first
and last four digits) and the holder's surname only, whoever prints it: the full
number is what opens the customer at the scanner, and a receipt left on the
counter should not be enough to use someone's card.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget
from shiboken6 import isValid

from crm_desktop.models.receipt_text import Slip, SlipWords, columns_for, slip_lines
from crm_desktop.models.services.card_records import MoneyResult
from crm_desktop.models.services.receipt_slips import PrintableSlip, ReceiptSlips
from crm_desktop.models.services.shop_settings import ShopSettings
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_text import (
    action_name,
    mask_card_number,
    mask_name,
    method_names,
    method_text,
    money,
)
from crm_desktop.ui.receipt_printing import print_slip, save_slip_pdf, send_slip, slip_document

__all__ = ["ReceiptButtons", "print_slip", "printable_lines", "receipt_document",
           "receipt_lines", "reprint_receipt", "save_receipt_pdf", "slip_words"]

RECEIPT_WIDTH_MM = 80

translate = QCoreApplication.translate


def _amount_labels(action: str) -> tuple[str, str]:
    """What the amount and the bonus of ``action`` mean on paper."""
    if action == "cancel":
        return translate("Receipt", "Paid back"), translate("Receipt", "Bonus forfeited")
    if action == "refund":
        return translate("Receipt", "Refund of"), translate("Receipt", "Bonus")
    if action == "redeem":
        return translate("Receipt", "Worth"), translate("Receipt", "Bonus")
    if action == "issue":
        return translate("Receipt", "First top-up"), translate("Receipt", "Bonus")
    if action == "top_up":
        return translate("Receipt", "Top-up"), translate("Receipt", "Bonus")
    return translate("Receipt", "Amount"), translate("Receipt", "Bonus")


def receipt_lines(result: MoneyResult) -> list[tuple[str, str]]:
    """The receipt's rows as (label, value), only those that say something for this action."""
    amount_label, bonus_label = _amount_labels(result.action)
    rows: list[tuple[str, str]] = []
    if result.card_number:
        rows.append((translate("Receipt", "Card"), mask_card_number(result.card_number)))
    rows.append((translate("Receipt", "Holder"), mask_name(result.customer_name)))
    if result.amount_fen or result.action in ("top_up", "consume", "refund"):
        rows.append((amount_label, money(result.amount_fen)))
    if result.action == "issue" and result.paid_fen > result.amount_fen:
        rows.append((translate("Receipt", "Card fee"), money(result.paid_fen - result.amount_fen)))
    if result.discount_fen:
        rows.append((translate("Receipt", "Member discount"), money(-result.discount_fen)))
    if result.paid_fen and result.paid_fen != result.amount_fen:
        rows.append((translate("Receipt", "Paid"), money(result.paid_fen)))
    if result.payment_method and result.payment_method != "count":
        rows.append((translate("Receipt", "Payment"), method_text(result.payment_method)))
    if result.bonus_fen:
        rows.append((bonus_label, money(result.bonus_fen)))
    if result.card_id is not None and (result.balance_before_fen or result.balance_after_fen):
        rows.append((translate("Receipt", "Balance before"), money(result.balance_before_fen)))
        rows.append((translate("Receipt", "Balance after"), money(result.balance_after_fen)))
    if result.points_change:
        rows.append((translate("Receipt", "Points"), f"{result.points_change:+d}"))
    if result.card_id is not None:
        rows.append((translate("Receipt", "Points after"), str(result.points_after)))
    if result.counts_change or result.action == "use_count":
        rows.append((translate("Receipt", "Visits"), f"{result.counts_change:+d}"))
        rows.append((translate("Receipt", "Visits left"), str(result.counts_after)))
    rows.append((translate("Receipt", "Operator"), result.operator))
    rows.append((translate("Receipt", "Time"), result.at.strftime("%Y-%m-%d %H:%M:%S")))
    return rows


def slip_words() -> SlipWords:
    """The slip's words in the language of the screen."""
    actions = ("issue", "top_up", "consume", "redeem", "use_count", "refund", "cancel")
    return SlipWords(
        receipt=translate("Receipt", "Receipt"),
        reprint=translate("Receipt", " (reprint)"),
        number=translate("Receipt", "No."),
        time=translate("Receipt", "Time"),
        operator=translate("Receipt", "Operator"),
        card=translate("Receipt", "Card"),
        holder=translate("Receipt", "Holder"),
        items=translate("Receipt", "Items"),
        amount=translate("Receipt", "Amount"),
        discount=translate("Receipt", "Member discount"),
        paid=translate("Receipt", "Paid"),
        method=translate("Receipt", "Payment"),
        bonus=translate("Receipt", "Bonus"),
        balance_after=translate("Receipt", "Balance after"),
        points=translate("Receipt", "Points"),
        points_after=translate("Receipt", "Points after"),
        visits=translate("Receipt", "Visits"),
        visits_left=translate("Receipt", "Visits left"),
        signature=translate("Receipt", "Member's signature"),
        thanks=translate("Receipt", "Thank you for your visit."),
        actions={action: action_name(action) for action in actions},
        methods=method_names(),
    )


def printable_lines(printable: PrintableSlip) -> list[str]:
    """The slip's lines for the owner's paper width, in the screen's language."""
    return slip_lines(printable.slip, columns_for(printable.settings.paper_mm), slip_words())


def _slip_of(result: MoneyResult, shop: ShopSettings) -> Slip:
    """A slip from the booked action alone (no item lines: those are read on the worker)."""
    return Slip.of_result(result, (shop.shop_name, shop.shop_address, shop.shop_phone))


def receipt_document(result: MoneyResult, shop: ShopSettings) -> QTextDocument:
    """The 80 mm slip of ``result`` as a document (no item lines)."""
    lines = slip_lines(_slip_of(result, shop), columns_for(RECEIPT_WIDTH_MM), slip_words())
    return slip_document(lines, RECEIPT_WIDTH_MM)


def save_receipt_pdf(result: MoneyResult, shop: ShopSettings, target: Path) -> None:
    """Write the 80 mm slip of ``result`` as a PDF page as wide as the roll."""
    lines = slip_lines(_slip_of(result, shop), columns_for(RECEIPT_WIDTH_MM), slip_words())
    save_slip_pdf(lines, RECEIPT_WIDTH_MM, target)


class ReceiptButtons(QWidget):
    """"Print receipt" and "Save as PDF" for one booked action; hidden until there is one.

    The slip (shop header, item lines, the owner's receipt settings) is read on the
    worker once the action is booked; the buttons wait for it. When the owner chose
    automatic printing the slip prints as soon as it arrives, without a dialog.
    """

    saved = Signal(str)
    printed = Signal()
    refused = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: MoneyResult | None = None
        self.printable: PrintableSlip | None = None
        self.print_button = QPushButton(self.tr("Print receipt"))
        self.print_button.setObjectName("print_receipt")
        self.pdf_button = QPushButton(self.tr("Save receipt as PDF…"))
        self.pdf_button.setObjectName("save_receipt_pdf")
        for button in (self.print_button, self.pdf_button):
            button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.print_button)
        layout.addWidget(self.pdf_button)
        layout.addStretch(1)
        self.print_button.clicked.connect(self.print_now)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.setVisible(False)

    def set_result(self, result: MoneyResult | None) -> None:
        self.result = result
        self.printable = None
        self.setVisible(result is not None)
        if result is None:
            return
        self._enable(False)
        slips = self.context.service(ReceiptSlips)
        self.context.runner.submit(lambda: slips.slip_for(result), on_done=self._slip_arrived,
                                   on_error=self._slip_refused)

    def show_printable(self, printable: PrintableSlip) -> None:
        """Offer a slip read elsewhere (a reprint from the ledger)."""
        self.setVisible(True)
        self._slip_arrived(printable, auto=False)

    def _slip_arrived(self, printable: PrintableSlip, auto: bool = True) -> None:
        if not isValid(self):  # the dialog may have closed before the answer came
            return
        self.printable = printable
        self._enable(True)
        if auto and printable.settings.auto_print:
            self._print(ask=False)

    def _slip_refused(self, error: BaseException) -> None:
        if isValid(self):
            self.refused.emit(describe_error(error))

    def _enable(self, enabled: bool) -> None:
        self.print_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)

    def lines(self) -> list[str]:
        return printable_lines(self.printable) if self.printable is not None else []

    def _print(self, ask: bool) -> bool:
        if self.printable is None:
            return False
        send_slip(self.window(), self.context, self.printable.settings,
                  self.tr("Print the receipt"), self.lines(), ask=ask)
        self.printed.emit()
        return True

    def print_now(self) -> bool:
        """Print on the owner's printer, or ask where when none is chosen."""
        return self._print(ask=True)

    def save_pdf(self, target: Path | None = None) -> Path | None:
        """Save the receipt; without ``target`` the clerk picks where."""
        if self.printable is None:
            return None
        if target is None:
            stamp = self.printable.slip.at.strftime("%Y%m%d-%H%M%S")
            suggested = str(Path.home() / self.tr("receipt-%1.pdf").replace("%1", stamp))
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the receipt"), suggested, self.tr("PDF files (*.pdf)")
            )
            if not chosen:
                return None
            target = Path(chosen)
        save_slip_pdf(self.lines(), self.printable.settings.paper_mm, target)
        self.saved.emit(str(target))
        return target


def reprint_receipt(parent: QWidget, context: AppContext, ledger: str, entry_id: int,
                    on_refused: Callable[[str], None]) -> None:
    """Print again the receipt of the action that wrote one ledger row (value/points/counts).

    The slip is rebuilt on the worker from the stored rows; it prints where the
    owner set up, else through the print dialog. A row that is no counter action
    (an adjustment, an expiry) is refused in one sentence.
    """
    slips = context.service(ReceiptSlips)

    def arrived(printable: PrintableSlip) -> None:
        if isValid(parent):
            send_slip(parent.window(), context, printable.settings,
                      translate("Receipt", "Reprint the receipt"), printable_lines(printable),
                      ask=True)

    context.runner.submit(lambda: slips.reprint(ledger, entry_id), on_done=arrived,
                          on_error=lambda error: on_refused(describe_error(error)))
