"""The few-lines text box of the engagement forms: fixed height, Tab moves on."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit


def text_box(object_name: str, height: int = 80) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(object_name)
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    return box
