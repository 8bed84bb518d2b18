"""The profile's upkeep line: contact details due to be confirmed (定期核对) with the one-click
"Confirmed with the customer", and the values an import left out for correction (待更正).

Both actions go through the task runner; the change they make comes back on the
change bus, and the profile reloads itself (and this bar) from it. Phone and ID
numbers an import left out are masked here as everywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.customer_fields import FIELDS_BY_NAME
from crm_desktop.models.language import current_language
from crm_desktop.models.services.customer_records import CustomerRecord
from crm_desktop.models.services.profile_quality import ProfileQuality
from crm_desktop.models.services.sweep import shown_value
from crm_desktop.models.services.verification import VerificationService
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import NOTICE_STYLE, REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.profile.field_grid import show_reason


def field_word(field: str) -> str:
    """A customer field's name in the current language (the key itself when unknown)."""
    declared = FIELDS_BY_NAME.get(field)
    if declared is None:
        return field
    return declared.zh if current_language() == "zh" else declared.en


class UpkeepBar(QWidget):
    """Shows ``display(record, quality)``; hides each line that has nothing to say."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profile_upkeep")
        self.context = context
        self.record: CustomerRecord | None = None
        self.writable = context.can("customer.write")

        self.contact_label = QLabel()
        self.contact_label.setObjectName("contact_check")
        self.contact_label.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirmed with the customer"))
        self.confirm_button.setObjectName("confirm_contact")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setToolTip(self.tr(
            "Press after checking the phone number, address and email with the customer."))
        self.confirm_button.clicked.connect(self.confirm)
        self.corrections_label = QLabel()
        self.corrections_label.setObjectName("pending_corrections")
        self.corrections_label.setWordWrap(True)
        self.corrections_label.setStyleSheet(NOTICE_STYLE)
        self.set_aside_button = QToolButton()
        self.set_aside_button.setObjectName("set_aside_correction")
        self.set_aside_button.setText(self.tr("Set aside"))
        self.set_aside_button.setToolTip(self.tr(
            "Stop showing an imported value when the field is right as it is."))
        self.set_aside_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.set_aside_menu = QMenu(self)
        self.set_aside_button.setMenu(self.set_aside_menu)
        self.error_label = QLabel()
        self.error_label.setObjectName("upkeep_error")
        self.error_label.setStyleSheet(REFUSAL_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        contact_row = QHBoxLayout()
        contact_row.addWidget(self.contact_label, 1)
        contact_row.addWidget(self.confirm_button)
        corrections_row = QHBoxLayout()
        corrections_row.addWidget(self.corrections_label, 1)
        corrections_row.addWidget(self.set_aside_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(contact_row)
        layout.addLayout(corrections_row)
        layout.addWidget(self.error_label)
        self.show_nothing()

    def show_nothing(self) -> None:
        """Empty (while another customer loads)."""
        self.record = None
        for widget in (self.contact_label, self.confirm_button, self.corrections_label,
                       self.set_aside_button, self.error_label):
            widget.hide()

    def display(self, record: CustomerRecord, quality: ProfileQuality,
                today: date | None = None) -> None:
        self.record = record
        self.error_label.hide()
        self._show_contact(record, quality, today or date.today())
        self._show_corrections(record)

    def _show_contact(self, record: CustomerRecord, quality: ProfileQuality, today: date) -> None:
        asked = quality.check_months > 0 and record.status == "active"
        self.contact_label.setVisible(asked)
        self.confirm_button.setVisible(asked and self.writable)
        if not asked:
            return
        last = quality.last_confirmed
        every = self.tr("every %1 months").replace("%1", str(quality.check_months))
        if quality.contact_due(today):
            said = (self.tr("never confirmed") if last is None
                    else self.tr("last confirmed %1").replace("%1", f"{last:%Y-%m-%d}"))
            self.contact_label.setStyleSheet(NOTICE_STYLE + " font-weight: 600;")
            self.contact_label.setText("⚠ " + self.tr(
                "Please confirm the contact details with the customer (%1; %2).")
                .replace("%1", said).replace("%2", every))
        else:
            due = quality.contact_due_on.isoformat() if quality.contact_due_on else ""
            self.contact_label.setStyleSheet("")
            self.contact_label.setText(
                (self.tr("Contact details confirmed %1").replace("%1", f"{last:%Y-%m-%d}")
                 if last is not None else self.tr("Contact details not confirmed yet"))
                + self.tr("; next check %1 (%2).").replace("%1", due).replace("%2", every))

    def _show_corrections(self, record: CustomerRecord) -> None:
        pending = record.corrections if record.status == "active" else ()
        self.corrections_label.setVisible(bool(pending))
        self.set_aside_button.setVisible(bool(pending) and self.writable)
        self.set_aside_menu.clear()
        if not pending:
            return
        listed = "、".join(
            f"{field_word(field)}“{shown_value(field, raw)}”" for field, raw in pending)
        self.corrections_label.setText(self.tr(
            "To correct (left out by the import, not valid): %1").replace("%1", listed))
        for field, _raw in pending:
            action = self.set_aside_menu.addAction(field_word(field))
            action.setObjectName(f"set_aside_{field}")
            action.triggered.connect(partial(self.set_aside, field))

    def hint_corrections(self, reasons: Mapping[str, QLabel], record: CustomerRecord) -> None:
        """Under each form field an import left a value out of, what it was (until fixed)."""
        if record.status != "active":
            return
        for field, raw in record.corrections:
            label = reasons.get(field)
            if label is not None:
                show_reason(label, self.tr(
                    "The import left out “%1” here: it was not valid. Please correct it."
                ).replace("%1", shown_value(field, raw)))

    # -- acting ----------------------------------------------------------------------------------

    def confirm(self) -> None:
        """"Confirmed with the customer": one audited action; the profile reloads from the bus."""
        if self.record is None:
            return
        service = self.context.service(VerificationService)
        Op(self.context.runner, partial(service.confirm_contact, self.record.id)).guarding(
            self.confirm_button).refusals(self._refused).run()

    def set_aside(self, field: str, _checked: bool = False) -> None:
        """Stop showing the import's value of ``field`` (the field is right as it is)."""
        if self.record is None:
            return
        service = self.context.service(VerificationService)
        Op(self.context.runner, partial(service.dismiss_correction, self.record.id, field)
           ).guarding(self.set_aside_button).refusals(self._refused).run()

    def _refused(self, error: BaseException) -> None:
        self.error_label.setText(describe_error(error))
        self.error_label.show()
