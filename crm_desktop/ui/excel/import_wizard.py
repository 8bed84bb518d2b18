"""The import wizard: a spreadsheet of customers or purchases into the open file, preview first.

Pages: the file and its kind → the header row and each column's field (editable,
saved as a named preset) and the policy for rows already on file → a dry run
with progress and Cancel that shows what would be added, updated and refused,
every refused row with each of its reasons, and the rows the user answers for
(import without wrong optional values, damaged text, likely duplicates, rows on
file with something new; "Preview again" checks with those answers) → the real
import with the same answers (one transaction: Cancel leaves the file as it
was) and the refused rows saved to an error workbook. Reading, checking and
writing run on the task runner, never on the GUI thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.header_detect import ColumnMapping, header_text, map_headers
from crm_desktop.models.excel.import_report import ImportOptions, ImportReport
from crm_desktop.models.excel.presets import PresetService
from crm_desktop.models.excel.readers import Table
from crm_desktop.models.progress import Progress, ProgressReport, cancelled_error
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import TaskHandle, describe_error
from crm_desktop.ui.excel.file_page import ImportFilePage
from crm_desktop.ui.excel.mapping_page import ImportMappingPage
from crm_desktop.ui.excel.result_page import ImportResultPage

FILE_PAGE, MAPPING_PAGE, RESULT_PAGE = range(3)


@dataclass(frozen=True)
class LoadedSheet:
    """The sheet picked from the file, its detected mapping and a sample value per column."""

    table: Table
    mapping: ColumnMapping
    samples: tuple[str, ...]
    note: str = ""


def load_sheet(path: str, kind: str, preset: dict[str, str] | None) -> LoadedSheet:
    """Open ``path``, find the sheet and header row; without a header, row 1 is offered."""
    from crm_desktop.models.excel.header_detect import detect_sheet
    from crm_desktop.models.excel.readers import open_book

    book = open_book(path)
    try:
        table, mapping = detect_sheet(book, kind, preset)
        note = ""
    except ValidationError as error:
        if error.code != "import.no_header":
            raise
        table = book.table()
        head = table.head(1)
        number, values = head[0] if head else (1, ())
        mapping = map_headers(kind, number, values, preset)
        note = str(error)
    return LoadedSheet(table, mapping, samples_of(table, mapping), note)


def samples_of(table: Table, mapping: ColumnMapping) -> tuple[str, ...]:
    """The first non-blank value under each header, to help the user recognise the column."""
    samples = [""] * len(mapping.headers)
    for number, values in table.head(mapping.header_row + 5):
        if number <= mapping.header_row:
            continue
        for index in range(min(len(values), len(samples))):
            if not samples[index]:
                samples[index] = header_text(values[index])[:40]
    return tuple(samples)


class ImportWizard(QDialog):
    """Owner only (the model requires data.bulk_load); ``imported`` carries the final report."""

    imported = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import from a spreadsheet"))
        self.resize(960, 620)
        self.loaded: LoadedSheet | None = None
        self.handle: TaskHandle | None = None
        self.last_report: ImportReport | None = None
        self.final_report: ImportReport | None = None
        # Cancel asked before the runner handed back the handle: the synchronous runner
        # (tests) runs the whole job inside ``submit_job``.
        self._cancel_asked = threading.Event()
        # Loading, presets and the error workbook: their answers must not reach a closed wizard.
        self._side_jobs: list[TaskHandle] = []
        self.file_page = ImportFilePage()
        self.mapping_page = ImportMappingPage()
        self.result_page = ImportResultPage()
        self.stack = QStackedWidget()
        for page in (self.file_page, self.mapping_page, self.result_page):
            self.stack.addWidget(page)
        self.step_label = QLabel()
        self.step_label.setObjectName("wizard_step")
        self.step_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.back_button = QPushButton(self.tr("< Back"))
        self.back_button.setObjectName("wizard_back")
        self.back_button.setAutoDefault(False)
        self.next_button = QPushButton()
        self.next_button.setObjectName("wizard_next")
        self.next_button.setDefault(True)
        self.next_button.setMinimumWidth(150)  # 预览（试运行） needs the room
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("wizard_close")
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.close_wizard)
        self.mapping_page.header_row_changed.connect(self._header_row_changed)
        self.mapping_page.save_preset_requested.connect(self.save_preset)
        self.result_page.cancel_requested.connect(self.cancel_job)
        self.result_page.repreview_requested.connect(self.preview_again)
        self.result_page.error_workbook_requested.connect(lambda: self.save_error_workbook())
        self.load_presets()
        self._show_page(FILE_PAGE)
        self.file_page.path_edit.setFocus()

    # -- moving between pages -----------------------------------------------------------------

    def go_next(self) -> None:
        page = self.stack.currentIndex()
        if page == FILE_PAGE:
            self.load_file()
        elif page == MAPPING_PAGE:
            self.start_dry_run()
        elif self.last_report is not None and self.last_report.dry_run:
            self.start_import()

    def go_back(self) -> None:
        page = self.stack.currentIndex()
        if page > FILE_PAGE and not self._running():
            self._show_page(page - 1)

    def close_wizard(self) -> None:
        if self.final_report is not None:
            self.accept()
        else:
            self.reject()

    def done(self, result: int) -> None:
        # Esc or Close while a job runs stops the job first; the file stays as it was.
        self.cancel_job()
        for handle in self._side_jobs:
            handle.cancel()  # a plain task finishes, but its answer no longer reaches this window
        super().done(result)

    # -- page 1: the file -----------------------------------------------------------------------

    def load_file(self) -> None:
        path = self.file_page.path
        if not path:
            self.file_page.show_error(self.tr("Choose a file first."))
            return
        self.file_page.show_error("")
        kind = self.file_page.kind
        preset = self.file_page.chosen_preset()
        columns = dict(preset.columns) if preset is not None and preset.kind == kind else None
        self.next_button.setEnabled(False)
        self._side_jobs.append(self.context.runner.submit(
            lambda: load_sheet(path, kind, columns),
            on_done=self._loaded,
            on_error=self._load_failed,
        ))

    def _loaded(self, loaded: LoadedSheet) -> None:
        self.loaded = loaded
        self.mapping_page.show_mapping(
            loaded.mapping, loaded.samples, loaded.table.sheet_name,
            [loaded.note] if loaded.note else [],
        )
        self._show_page(MAPPING_PAGE)

    def _load_failed(self, error: BaseException) -> None:
        self.next_button.setEnabled(True)
        self.file_page.show_error(describe_error(error))

    # -- page 2: the mapping --------------------------------------------------------------------

    def _header_row_changed(self, row: int) -> None:
        mapping = self.mapping_page.mapping
        if self.loaded is None or mapping is None:
            return
        try:
            moved = mapping.with_header_row(self.loaded.table, row)
        except ValueError:
            self.mapping_page.header_spin.setValue(mapping.header_row)
            return
        table = self.loaded.table
        self.loaded = LoadedSheet(table, moved, samples_of(table, moved))
        self.mapping_page.show_mapping(moved, self.loaded.samples, table.sheet_name)

    def save_preset(self, name: str) -> None:
        mapping = self.mapping_page.mapping
        if mapping is None:
            return
        presets = self.context.service(PresetService)
        self._side_jobs.append(self.context.runner.submit(
            lambda: presets.save(name, mapping),
            on_done=self._preset_saved,
            on_error=lambda error: self.mapping_page.preset_status.setText(describe_error(error)),
        ))

    def _preset_saved(self, saved: Any) -> None:
        self.mapping_page.preset_status.setText(
            self.tr("Mapping “%1” saved; choose it on the first page next time.").replace(
                "%1", saved.name
            )
        )
        self.load_presets()

    # -- page 3: dry run and import -------------------------------------------------------------

    def start_dry_run(self) -> None:
        """The first preview of the file as mapped: every question back to its first answer."""
        self.result_page.findings.forget_answers()
        self.result_page.show_running(self.tr("Preview (dry run): checking every row…"))
        self._run(self._options(dry_run=True))

    def preview_again(self) -> None:
        """The preview once more, with the answers given so far."""
        if self._running() or self.final_report is not None:
            return
        self.result_page.show_running(self.tr("Preview (dry run): checking every row…"))
        self._run(self._options(dry_run=True))

    def start_import(self) -> None:
        options = self._options(dry_run=False)
        self.result_page.show_running(self.tr("Importing… Cancel leaves the file as it was."))
        self._run(options)

    def _options(self, *, dry_run: bool) -> ImportOptions:
        defaults, choices = self.result_page.findings.answers()
        return ImportOptions(
            on_duplicate=self.mapping_page.policy,
            # A preview shows the tiers the file would add; the import creates them if ticked.
            create_missing=True if dry_run else self.result_page.create_check.isChecked(),
            dry_run=dry_run,
            defaults=defaults,
            choices=choices,
        )

    def _run(self, options: ImportOptions) -> None:
        assert self.loaded is not None and self.mapping_page.mapping is not None
        table, mapping = self.loaded.table, self.mapping_page.mapping
        service = self._import_service(mapping.kind)

        cancel_asked = threading.Event()

        def work(progress: ProgressReport) -> ImportReport:
            def report(step: Progress) -> None:
                if cancel_asked.is_set():
                    raise cancelled_error()
                progress(step)

            result: ImportReport = service.run(table, mapping, options, progress=report)
            return result

        self.last_report = None
        self._cancel_asked = cancel_asked
        self.handle = None
        self._show_page(RESULT_PAGE)
        self.handle = self.context.runner.submit_job(
            work,
            on_done=self._finished,
            on_error=self._failed,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
        )
        self._update_buttons()

    def cancel_job(self) -> None:
        if self._cancel_asked.is_set() or self.final_report is not None:
            return
        self._cancel_asked.set()
        self.result_page.cancel_button.setEnabled(False)
        if self.handle is not None and not self.handle.finished:
            self.handle.cancel()

    def _progress(self, progress: Progress) -> None:
        self.result_page.show_progress(progress)

    def _finished(self, report: ImportReport) -> None:
        self.last_report = report
        if not report.dry_run:
            self.final_report = report
            self.imported.emit(report)
        self.result_page.show_report(report)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.last_report = None
        self.result_page.show_stopped(self.tr("Not done"), describe_error(error))
        self._update_buttons()

    def _cancelled(self) -> None:
        self.last_report = None
        self.result_page.show_stopped(
            self.tr("Cancelled"), self.tr("Cancelled: nothing was written to the file.")
        )
        self._update_buttons()

    def save_error_workbook(self, path: str | None = None) -> None:
        """Write the refused rows with their reasons to ``path`` (asked for when None)."""
        report = self.last_report
        mapping = self.mapping_page.mapping
        if report is None or self.loaded is None or mapping is None:
            return
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Save error workbook"),
                str(self.loaded.table.path.with_name(self.loaded.table.path.stem + "-errors.xlsx")),
                self.tr("Excel workbook (*.xlsx)"),
            )
            if not path:
                return
        from crm_desktop.models.excel.error_workbook import write_error_workbook

        table = self.loaded.table
        self._side_jobs.append(self.context.runner.submit(
            lambda: write_error_workbook(path, table, mapping, report),
            on_done=lambda rows: self.result_page.progress_label.setText(
                self.tr("%1 rows written to %2").replace("%1", str(rows)).replace("%2", str(path))
            ),
            on_error=lambda error: self.result_page.progress_label.setText(describe_error(error)),
        ))
        self.result_page.progress_label.setVisible(True)

    # -- helpers --------------------------------------------------------------------------------

    def _import_service(self, kind: str) -> Any:
        from crm_desktop.models.services.customer_import import CustomerImport
        from crm_desktop.models.services.purchase_import import PurchaseImport

        return self.context.service(CustomerImport if kind == "customers" else PurchaseImport)

    def load_presets(self) -> None:
        """Fill the first page's saved mappings (none shown when they cannot be read)."""
        presets = self.context.service(PresetService)
        self._side_jobs.append(self.context.runner.submit(
            presets.list,
            on_done=self.file_page.set_presets,
            on_error=lambda _error: self.file_page.set_presets([]),
        ))

    def _running(self) -> bool:
        # During a synchronous run the handle is not back yet; the result page shows Cancel then.
        if self.handle is None:
            return self.result_page.cancel_button.isVisible() and not self._cancel_asked.is_set()
        return not self.handle.finished

    def _show_page(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        titles = {
            FILE_PAGE: self.tr("Step 1 of 3: choose the file"),
            MAPPING_PAGE: self.tr("Step 2 of 3: header and columns"),
            RESULT_PAGE: self.tr("Step 3 of 3: preview and import"),
        }
        self.step_label.setText(titles[page])
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.stack.currentIndex()
        running = self._running()
        done = self.final_report is not None
        self.back_button.setVisible(not done)
        self.back_button.setEnabled(page > FILE_PAGE and not running)
        texts = {
            FILE_PAGE: self.tr("Next >"),
            MAPPING_PAGE: self.tr("Preview (dry run)"),
            RESULT_PAGE: self.tr("Import"),
        }
        self.next_button.setText(texts[page])
        ready = self.last_report is not None and self.last_report.dry_run
        self.next_button.setVisible(not done)
        self.next_button.setEnabled(not running and (page != RESULT_PAGE or ready))
        self.close_button.setText(self.tr("Done") if done else self.tr("Close"))
        (self.close_button if done else self.next_button).setDefault(True)
