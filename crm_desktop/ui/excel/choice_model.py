"""The rows a dry run asks about, and the user's answer for each, as a Qt table model.

Every row shows its cells as text and, in the last column, its answer. Answers
are kept as one answer for every row (``default``) plus the rows answered
otherwise (``overrides``, by sheet row), so "the same for all 100,000 rows" is one
value, and an answer survives a second preview of the same file. A row offered
no answer shows ``fixed`` text there instead (what the import did with it).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

AnyIndex = QModelIndex | QPersistentModelIndex
ANSWER_ROLE = Qt.ItemDataRole.UserRole + 1  # the answer's code
ALLOWED_ROLE = Qt.ItemDataRole.UserRole + 2  # the codes this row may take, with their labels


class ChoiceRow(NamedTuple):
    """One row asked about: its sheet row, its cells, the answers it may take (codes)."""

    sheet_row: int
    cells: tuple[str, ...]
    allowed: tuple[str, ...] = ()
    fixed: str = ""  # shown instead of an answer when ``allowed`` is empty


class RowChoiceModel(QAbstractTableModel):
    """``answers`` is (code, label) in the order offered; the first is the default."""

    answers_changed = Signal()

    def __init__(
        self, headers: list[str], answers: list[tuple[str, str]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._headers = headers
        self.labels = dict(answers)
        self.codes = [code for code, _ in answers]
        self.default = self.codes[0]
        self.overrides: dict[int, str] = {}
        self._rows: list[ChoiceRow] = []
        # Answer labels that differ for some rows (a damaged name is kept, not emptied).
        self.row_labels: dict[tuple[int, str], str] = {}

    # -- what is shown ------------------------------------------------------------------------

    def set_rows(self, rows: list[ChoiceRow]) -> None:
        """Show ``rows``; the answers given so far stay with their sheet rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, position: int) -> ChoiceRow:
        return self._rows[position]

    def answer_of(self, row: ChoiceRow) -> str:
        """The answer ``row`` takes now: its own, else the one for every row, else its first."""
        wanted = self.overrides.get(row.sheet_row, self.default)
        if wanted in row.allowed or not row.allowed:
            return wanted
        return row.allowed[0]

    def label_of(self, row: ChoiceRow, code: str) -> str:
        return self.row_labels.get((row.sheet_row, code), self.labels.get(code, code))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        last = index.column() == len(self._headers) - 1
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if not last:
                return row.cells[index.column()] if index.column() < len(row.cells) else ""
            return self.label_of(row, self.answer_of(row)) if row.allowed else row.fixed
        if role == ANSWER_ROLE and last and row.allowed:
            return self.answer_of(row)
        if role == ALLOWED_ROLE and last:
            return [(code, self.label_of(row, code)) for code in row.allowed]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        found = super().flags(index)
        last = index.isValid() and index.column() == len(self._headers) - 1
        if last and len(self._rows[index.row()].allowed) > 1:
            found |= Qt.ItemFlag.ItemIsEditable
        return found

    # -- answering ----------------------------------------------------------------------------

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """The delegate's answer for one row (a code the row allows)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self._rows[index.row()]
        if value not in row.allowed:
            return False
        if value == self.default:
            self.overrides.pop(row.sheet_row, None)
        else:
            self.overrides[row.sheet_row] = str(value)
        self.dataChanged.emit(index, index)
        self.answers_changed.emit()
        return True

    def answer_all(self, code: str) -> None:
        """The same answer for every row, those answered one by one included."""
        self.default = code
        self.overrides.clear()
        if self._rows:
            column = len(self._headers) - 1
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))
        self.answers_changed.emit()

    def forget_answers(self) -> None:
        """Back to the first answer for every row (a new file or mapping)."""
        self.answer_all(self.codes[0])

    def find_row(self, sheet_row: int) -> int:
        """The position of ``sheet_row`` in the table, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.sheet_row == sheet_row), -1)
