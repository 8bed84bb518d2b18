"""A window for one owner screen: the view, and a Close button (Esc closes too)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget


class ScreenDialog(QDialog):
    """Hosts ``view`` in its own window, sized to fit a 1366×768 screen."""

    def __init__(
        self, view: QWidget, title: str, parent: QWidget | None = None, size: tuple[int, int] = (980, 620)
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(title)
        self.setObjectName("owner_screen")
        self.resize(*size)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        # Enter belongs to the view (it opens the selected row); only Esc and a click close.
        close.setAutoDefault(False)
        close.setDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)
