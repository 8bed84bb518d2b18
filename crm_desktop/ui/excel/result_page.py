"""Last page of the import wizard: progress with Cancel, then the counts and what was found.

Below the counts, ``ImportFindings`` lists every refused row with each of its
reasons and the rows the user answers for (wrong optional values, damaged text,
likely duplicates, rows on file with something new); "Preview again" checks the
file once more with those answers before anything is written.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.excel.import_report import ImportReport
from crm_desktop.models.progress import Progress
from crm_desktop.models.rules.validation import format_fen
from crm_desktop.ui.base.style import NOTICE_STYLE
from crm_desktop.ui.excel.findings_tabs import ImportFindings


class ImportResultPage(QWidget):
    """What the dry run (or the import) found; Cancel stops the running job."""

    cancel_requested = Signal()
    error_workbook_requested = Signal()
    repreview_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.heading_label = QLabel()
        self.heading_label.setObjectName("result_heading")
        self.heading_label.setStyleSheet("font-weight: bold;")
        self.heading_label.setWordWrap(True)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("import_progress")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel_job")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("result_counts")
        self.counts_label.setWordWrap(True)
        self.questions_label = QLabel()
        self.questions_label.setObjectName("result_questions")
        self.questions_label.setWordWrap(True)
        self.questions_label.setStyleSheet(NOTICE_STYLE)
        self.findings = ImportFindings()
        self.table = self.findings.refused_table
        self.repreview_button = QPushButton(self.tr("Preview again with my answers"))
        self.repreview_button.setObjectName("repreview")
        self.repreview_button.setAutoDefault(False)
        self.repreview_button.clicked.connect(self.repreview_requested.emit)
        self.create_check = QCheckBox()
        self.create_check.setObjectName("create_tiers")
        self.error_button = QPushButton(self.tr("Save error workbook…"))
        self.error_button.setObjectName("save_errors")
        self.error_button.setAutoDefault(False)
        self.error_button.clicked.connect(self.error_workbook_requested.emit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.create_check)
        bottom.addStretch(1)
        bottom.addWidget(self.repreview_button)
        bottom.addWidget(self.error_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_label)
        layout.addWidget(self.progress_label)
        layout.addLayout(progress_row)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.questions_label)
        layout.addWidget(self.findings, 1)
        layout.addLayout(bottom)
        self.show_running(self.tr("Checking the rows…"))

    def show_running(self, heading: str) -> None:
        self.report = None
        self.heading_label.setText(heading)
        self.progress_label.setText("")
        self.progress_bar.setRange(0, 0)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.setVisible(True)
        self.cancel_button.setEnabled(True)
        hidden: tuple[QWidget, ...] = (
            self.counts_label, self.questions_label, self.findings, self.create_check,
            self.error_button, self.repreview_button,
        )
        for hidden_widget in hidden:
            hidden_widget.setVisible(False)

    def show_progress(self, progress: Progress) -> None:
        phase = {
            "check": self.tr("Checking row %1 of %2"),
            "write": self.tr("Writing %1 of %2"),
        }.get(progress.stage, self.tr("%1 of %2"))
        self.progress_label.setText(
            phase.replace("%1", str(progress.done)).replace("%2", str(progress.total))
        )
        if progress.total > 0:
            self.progress_bar.setRange(0, progress.total)
            self.progress_bar.setValue(min(progress.done, progress.total))

    def show_stopped(self, heading: str, detail: str) -> None:
        """The job ended without a report (cancelled or refused)."""
        self.heading_label.setText(heading)
        for widget in (self.progress_bar, self.cancel_button):
            widget.setVisible(False)
        self.progress_label.setText(detail)

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.setVisible(False)
        if report.dry_run:
            self.heading_label.setText(
                self.tr("Preview (dry run): nothing has been written yet.")
            )
        else:
            self.heading_label.setText(self.tr("Import finished."))
        rejected_rows = len({r.row for r in report.rejected})
        verb_new = self.tr("to add") if report.dry_run else self.tr("added")
        verb_updated = self.tr("to update") if report.dry_run else self.tr("updated")
        lines = [
            self.tr("Rows read: %1. %2: %3. %4: %5. Skipped (already on file): %6.")
            .replace("%1", str(report.rows_read))
            .replace("%2", verb_new)
            .replace("%3", str(report.imported))
            .replace("%4", verb_updated)
            .replace("%5", str(report.updated))
            .replace("%6", str(report.skipped)),
            self.tr("Rejected: %1. Duplicates in the file: %2. Totals rows passed over: %3.")
            .replace("%1", str(rejected_rows))
            .replace("%2", str(len(report.duplicates)))
            .replace("%3", str(report.totals_rows)),
        ]
        if report.kind == "customers":
            lines.append(
                self.tr("Opening balances: %1 yuan (bonus %2); points: %3; visits: %4.")
                .replace("%1", format_fen(report.balance_fen))
                .replace("%2", format_fen(report.bonus_fen))
                .replace("%3", str(report.points))
                .replace("%4", str(report.counts))
            )
            joined = report.joined
            if report.imported:
                lines.append(
                    self.tr(
                        "Member since: %1 from the file, %2 from the card's issue date, %3 "
                        "today (importing their purchases moves it back to the first one)."
                    )
                    .replace("%1", str(joined.from_file))
                    .replace("%2", str(joined.from_cards))
                    .replace("%3", str(joined.today))
                )
        else:
            lines.append(
                self.tr("Purchases total: %1 yuan; points: %2.")
                .replace("%1", format_fen(report.amount_fen))
                .replace("%2", str(report.points))
            )
            if report.member_since_lowered:
                lines.append(
                    self.tr("Member since moves back to an earlier purchase for %1 customers.")
                    .replace("%1", str(report.member_since_lowered))
                )
        self.counts_label.setText("\n".join(lines))
        self.counts_label.setVisible(True)
        self.findings.show_report(report)
        self.findings.setVisible(self.findings.count() > 0 and any(
            self.findings.isTabVisible(i) for i in range(self.findings.count())))
        asked = self.findings.asked() if report.dry_run else 0
        self.questions_label.setText(
            self.tr(
                "%1 rows wait for your answer in the tabs below (the first answer is taken "
                "unless you change it). Import follows your answers; Preview again shows what "
                "they change."
            ).replace("%1", str(asked))
        )
        self.questions_label.setVisible(asked > 0)
        self.repreview_button.setVisible(asked > 0)
        new_names = [*report.new_tiers, *report.new_card_types]
        self.create_check.setVisible(report.dry_run and bool(new_names))
        text = self.tr("Create the tiers and card types the file names: %1").replace(
            "%1", "、".join(new_names)
        )
        if text != self.create_check.text():  # a second preview of the same file keeps the tick
            self.create_check.setChecked(False)
        self.create_check.setText(text)
        self.error_button.setVisible(bool(report.rejected or report.duplicates))
