"""The Today panel's box for the signed-in clerk's own shift: takings so far, expected cash.

With no shift open it says so and offers "Open shift". The figures are read on
the worker and read again when a card, a purchase or a shift changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.services.counter_records import ShiftFigures
from crm_desktop.models.services.shifts import ShiftService
from crm_desktop.ui.base.acting import LatestAnswer
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import HINT_STYLE, REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_text import method_text, money
from crm_desktop.ui.counter.counter_text import time_text
from crm_desktop.ui.counter.shift_dialogs import OpenShiftDialog

WATCHED = (Entity.CARD, Entity.PURCHASE, Entity.SHIFT, Entity.DAY)


class ShiftBox(QGroupBox):
    """My shift: opened at, money in per method, expected cash; or a button to open one."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today_shift")
        self.setTitle(self.tr("My shift"))
        self.context = context
        self.figures: ShiftFigures | None = None
        self.open_dialog: OpenShiftDialog | None = None
        self.summary_label = QLabel()
        self.summary_label.setObjectName("shift_box_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton(self.tr("Open shift"))
        self.open_button.setObjectName("shift_box_open")
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_shift)
        self.open_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Only those who keep a till see it (an accountant has no shift).
        if not context.can("shift.operate"):
            self.hide()
        self.reader = LatestAnswer(context.runner, self._arrived, self._unreadable, self)
        if context.can("shift.operate"):
            context.bus.subscribe(self, WATCHED, self._changed)
            self.refresh()

    def refresh(self) -> None:
        """Read my shift again now."""
        if not self.context.can("shift.operate"):
            return
        shifts = self.context.service(ShiftService)

        def read() -> ShiftFigures | None:
            return shifts.figures() if shifts.current() is not None else None

        self.reader.ask(read)
        self.reader.ask_now()

    def _changed(self, _change: Change) -> None:
        shifts = self.context.service(ShiftService)
        self.reader.ask(lambda: shifts.figures() if shifts.current() is not None else None)

    def _arrived(self, figures: ShiftFigures | None) -> None:
        self.figures = figures
        self.summary_label.setStyleSheet("")
        if figures is None:
            self.summary_label.setText(self.tr("No shift open."))
            self.summary_label.setStyleSheet(HINT_STYLE)
            self.open_button.show()
            return
        self.open_button.hide()
        lines = [
            self.tr("Opened %1, float %2.")
            .replace("%1", time_text(figures.shift.opened_at))
            .replace("%2", money(figures.shift.float_fen))
        ]
        moved = [line for line in figures.methods if line.in_fen or line.out_fen]
        for line in moved:
            lines.append(
                self.tr("%1: in %2, out %3")
                .replace("%1", method_text(line.method))
                .replace("%2", money(line.in_fen))
                .replace("%3", money(line.out_fen))
            )
        if not moved:
            lines.append(self.tr("No money taken yet."))
        lines.append(
            self.tr("Expected cash in the drawer: %1").replace(
                "%1", money(figures.expected_cash_fen)
            )
        )
        self.summary_label.setText("\n".join(lines))

    def _unreadable(self, error: BaseException) -> None:
        if isValid(self.summary_label):
            self.summary_label.setText(describe_error(error))
            self.summary_label.setStyleSheet(REFUSAL_STYLE)

    def open_shift(self) -> OpenShiftDialog:
        dialog = OpenShiftDialog(self.context, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.open_dialog = dialog
        dialog.open()
        return dialog
