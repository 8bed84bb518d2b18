"""Log a visit, call, SMS, WeChat message or email with a customer, with an optional follow-up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLineEdit, QWidget

from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.services.engagement_records import InteractionRecord
from crm_desktop.ui.base.acting import ActionDialog
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.engagement.text_box import text_box

DEFAULT_FOLLOW_UP_DAYS = 7


def channel_names(owner: QWidget) -> dict[str, str]:
    return {
        "visit": QCoreApplication.translate("EngagementWords", "Visit"),
        "call": QCoreApplication.translate("EngagementWords", "Call"),
        "sms": QCoreApplication.translate("EngagementWords", "SMS"),
        "wechat": QCoreApplication.translate("EngagementWords", "WeChat"),
        "email": QCoreApplication.translate("EngagementWords", "Email"),
    }


class LogInteractionDialog(ActionDialog):
    """``result`` is the logged ``InteractionRecord`` once accepted."""

    def __init__(
        self, context: AppContext, customer_id: int, customer_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent=parent)
        self.customer_id = customer_id
        self.setWindowTitle(self.tr("Log a contact with %1").replace("%1", customer_name))
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channel")
        for code, name in channel_names(self).items():
            self.channel_combo.addItem(name, code)
        self.purpose_edit = QLineEdit()
        self.purpose_edit.setObjectName("purpose")
        self.purpose_edit.setMaxLength(20)
        self.purpose_edit.setPlaceholderText(self.tr("e.g. birthday greeting (optional)"))
        self.summary_edit = text_box("summary")
        self.summary_edit.setPlaceholderText(self.tr("What was said or done"))
        self.outcome_edit = QLineEdit()
        self.outcome_edit.setObjectName("outcome")
        self.outcome_edit.setMaxLength(200)
        self.follow_box = QCheckBox(self.tr("Follow up on"))
        self.follow_box.setObjectName("follow_up")
        self.follow_date = QDateEdit()
        self.follow_date.setObjectName("follow_up_on")
        self.follow_date.setCalendarPopup(True)
        self.follow_date.setDisplayFormat("yyyy-MM-dd")
        self.follow_date.setDate(QDate.currentDate().addDays(DEFAULT_FOLLOW_UP_DAYS))
        self.follow_date.setMinimumDate(QDate.currentDate())
        self.follow_date.setEnabled(False)
        self.follow_box.toggled.connect(self.follow_date.setEnabled)
        follow = QWidget()
        row = QHBoxLayout(follow)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.follow_box)
        row.addWidget(self.follow_date, 1)
        self.form.addRow(self.tr("How"), self.channel_combo)
        self.form.addRow(self.tr("About"), self.purpose_edit)
        self.form.addRow(self.tr("Summary"), self.summary_edit)
        self.form.addRow(self.tr("Outcome"), self.outcome_edit)
        self.form.addRow("", follow)
        self.refusals.fields.update(channel=self.channel_combo, summary=self.summary_edit,
                                    follow_up_on=self.follow_date, purpose=self.purpose_edit,
                                    outcome=self.outcome_edit)
        self.first_field = self.summary_edit

    def follow_up_on(self) -> date | None:
        if not self.follow_box.isChecked():
            return None
        picked = self.follow_date.date()
        return date(picked.year(), picked.month(), picked.day())

    def work(self) -> Callable[[], InteractionRecord]:
        service = self.context.service(EngagementService)
        customer_id = self.customer_id
        channel = self.channel_combo.currentData()
        summary = self.summary_edit.toPlainText()
        outcome = self.outcome_edit.text()
        follow_up = self.follow_up_on()
        purpose = self.purpose_edit.text()
        return lambda: service.log_interaction(customer_id, channel, summary, outcome, follow_up,
                                               purpose)
