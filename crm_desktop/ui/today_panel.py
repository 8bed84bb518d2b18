"""The panel shown when no customer is open; the Today list (birthdays, follow-ups) goes here.

For now it greets the user and lists the counter's keyboard habits; the Today
lists will replace the tips without changing how the main window shows it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from crm_desktop.ui.app_context import AppContext


class TodayPanel(QWidget):
    """The main window's resting panel."""

    def __init__(self, context: AppContext, shop_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("today_panel")
        self.context = context
        title = QLabel(shop_name or self.tr("Today"))
        title.setObjectName("today_title")
        title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        today = QLabel(date.today().isoformat())
        today.setStyleSheet("color: palette(mid);")
        tips = QLabel(
            "<p><b>{}</b></p><ul>"
            "<li>{}</li><li>{}</li><li>{}</li><li>{}</li><li>{}</li></ul>".format(
                self.tr("At the counter"),
                self.tr("Scan a card: its holder opens at once."),
                self.tr("Type phone digits, a name, or pinyin initials such as zs for 张三."),
                self.tr("Down arrow moves into the list; Enter opens the customer."),
                self.tr("Esc clears the search box; F3 brings the cursor back to it."),
                self.tr("Ctrl+L locks the screen when you step away."),
            )
        )
        tips.setObjectName("today_tips")
        tips.setTextFormat(Qt.TextFormat.RichText)
        tips.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(today)
        layout.addSpacing(12)
        layout.addWidget(tips)
        layout.addStretch(1)
