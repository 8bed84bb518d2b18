"""The audit log (操作日志): who did what to which record and when, newest first, with filters.

Filters: user, kind of action, record (a kind and, optionally, its number — a
customer's number gives that customer's whole history) and a date range. The
query runs on the task runner and shows at most ``LIMIT`` entries; the line under
the table says when more exist. Reading needs ``audit.read`` (owner, accountant).
Export… writes every entry the filters match (not only the shown ones) to an
.xlsx with the same readable names; the model layer checks the role and logs it.
Undo merge (撤销合并), for the owner, undoes the merge of the selected "customers
merged" entry after a question; the model layer refuses when the survivor has been
touched since, and the sentence shows under the table.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.errors import DomainError
from crm_desktop.models.excel.export_audit import export_audit
from crm_desktop.models.excel.export_common import ExportResult
from crm_desktop.models.merge_moves import MERGE_ACTION
from crm_desktop.models.services.audit_log import AuditFilter, AuditRecord, AuditService
from crm_desktop.models.services.merge import MergeService
from crm_desktop.models.services.merge_preview import UndoResult
from crm_desktop.models.services.users import UserRecord, UserService
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_STYLE, refusal_label
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.owner.audit_texts import (
    action_areas,
    action_name,
    change_summary,
    entity_name,
    entity_names,
)

LIMIT = 500
NO_DATE = QDate(2000, 1, 1)  # the date edits' "any day" value


def _date_edit(name: str, any_text: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(any_text)
    edit.setDate(NO_DATE)
    edit.setMinimumWidth(120)
    return edit


class AuditView(QWidget):
    """Filters above, entries below; ``records`` holds what the table shows."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_view")
        self.context = context
        self.records: list[AuditRecord] = []
        self._entities = entity_names()

        self.user_combo = QComboBox()
        self.user_combo.setObjectName("audit_user")
        self.user_combo.setEditable(True)
        self.user_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.user_combo.setMinimumWidth(140)
        self.user_combo.addItem(self.tr("All users"), "")
        user_line = self.user_combo.lineEdit()
        assert user_line is not None  # an editable combo always has its line edit
        user_line.setPlaceholderText(self.tr("All users"))
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("audit_action")
        for label, prefix in action_areas():
            self.action_combo.addItem(label, prefix)
        self.entity_combo = QComboBox()
        self.entity_combo.setObjectName("audit_entity")
        self.entity_combo.addItem(self.tr("Any record"), "")
        for key, label in self._entities.items():
            self.entity_combo.addItem(label, key)
        self.entity_id_edit = QLineEdit()
        self.entity_id_edit.setObjectName("audit_entity_id")
        self.entity_id_edit.setPlaceholderText(self.tr("No."))
        self.entity_id_edit.setMaximumWidth(90)
        self.since_edit = _date_edit("audit_since", self.tr("any day"))
        self.until_edit = _date_edit("audit_until", self.tr("any day"))
        self.search_button = QPushButton(self.tr("Show"))
        self.search_button.setObjectName("audit_search")
        # Enter in any filter runs the search through the window's default button.
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("audit_export")
        self.export_button.setAutoDefault(False)
        self.export_button.setToolTip(self.tr("Save every entry matching the filters as an Excel workbook"))
        self.export_button.clicked.connect(self.choose_export)
        self.undo_merge_button = QPushButton(self.tr("Undo merge"))
        self.undo_merge_button.setObjectName("audit_undo_merge")
        self.undo_merge_button.setAutoDefault(False)
        self.undo_merge_button.setToolTip(
            self.tr("Separate the two customers of the selected merge again"))
        self.undo_merge_button.setVisible(context.can("customer.merge"))
        self.undo_merge_button.setEnabled(False)
        self.undo_merge_button.clicked.connect(self.ask_undo_merge)
        self.undo_box: QMessageBox | None = None

        filters = QGridLayout()
        filters.addWidget(QLabel(self.tr("User")), 0, 0)
        filters.addWidget(self.user_combo, 0, 1)
        filters.addWidget(QLabel(self.tr("Action")), 0, 2)
        filters.addWidget(self.action_combo, 0, 3)
        filters.addWidget(QLabel(self.tr("Record")), 0, 4)
        filters.addWidget(self.entity_combo, 0, 5)
        filters.addWidget(self.entity_id_edit, 0, 6)
        filters.addWidget(QLabel(self.tr("From")), 1, 0)
        filters.addWidget(self.since_edit, 1, 1)
        filters.addWidget(QLabel(self.tr("To")), 1, 2)
        filters.addWidget(self.until_edit, 1, 3)
        filters.addWidget(self.search_button, 1, 5)
        filters.addWidget(self.export_button, 1, 6)
        filters.setColumnStretch(7, 1)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"),
            self.tr("User"),
            self.tr("Action"),
            self.tr("Record"),
            self.tr("No."),
            self.tr("What changed"),
        ])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.error_label = refusal_label("audit_error", hidden=True)
        self.count_label = QLabel()
        self.count_label.setObjectName("audit_count")
        self.export_label = QLabel()
        self.export_label.setObjectName("audit_export_info")
        self.export_label.setStyleSheet(DONE_STYLE)
        self.export_label.setWordWrap(True)
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_export: ExportResult | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addWidget(self.export_label, 1)
        footer.addWidget(self.undo_merge_button)
        layout.addLayout(footer)
        self._ask_usernames()
        self.search()

    def _ask_usernames(self) -> None:
        # Only owners may list accounts; others type a user name into the box.
        if not self.context.can("user.manage"):
            return
        users = self.context.service(UserService)
        self.context.runner.submit(
            partial(users.list, include_inactive=True),
            on_done=self._add_usernames,
            on_error=self._no_usernames,
        )

    def _add_usernames(self, users: list[UserRecord]) -> None:
        for user in users:
            self.user_combo.addItem(user.username, user.username)

    def _no_usernames(self, error: BaseException) -> None:
        # A refused list leaves the box to typing; only the unexpected is said.
        if not isinstance(error, DomainError):
            self.context.runner.announce_error(error)

    # -- filters ----------------------------------------------------------------------------------

    def chosen_user(self) -> str:
        text = self.user_combo.currentText().strip()
        return "" if text == self.user_combo.itemText(0) else text

    def _day(self, edit: QDateEdit) -> date | None:
        chosen = edit.date()
        return None if chosen == NO_DATE else date(chosen.year(), chosen.month(), chosen.day())

    def set_day(self, edit: QDateEdit, day: date | None) -> None:
        edit.setDate(NO_DATE if day is None else QDate(day.year, day.month, day.day))

    # -- searching --------------------------------------------------------------------------------

    def chosen_filter(self) -> AuditFilter | None:
        """The filters as typed; None (and the reason shown) when a record number is wrong."""
        self.error_label.hide()
        entity = str(self.entity_combo.currentData() or "")
        id_text = self.entity_id_edit.text().strip()
        if id_text and (not id_text.isdigit() or not entity):
            self.error_label.setText(
                self.tr("To see one record, choose its kind and type its number (digits).")
            )
            self.error_label.show()
            return None
        return AuditFilter(
            username=self.chosen_user() or None,
            action=str(self.action_combo.currentData() or "") or None,
            entity=entity or None,
            entity_id=int(id_text) if id_text else None,
            since=self._day(self.since_edit),
            until=self._day(self.until_edit),
        )

    def search(self) -> None:
        wanted = self.chosen_filter()
        if wanted is None:
            return
        audit = self.context.service(AuditService)
        Op(self.context.runner, partial(audit.find, wanted, limit=LIMIT)).guarding(
            self.search_button
        ).refusals(self._failed).on_done(self._found).run()

    # -- exporting --------------------------------------------------------------------------------

    def choose_export(self) -> None:
        """Ask where to save, then export what the filters match."""
        name = self.tr("audit-log") + f"-{date.today():%Y%m%d}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit log"), str(Path.home() / name),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the entries the filters match to ``path`` (.xlsx added when missing)."""
        wanted = self.chosen_filter()
        if wanted is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self.export_label.clear()
        call = partial(export_audit, self.context.store, self.context.actor, path, wanted)
        Op(self.context.runner, call).guarding(self.export_button).refusals(
            self._failed
        ).on_done(self._exported).run()

    def _exported(self, result: ExportResult) -> None:
        self.last_export = result
        self.export_label.setText(
            self.tr("Exported %1 entries to %2")
            .replace("%1", str(result.rows))
            .replace("%2", str(result.path))
        )

    def _found(self, records: list[AuditRecord]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            summary = change_summary(record.before, record.after, record.entity)
            cells = [
                f"{record.ts:%Y-%m-%d %H:%M:%S}",
                record.username,
                action_name(record.action),
                entity_name(record.entity),
                "" if record.entity_id is None else str(record.entity_id),
                summary,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record.id)
                if column == 5:
                    item.setToolTip(summary)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if len(records) >= LIMIT:
            text = self.tr("Showing the latest %1 entries; narrow the filters to see older ones.")
        else:
            text = self.tr("%1 entries.")
        self.count_label.setText(text.replace("%1", str(len(records))))

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(describe_error(error))
        self.error_label.show()

    # -- undoing a merge --------------------------------------------------------------------------

    def selected_record(self) -> AuditRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows and rows[0].row() < len(self.records) else None

    def _selection_changed(self) -> None:
        record = self.selected_record()
        self.undo_merge_button.setEnabled(record is not None and record.action == MERGE_ACTION)

    def ask_undo_merge(self) -> None:
        """Ask before undoing the selected merge; Yes runs it on the task runner."""
        record = self.selected_record()
        if record is None or record.action != MERGE_ACTION:
            return
        text = self.tr("Undo the merge of %1 into %2? Both customers get back their own "
                       "cards, history and details as before the merge.")
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Undo merge"),
            text.replace("%1", str(record.after.get("merged_from", "?")))
            .replace("%2", str(record.after.get("merged_into", "?"))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setObjectName("audit_undo_merge_confirm")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.undo_box = box

        def answered(_result: int) -> None:
            self.undo_box = None
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                self.undo_merge(record.id)

        box.finished.connect(answered)
        box.open()

    def undo_merge(self, entry_id: int) -> None:
        """Undo the merge recorded by ``entry_id``; a refusal shows under the table."""
        self.error_label.hide()
        self.export_label.clear()
        merges = self.context.service(MergeService)
        Op(self.context.runner, partial(merges.undo, entry_id)).guarding(
            self.undo_merge_button).refusals(self._failed).on_done(self._merge_undone).run()

    def _merge_undone(self, result: UndoResult) -> None:
        self.export_label.setText(
            self.tr("Merge undone: #%1 and #%2 are separate customers again (audit entry %3).")
            .replace("%1", str(result.other_id)).replace("%2", str(result.keep_id))
            .replace("%3", str(result.entry_id)))
        self.search()

