"""How an owner form shows a refusal: one sentence under the form, focus on the field it names.

Whatever the user typed stays in place; the field named by the error is marked
until the next attempt.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from crm_desktop.ui.task_runner import describe_error

ERROR_STYLE = "color: #b00020;"
INVALID_STYLE = "border: 1px solid #b00020;"


def error_label(name: str) -> QLabel:
    """A red, word-wrapped label that stays hidden until there is something to say."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class FormErrors:
    """Shows errors in ``label`` and marks the field (by the error's ``field`` name)."""

    def __init__(self, label: QLabel, fields: dict[str, QWidget]) -> None:
        self.label = label
        self.fields = fields
        self._marked: list[QWidget] = []

    def show(self, error: BaseException) -> None:
        """Show a service refusal (already in the user's language)."""
        self.show_text(describe_error(error), getattr(error, "field", None))

    def show_text(self, text: str, field: str | None = None) -> None:
        self.clear()
        self.label.setText(text)
        self.label.show()
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setStyleSheet(INVALID_STYLE)
            self._marked.append(widget)
            widget.setFocus()

    def clear(self) -> None:
        for widget in self._marked:
            widget.setStyleSheet("")
        self._marked.clear()
        self.label.clear()
        self.label.hide()

    @property
    def text(self) -> str:
        return self.label.text()
