"""The sweep's findings as a Qt table model (in memory: the sweep hands over at most its limit).

``show_field`` narrows the rows to one customer field; ``customer_id(row)`` names
the customer a row opens.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from crm_desktop.models.services.sweep import SweepFinding
from crm_desktop.ui.profile.upkeep_bar import field_word

AnyIndex = QModelIndex | QPersistentModelIndex


class FindingsModel(QAbstractTableModel):
    """Rows: customer, field, the value as stored (masked), what is wrong."""

    NAME, FIELD, VALUE, PROBLEM = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: tuple[SweepFinding, ...] = ()
        self._rows: list[SweepFinding] = []

    def set_findings(self, findings: tuple[SweepFinding, ...], field: str | None = None) -> None:
        self._all = findings
        self.show_field(field)

    def show_field(self, field: str | None) -> None:
        """Only the findings of ``field`` (all of them when None)."""
        self.beginResetModel()
        self._rows = [f for f in self._all if field is None or f.field == field]
        self.endResetModel()

    def finding(self, row: int) -> SweepFinding:
        return self._rows[row]

    def customer_id(self, row: int) -> int:
        return self._rows[row].customer_id

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Customer"), self.tr("Field"), self.tr("Stored value"),
                self.tr("What is wrong"))[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        finding = self._rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return finding.customer_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == self.NAME:
            return f"{finding.customer_name} (#{finding.customer_id})"
        if column == self.FIELD:
            return field_word(finding.field)
        if column == self.VALUE:
            return finding.shown
        prefix = "" if finding.severity == "refused" else self.tr("Unusual: ")
        return prefix + finding.message
