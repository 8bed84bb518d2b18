"""A small form dialog whose OK makes one service call; a refusal shows beside the form.

Nothing typed is cleared on a refusal, and OK is disabled while the call runs
so a double Enter never records twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui.app_context import AppContext
from crm_desktop.ui.task_runner import describe_error

ERROR_STYLE = "color: #b00020;"


class ServiceDialog(QDialog):
    """Subclasses fill ``form`` and implement ``work`` (the call); ``result`` holds its return."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: Any = None
        self.field_widgets: dict[str, QWidget] = {}
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error_label = QLabel()
        self.error_label.setObjectName("refusal")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("confirm")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def work(self) -> Callable[[], Any]:
        """Read the inputs now and return the service call to run."""
        raise NotImplementedError

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        call = self.work()
        self.ok_button.setEnabled(False)
        self.error_label.clear()
        self.context.runner.submit(call, on_done=self._done, on_error=self._refused)

    def _done(self, result: Any) -> None:
        self.result = result
        self.ok_button.setEnabled(True)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error_label.setText(describe_error(error))
        widget = self.field_widgets.get(getattr(error, "field", None) or "")
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()


def text_box(object_name: str, height: int = 80) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(object_name)
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    return box
