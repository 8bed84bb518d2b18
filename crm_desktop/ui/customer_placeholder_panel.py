"""A simple panel for an opened customer, until the full profile view takes its place.

The main window builds one through its ``customer_panel_factory``; the profile
view will be plugged in there with the same ``(context, customer_id)`` call.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from crm_desktop.models.services.customer_records import CustomerRecord
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.ui.app_context import AppContext
from crm_desktop.ui.customer_list_model import customer_status_text
from crm_desktop.ui.task_runner import describe_error


class CustomerPlaceholderPanel(QWidget):
    """Shows the customer's name, phone and status; ``record`` holds what was loaded."""

    def __init__(self, context: AppContext, customer_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("customer_panel")
        self.context = context
        self.customer_id = customer_id
        self.record: CustomerRecord | None = None
        self.name_label = QLabel(self.tr("Loading…"))
        self.name_label.setObjectName("customer_name")
        self.name_label.setStyleSheet("font-size: 20pt; font-weight: 600;")
        self.phone_label = QLabel()
        self.status_label = QLabel()
        self.tags_label = QLabel()
        self.tags_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Phone"), self.phone_label)
        form.addRow(self.tr("Status"), self.status_label)
        form.addRow(self.tr("Tags"), self.tags_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.name_label)
        layout.addLayout(form)
        layout.addStretch(1)
        service = context.service(CustomerService)
        context.runner.submit(
            lambda: service.get(customer_id), on_done=self._loaded, on_error=self._failed
        )

    def _loaded(self, record: CustomerRecord) -> None:
        self.record = record
        self.name_label.setText(record.name)
        self.phone_label.setText(record.phone or "—")
        self.status_label.setText(customer_status_text(record.status))
        self.tags_label.setText("、".join(record.tags) or "—")

    def _failed(self, error: BaseException) -> None:
        self.name_label.setText(describe_error(error))
