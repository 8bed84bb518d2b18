"""Second page of the import wizard: the header row found, each file column's field, the policy.

Every column of the sheet is a row of the table (column letter, header text,
a sample value, and a combo of the fields it may fill). The user may change a
field, move the header row, save the mapping as a named preset, and choose
what happens to rows already on file.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.excel.fields import FIELDS_BY_KIND
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.ui.base.style import NOTICE_STYLE

FIELD_COLUMN = 3


def column_letter(index: int) -> str:
    """A, B, … Z, AA, … as Excel names the column ``index`` (0-based)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ImportMappingPage(QWidget):
    """Shows a ColumnMapping for editing; ``mapping`` is what the user settled on."""

    header_row_changed = Signal(int)
    save_preset_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping: ColumnMapping | None = None
        self.summary_label = QLabel()
        self.summary_label.setObjectName("mapping_summary")
        self.summary_label.setWordWrap(True)
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("header_row")
        self.header_spin.setRange(1, 30)
        self.header_spin.editingFinished.connect(self._header_row_edited)
        header_row = QHBoxLayout()
        header_row.addWidget(QLabel(self.tr("Header on row:")))
        header_row.addWidget(self.header_spin)
        header_row.addStretch(1)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("mapping_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Header in the file"), self.tr("Example"), self.tr("Field")]
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        heading = self.table.horizontalHeader()
        heading.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        heading.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        heading.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        heading.setSectionResizeMode(FIELD_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(FIELD_COLUMN, 190)
        self.notes_label = QLabel()
        self.notes_label.setObjectName("mapping_notes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet(NOTICE_STYLE)

        self.preset_edit = QLineEdit()
        self.preset_edit.setObjectName("preset_name")
        self.preset_edit.setPlaceholderText(self.tr("Name for this mapping"))
        self.save_preset_button = QPushButton(self.tr("Save mapping"))
        self.save_preset_button.setObjectName("save_preset")
        self.save_preset_button.setAutoDefault(False)
        self.save_preset_button.clicked.connect(
            lambda: self.save_preset_requested.emit(self.preset_edit.text())
        )
        preset_row = QHBoxLayout()
        preset_row.addWidget(QLabel(self.tr("Save as preset:")))
        preset_row.addWidget(self.preset_edit, 1)
        preset_row.addWidget(self.save_preset_button)
        self.preset_status = QLabel()
        self.preset_status.setObjectName("preset_status")
        self.preset_status.setWordWrap(True)

        self.policy_box = QGroupBox(self.tr("Rows already on file (same phone, card or ID number)"))
        self.policy_group = QButtonGroup(self)
        policy_row = QHBoxLayout(self.policy_box)
        self.policy_buttons: dict[str, QRadioButton] = {}
        for key, text in (
            ("skip", self.tr("Skip them")),
            ("fill", self.tr("Fill empty fields")),
            ("overwrite", self.tr("Overwrite")),
        ):
            button = QRadioButton(text)
            button.setObjectName(f"policy_{key}")
            self.policy_buttons[key] = button
            self.policy_group.addButton(button)
            policy_row.addWidget(button)
        policy_row.addStretch(1)
        self.policy_buttons["skip"].setChecked(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(header_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes_label)
        layout.addLayout(preset_row)
        layout.addWidget(self.preset_status)
        layout.addWidget(self.policy_box)

    @property
    def policy(self) -> str:
        return next(k for k, b in self.policy_buttons.items() if b.isChecked())

    def show_mapping(
        self, mapping: ColumnMapping, samples: Sequence[str], sheet: str, notes: Sequence[str] = ()
    ) -> None:
        self.mapping = mapping
        self.policy_box.setVisible(mapping.kind == "customers")
        self.summary_label.setText(
            self.tr("Sheet “%1”: the header was found on row %2. Check the field of each column.")
            .replace("%1", sheet)
            .replace("%2", str(mapping.header_row))
        )
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(mapping.header_row)
        self.header_spin.blockSignals(False)
        self.table.setRowCount(len(mapping.headers))
        fields = FIELDS_BY_KIND[mapping.kind]
        for row, header in enumerate(mapping.headers):
            sample = samples[row] if row < len(samples) else ""
            for column, text in enumerate((column_letter(row), header, sample)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setObjectName(f"field_{row}")
            combo.addItem(self.tr("(not imported)"), None)
            for item in fields:
                combo.addItem(item.label, item.key)
            combo.setCurrentIndex(max(combo.findData(mapping.fields[row]), 0))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._field_chosen(r))
            self.table.setCellWidget(row, FIELD_COLUMN, combo)
        self._show_notes(list(notes) + list(mapping.notes))

    def field_combo(self, column: int) -> QComboBox:
        widget = self.table.cellWidget(column, FIELD_COLUMN)
        assert isinstance(widget, QComboBox)
        return widget

    def set_field(self, column: int, key: str | None) -> None:
        """Choose ``key`` for ``column`` as the user would in its combo."""
        combo = self.field_combo(column)
        combo.setCurrentIndex(combo.findData(key))

    def _field_chosen(self, column: int) -> None:
        if self.mapping is None:
            return
        key = self.field_combo(column).currentData()
        self.mapping = self.mapping.with_field(column, key)
        # A field fills one column only: the column that had it shows "not imported" now.
        for row, field in enumerate(self.mapping.fields):
            combo = self.field_combo(row)
            if combo.currentData() != field:
                combo.blockSignals(True)
                combo.setCurrentIndex(max(combo.findData(field), 0))
                combo.blockSignals(False)
        self._show_notes([])

    def _show_notes(self, notes: list[str]) -> None:
        if self.mapping is not None and self.mapping.missing_identity():
            if self.mapping.kind == "customers":
                notes.append(self.tr("Choose a column for the name and one for the phone or card number."))
            else:
                notes.append(self.tr("Choose a column for the phone or the card number."))
        self.notes_label.setText("\n".join(notes))
        self.notes_label.setVisible(bool(notes))

    def _header_row_edited(self) -> None:
        if self.mapping is not None and self.header_spin.value() != self.mapping.header_row:
            self.header_row_changed.emit(self.header_spin.value())
