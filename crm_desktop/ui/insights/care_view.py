"""The care screen (客户关怀): whom to greet or call, with a message filled in for each.

Every customer list here is a greeting list: customers marked do-not-contact or
without marketing consent (or a mobile number) never appear in it, and the line
under the table says how many were left out and why. Holidays ahead are shown for
planning only. A message can be copied, the list exported for a bulk-SMS platform
(owner, accountant; phones masked unless the owner ticks full numbers, which is
logged), and the chosen customers marked as contacted (one interaction each;
owner, clerk).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.analytics.greetings import DEFAULT_TEMPLATES, GreetingList
from crm_desktop.models.errors import DomainError
from crm_desktop.models.language import current_language
from crm_desktop.models.services.care_service import CareService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.insights.report_table import report_cell
from crm_desktop.ui.owner.yuan import yuan_amount

LIST_KINDS = (
    "birthday_today",
    "birthday_week",
    "birthday_month",
    "holidays",
    "follow_ups",
    "expiring",
    "low_balance",
    "churn",
)
TEMPLATE_OF = {
    "birthday_today": "birthday",
    "birthday_week": "birthday",
    "birthday_month": "birthday",
    "churn": "win_back",
}


@dataclass(frozen=True)
class CareList:
    """What one list shows: the raw entries, and the greetings for those who may be contacted."""

    kind: str
    entries: tuple[Any, ...]
    greetings: GreetingList | None


def load_care_list(service: CareService, kind: str, template: str, language: str) -> CareList:
    """Gather one list and fill the template for its customers (worker thread)."""
    if kind == "holidays":
        return CareList(kind, service.holidays(), None)
    loaders: dict[str, Callable[[], Sequence[Any]]] = {
        "birthday_today": lambda: service.birthdays("today"),
        "birthday_week": lambda: service.birthdays("week"),
        "birthday_month": lambda: service.birthdays("month"),
        "follow_ups": service.follow_ups,
        "expiring": service.expiring_cards,
        "low_balance": service.low_balances,
        "churn": service.churn_warnings,
    }
    entries = tuple(loaders[kind]())
    ids = list(dict.fromkeys(int(e.customer_id) for e in entries))
    greetings = service.greetings(ids, template, language) if ids else GreetingList((), 0, 0, 0)
    return CareList(kind, entries, greetings)


class CareView(QWidget):
    """List picker, the list with its messages, the template, and the actions."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.service = context.service(CareService)
        self.current: CareList | None = None
        self.setObjectName("care_view")

        self.list_box = QComboBox()
        self.list_box.setObjectName("care_list_choice")
        names = {
            "birthday_today": self.tr("Birthdays today"),
            "birthday_week": self.tr("Birthdays this week"),
            "birthday_month": self.tr("Birthdays this month"),
            "holidays": self.tr("Holidays ahead"),
            "follow_ups": self.tr("Follow-ups due"),
            "expiring": self.tr("Cards expiring within 30 days"),
            "low_balance": self.tr("Stored value under ¥50"),
            "churn": self.tr("Churn warnings"),
        }
        for kind in LIST_KINDS:
            self.list_box.addItem(names[kind], kind)
        self.language_box = QComboBox()
        self.language_box.setObjectName("care_language")
        self.language_box.addItem("中文", "zh")
        self.language_box.addItem("English", "en")
        self.language_box.setCurrentIndex(0 if current_language() == "zh" else 1)
        self.template_edit = QPlainTextEdit()
        self.template_edit.setObjectName("care_template")
        self.template_edit.setMaximumHeight(70)
        self.template_error = QLabel()
        self.template_error.setObjectName("care_template_error")
        self.template_error.setStyleSheet(REFUSAL_STYLE)
        self.template_error.setWordWrap(True)
        self.fields_label = QLabel(
            self.tr("Fields: %1").replace("%1", "{name} {tier} {points} {balance} {shop}")
        )
        self.fill_button = QPushButton(self.tr("Fill messages"))
        self.fill_button.setObjectName("care_fill")
        self.default_button = QPushButton(self.tr("Default template"))
        self.default_button.setObjectName("care_default_template")

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("care_table")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.left_out_label = QLabel()
        self.left_out_label.setObjectName("care_left_out")
        self.left_out_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("care_status")
        self.status_label.setWordWrap(True)

        self.copy_button = QPushButton(self.tr("Copy message"))
        self.copy_button.setObjectName("care_copy")
        self.export_button = QPushButton(self.tr("Export list…"))
        self.export_button.setObjectName("care_export")
        self.export_button.setVisible(context.can("export.bulk"))
        self.full_numbers_box = QCheckBox(
            self.tr("Export full phone and ID numbers (logged in the audit log)")
        )
        self.full_numbers_box.setObjectName("care_full_numbers")
        self.full_numbers_box.setChecked(False)
        self.full_numbers_box.setToolTip(self.tr(
            "Off: numbers are masked as on screen (138****5678). On: the file holds "
            "full numbers and the export is recorded in the audit log."
        ))
        self.full_numbers_box.setVisible(context.can("export.bulk") and context.can("pii.full"))
        self.contacted_button = QPushButton(self.tr("Mark as contacted"))
        self.contacted_button.setObjectName("care_contacted")
        self.contacted_button.setVisible(context.can("engagement.write"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("List")))
        top.addWidget(self.list_box, 1)
        top.addWidget(QLabel(self.tr("Message language")))
        top.addWidget(self.language_box)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_edit, 1)
        template_buttons = QVBoxLayout()
        template_buttons.addWidget(self.fill_button)
        template_buttons.addWidget(self.default_button)
        template_row.addLayout(template_buttons)
        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.full_numbers_box)
        actions.addWidget(self.contacted_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("Greeting template")))
        layout.addLayout(template_row)
        layout.addWidget(self.fields_label)
        layout.addWidget(self.template_error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.left_out_label)
        layout.addLayout(actions)
        layout.addWidget(self.status_label)

        self.list_box.currentIndexChanged.connect(lambda _i: self._list_changed())
        self.language_box.currentIndexChanged.connect(lambda _i: self._list_changed())
        self.fill_button.clicked.connect(self.refresh)
        self.default_button.clicked.connect(self._list_changed)
        self.copy_button.clicked.connect(self.copy_message)
        self.export_button.clicked.connect(self._ask_export)
        self.contacted_button.clicked.connect(self.mark_contacted)
        self._reset_template()

    # -- what tests and the menu call -----------------------------------------------------

    def choose(self, kind: str) -> None:
        index = self.list_box.findData(kind)
        if index == self.list_box.currentIndex():
            self.refresh()
        else:
            self.list_box.setCurrentIndex(index)

    def refresh(self) -> None:
        kind = str(self.list_box.currentData())
        template = self.template_edit.toPlainText()
        language = str(self.language_box.currentData())
        service = self.service
        self.template_error.setText("")
        self.context.runner.submit(
            lambda: load_care_list(service, kind, template, language),
            on_done=self._show,
            on_error=self._failed,
        )

    def selected_customer_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [cid for cid in (self._row_customer(row) for row in rows) if cid is not None]

    def shown_customer_ids(self) -> list[int]:
        found = (self._row_customer(row) for row in range(self.table.rowCount()))
        return [cid for cid in found if cid is not None]

    def message_of(self, row: int) -> str:
        item = self.table.item(row, 3)
        return item.text() if item is not None else ""

    def copy_message(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.current is None or self.current.greetings is None:
            self.status_label.setText(self.tr("Choose a customer first."))
            return
        message = self.message_of(rows[0].row())
        QApplication.clipboard().setText(message)
        self.status_label.setText(self.tr("Message copied."))

    def export_to(self, path: Path) -> None:
        ids = self.shown_customer_ids()
        template = self.template_edit.toPlainText()
        language = str(self.language_box.currentData())
        service = self.service
        full = self.full_numbers_box.isVisibleTo(self) and self.full_numbers_box.isChecked()

        def done(found: GreetingList) -> None:
            text = self.tr("Saved %1 messages to %2").replace(
                "%1", str(len(found.greetings))).replace("%2", str(path))
            if full:
                text += " " + self.tr("(full phone and ID numbers; logged in the audit log)")
            self.status_label.setText(text)

        self.context.runner.submit(
            lambda: service.export_greetings(ids, template, path, language, full_numbers=full),
            on_done=done,
            on_error=self._failed,
        )

    def mark_contacted(self) -> None:
        ids = self.selected_customer_ids()
        if not ids:
            self.status_label.setText(self.tr("Choose the customers you contacted first."))
            return
        purpose = "win_back" if self.list_box.currentData() == "churn" else "care"
        service = self.service

        def done(logged: tuple[int, ...]) -> None:
            self.status_label.setText(
                self.tr("Contact logged for %1 customers.").replace("%1", str(len(logged)))
            )

        self.context.runner.submit(
            lambda: service.mark_contacted(ids, channel="sms", purpose=purpose),
            on_done=done,
            on_error=self._failed,
        )

    # -- inside ----------------------------------------------------------------------------

    def _row_customer(self, row: int) -> int | None:
        item = self.table.item(row, 0)
        cid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(cid) if cid is not None else None

    def _reset_template(self) -> None:
        kind = str(self.list_box.currentData())
        language = str(self.language_box.currentData())
        template = DEFAULT_TEMPLATES[TEMPLATE_OF.get(kind, "holiday")][language]
        self.template_edit.setPlainText(template)

    def _list_changed(self) -> None:
        self._reset_template()
        self.refresh()

    def _headers(self, kind: str) -> list[str]:
        if kind == "holidays":
            return [self.tr("Holiday"), self.tr("Date"), self.tr("Days left"), ""]
        return [self.tr("Name"), self.tr("Phone"), self.tr("Why listed"), self.tr("Message")]

    def _show(self, found: CareList) -> None:
        self.current = found
        self.table.setHorizontalHeaderLabels(self._headers(found.kind))
        holidays = found.greetings is None
        for widget in (self.template_edit, self.fill_button, self.default_button,
                       self.copy_button, self.export_button, self.full_numbers_box,
                       self.contacted_button):
            widget.setEnabled(not holidays)
        if found.greetings is None:
            self._show_holidays(found.entries)
            return
        details: dict[int, str] = {}
        for entry in found.entries:
            details.setdefault(int(entry.customer_id), self._detail(found.kind, entry))
        greetings = found.greetings.greetings
        self.table.setRowCount(len(greetings))
        for row, greeting in enumerate(greetings):
            self.table.setItem(row, 0, report_cell(greeting.name, greeting.customer_id))
            self.table.setItem(row, 1, report_cell(greeting.phone))
            self.table.setItem(row, 2, report_cell(details.get(greeting.customer_id, "")))
            self.table.setItem(row, 3, report_cell(greeting.message))
        self.table.setColumnWidth(0, 90)
        self.table.setColumnWidth(1, 120)
        self.table.setColumnWidth(2, 180)
        self.table.resizeRowsToContents()
        left_out = found.greetings.left_out_text(current_language())
        if not greetings and not left_out:
            left_out = self.tr("No one on this list.")
        self.left_out_label.setText(left_out)

    def _show_holidays(self, holidays: tuple[Any, ...]) -> None:
        from datetime import date

        zh = current_language() == "zh"
        self.table.setRowCount(len(holidays))
        for row, holiday in enumerate(holidays):
            self.table.setItem(row, 0, report_cell(holiday.name_zh if zh else holiday.name_en))
            self.table.setItem(row, 1, report_cell(holiday.on.isoformat()))
            self.table.setItem(row, 2, report_cell(str((holiday.on - date.today()).days)))
            self.table.setItem(row, 3, report_cell(""))
        self.left_out_label.setText(self.tr("Holidays in the next 60 days, for planning."))

    def _detail(self, kind: str, entry: Any) -> str:
        if kind.startswith("birthday"):
            text: str = entry.occurs_on.isoformat()
            if entry.lunar:
                text += " " + self.tr("(lunar)")
            if entry.age is not None:
                text += " · " + self.tr("turns %1").replace("%1", str(entry.age))
            return text
        if kind == "follow_ups":
            return (
                self.tr("due %1, %2 days overdue")
                .replace("%1", entry.due_on.isoformat())
                .replace("%2", str(entry.overdue_days))
                + (f" · {entry.summary}" if entry.summary else "")
            )
        if kind == "expiring":
            return (
                self.tr("card %1 expires %2")
                .replace("%1", entry.number)
                .replace("%2", entry.expires_on.isoformat() if entry.expires_on else "")
            )
        if kind == "low_balance":
            return (
                self.tr("card %1 has ¥%2 left")
                .replace("%1", entry.number)
                .replace("%2", yuan_amount(entry.balance_fen))
            )
        if kind == "churn":
            reason: str = entry.reason_zh if current_language() == "zh" else entry.reason_en
            return reason
        return ""

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export list"), "greetings.xlsx", self.tr("Excel workbook (*.xlsx)")
        )
        if path:
            self.export_to(Path(path))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError) and getattr(error, "field", None) == "template":
            self.template_error.setText(str(error))
            return
        self.status_label.setText(describe_error(error))
