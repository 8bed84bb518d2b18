"""The profile's engagement and history tabs: interactions, feedback, survey answers, changes.

Each tab loads its list through the task runner; the buttons open the logging
dialogs, and the lists refresh from the change bus like every other view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm_desktop.models.services.audit_log import AuditRecord, AuditService
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.services.engagement_records import FeedbackRecord
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_text import money
from crm_desktop.ui.engagement.feedback_dialogs import kind_names, status_names
from crm_desktop.ui.engagement.interaction_dialog import channel_names
from crm_desktop.ui.profile.card_tabs import when
from crm_desktop.ui.profile.record_table import RecordTable

# Audit fields that say nothing to a person reading a customer's history.
_QUIET_KEYS = {"version"}


class _ListTab(QWidget):
    """A table with a status line and a row of buttons; ``load`` fetches on the runner."""

    def __init__(
        self, context: AppContext, headers: list[str], stretch_column: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.customer_id = 0
        self.table = RecordTable(headers, stretch_column=stretch_column)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(self.buttons)

    def button(self, text: str, name: str, slot: Any, permission: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setVisible(self.context.can(permission))
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def load(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.context.runner.submit(
            lambda: self.fetch(customer_id), on_done=self.show_records,
            on_error=lambda error: self.status_label.setText(describe_error(error)),
        )

    def fetch(self, customer_id: int) -> list[Any]:
        raise NotImplementedError

    def show_records(self, records: list[Any]) -> None:
        raise NotImplementedError


class InteractionsTab(_ListTab):
    """Visits, calls and messages, newest first; ``log_requested`` from the button."""

    log_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, [self.tr("Time"), self.tr("How"), self.tr("About"),
                                   self.tr("Summary"), self.tr("Outcome"), self.tr("Follow up"),
                                   self.tr("By")], 3, parent)
        self.table.setObjectName("interactions_table")
        self.service = context.service(EngagementService)
        self.log_button = self.button(self.tr("Log a contact…"), "log_interaction",
                                      lambda: self.log_requested.emit(), "engagement.write")
        self.done_button = self.button(self.tr("Follow-up done"), "follow_up_done",
                                       self._follow_up_done, "engagement.write")

    def fetch(self, customer_id: int) -> list[Any]:
        return self.service.interactions_of(customer_id)

    def show_records(self, records: list[Any]) -> None:
        channels = channel_names(self)
        rows = []
        for r in records:
            follow = ""
            if r.follow_up_on:
                follow = r.follow_up_on.isoformat() + (" ✓" if r.follow_up_done else "")
            rows.append([when(r.ts), channels.get(r.channel, r.channel), r.purpose,
                         r.summary.replace("\n", " "), r.outcome, follow, r.username])
        self.table.show_rows(rows, [r.id for r in records])
        self.status_label.setText(self.tr("%1 contacts").replace("%1", str(len(records))))

    def _follow_up_done(self) -> None:
        interaction_id = self.table.current_id()
        if interaction_id is None:
            self.status_label.setText(self.tr("Select the contact whose follow-up is done."))
            return
        self.context.runner.submit(
            lambda: self.service.complete_follow_up(interaction_id),
            on_done=lambda _r: self.load(self.customer_id),
            on_error=lambda error: self.status_label.setText(describe_error(error)),
        )


class FeedbackTab(_ListTab):
    """Complaints, suggestions and praise with their status; buttons to record and move them."""

    open_requested = Signal()
    move_requested = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, [self.tr("Opened"), self.tr("Kind"), self.tr("Category"),
                                   self.tr("Status"), self.tr("Description"),
                                   self.tr("Resolution"), self.tr("Satisfaction")], 4, parent)
        self.table.setObjectName("feedback_table")
        self.service = context.service(EngagementService)
        self.records: list[FeedbackRecord] = []
        self.open_button = self.button(self.tr("Record feedback…"), "open_feedback",
                                       lambda: self.open_requested.emit(), "engagement.write")
        self.move_button = self.button(self.tr("Move along…"), "move_feedback", self._move,
                                       "engagement.write")

    def fetch(self, customer_id: int) -> list[Any]:
        return self.service.feedback_of(customer_id)

    def show_records(self, records: list[Any]) -> None:
        self.records = records
        kinds, statuses = kind_names(self), status_names(self)
        self.table.show_rows(
            [[when(r.created_at), kinds.get(r.kind, r.kind), r.category,
              statuses.get(r.status, r.status), r.description.replace("\n", " "),
              r.resolution.replace("\n", " "), str(r.satisfaction or "")] for r in records],
            [r.id for r in records],
        )
        open_count = sum(1 for r in records if r.status in ("open", "in_progress"))
        self.status_label.setText(self.tr("%1 still open").replace("%1", str(open_count)))

    def selected(self) -> FeedbackRecord | None:
        wanted = self.table.current_id()
        return next((r for r in self.records if r.id == wanted), None)

    def _move(self) -> None:
        feedback = self.selected()
        if feedback is None:
            self.status_label.setText(self.tr("Select the feedback to move first."))
            return
        self.move_requested.emit(feedback)


class SurveysTab(_ListTab):
    """Survey answers: satisfaction 1–5 and NPS 0–10."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, [self.tr("Answered"), self.tr("Satisfaction (1–5)"),
                                   self.tr("Would recommend (0–10)"), self.tr("Comment")], None,
                         parent)
        self.table.setObjectName("surveys_table")
        self.service = context.service(EngagementService)

    def fetch(self, customer_id: int) -> list[Any]:
        return self.service.surveys_of(customer_id)

    def show_records(self, records: list[Any]) -> None:
        self.table.show_rows(
            [[r.answered_on.isoformat(), str(r.satisfaction or "—"),
              "—" if r.nps is None else str(r.nps), r.comment] for r in records],
            [r.id for r in records],
        )
        self.status_label.setText(self.tr("%1 answers").replace("%1", str(len(records))))


class HistoryTab(_ListTab):
    """Who changed what, from the audit log: the customer file and each of their cards."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, [self.tr("Time"), self.tr("By"), self.tr("Action"),
                                   self.tr("Record"), self.tr("Changes")], None, parent)
        self.table.setObjectName("history_table")
        self.service = context.service(AuditService)
        self.card_numbers: dict[int, str] = {}

    def fetch(self, customer_id: int) -> list[Any]:
        entries = self.service.history("customer", customer_id)
        for card_id in self.card_numbers:
            entries += self.service.history("card", card_id)
        return sorted(entries, key=lambda e: e.id, reverse=True)

    def show_records(self, records: list[Any]) -> None:
        self.table.show_rows(
            [[when(e.ts), e.username, action_text(e.action), self._record_name(e),
              describe_change(e)] for e in records],
            [e.id for e in records],
        )
        self.status_label.setText(self.tr("%1 changes").replace("%1", str(len(records))))


    def _record_name(self, entry: AuditRecord) -> str:
        if entry.entity == "card" and entry.entity_id in self.card_numbers:
            return self.tr("card %1").replace("%1", self.card_numbers[entry.entity_id])
        if entry.entity == "customer":
            return self.tr("customer file")
        return f"{entry.entity} {entry.entity_id or ''}"


def action_text(action: str) -> str:
    translate = QCoreApplication.translate
    names = {
        "customer.create": translate("HistoryTab", "File opened"),
        "customer.update": translate("HistoryTab", "File edited"),
        "customer.tags": translate("HistoryTab", "Tags changed"),
        "customer.terminate": translate("HistoryTab", "Membership ended"),
        "customer.reactivate": translate("HistoryTab", "Membership reopened"),
        "card.issue": translate("HistoryTab", "Card issued"),
        "card.top_up": translate("HistoryTab", "Top-up"),
        "card.consume": translate("HistoryTab", "Purchase"),
        "card.redeem": translate("HistoryTab", "Points redeemed"),
        "card.use_count": translate("HistoryTab", "Visit used"),
        "card.freeze": translate("HistoryTab", "Frozen"),
        "card.unfreeze": translate("HistoryTab", "Unfrozen"),
        "card.report_lost": translate("HistoryTab", "Reported lost"),
        "card.report_found": translate("HistoryTab", "Found again"),
        "card.replace": translate("HistoryTab", "Replaced"),
        "card.change_tier": translate("HistoryTab", "Tier changed"),
        "card.set_pin": translate("HistoryTab", "PIN changed"),
        "card.cancel": translate("HistoryTab", "Card cancelled"),
    }
    return names.get(action, action)


def field_text(key: str) -> str:
    translate = QCoreApplication.translate
    names = {
        "principal_fen": translate("HistoryTab", "paid money"),
        "bonus_fen": translate("HistoryTab", "bonus"),
        "points": translate("HistoryTab", "points"),
        "counts_left": translate("HistoryTab", "visits"),
        "status": translate("HistoryTab", "status"),
        "tier_id": translate("HistoryTab", "tier"),
        "pin": translate("HistoryTab", "PIN"),
        "amount_fen": translate("HistoryTab", "amount"),
        "paid_fen": translate("HistoryTab", "paid"),
        "payment_method": translate("HistoryTab", "paid by"),
    }
    return names.get(key, key)


def _value(key: str, value: object) -> str:
    if key.endswith("_fen") and isinstance(value, int):
        return money(value)
    return "—" if value is None else str(value)


def describe_change(entry: AuditRecord) -> str:
    """field: before → after for each field that changed (personal values stay scrubbed)."""
    parts = []
    for key in {**entry.before, **entry.after}:
        if key in _QUIET_KEYS:
            continue
        before, after = entry.before.get(key), entry.after.get(key)
        if key in entry.before and key in entry.after:
            if before == after:
                continue
            parts.append(f"{field_text(key)}: {_value(key, before)} → {_value(key, after)}")
        elif key in entry.after:
            parts.append(f"{field_text(key)}: {_value(key, after)}")
        else:
            parts.append(f"{field_text(key)}: {_value(key, before)} → —")
    return "; ".join(parts)
