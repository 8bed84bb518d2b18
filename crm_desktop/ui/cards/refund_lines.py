"""Which lines of an itemised sale a refund takes back, and how many of each.

The lines are read on the worker when the refund dialog opens; a sale without
lines shows nothing here and is refunded whole, as before. Every line starts
ticked with all that is left of it, so Refund with no change takes back the rest
of the sale. What goes back follows the service's rule: each line's net (its
price less its own share of the tier discount), worked out on what is refunded
so far, so the last line brings back exactly what the sale took.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.services.card_records import RefundableLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.sale_lines import share_half_up
from crm_desktop.ui.base.acting import while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.card_text import money
from crm_desktop.ui.cards.item_picker import fit_rows


def line_net(line: RefundableLine, quantity: int) -> int:
    """The net of ``quantity`` units of ``line``: price less that share of its discount."""
    return quantity * line.unit_price_fen - share_half_up(
        line.discount_fen, quantity, line.quantity)


class RefundLines(QWidget):
    """A tick and a quantity per line of the sale; ``choice_changed`` when either changes."""

    choice_changed = Signal()
    lines_read = Signal()

    def __init__(self, context: AppContext, purchase_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("refund_lines")
        self.lines: list[RefundableLine] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("refund_line_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Item"), self.tr("Sold"), self.tr("Take back"), self.tr("Amount back"),
        ])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.hide()
        cards = context.service(CardService)
        context.runner.submit(
            lambda: cards.refundable_lines(purchase_id),
            on_done=while_open(self, self._show_lines),
        )

    # -- what the dialog reads --------------------------------------------------------------

    def has_lines(self) -> bool:
        return bool(self.lines)

    def chosen(self) -> dict[int, int]:
        """Line id → quantity to take back, for the ticked lines with a quantity."""
        taking: dict[int, int] = {}
        for row, line in enumerate(self.lines):
            quantity = self._spin(row).value() if self._tick(row).isChecked() else 0
            if quantity:
                taking[line.line_id] = quantity
        return taking

    def takes_everything(self) -> bool:
        """Nothing was refunded before and every line goes back whole: a whole refund."""
        taking = self.chosen()
        return all(
            line.refunded_quantity == 0 and taking.get(line.line_id) == line.quantity
            for line in self.lines
        )

    def share_back(self, total: int) -> int:
        """What of the sale's ``total`` (paid fen, points) the chosen lines bring back."""
        taking = self.chosen()
        whole = sum(line_net(line, line.quantity) for line in self.lines)
        before = sum(line_net(line, line.refunded_quantity) for line in self.lines)
        after = sum(line_net(line, line.refunded_quantity + taking.get(line.line_id, 0))
                    for line in self.lines)
        return share_half_up(total, after, whole) - share_half_up(total, before, whole)

    def chosen_text(self) -> str:
        """拿铁 × 1, 可颂 × 2 — the lines as the preview names them."""
        taking = self.chosen()
        return ", ".join(f"{line.item} × {taking[line.line_id]}"
                         for line in self.lines if line.line_id in taking)

    # -- inside -----------------------------------------------------------------------------

    def _show_lines(self, lines: list[RefundableLine]) -> None:
        self.lines = list(lines)
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            left = line.refundable_quantity
            tick = QCheckBox(line.item)
            tick.setObjectName("refund_line_tick")
            tick.setChecked(left > 0)
            tick.setEnabled(left > 0)
            tick.toggled.connect(lambda _on: self._changed())
            self.table.setCellWidget(row, 0, tick)
            sold = str(line.quantity)
            if line.refunded_quantity:
                sold = self.tr("%1 (%2 refunded)").replace("%1", sold).replace(
                    "%2", str(line.refunded_quantity))
            self.table.setItem(row, 1, QTableWidgetItem(sold))
            spin = QSpinBox()
            spin.setObjectName("refund_line_quantity")
            spin.setRange(0, left)
            spin.setValue(left)
            spin.setEnabled(left > 0)
            spin.valueChanged.connect(lambda _v: self._changed())
            self.table.setCellWidget(row, 2, spin)
        self.setVisible(bool(self.lines))
        self._fill_amounts()
        fit_rows(self.table)
        self.lines_read.emit()

    def _changed(self) -> None:
        self._fill_amounts()
        self.choice_changed.emit()

    def _fill_amounts(self) -> None:
        taking = self.chosen()
        for row, line in enumerate(self.lines):
            done = line.refunded_quantity
            back = line_net(line, done + taking.get(line.line_id, 0)) - line_net(line, done)
            cell = QTableWidgetItem(money(back))
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 3, cell)

    def _tick(self, row: int) -> QCheckBox:
        widget = self.table.cellWidget(row, 0)
        assert isinstance(widget, QCheckBox)
        return widget

    def _spin(self, row: int) -> QSpinBox:
        widget = self.table.cellWidget(row, 2)
        assert isinstance(widget, QSpinBox)
        return widget
