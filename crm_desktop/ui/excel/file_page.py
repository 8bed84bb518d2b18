"""First page of the import wizard: the spreadsheet, what it holds, and a saved mapping to use."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.excel.presets import ImportPreset
from crm_desktop.ui.base.style import REFUSAL_STYLE

# Text files are told apart by content: Excel's "Unicode text" is a tab-separated .txt.
FILE_FILTER = "*.xlsx *.xls *.csv *.ods *.txt *.tsv"


class ImportFilePage(QWidget):
    """Path (typed or browsed), kind (customers or purchases) and preset."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presets: list[ImportPreset] = []
        intro = QLabel(
            self.tr(
                "Choose the spreadsheet to import (.xlsx, .xls, .csv or .ods). Nothing is "
                "written until you have seen the preview and pressed Import."
            )
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import_path")
        self.path_edit.setPlaceholderText(self.tr("The file to import"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(lambda: self.browse())
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("import_kind")
        self.kind_combo.addItem(self.tr("Customers (member list)"), "customers")
        self.kind_combo.addItem(self.tr("Purchases (history)"), "purchases")
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("import_preset")
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._fill_presets())
        form = QFormLayout()
        form.addRow(self.tr("File:"), path_row)
        form.addRow(self.tr("The file holds:"), self.kind_combo)
        form.addRow(self.tr("Column mapping:"), self.preset_combo)
        self.error_label = QLabel()
        self.error_label.setObjectName("import_file_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(REFUSAL_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self._fill_presets()

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    @property
    def path(self) -> str:
        return self.path_edit.text().strip()

    def chosen_preset(self) -> ImportPreset | None:
        name = self.preset_combo.currentData()
        return next((p for p in self._presets if p.name == name), None)

    def set_presets(self, presets: list[ImportPreset]) -> None:
        self._presets = list(presets)
        self._fill_presets()

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a spreadsheet"), self.path,
            self.tr("Spreadsheets (%1)").replace("%1", FILE_FILTER),
        )
        if path:
            self.path_edit.setText(path)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)

    def _fill_presets(self) -> None:
        current = self.preset_combo.currentData()
        self.preset_combo.clear()
        self.preset_combo.addItem(self.tr("Recognise the headers"), None)
        for preset in self._presets:
            if preset.kind == self.kind:
                self.preset_combo.addItem(
                    self.tr("Saved: %1").replace("%1", preset.name), preset.name
                )
        index = self.preset_combo.findData(current)
        self.preset_combo.setCurrentIndex(max(index, 0))
