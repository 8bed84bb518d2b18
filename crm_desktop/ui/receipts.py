"""Receipts (小票) of money actions: printed through the print dialog or saved as a PDF.

A receipt leaves the shop on paper, so it shows the card number masked (first
and last four digits) and the holder's surname only, whoever prints it: the full
number is what opens the customer at the scanner, and a receipt left on the
counter should not be enough to use someone's card.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget
from shiboken6 import isValid

from crm_desktop.models.services.card_records import MoneyResult
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.shop_settings import ShopSettings
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.card_text import (
    action_name,
    mask_card_number,
    mask_name,
    method_text,
    money,
)

RECEIPT_WIDTH_MM = 80
RECEIPT_HEIGHT_MM = 200
MARGIN_MM = 4

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


def receipt_html(result: MoneyResult, shop: ShopSettings) -> str:
    """The receipt as simple HTML that a narrow receipt printer and a PDF both lay out."""
    title = shop.shop_name or translate("Receipt", "Receipt")
    head = [f"<h2 align='center'>{html.escape(title)}</h2>"]
    contact = " ".join(part for part in (shop.shop_address, shop.shop_phone) if part)
    if contact:
        head.append(f"<p align='center'>{html.escape(contact)}</p>")
    head.append(f"<h3 align='center'>{html.escape(action_name(result.action))}</h3>")
    rows = "".join(
        f"<tr><td>{html.escape(label)}</td><td align='right'>{html.escape(value)}</td></tr>"
        for label, value in receipt_lines(result)
    )
    table = f"<table width='100%' cellspacing='0' cellpadding='2'>{rows}</table>"
    thanks = translate("Receipt", "Thank you for your visit.")
    foot = f"<p align='center'>{html.escape(thanks)}</p>"
    return "".join(head) + "<hr/>" + table + "<hr/>" + foot


def receipt_document(result: MoneyResult, shop: ShopSettings) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(receipt_html(result, shop))
    return document


def save_receipt_pdf(result: MoneyResult, shop: ShopSettings, target: Path) -> None:
    """Write the receipt as a PDF page as wide as a counter receipt roll."""
    writer = QPdfWriter(str(target))
    writer.setPageSize(
        QPageSize(QSizeF(RECEIPT_WIDTH_MM, RECEIPT_HEIGHT_MM), QPageSize.Unit.Millimeter,
                  "receipt")
    )
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    writer.setTitle(translate("Receipt", "Receipt"))
    receipt_document(result, shop).print_(writer)


def print_receipt(result: MoneyResult, shop: ShopSettings, parent: QWidget | None) -> bool:
    """Ask for a printer and print the receipt; False when the clerk cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("Receipt", "Print the receipt"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    receipt_document(result, shop).print_(printer)
    return True


class ReceiptButtons(QWidget):
    """"Print receipt" and "Save as PDF" for one booked action; hidden until there is one.

    The shop's name and address for the header are read on the worker when the
    action is booked; the buttons wait for them.
    """

    saved = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: MoneyResult | None = None
        self.shop: ShopSettings | None = None
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
        self.setVisible(result is not None)
        if result is None or self.shop is not None:
            return
        self._enable(False)
        self.context.runner.submit(
            self.context.service(CatalogService).settings, on_done=self._shop_arrived
        )

    def _shop_arrived(self, shop: ShopSettings) -> None:
        if isValid(self):  # the dialog may have closed before the answer came
            self.shop = shop
            self._enable(True)

    def _enable(self, enabled: bool) -> None:
        self.print_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)

    def print_now(self) -> bool:
        if self.result is None or self.shop is None:
            return False
        return print_receipt(self.result, self.shop, self.window())

    def save_pdf(self, target: Path | None = None) -> Path | None:
        """Save the receipt; without ``target`` the clerk picks where."""
        if self.result is None or self.shop is None:
            return None
        if target is None:
            stamp = self.result.at.strftime("%Y%m%d-%H%M%S")
            suggested = str(Path.home() / self.tr("receipt-%1.pdf").replace("%1", stamp))
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the receipt"), suggested, self.tr("PDF files (*.pdf)")
            )
            if not chosen:
                return None
            target = Path(chosen)
        save_receipt_pdf(self.result, self.shop, target)
        self.saved.emit(str(target))
        return target
