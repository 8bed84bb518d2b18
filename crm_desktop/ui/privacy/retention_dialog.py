"""The owner's retention list: the retention period, and terminated customers kept past it.

The period is saved through the service, which owns its bounds (a value out of
range gets the service's sentence and the saved period stays). The list shows
who is due, and "Erase selected…" erases them in one action after a reason and
a confirmation; the list then loads again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.privacy_records import RetentionEntry
from crm_desktop.ui.base.acting import Refusals
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_STYLE, refusal_label
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.privacy.erase_dialog import EraseDialog, erase_dialog_result_text

# Wider than the service's bounds on purpose: the service says what is allowed.
SPIN_MIN, SPIN_MAX = 1, 99_999


class RetentionDialog(QDialog):
    """``entries`` are the customers listed; ``erase_dialog`` is the confirmation open now."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.service = context.service(PrivacyService)
        self.entries: tuple[RetentionEntry, ...] = ()
        self.erase_dialog: EraseDialog | None = None
        self.setObjectName("retention_dialog")
        self.setWindowTitle(self.tr("Retention list"))
        self.resize(760, 520)

        intro = QLabel(self.tr(
            "Personal details of customers who ended their membership are kept only as long "
            "as needed. Those kept longer than the retention period are listed here to be "
            "erased; their money records stay."))
        intro.setWordWrap(True)
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("retention_days")
        self.days_spin.setRange(SPIN_MIN, SPIN_MAX)
        self.days_spin.setSuffix(self.tr(" days"))
        self.days_spin.setMinimumWidth(120)
        self.save_days_button = QPushButton(self.tr("Save period"))
        self.save_days_button.setObjectName("save_retention_days")
        self.save_days_button.setAutoDefault(False)
        self.save_days_button.clicked.connect(self.save_days)
        self.days_error = refusal_label("retention_days_error", hidden=True)
        self.days_errors = Refusals(self.days_error, {"retention_days": self.days_spin})
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("Retention period")))
        period.addWidget(self.days_spin)
        period.addWidget(self.save_days_button)
        period.addStretch(1)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("retention_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Name"), self.tr("Ended on"), self.tr("Due since")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update)
        self.list_label = QLabel(self.tr("Loading…"))
        self.list_label.setObjectName("retention_status")
        self.list_label.setWordWrap(True)
        self.done_label = QLabel()
        self.done_label.setObjectName("retention_done")
        self.done_label.setWordWrap(True)
        self.done_label.setStyleSheet(DONE_STYLE)
        self.done_label.hide()

        self.select_all_button = QPushButton(self.tr("Select all"))
        self.select_all_button.setObjectName("retention_select_all")
        self.select_all_button.setAutoDefault(False)
        self.select_all_button.clicked.connect(self.table.selectAll)
        self.erase_button = QPushButton(self.tr("Erase selected…"))
        self.erase_button.setObjectName("retention_erase")
        self.erase_button.setAutoDefault(False)
        self.erase_button.clicked.connect(self.erase_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        close.rejected.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.select_all_button)
        actions.addWidget(self.erase_button)
        actions.addStretch(1)
        actions.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(period)
        layout.addWidget(self.days_error)
        layout.addWidget(self.done_label)
        layout.addWidget(self.list_label)
        layout.addWidget(self.table, 1)
        # With the table hidden (nothing due) the text stays at the top, not spread out.
        self.empty_space = QWidget()
        layout.addWidget(self.empty_space, 1)
        layout.addLayout(actions)
        self.days_spin.setFocus()
        self.load()

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the period and the customers due, off the GUI thread."""
        service = self.service

        def fetch() -> tuple[int, tuple[RetentionEntry, ...]]:
            return service.retention_days(), service.retention_due()

        self._update()
        self.context.runner.submit(fetch, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, loaded: tuple[int, tuple[RetentionEntry, ...]]) -> None:
        days, entries = loaded
        self.days_spin.setValue(days)
        self.show_entries(entries)

    def show_entries(self, entries: tuple[RetentionEntry, ...]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (str(entry.customer_id), entry.name,
                     entry.terminated_at.strftime("%Y-%m-%d"), entry.due_since.isoformat())
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(entries))
        self.empty_space.setVisible(not entries)
        if entries:
            self.list_label.setText(self.tr(
                "%1 terminated customer(s) are past the retention period.")
                .replace("%1", str(len(entries))))
        else:
            self.list_label.setText(self.tr(
                "Nothing is due: no terminated customer is kept longer than the retention "
                "period."))
        self._update()

    def _failed(self, error: BaseException) -> None:
        self.list_label.setText(describe_error(error))

    def _update(self) -> None:
        self.select_all_button.setEnabled(bool(self.entries))
        self.erase_button.setEnabled(bool(self.selected()))

    # -- acting -------------------------------------------------------------------------------

    def selected(self) -> list[RetentionEntry]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.entries[row] for row in rows if row < len(self.entries)]

    def save_days(self) -> None:
        self.days_spin.interpretText()
        days = self.days_spin.value()
        self.days_errors.clear()
        self.save_days_button.setEnabled(False)
        service = self.service

        def saved(_days: int) -> None:
            self.save_days_button.setEnabled(True)
            self.load()

        def refused(error: BaseException) -> None:
            self.save_days_button.setEnabled(True)
            self.days_errors.show(error)

        self.context.runner.submit(lambda: service.set_retention_days(days),
                                   on_done=saved, on_error=refused)

    def erase_selected(self) -> EraseDialog | None:
        chosen = self.selected()
        if not chosen:
            return None
        dialog = EraseDialog(
            self.context, [(entry.customer_id, entry.name) for entry in chosen], self,
            reason=self.tr("Past the retention period"),
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.erase_dialog = dialog

        def finished(_result: int) -> None:
            self.erase_dialog = None
            if dialog.outcome is not None:
                self.done_label.setText(erase_dialog_result_text(dialog.outcome))
                self.done_label.show()
                self.load()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog
