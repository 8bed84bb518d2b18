"""A read-only table of one customer's records (cards, purchases, ledger lines, history).

These lists are short and per customer, so a plain table filled from the
service's frozen records is enough; each row remembers the id of its record.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RecordTable(QTableWidget):
    """``show_rows(rows, ids)``; ``current_id()`` is the record of the selected row (or None).

    ``stretch_column`` (else the last) takes the width the others leave.
    """

    def __init__(
        self,
        headers: Sequence[str],
        numeric_columns: Sequence[int] = (),
        stretch_column: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.numeric_columns = set(numeric_columns)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch_column is None:
            header.setStretchLastSection(True)
        else:
            # The free-text column takes the spare width, not whichever column is last.
            header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self._ids: list[int] = []

    def show_rows(self, rows: Sequence[Sequence[str]], ids: Sequence[int]) -> None:
        self.setRowCount(0)
        self._ids = []
        self.append_rows(rows, ids)

    def append_rows(self, rows: Sequence[Sequence[str]], ids: Sequence[int]) -> None:
        start = self.rowCount()
        self._ids.extend(ids)
        self.setRowCount(start + len(rows))
        for r, row in enumerate(rows, start):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c in self.numeric_columns:
                    item.setTextAlignment(NUMERIC)
                self.setItem(r, c, item)

    def current_id(self) -> int | None:
        row = self.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def select_id(self, record_id: int | None) -> None:
        if record_id in self._ids:
            self.selectRow(self._ids.index(record_id))

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def column_texts(self, column: int) -> list[str]:
        return [self.cell_text(r, column) for r in range(self.rowCount())]
