"""A customer's marketing consent over time: given and withdrawn, when, how, recorded by whom."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.privacy_records import ConsentEvent
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.profile.customer_words import consent_channel_choices


class ConsentHistoryDialog(QDialog):
    """Read-only; loads through the task runner when opened."""

    def __init__(
        self, context: AppContext, customer_id: int, customer_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.customer_id = customer_id
        self.events: tuple[ConsentEvent, ...] = ()
        self.setObjectName("consent_history_dialog")
        self.setWindowTitle(self.tr("Consent history of %1").replace("%1", customer_name))
        self.resize(640, 360)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("consent_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Consent"), self.tr("Channel"), self.tr("Recorded by")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status_label = QLabel(self.tr("Loading…"))
        self.status_label.setObjectName("consent_status")
        self.status_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        service = self.context.service(PrivacyService)
        customer_id = self.customer_id
        self.context.runner.submit(lambda: service.consent_history(customer_id),
                                   on_done=self.show_events, on_error=self._failed)

    def show_events(self, events: tuple[ConsentEvent, ...]) -> None:
        self.events = events
        channels = consent_channel_choices()
        self.table.setRowCount(len(events))
        for row, event in enumerate(events):
            cells = (
                event.at.strftime("%Y-%m-%d %H:%M"),
                self.tr("Given") if event.given else self.tr("Withdrawn"),
                channels.get(event.channel or "", event.channel or "—") if event.channel else "—",
                event.recorded_by,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if events:
            self.status_label.setText(self._current(events[-1]))
        else:
            self.status_label.setText(self.tr("No marketing consent was ever recorded."))

    def _current(self, last: ConsentEvent) -> str:
        if last.given:
            return self.tr("The customer agrees to marketing messages now.")
        return self.tr("The customer does not agree to marketing messages now.")

    def _failed(self, error: BaseException) -> None:
        self.status_label.setText(describe_error(error))
