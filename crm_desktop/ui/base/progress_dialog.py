"""A progress bar with a Cancel button for a long job run by the task runner."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.progress import Progress

# Jobs that finish sooner than this never flash a dialog at the user.
SHOW_AFTER_MS = 400


class ProgressDialog(QDialog):
    """Shows ``done`` of ``total`` and what the job does; Cancel (or Esc) asks it to stop."""

    cancel_requested = Signal()

    def __init__(
        self, title: str, parent: QWidget | None = None, labels: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(parent)
        self.labels = dict(labels or {})
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(420)
        self._done = False
        self.label = QLabel(self.tr("Starting…"))
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        buttons = QDialogButtonBox()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._show_if_running)

    def open_delayed(self, delay_ms: int = SHOW_AFTER_MS) -> None:
        """Show the dialog only if the job is still running after ``delay_ms``."""
        self._show_timer.start(delay_ms)

    def show_progress(self, progress: Progress) -> None:
        if progress.total > 0:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
        else:
            self.bar.setRange(0, 0)
        label = progress.label or self.labels.get(progress.stage, "")
        if label:
            self.label.setText(label)

    def close_when_done(self) -> None:
        self._done = True
        self._show_timer.stop()
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        # Esc and Cancel ask the job to stop; the dialog closes when it has.
        if self._done:
            super().reject()
            return
        if not self.cancel_button.isEnabled():
            return  # already cancelling, or a job that must not stop half-way
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()

    def _show_if_running(self) -> None:
        if not self._done:
            self.show()
