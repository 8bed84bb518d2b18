"""Putting a slip's lines on paper: a PDF, any installed printer, or an ESC/POS receipt printer.

The lines come already fitted to the roll (``models.receipt_text``), so a page
here is as wide as the roll and as long as the slip, set in a fixed-pitch font
whose size makes the roll's columns fill the printable width, a Chinese
character two columns wide. The owner's receipt settings decide where a slip
goes: a network receipt printer when one is set, else the default printer, else
the print dialog asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QMessageBox, QWidget

from crm_desktop.models.escpos_receipt import send_to_network_printer, slip_bytes
from crm_desktop.models.receipt_settings import ReceiptSettings
from crm_desktop.models.receipt_text import columns_for, fit_lines
from crm_desktop.models.services.receipt_slips import ReceiptSlips
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error

MARGIN_MM = 3.0
# Room left on each line for a printer whose font is a little wider than measured here.
WIDTH_SLACK = 0.96
FIXED_PITCH_FAMILIES = ["Noto Sans Mono CJK SC", "NSimSun", "Sarasa Mono SC", "DejaVu Sans Mono",
                        "Courier New", "monospace"]

translate = QCoreApplication.translate


def slip_font(paper_mm: int) -> QFont:
    """A fixed-pitch font sized so one line of the roll's columns fills the printable width."""
    column_px = (paper_mm - 2 * MARGIN_MM) / columns_for(paper_mm) / 25.4 * _dpi()
    font = QFont()
    font.setFamilies(FIXED_PITCH_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    font.setPointSizeF(100)
    # Measured, not assumed: fixed-pitch fonts differ in how wide a letter is.
    per_point = QFontMetricsF(font).horizontalAdvance("M" * 10) / 10 / 100
    font.setPointSizeF(round(column_px / per_point * WIDTH_SLACK, 1))
    return font


def _dpi() -> float:
    """The resolution a document without a printer is laid out at (the screen's)."""
    screen = QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInchY() if screen is not None else 96.0


def slip_document(lines: Sequence[str], paper_mm: int) -> QTextDocument:
    """The slip as plain lines in the slip's font (spaces kept); the first line (the shop) bold.

    Plain text, not HTML's <pre>: that would swap in the system's fixed font, whose
    letters may be wider than the ones the columns were measured with.
    """
    document = QTextDocument()
    document.setDefaultFont(slip_font(paper_mm))
    document.setDocumentMargin(0)
    document.setPlainText("\n".join(lines))
    if lines:
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                            QTextCursor.MoveMode.KeepAnchor)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        cursor.mergeCharFormat(bold)
    return document


def slip_page(paper_mm: int, document: QTextDocument) -> QPageLayout:
    """A page as wide as the roll and as long as ``document`` needs; the document is
    paginated to it, so printing keeps these margins and scales it to the printer."""
    dpi = _dpi()
    document.setTextWidth((paper_mm - 2 * MARGIN_MM) / 25.4 * dpi)
    text_mm = document.size().height() / dpi * 25.4 + 2
    height_mm = max(60.0, 2 * MARGIN_MM + text_mm)
    document.setPageSize(QSizeF(document.textWidth(), (height_mm - 2 * MARGIN_MM) / 25.4 * dpi))
    size = QPageSize(QSizeF(paper_mm, height_mm), QPageSize.Unit.Millimeter,
                     f"receipt {paper_mm} mm", QPageSize.SizeMatchPolicy.ExactMatch)
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, margins,
                       QPageLayout.Unit.Millimeter)


def print_lines(printer: QPrinter, lines: Sequence[str], paper_mm: int) -> None:
    """Lay the slip on ``printer`` (a real printer or a PDF file), one roll-wide page."""
    document = slip_document(lines, paper_mm)
    printer.setPageLayout(slip_page(paper_mm, document))
    document.print_(printer)


def save_slip_pdf(lines: Sequence[str], paper_mm: int, target: Path) -> None:
    """Write the slip to ``target`` as a PDF page of the roll's width."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    printer.setDocName(translate("Receipt", "Receipt"))
    print_lines(printer, lines, paper_mm)


def installed_printers() -> list[str]:
    """The names of the printers this computer has, the system's default first."""
    default = QPrinterInfo.defaultPrinterName()
    names = list(QPrinterInfo.availablePrinterNames())
    return sorted(names, key=lambda name: name != default)


def print_to_system(parent: QWidget | None, settings: ReceiptSettings, title: str,
                    lines: Sequence[str], *, ask: bool) -> bool:
    """Print on the owner's default printer, or ask with the print dialog.

    ``ask`` False prints without a dialog (automatic printing): on the default
    printer, or the system's own when none is chosen. False when nothing printed.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    names = installed_printers()
    chosen = settings.printer if settings.printer in names else ""
    if chosen:
        printer.setPrinterName(chosen)
    if not chosen and not ask and not names:
        return False
    if ask and not chosen:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
    print_lines(printer, lines, settings.paper_mm)
    return True


def _tell(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setModal(False)  # the counter goes on; the clerk reads it when they look up
    box.show()


def send_slip(parent: QWidget | None, context: AppContext, settings: ReceiptSettings,
              title: str, lines: Sequence[str], *, ask: bool) -> None:
    """Print ``lines`` where the settings say: the receipt printer on the network (sent
    on the worker), else a system printer (see ``print_to_system``)."""
    if settings.escpos_address:
        address = settings.escpos_address
        context.runner.submit(
            lambda: send_to_network_printer(slip_bytes(lines), address),
            on_error=lambda error: _tell(parent, title, describe_error(error)),
        )
        return
    print_to_system(parent, settings, title, lines, ask=ask)


def print_slip(parent: QWidget | None, context: AppContext, title: str,
               lines: Sequence[str]) -> None:
    """Print a slip that is not a money receipt (the shift handover, say) as the owner set up:
    the receipt printer or default printer without a dialog, else through the print dialog."""
    context.runner.submit(
        context.service(ReceiptSlips).settings,
        on_done=lambda settings: send_slip(
            parent, context, settings, title,
            fit_lines(lines, columns_for(settings.paper_mm)), ask=True),
        on_error=lambda error: _tell(parent, title, describe_error(error)),
    )
