"""A titled block of inputs laid out two to a row, each with its reason line beneath.

The reason line stays hidden until a check fails, so a valid form is compact
and a refused field shows why right where the clerk is looking.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from crm_desktop.ui.base.style import REFUSAL_STYLE

REASON_STYLE = REFUSAL_STYLE


class FieldGrid(QGroupBox):
    """``add`` puts (label, input) in the next free slot; ``reasons[key]`` is its reason line."""

    def __init__(self, title: str, columns: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.columns = columns
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        for column in range(columns):
            self.grid.setColumnStretch(column * 2 + 1, 1)
        self.reasons: dict[str, QLabel] = {}
        self._slot = 0

    def add(self, key: str, label: str, widget: QWidget, *, wide: bool = False) -> QLabel:
        """Place ``widget`` with ``label``; a wide one takes a whole row."""
        if wide and self._slot % self.columns:
            self._slot += self.columns - self._slot % self.columns
        row = (self._slot // self.columns) * 2
        column = (self._slot % self.columns) * 2
        span = self.columns * 2 - 1 if wide else 1
        caption = QLabel(label)
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        reason = QLabel()
        reason.setObjectName(f"{key}_reason")
        reason.setStyleSheet(REASON_STYLE)
        reason.setWordWrap(True)
        reason.setVisible(False)
        self.grid.addWidget(caption, row, column)
        self.grid.addWidget(widget, row, column + 1, 1, span)
        self.grid.addWidget(reason, row + 1, column + 1, 1, span)
        self.reasons[key] = reason
        self._slot += self.columns if wide else 1
        return reason


def show_reason(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
