"""Asks what one export needs: a period or a day (when the export takes one) and the file name.

An export that carries phone or ID numbers writes them masked; the owner is also
offered a checkbox, off by default, to write them in full for this one export
(logged in the audit log). Other roles never see the checkbox.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui.base.style import REFUSAL_STYLE

PERIOD, AT_DAY, NO_DATES = "period", "at", "none"


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def to_date(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class ExportDialog(QDialog):
    """The dates ``dates`` asks for (period, at a day, or none) and where to save the workbook."""

    def __init__(
        self,
        title: str,
        dates: str,
        file_stem: str,
        note: str = "",
        parent: QWidget | None = None,
        period_start: date | None = None,
        offer_full_numbers: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.dates = dates
        today = date.today()
        self.start_edit = _date_edit(period_start or today.replace(day=1))
        self.start_edit.setObjectName("export_from")
        self.end_edit = _date_edit(today)
        self.end_edit.setObjectName("export_to")
        self.at_edit = _date_edit(today)
        self.at_edit.setObjectName("export_at")
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        self.path_edit = QLineEdit(str(Path(folder) / f"{file_stem}-{today:%Y%m%d}.xlsx"))
        self.path_edit.setObjectName("export_path")
        browse = QPushButton(self.tr("Browse…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(lambda: self.browse())
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        if dates == PERIOD:
            form.addRow(self.tr("From:"), self.start_edit)
            form.addRow(self.tr("To (included):"), self.end_edit)
        elif dates == AT_DAY:
            form.addRow(self.tr("At the end of:"), self.at_edit)
        form.addRow(self.tr("Save as:"), path_row)
        self.offers_full_numbers = offer_full_numbers
        self.full_numbers_box = QCheckBox(
            self.tr("Export full phone and ID numbers (logged in the audit log)"), self
        )
        self.full_numbers_box.setObjectName("export_full_numbers")
        self.full_numbers_box.setChecked(False)
        self.full_numbers_box.setToolTip(self.tr(
            "Off: numbers are masked as on screen (138****5678). On: the file holds "
            "full numbers and the export is recorded in the audit log."
        ))
        self.full_numbers_box.setVisible(offer_full_numbers)
        if offer_full_numbers:
            form.addRow(self.full_numbers_box)
        self.error_label = QLabel()
        self.error_label.setObjectName("export_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(REFUSAL_STYLE)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Export"))
        self.ok_button.setObjectName("export_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if note:
            note_label = QLabel(note)
            note_label.setWordWrap(True)
            layout.addWidget(note_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    @property
    def path(self) -> str:
        return self.path_edit.text().strip()

    @property
    def full_numbers(self) -> bool:
        """True when the owner chose full phone and ID numbers for this export."""
        return self.offers_full_numbers and self.full_numbers_box.isChecked()

    @property
    def start(self) -> date:
        return to_date(self.start_edit)

    @property
    def end(self) -> date:
        return to_date(self.end_edit)

    @property
    def at(self) -> date:
        return to_date(self.at_edit)

    def browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.path, self.tr("Excel workbook (*.xlsx)")
        )
        if path:
            self.path_edit.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def accept(self) -> None:
        if not self.path:
            self.error_label.setText(self.tr("Choose where to save the workbook."))
            return
        if not self.path.lower().endswith(".xlsx"):
            self.path_edit.setText(self.path + ".xlsx")
        if not Path(self.path).parent.is_dir():
            self.error_label.setText(self.tr("The folder does not exist: %1").replace(
                "%1", str(Path(self.path).parent)))
            return
        if self.dates == PERIOD and self.start > self.end:
            self.error_label.setText(self.tr("The start of the period is after its end."))
            return
        super().accept()
