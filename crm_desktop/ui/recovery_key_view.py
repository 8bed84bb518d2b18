"""The recovery key shown once: groups to copy by hand, a PDF to print, and a confirmation.

Used by the first-start wizard and by the owner's "New recovery key" dialog.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt, Signal
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

KEY_GROUPS_PER_LINE = 4


def key_in_lines(recovery_key: str) -> str:
    """The key's groups, four per line, for copying by hand."""
    groups = recovery_key.split("-")
    lines = [groups[i : i + KEY_GROUPS_PER_LINE] for i in range(0, len(groups), KEY_GROUPS_PER_LINE)]
    return "\n".join("  ".join(line) for line in lines)


class RecoveryKeyView(QWidget):
    """Shows ``key``; ``written_box`` must be ticked before the caller lets the user go on."""

    confirmed_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery_key = ""
        self.shop_name = ""
        self.file_path: Path | None = None
        self.key_label = QLabel()
        self.key_label.setObjectName("wizard_recovery_key")
        key_font = QFont("monospace")
        key_font.setStyleHint(QFont.StyleHint.Monospace)
        key_font.setPointSize(18)
        key_font.setBold(True)
        self.key_label.setFont(key_font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setStyleSheet(
            "padding: 12px; border: 1px solid palette(mid); background: palette(base);"
        )
        self.save_pdf_button = QPushButton(self.tr("Save as PDF to print…"))
        self.save_pdf_button.setAutoDefault(False)
        self.save_pdf_button.clicked.connect(self._choose_pdf)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.written_box = QCheckBox(self.tr("I have written the recovery key down"))
        self.written_box.setObjectName("wizard_written")
        self.written_box.toggled.connect(self.confirmed_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key_label)
        layout.addWidget(self.save_pdf_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.saved_label)
        layout.addStretch(1)
        layout.addWidget(self.written_box)

    def set_key(self, recovery_key: str, shop_name: str, file_path: Path) -> None:
        self.recovery_key = recovery_key
        self.shop_name = shop_name
        self.file_path = file_path
        self.key_label.setText(key_in_lines(recovery_key))

    @property
    def confirmed(self) -> bool:
        return self.written_box.isChecked()

    def _choose_pdf(self) -> None:
        suggested = str(Path.home() / self.tr("recovery-key.pdf"))
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the recovery key"), suggested, self.tr("PDF files (*.pdf)")
        )
        if target:
            self.save_pdf(Path(target))
            self.saved_label.setText(
                self.tr("Saved to %1. Print it, then delete the file.").replace("%1", target)
            )

    def save_pdf(self, target: Path) -> None:
        """Write a one-page PDF with the shop name, file and recovery key, to print."""
        writer = QPdfWriter(str(target))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
        writer.setTitle(self.tr("Recovery key"))
        document = QTextDocument()
        key_html = html.escape(key_in_lines(self.recovery_key)).replace("\n", "<br/>")
        created = datetime.now().strftime("%Y-%m-%d %H:%M")
        document.setHtml(
            "<h1>{title}</h1><p>{shop}</p><p>{file}</p><p>{when}</p>"
            "<p style='font-family: monospace; font-size: 20pt; font-weight: bold;'>{key}</p>"
            "<p>{advice}</p>".format(
                title=html.escape(self.tr("Recovery key")),
                shop=html.escape(self.tr("Shop: %1").replace("%1", self.shop_name)),
                file=html.escape(self.tr("File: %1").replace("%1", str(self.file_path or ""))),
                when=html.escape(self.tr("Created: %1").replace("%1", created)),
                key=key_html,
                advice=html.escape(
                    self.tr(
                        "This key opens the shop file when every password is lost. "
                        "Keep this page locked away; anyone who has it and the file can read "
                        "all customer data."
                    )
                ),
            )
        )
        document.print_(writer)
