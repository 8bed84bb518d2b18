"""Open a shift (开班, the float counted in) and close it (交班), with the handover slip.

The close reads the shift's figures on the worker when it opens: per payment
method and per kind of movement, and the cash the drawer should hold. The
difference follows the cash counted as it is typed; OK books the close (one
audit entry), and the dialog then stays open with the stored difference and
offers the handover slip (交班小票) for printing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from shiboken6 import isValid

from crm_desktop.models.errors import DomainError
from crm_desktop.models.rules.card_rules import parse_yuan
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.counter_records import ShiftClosed, ShiftFigures, ShiftView
from crm_desktop.models.services.shifts import ShiftService
from crm_desktop.ui import receipts
from crm_desktop.ui.base.acting import ActionDialog
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_EMPHASIS_STYLE, NOTICE_STYLE, REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_text import money
from crm_desktop.ui.counter.counter_text import (
    fill_rows,
    kind_headers,
    kind_rows,
    method_headers,
    method_rows,
    moved_lines,
    read_only_table,
    signed_money,
    slip_lines,
    time_text,
)


class OpenShiftDialog(ActionDialog):
    """开班: the cash float counted into the drawer, in yuan; ``result`` is the ShiftView."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.setWindowTitle(self.tr("Open shift"))
        self.setObjectName("open_shift_dialog")
        self.ok_button.setText(self.tr("Open shift"))
        self.float_edit = QLineEdit()
        self.float_edit.setObjectName("float")
        self.float_edit.setPlaceholderText(self.tr("Cash in the drawer now, e.g. 200"))
        self.float_edit.setMaxLength(16)
        self.float_edit.returnPressed.connect(self.submit)
        self.form.addRow(self.tr("Float (yuan)"), self.float_edit)
        self.refusals.fields.update(float=self.float_edit, float_fen=self.float_edit)
        self.first_field = self.float_edit

    def work(self) -> Callable[[], ShiftView]:
        float_fen = parse_yuan(self.float_edit.text(), "float")
        shifts = self.context.service(ShiftService)
        return lambda: shifts.open(float_fen)


class CloseShiftDialog(ActionDialog):
    """交班: the shift's figures, the cash counted, the difference as typed, and a note."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, shift_id: int | None = None
    ) -> None:
        """``shift_id``: another clerk's shift left open, closed by the owner; else one's own."""
        super().__init__(context, parent=parent)
        self.shift_id = shift_id
        self.setWindowTitle(self.tr("Close shift (handover)"))
        self.setObjectName("close_shift_dialog")
        self.setMinimumWidth(620)
        self.figures: ShiftFigures | None = None
        self.closed: ShiftClosed | None = None
        self.shop_name = ""
        self.ok_button.setText(self.tr("Close shift"))
        self.ok_button.setEnabled(False)  # until the figures are here

        self.shift_label = QLabel(self.tr("Reading the shift…"))
        self.shift_label.setObjectName("shift_summary")
        self.shift_label.setWordWrap(True)
        self.method_table = read_only_table("shift_methods", method_headers())
        self.kind_table = read_only_table("shift_kinds", kind_headers())
        for table in (self.method_table, self.kind_table):
            table.setMinimumHeight(120)
        self.expected_label = QLabel()
        self.expected_label.setObjectName("expected_cash")
        self.counted_edit = QLineEdit()
        self.counted_edit.setObjectName("counted_cash")
        self.counted_edit.setPlaceholderText(self.tr("Cash counted in the drawer, in yuan"))
        self.counted_edit.setMaxLength(16)
        self.counted_edit.textChanged.connect(self.show_difference)
        self.difference_label = QLabel()
        self.difference_label.setObjectName("cash_difference")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setMaxLength(200)
        self.note_edit.setPlaceholderText(self.tr("Why the cash differs, what was handed over"))
        self.form.addRow(self.shift_label)
        self.form.addRow(self.tr("Per payment method"), self.method_table)
        self.form.addRow(self.tr("Per kind"), self.kind_table)
        self.form.addRow(self.tr("Expected cash"), self.expected_label)
        self.form.addRow(self.tr("Cash counted (yuan)"), self.counted_edit)
        self.form.addRow(self.tr("Difference"), self.difference_label)
        self.form.addRow(self.tr("Note"), self.note_edit)
        self.refusals.fields.update(
            counted_cash=self.counted_edit, counted_cash_fen=self.counted_edit, note=self.note_edit
        )
        self.first_field = self.counted_edit

        self.print_button = QPushButton(self.tr("Print handover slip"))
        self.print_button.setObjectName("print_slip")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_slip)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.hide()  # until the shift is closed

        shifts = self.context.service(ShiftService)
        catalog = self.context.service(CatalogService)
        shift_id = self.shift_id

        def read() -> tuple[ShiftFigures, str]:
            return shifts.figures(shift_id), catalog.settings().shop_name or ""

        self.context.runner.submit(read, on_done=self._arrived, on_error=self._unreadable)

    # -- the figures ------------------------------------------------------------------------------

    def _arrived(self, answer: tuple[ShiftFigures, str]) -> None:
        if not isValid(self):
            return
        self.figures, self.shop_name = answer
        shift = self.figures.shift
        self.shift_label.setText(
            self.tr("%1's shift, opened %2 with a float of %3; %4 transactions so far.")
            .replace("%1", shift.username)
            .replace("%2", time_text(shift.opened_at))
            .replace("%3", money(shift.float_fen))
            .replace("%4", str(self.figures.transactions))
        )
        fill_rows(self.method_table, method_rows(moved_lines(self.figures.methods, "cash")))
        fill_rows(self.kind_table, kind_rows(self.figures.kinds))
        self.expected_label.setText(money(self.figures.expected_cash_fen))
        self.ok_button.setEnabled(True)
        self.show_difference()

    def _unreadable(self, error: BaseException) -> None:
        if isValid(self):
            self.shift_label.setText(describe_error(error))
            self.shift_label.setStyleSheet(REFUSAL_STYLE)

    def counted_fen(self) -> int | None:
        """The cash counted as typed so far; None while the box is empty or unreadable."""
        text = self.counted_edit.text()
        if not text.strip():
            return None
        try:
            return parse_yuan(text, "counted_cash")
        except DomainError:
            return None

    def show_difference(self) -> None:
        """Counted − expected, as the clerk types: green when it tallies, amber otherwise."""
        counted = self.counted_fen()
        if self.figures is None or counted is None:
            self.difference_label.setText("")
            return
        difference = counted - self.figures.expected_cash_fen
        self.difference_label.setText(self._difference_text(difference))
        self.difference_label.setStyleSheet(DONE_EMPHASIS_STYLE if difference == 0 else NOTICE_STYLE)

    def _difference_text(self, difference_fen: int) -> str:
        if difference_fen > 0:
            return self.tr("%1 over").replace("%1", signed_money(difference_fen))
        if difference_fen < 0:
            return self.tr("%1 short").replace("%1", signed_money(difference_fen))
        return self.tr("Tallies: %1").replace("%1", money(0))

    # -- closing ----------------------------------------------------------------------------------

    def work(self) -> Callable[[], ShiftClosed]:
        text = self.counted_edit.text()
        # An empty box is refused (count the drawer first); a counted 0 is an answer.
        counted = parse_yuan(text, "counted_cash", allow_zero=bool(text.strip()))
        note = self.note_edit.text().strip()
        shifts, shift_id = self.context.service(ShiftService), self.shift_id
        return lambda: shifts.close(counted, note, shift_id=shift_id)

    def answered(self, result: Any) -> None:
        """The shift is closed: show what was stored, offer the slip, OK becomes Close."""
        self.result = self.closed = result
        assert isinstance(result, ShiftClosed)
        self.difference_label.setText(self._difference_text(result.difference_fen))
        self.shift_label.setText(
            self.tr("Shift closed. Difference %1 recorded.").replace(
                "%1", signed_money(result.difference_fen)
            )
        )
        self.shift_label.setStyleSheet(DONE_EMPHASIS_STYLE)
        self.counted_edit.setReadOnly(True)
        self.note_edit.setReadOnly(True)
        self.ok_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.print_button.show()
        self.print_button.setDefault(True)
        self.print_button.setFocus()

    def slip(self) -> list[str]:
        """The handover slip's lines (empty until the shift is closed)."""
        return slip_lines(self.closed, self.shop_name) if self.closed is not None else []

    def print_slip(self) -> None:
        """The handover slip, printed the way the owner set up receipts."""
        if self.closed is not None:
            receipts.print_slip(self, self.context, self.tr("Shift handover"), self.slip())



