"""Record a complaint, suggestion or praise, and move it along open → in progress → resolved → closed.

Moving offers only the steps the workflow allows from the current status;
resolving asks for the resolution (kept from earlier if already written) and
the customer's satisfaction, which the service accepts only at that point.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from crm_desktop.models.entities.engagement import FEEDBACK_FLOW
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.services.engagement_records import FeedbackRecord
from crm_desktop.ui.base.acting import ActionDialog
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.engagement.text_box import text_box


def kind_names(owner: QWidget) -> dict[str, str]:
    return {
        "complaint": QCoreApplication.translate("EngagementWords", "Complaint"),
        "suggestion": QCoreApplication.translate("EngagementWords", "Suggestion"),
        "praise": QCoreApplication.translate("EngagementWords", "Praise"),
    }


def status_names(owner: QWidget) -> dict[str, str]:
    return {
        "open": QCoreApplication.translate("EngagementWords", "Open"),
        "in_progress": QCoreApplication.translate("EngagementWords", "In progress"),
        "resolved": QCoreApplication.translate("EngagementWords", "Resolved"),
        "closed": QCoreApplication.translate("EngagementWords", "Closed"),
    }


class OpenFeedbackDialog(ActionDialog):
    """``result`` is the new ``FeedbackRecord`` (status open) once accepted."""

    def __init__(
        self, context: AppContext, customer_id: int, customer_name: str,
        kind: str = "complaint", parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent=parent)
        self.customer_id = customer_id
        self.setWindowTitle(self.tr("Feedback from %1").replace("%1", customer_name))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind")
        for code, name in kind_names(self).items():
            self.kind_combo.addItem(name, code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.category_edit = QLineEdit()
        self.category_edit.setObjectName("category")
        self.category_edit.setMaxLength(40)
        self.category_edit.setPlaceholderText(self.tr("e.g. service, product, waiting time"))
        self.description_edit = text_box("description", 100)
        self.description_edit.setPlaceholderText(self.tr("What the customer said"))
        self.form.addRow(self.tr("Kind"), self.kind_combo)
        self.form.addRow(self.tr("Category"), self.category_edit)
        self.form.addRow(self.tr("Description"), self.description_edit)
        self.refusals.fields.update(kind=self.kind_combo, category=self.category_edit,
                                    description=self.description_edit)
        self.first_field = self.description_edit

    def work(self) -> Callable[[], FeedbackRecord]:
        service = self.context.service(EngagementService)
        customer_id = self.customer_id
        kind = self.kind_combo.currentData()
        category = self.category_edit.text()
        description = self.description_edit.toPlainText()
        return lambda: service.open_feedback(customer_id, kind, category, description)


class MoveFeedbackDialog(ActionDialog):
    """Moves ``feedback`` one step; ``result`` is the updated ``FeedbackRecord``."""

    def __init__(
        self, context: AppContext, feedback: FeedbackRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent=parent)
        self.feedback = feedback
        names = status_names(self)
        self.setWindowTitle(self.tr("Move feedback along"))
        about = QLabel(
            self.tr("%1, now %2: %3")
            .replace("%1", kind_names(self).get(feedback.kind, feedback.kind))
            .replace("%2", names.get(feedback.status, feedback.status))
            .replace("%3", feedback.description[:120])
        )
        about.setWordWrap(True)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("to_status")
        for status in FEEDBACK_FLOW.get(feedback.status, ()):
            self.status_combo.addItem(names[status], status)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setMaxLength(500)
        self.resolution_edit = text_box("resolution", 70)
        self.resolution_edit.setPlainText(feedback.resolution)
        self.resolution_edit.setPlaceholderText(self.tr("How it was resolved"))
        self.satisfaction_spin = QSpinBox()
        self.satisfaction_spin.setObjectName("satisfaction")
        self.satisfaction_spin.setRange(0, 5)
        self.satisfaction_spin.setSpecialValueText(self.tr("Not asked"))
        self.satisfaction_spin.setValue(feedback.satisfaction or 0)
        self.form.addRow(self.tr("Feedback"), about)
        self.form.addRow(self.tr("Move to"), self.status_combo)
        self.form.addRow(self.tr("Note"), self.note_edit)
        self.form.addRow(self.tr("Resolution"), self.resolution_edit)
        self.form.addRow(self.tr("Satisfaction (1–5)"), self.satisfaction_spin)
        self.refusals.fields.update(to_status=self.status_combo, note=self.note_edit,
                                    resolution=self.resolution_edit,
                                    satisfaction=self.satisfaction_spin)
        self.status_combo.currentIndexChanged.connect(lambda _i: self._target_changed())
        if self.status_combo.count() == 0:
            self.refusals.show_text(self.tr("Closed feedback does not move any more."))
            self.ok_button.setEnabled(False)
        self._target_changed()
        self.first_field = self.status_combo

    def _target_changed(self) -> None:
        # An empty combo's data would be None, which PySide6 6.12 hands back one reference short.
        target = self.status_combo.currentData() if self.status_combo.count() else ""
        rates = target == "resolved" or (target == "closed" and self.feedback.status == "resolved")
        self.satisfaction_spin.setEnabled(rates)
        self.resolution_edit.setEnabled(target in ("resolved", "closed"))

    def work(self) -> Callable[[], FeedbackRecord]:
        service = self.context.service(EngagementService)
        feedback_id = self.feedback.id
        target = self.status_combo.currentData()
        note = self.note_edit.text()
        resolution = self.resolution_edit.toPlainText() if self.resolution_edit.isEnabled() else ""
        satisfaction = (self.satisfaction_spin.value() or None
                        if self.satisfaction_spin.isEnabled() else None)
        return lambda: service.move_feedback(feedback_id, target, note, resolution, satisfaction)
