"""The owner's new recovery key, shown once; closing waits for "I have written it down"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from crm_desktop.ui.recovery_key_view import RecoveryKeyView


class RecoveryKeyDialog(QDialog):
    """Shows a freshly made recovery key; Close is enabled once it is confirmed written down."""

    def __init__(
        self, recovery_key: str, shop_name: str, file_path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New recovery key"))
        self.setMinimumWidth(560)
        intro = QLabel(
            self.tr(
                "The old recovery key no longer works. This new key is shown only now: "
                "write it on paper and keep it somewhere safe."
            )
        )
        intro.setWordWrap(True)
        self.view = RecoveryKeyView()
        self.view.set_key(recovery_key, shop_name, file_path)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        self.view.confirmed_changed.connect(self.close_button.setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view)
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        if not self.view.confirmed:
            self.view.written_box.setFocus()
            return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self.view.confirmed:
            event.accept()
            return
        super().keyPressEvent(event)
