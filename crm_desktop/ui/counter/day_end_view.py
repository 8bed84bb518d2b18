"""The owner's day-end close (日结): one business day's shifts, clerks, methods and cards.

Pick a day (today first) and see every shift of it, the money per clerk and per
payment method, the cash differences, what was booked with no shift open, and
how the cards' stored value (the shop's liability) moved. Close the day (money
actions on it are refused from then on), reopen it with a reason, or export it
for the accountant. The figures are read on the worker and read again when a
shift, a card or a purchase changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.progress import ProgressReport
from crm_desktop.models.services.counter_records import DayFigures, MethodLine
from crm_desktop.models.services.day_close import DayCloseService
from crm_desktop.ui.base.acting import ActionDialog, LatestAnswer, Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_STYLE, HINT_STYLE, NOTICE_STYLE, REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_text import method_text, money
from crm_desktop.ui.counter.counter_text import (
    fill_rows,
    method_headers,
    method_rows,
    moved_lines,
    read_only_table,
    signed_money,
    time_text,
)
from crm_desktop.ui.counter.shift_dialogs import CloseShiftDialog
from crm_desktop.ui.insights.chart_panel import date_edit

WATCHED = (Entity.SHIFT, Entity.DAY, Entity.CARD, Entity.PURCHASE)


def _sum(lines: tuple[MethodLine, ...]) -> tuple[int, int]:
    return sum(line.in_fen for line in lines), sum(line.out_fen for line in lines)


def _by_method(lines: tuple[MethodLine, ...]) -> str:
    """The methods money moved through, each with its net: "Cash ¥100.00 · WeChat Pay ¥50.00"."""
    return " · ".join(
        f"{method_text(line.method)} {money(line.net_fen)}"
        for line in lines if line.in_fen or line.out_fen
    )


class ReopenDayDialog(ActionDialog):
    """Reopen a closed day: the reason is required and goes into the audit log."""

    def __init__(self, context: AppContext, day: date, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.day = day
        self.setObjectName("reopen_day_dialog")
        self.setWindowTitle(self.tr("Reopen %1").replace("%1", day.isoformat()))
        self.ok_button.setText(self.tr("Reopen day"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("Why the day is opened again"))
        self.form.addRow(self.tr("Reason"), self.reason_edit)
        self.refusals.fields["reason"] = self.reason_edit
        self.first_field = self.reason_edit

    def work(self) -> Callable[[], Any]:
        reason = self.reason_edit.text().strip()
        if not reason:
            raise ValidationError(
                "reopen.reason_missing", "请写明重新打开营业日的原因。",
                "Say why the day is opened again.", field="reason",
            )
        days, day = self.context.service(DayCloseService), self.day
        return lambda: days.reopen(day, reason)


class DayEndView(QWidget):
    """One business day for the owner; ``figures`` is what the screen shows now."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("day_end_view")
        self.context = context
        self.figures: DayFigures | None = None
        self.reopen_dialog: ReopenDayDialog | None = None
        self.last_export: Any = None
        start = today or date.today()

        self.day_edit = date_edit("business_day", start)
        self.day_edit.dateChanged.connect(lambda _day: self.reload())
        self.status_label = QLabel()
        self.status_label.setObjectName("day_status")
        self.status_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setObjectName("day_message")
        self.message_label.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Close day"))
        self.close_button.setObjectName("close_day")
        self.reopen_button = QPushButton(self.tr("Reopen day…"))
        self.reopen_button.setObjectName("reopen_day")
        self.export_button = QPushButton(self.tr("Export for the accountant…"))
        self.export_button.setObjectName("export_day")
        # A clerk who left without closing: the owner counts the drawer and closes for them.
        self.close_shift_button = QPushButton(self.tr("Close the selected shift…"))
        self.close_shift_button.setObjectName("close_left_shift")
        self.close_shift_button.setAutoDefault(False)
        self.close_shift_button.setEnabled(False)
        self.close_shift_button.clicked.connect(lambda: self.close_left_shift())
        self.close_shift_dialog: QDialog | None = None
        for button in (self.close_button, self.reopen_button, self.export_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.close_button.clicked.connect(self.close_day)
        self.reopen_button.clicked.connect(self.reopen_day)
        self.export_button.clicked.connect(lambda: self.export())

        self.shift_table = read_only_table("day_shifts", [
            self.tr("Clerk"), self.tr("Opened"), self.tr("Closed"), self.tr("Float"),
            self.tr("Expected cash"), self.tr("Counted"), self.tr("Difference"), self.tr("Note"),
        ])
        self.clerk_table = read_only_table("day_clerks", [
            self.tr("Clerk"), self.tr("Shifts"), self.tr("In"), self.tr("Out"),
            self.tr("Cash difference"), self.tr("By payment method"),
        ])
        self.method_table = read_only_table("day_methods", method_headers())
        self.outside_table = read_only_table("day_outside_shifts", method_headers())
        self.liability_label = QLabel()
        self.liability_label.setObjectName("day_liability")
        self.liability_label.setWordWrap(True)
        self.difference_label = QLabel()
        self.difference_label.setObjectName("day_cash_difference")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Business day")))
        top.addWidget(self.day_edit)
        top.addWidget(self.status_label, 1)
        top.addWidget(self.close_button)
        top.addWidget(self.reopen_button)
        top.addWidget(self.export_button)
        self.shift_table.itemSelectionChanged.connect(self._shift_picked)
        shifts_box = QWidget()
        shifts_layout = QVBoxLayout(shifts_box)
        shifts_layout.setContentsMargins(0, 0, 0, 0)
        shifts_layout.addWidget(self.shift_table)
        shifts_layout.addWidget(self.close_shift_button, 0, Qt.AlignmentFlag.AlignLeft)
        grid = QGridLayout()
        grid.addWidget(self._group(self.tr("Shifts"), shifts_box), 0, 0, 1, 2)
        grid.addWidget(self._group(self.tr("Per clerk"), self.clerk_table), 1, 0)
        grid.addWidget(self._group(self.tr("Per payment method"), self.method_table), 1, 1)
        grid.addWidget(
            self._group(self.tr("Booked with no shift open"), self.outside_table), 2, 0
        )
        cards = QGroupBox(self.tr("Card balances (liability)"))
        cards_layout = QVBoxLayout(cards)
        cards_layout.addWidget(self.liability_label)
        cards_layout.addWidget(self.difference_label)
        cards_layout.addStretch(1)
        grid.addWidget(cards, 2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addLayout(grid, 1)

        self.reader = LatestAnswer(context.runner, self._arrived, self._unreadable, self)
        context.bus.subscribe(self, WATCHED, self._changed)
        self.reload()

    @staticmethod
    def _group(title: str, content: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(content)
        return box

    # -- reading ----------------------------------------------------------------------------------

    @property
    def day(self) -> date:
        value = self.day_edit.date()
        return date(value.year(), value.month(), value.day())

    def reload(self) -> None:
        days, day = self.context.service(DayCloseService), self.day
        self.reader.ask(lambda: days.figures(day))
        self.reader.ask_now()

    def _changed(self, _change: Change) -> None:
        days, day = self.context.service(DayCloseService), self.day
        self.reader.ask(lambda: days.figures(day))

    def _arrived(self, figures: DayFigures) -> None:
        if figures.day != self.day:
            return  # an answer for a day no longer picked
        self.figures = figures
        self._show_status(figures)
        fill_rows(self.shift_table, [
            [
                figures_shift.shift.username,
                time_text(figures_shift.shift.opened_at),
                time_text(figures_shift.shift.closed_at) or self.tr("still open"),
                money(figures_shift.shift.float_fen),
                money(figures_shift.expected_cash_fen),
                money(figures_shift.shift.counted_cash_fen)
                if figures_shift.shift.counted_cash_fen is not None else "",
                signed_money(figures_shift.shift.difference_fen)
                if figures_shift.shift.difference_fen is not None else "",
                figures_shift.shift.note,
            ]
            for figures_shift in figures.shifts
        ])
        fill_rows(self.clerk_table, [
            [clerk.username, str(clerk.shifts), money(_sum(clerk.methods)[0]),
             money(_sum(clerk.methods)[1]), signed_money(clerk.difference_fen),
             _by_method(clerk.methods)]
            for clerk in figures.clerks
        ])
        fill_rows(self.method_table, method_rows(moved_lines(figures.methods, "cash")))
        fill_rows(self.outside_table, method_rows(moved_lines(figures.outside_shifts)))
        self.liability_label.setText(
            self.tr("Start of day %1, paid onto cards %2, used or paid back %3, end of day %4.")
            .replace("%1", money(figures.liability_start_fen))
            .replace("%2", money(figures.liability_in_fen))
            .replace("%3", money(figures.liability_out_fen))
            .replace("%4", money(figures.liability_end_fen))
        )
        self.difference_label.setText(
            self.tr("Cash differences of the day: %1").replace(
                "%1", signed_money(figures.cash_difference_fen)
            )
        )
        self.difference_label.setStyleSheet(
            DONE_STYLE if figures.cash_difference_fen == 0 else NOTICE_STYLE
        )

    def _show_status(self, figures: DayFigures) -> None:
        closed = figures.status == "closed"
        open_shifts = sum(1 for line in figures.shifts if line.shift.is_open)
        if closed:
            text = self.tr("Closed by %1 at %2.").replace("%1", figures.closed_by or "").replace(
                "%2", time_text(figures.closed_at)
            )
        elif figures.status == "reopened":
            text = self.tr("Reopened: %1").replace("%1", figures.reopen_reason or "")
        else:
            text = self.tr("Not closed yet.")
        if open_shifts and not closed:
            text += " " + self.tr("%1 shift(s) still open.").replace("%1", str(open_shifts))
        self.status_label.setText(text)
        self.status_label.setStyleSheet(DONE_STYLE if closed else HINT_STYLE)
        self.close_button.setEnabled(not closed)
        self.reopen_button.setEnabled(closed)
        self.export_button.setEnabled(True)

    def _unreadable(self, error: BaseException) -> None:
        self._say(describe_error(error), REFUSAL_STYLE)

    def _say(self, text: str, style: str) -> None:
        if isValid(self.message_label):
            self.message_label.setText(text)
            self.message_label.setStyleSheet(style)

    # -- acting -----------------------------------------------------------------------------------

    def close_day(self) -> None:
        days, day = self.context.service(DayCloseService), self.day
        self._say("", HINT_STYLE)
        Op(self.context.runner, lambda: days.close(day)).guarding(self.close_button).refusals(
            lambda error: self._say(describe_error(error), REFUSAL_STYLE)
        ).on_done(lambda _result: self._acted(self.tr("The day is closed."))).run()

    def _open_shift_picked(self) -> int | None:
        """The id of the selected shift when it is still open."""
        rows = {index.row() for index in self.shift_table.selectedIndexes()}
        if self.figures is None or len(rows) != 1:
            return None
        picked = self.figures.shifts[rows.pop()].shift
        return picked.id if picked.is_open else None

    def _shift_picked(self) -> None:
        self.close_shift_button.setEnabled(self._open_shift_picked() is not None)

    def close_left_shift(self) -> QDialog | None:
        """Close the selected shift a clerk left open: count the drawer, note why."""
        shift_id = self._open_shift_picked()
        if shift_id is None:
            return None
        dialog = CloseShiftDialog(self.context, self, shift_id=shift_id)
        dialog.finished.connect(lambda _result: self.reload())
        self.close_shift_dialog = dialog
        dialog.open()
        return dialog

    def reopen_day(self) -> ReopenDayDialog:
        dialog = ReopenDayDialog(self.context, self.day, self)
        dialog.accepted.connect(lambda: self._acted(self.tr("The day is open again.")))
        self.reopen_dialog = dialog
        dialog.open()
        return dialog

    def _acted(self, text: str) -> None:
        self._say(text, DONE_STYLE)
        self.reload()

    def export(self, target: Path | None = None) -> None:
        """Write the day's workbook; without ``target`` the owner picks where."""
        day = self.day
        if target is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            suggested = str(Path(folder) / self.tr("day-end-%1.xlsx").replace("%1", day.isoformat()))
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export the day for the accountant"), suggested,
                self.tr("Excel workbook (*.xlsx)"),
            )
            if not chosen:
                return
            target = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
        work = _export_work(self.context, day, target)
        Op(self.context.runner, work).with_progress(self.tr("Exporting…"), self).guarding(
            self.export_button
        ).refusals(lambda error: self._say(describe_error(error), REFUSAL_STYLE)).on_done(
            self._exported
        ).on_cancelled(
            lambda: self._say(self.tr("Export cancelled; no file was written."), HINT_STYLE)
        ).run()

    def _exported(self, result: Any) -> None:
        self.last_export = result
        path = getattr(result, "path", "")
        self._say(self.tr("Exported to %1").replace("%1", str(path)), DONE_STYLE)


def _export_work(context: AppContext, day: date, target: Path) -> Callable[[ProgressReport], Any]:
    from crm_desktop.models.excel.export_day_close import export_day_close

    store, actor = context.store, context.actor

    def work(progress: ProgressReport) -> Any:
        return export_day_close(store, actor, target, day, progress=progress)

    return work
