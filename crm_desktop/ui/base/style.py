"""The few colours and text styles every screen shares, written once.

Red is a refusal or danger, green a thing done, amber a warning or a notice;
a field a refusal names gets a red border until the next attempt.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

REFUSAL_COLOUR = "#b00020"
DONE_COLOUR = "#1b5e20"
NOTICE_COLOUR = "#8a4b00"
HINT_COLOUR = "#555"

REFUSAL_STYLE = f"color: {REFUSAL_COLOUR};"
INVALID_FIELD_STYLE = f"border: 1px solid {REFUSAL_COLOUR};"
DONE_STYLE = f"color: {DONE_COLOUR};"
DONE_EMPHASIS_STYLE = f"color: {DONE_COLOUR}; font-weight: 600;"
NOTICE_STYLE = f"color: {NOTICE_COLOUR};"
HINT_STYLE = f"color: {HINT_COLOUR};"
TITLE_STYLE = "font-size: 13pt; font-weight: 600;"
DANGER_BUTTON_STYLE = (
    f"QPushButton {{ background: {REFUSAL_COLOUR}; color: white; padding: 4px 14px; }}"
    "QPushButton:disabled { background: #d9a3ab; }"
)


def refusal_label(name: str = "refusal", *, hidden: bool = False) -> QLabel:
    """A red, word-wrapped label for a refusal; ``hidden`` until there is something to say."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(REFUSAL_STYLE)
    if hidden:
        label.hide()
    return label
