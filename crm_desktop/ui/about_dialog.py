"""The About dialog: the program's version, the bundled libraries' licenses, where the data is.

Each license is read from the installed package's own metadata (so the dialog
says what the shipped copy says); the documented license is shown only where a
package's metadata does not name one.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import __version__


@dataclass(frozen=True)
class BundledLibrary:
    """One library shipped with the program and the license it is documented under."""

    name: str
    distribution: str | None  # None: built into another package, no metadata of its own
    documented_license: str


LIBRARIES = (
    BundledLibrary("PySide6 (Qt)", "PySide6-Essentials", "LGPL-3.0"),
    BundledLibrary("SQLAlchemy", "SQLAlchemy", "MIT"),
    BundledLibrary("sqlcipher3", "sqlcipher3", "zlib"),
    BundledLibrary("SQLCipher", None, "BSD-3-Clause"),
    BundledLibrary("Alembic", "alembic", "MIT"),
    BundledLibrary("cryptography", "cryptography", "Apache-2.0 OR BSD-3-Clause"),
    BundledLibrary("pypinyin", "pypinyin", "MIT"),
    BundledLibrary("openpyxl", "openpyxl", "MIT"),
    BundledLibrary("python-calamine", "python-calamine", "MIT"),
    BundledLibrary("XlsxWriter", "XlsxWriter", "BSD-2-Clause"),
    BundledLibrary("matplotlib", "matplotlib", "PSF-style (matplotlib license)"),
    BundledLibrary("lunar-python", "lunar-python", "MIT"),
    BundledLibrary("NumPy", "numpy", "BSD-3-Clause"),
    BundledLibrary("charset-normalizer", "charset-normalizer", "MIT"),
    BundledLibrary("python-stdnum", "python-stdnum", "LGPL-2.1-or-later"),
    BundledLibrary("phonenumbers", "phonenumbers", "Apache-2.0"),
    BundledLibrary("RapidFuzz", "RapidFuzz", "MIT"),
    BundledLibrary("OpenCC", "OpenCC", "Apache-2.0"),
    BundledLibrary("python-escpos", "python-escpos", "MIT"),
    BundledLibrary("Pillow", "pillow", "MIT-CMU"),
    BundledLibrary("qrcode", "qrcode", "BSD-3-Clause"),
    BundledLibrary("python-barcode", "python-barcode", "MIT"),
    BundledLibrary("PyYAML", "PyYAML", "MIT"),
)


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    values = meta.get_all(key) or []
    return str(values[0]).strip() if values else ""


def _license_in_metadata(meta: metadata.PackageMetadata) -> str | None:
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    text = _field(meta, "License")
    # Some packages paste the whole license text here; only a short name is worth showing.
    if text and "\n" not in text and len(text) <= 40 and text.upper() != "UNKNOWN":
        return text
    classifiers = [str(c) for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    if classifiers:
        return classifiers[0].split("::")[-1].strip()
    return None


def library_row(library: BundledLibrary) -> tuple[str, str, str]:
    """(name, installed version, license) — the license as the package's metadata states it."""
    if library.distribution is None:
        return library.name, "", library.documented_license
    try:
        meta = metadata.metadata(library.distribution)
    except metadata.PackageNotFoundError:
        return library.name, "", library.documented_license
    found = _license_in_metadata(meta)
    return library.name, _field(meta, "Version"), found or library.documented_license


def default_backup_folder(data_path: Path) -> Path:
    """Where automatic backups go when the owner has not chosen a folder."""
    return data_path.parent / "backups"


class AboutDialog(QDialog):
    """Version, licenses, and the data file and backup folder of the open shop."""

    def __init__(
        self, data_path: Path, backup_folder: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About"))
        self.resize(560, 520)
        layout = QVBoxLayout(self)

        title = QLabel(self.tr("Membership cards and customer files"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        layout.addWidget(title)

        form = QFormLayout()
        self.version_label = self._selectable(__version__)
        self.data_path_label = self._selectable(str(data_path))
        folder = backup_folder if backup_folder is not None else default_backup_folder(data_path)
        self.backup_label = self._selectable(str(folder))
        form.addRow(self.tr("Version:"), self.version_label)
        form.addRow(self.tr("Data file:"), self.data_path_label)
        form.addRow(self.tr("Backups:"), self.backup_label)
        layout.addLayout(form)
        hint = QLabel(self.tr(
            "Everything is in the data file. Copy it, or a backup, to keep the shop's records safe."
        ))
        hint.setWordWrap(True)
        layout.addWidget(hint)

        layout.addWidget(QLabel(self.tr("Libraries included and their licenses:")))
        self.licenses = QTableWidget(len(LIBRARIES), 3, self)
        self.licenses.setObjectName("licenses_table")
        self.licenses.setHorizontalHeaderLabels(
            [self.tr("Library"), self.tr("Version"), self.tr("License")]
        )
        self.licenses.verticalHeader().setVisible(False)
        self.licenses.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.licenses.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, library in enumerate(LIBRARIES):
            for column, text in enumerate(library_row(library)):
                self.licenses.setItem(row, column, QTableWidgetItem(text))
        self.licenses.resizeColumnsToContents()
        layout.addWidget(self.licenses)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _selectable(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def license_rows(self) -> list[tuple[str, str, str]]:
        """What the licenses table shows, row by row."""
        def text(row: int, column: int) -> str:
            item = self.licenses.item(row, column)
            return item.text() if item is not None else ""

        return [
            (text(row, 0), text(row, 1), text(row, 2)) for row in range(self.licenses.rowCount())
        ]
