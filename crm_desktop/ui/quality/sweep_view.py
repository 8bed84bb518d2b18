"""The validation sweep (资料体检): every stored value today's rules refuse, each opening its profile.

"Check now" runs ``SweepService.run`` on the task runner with a progress dialog
(Cancel stops it; the sweep writes nothing). The list keeps the first
``SHOWN_LIMIT`` findings and says how many there are in all; a field filter
narrows it. Enter or a double click opens the customer, whose form shows the same
check's sentence as soon as the field is edited.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from crm_desktop.models.progress import ProgressReport
from crm_desktop.models.services.sweep import SweepReport, SweepService
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_STYLE, refusal_label
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.profile.upkeep_bar import field_word
from crm_desktop.ui.quality import panel_parts
from crm_desktop.ui.quality.findings_model import FindingsModel

SHOWN_LIMIT = 20_000
# A stored value can be long (an address, a pasted note): the problem column keeps the room.
MAX_COLUMN_WIDTH = 260


class SweepView(QWidget):
    """The sweep's panel; ``open_customer(id)`` opens a profile."""

    def __init__(
        self, context: AppContext, open_customer: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sweep_view")
        self.context = context
        self.open_customer = open_customer
        self.report: SweepReport | None = None

        hint = panel_parts.hint_label(self.tr(
            "Checks every stored phone number, ID number, birthday, email and the other "
            "fields against today's rules, as the profile form checks them when typed. "
            "Nothing is changed; open a customer to correct them."))
        self.run_button = QPushButton(self.tr("Check now"))
        self.run_button.setObjectName("sweep_run")
        self.run_button.setAutoDefault(False)
        self.run_button.clicked.connect(self.run)
        self.field_combo = QComboBox()
        self.field_combo.setObjectName("sweep_field")
        self.field_combo.addItem(self.tr("All fields"), "")
        self.field_combo.activated.connect(self._field_chosen)
        self.summary_label = panel_parts.summary_label("sweep_summary")
        self.error_label = refusal_label("sweep_error", hidden=True)

        self.model = FindingsModel(self)
        self.table = panel_parts.customer_table(
            "sweep_table", self.model, FindingsModel.PROBLEM, self.model.customer_id,
            open_customer)

        controls = QHBoxLayout()
        controls.addWidget(self.run_button)
        controls.addWidget(QLabel(self.tr("Show")))
        controls.addWidget(self.field_combo)
        controls.addStretch(1)
        panel_parts.lay_out_panel(
            self, hint, controls, self.summary_label, self.error_label, self.table)

    def run(self) -> None:
        """Sweep the whole file (on the runner, with progress and Cancel)."""
        self.error_label.hide()
        service = self.context.service(SweepService)
        Op(self.context.runner, partial(self._sweep, service)).with_progress(
            self.tr("Checking stored values"), self,
            {"sweep": self.tr("Checking customers")},
        ).guarding(self.run_button).refusals(self._failed).on_done(self._shown).run()

    @staticmethod
    def _sweep(service: SweepService, progress: ProgressReport) -> SweepReport:
        return service.run(progress, limit=SHOWN_LIMIT)

    def _shown(self, report: SweepReport) -> None:
        self.report = report
        self.field_combo.clear()
        self.field_combo.addItem(self.tr("All fields"), "")
        for field, count in report.by_field:
            self.field_combo.addItem(f"{field_word(field)} ({count})", field)
        self.model.set_findings(report.findings)
        self._fit_columns()
        if report.clean:
            self.summary_label.setStyleSheet(DONE_STYLE)
            self.summary_label.setText(self.tr("Checked %1 customers: every stored value passes "
                                               "today's rules.").replace("%1", str(report.checked)))
            return
        self.summary_label.setStyleSheet("")
        text = self.tr("Checked %1 customers: %2 values to look at.").replace(
            "%1", str(report.checked)).replace("%2", str(report.total))
        if len(report.findings) < report.total:
            text += " " + self.tr("The first %1 are listed.").replace(
                "%1", str(len(report.findings)))
        self.summary_label.setText(text)
        self.table.selectRow(0)

    def _fit_columns(self) -> None:
        """Name, field and value as wide as they read (an 18-digit ID masked), within reason."""
        header = self.table.horizontalHeader()
        for column in (FindingsModel.NAME, FindingsModel.FIELD, FindingsModel.VALUE):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), MAX_COLUMN_WIDTH))

    def _field_chosen(self, _index: int) -> None:
        self.model.show_field(str(self.field_combo.currentData() or "") or None)

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(describe_error(error))
        self.error_label.show()
