"""The Export submenu under Reports (owner and accountant; permission export.bulk).

Each entry asks for the dates it needs and a file name, writes the workbook on
the task runner with a progress window (Cancel leaves no file behind) and
reports the path in the status bar. Customers are exported as the search panel
filters them when a filter is set, otherwise every active customer. Phone and ID
numbers are written masked; the owner may tick full numbers for one export
(the model layer logs it and refuses it to anyone else).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from crm_desktop.models.excel.export_common import EXPORTS_WITH_NUMBERS
from crm_desktop.models.progress import Cancelled, Progress, ProgressReport
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.excel.export_dialog import AT_DAY, NO_DATES, PERIOD, ExportDialog
from crm_desktop.ui.main_window import MainWindow

EXPORT_KINDS = ("customers", "purchases", "ledger", "liability", "rollforward", "takings", "points")
DATES_OF = {
    "customers": NO_DATES,
    "purchases": PERIOD,
    "ledger": PERIOD,
    "liability": AT_DAY,
    "rollforward": PERIOD,
    "takings": PERIOD,
    "points": AT_DAY,
}
FILE_STEMS = {
    "customers": "customers",
    "purchases": "purchases",
    "ledger": "stored-value-ledger",
    "liability": "liability",
    "rollforward": "roll-forward",
    "takings": "takings",
    "points": "points",
}


class ExportMenu(QObject):
    """The submenu and its actions; ``last_result`` is the last workbook written."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.last_result: Any = None
        self.open_dialog: ExportDialog | None = None
        titles = self.titles()
        self.submenu = QMenu(self.tr("Export"), main_window)
        self.submenu.setObjectName("menu_export")
        self.actions: dict[str, QAction] = {}
        for kind in EXPORT_KINDS:
            action = main_window.add_action(
                "report", titles[kind], self._asker(kind),
                permission="export.bulk", name=f"action_export_{kind}",
            )
            main_window.menu("report").removeAction(action)
            self.submenu.addAction(action)
            self.actions[kind] = action
        report_menu = main_window.menu("report")
        report_menu.addMenu(self.submenu)
        self.submenu.menuAction().setVisible(context.can("export.bulk"))

    def _asker(self, kind: str) -> Callable[[], object]:
        return lambda: self.ask(kind)

    def titles(self) -> dict[str, str]:
        return {
            "customers": self.tr("Customers…"),
            "purchases": self.tr("Purchases…"),
            "ledger": self.tr("Stored-value ledger for a period…"),
            "liability": self.tr("Stored-value liability at a date…"),
            "rollforward": self.tr("Monthly roll-forward…"),
            "takings": self.tr("Takings by payment method…"),
            "points": self.tr("Points outstanding…"),
        }

    def ask(self, kind: str) -> ExportDialog:
        """Open the dialog for ``kind``; the export starts when the user presses Export."""
        note = ""
        if kind == "customers":
            note = (
                self.tr("The customers the search list shows now (its search and filters).")
                if self._customer_filter() is not None
                else self.tr("Every active customer.")
            )
        period_start = date.today().replace(month=1, day=1) if kind == "rollforward" else None
        dialog = ExportDialog(
            self.titles()[kind].rstrip("…"), DATES_OF[kind], FILE_STEMS[kind], note,
            period_start=period_start,
            offer_full_numbers=kind in EXPORTS_WITH_NUMBERS and self.context.can("pii.full"),
        )
        self.open_dialog = dialog
        self.main_window.open_dialog(
            dialog,
            lambda: self.export(
                kind, dialog.path, dialog.start, dialog.end, dialog.at,
                full_numbers=dialog.full_numbers,
            ),
        )
        return dialog

    def export(
        self, kind: str, path: str, start: date, end: date, at: date,
        *, full_numbers: bool = False,
    ) -> None:
        """Write the workbook off the GUI thread, with a progress window and Cancel."""
        work = self._work(kind, Path(path), start, end, at, full_numbers=full_numbers)
        self.context.runner.run_with_progress(
            work,
            self.tr("Exporting…"),
            parent=self.main_window,
            on_done=lambda result: self._done(result, full_numbers),
            on_error=lambda error: self.main_window.show_error(_describe(error)),
            on_cancelled=lambda: self.main_window.show_message(
                self.tr("Export cancelled; no file was written.")
            ),
        )

    def _done(self, result: Any, full_numbers: bool = False) -> None:
        self.last_result = result
        message = self.tr("Exported %1 rows to %2").replace("%1", str(result.rows)).replace(
            "%2", str(result.path)
        )
        if full_numbers:
            message += " " + self.tr("(full phone and ID numbers; logged in the audit log)")
        self.main_window.show_message(message, 15000)

    def _work(
        self, kind: str, path: Path, start: date, end: date, at: date,
        *, full_numbers: bool = False,
    ) -> Callable[[ProgressReport], Any]:
        from crm_desktop.models.excel import (
            export_customers,
            export_ledger,
            export_liability,
            export_points,
            export_takings,
        )

        store, actor = self.context.store, self.context.actor
        query = self._customer_filter() if kind == "customers" else None

        def work(progress: ProgressReport) -> Any:
            if kind == "customers":
                ids = self._filtered_ids(query) if query is not None else None
                result = export_customers.export_customers(
                    store, actor, path, ids, progress=progress, full_numbers=full_numbers
                )
            elif kind == "purchases":
                result = export_ledger.export_purchases(
                    store, actor, path, start, end, progress=progress, full_numbers=full_numbers
                )
            elif kind == "ledger":
                result = export_ledger.export_ledger(
                    store, actor, path, start, end, progress=progress
                )
            elif kind == "liability":
                result = export_liability.export_liability(
                    store, actor, path, at, progress=progress, full_numbers=full_numbers
                )
            elif kind == "rollforward":
                result = export_liability.export_rollforward(
                    store, actor, path, start, end, progress=progress
                )
            elif kind == "takings":
                result = export_takings.export_takings(
                    store, actor, path, start, end, progress=progress
                )
            else:
                result = export_points.export_points(
                    store, actor, path, at, progress=progress, full_numbers=full_numbers
                )
            try:
                # A cancel while the file was being closed: still no file behind.
                progress(Progress(kind, result.rows, result.rows))
            except Cancelled:
                with contextlib.suppress(OSError):
                    path.unlink()
                raise
            return result

        return work

    def _customer_filter(self) -> Any:
        """The search panel's query when it narrows the list, else None (everyone active)."""
        panel = getattr(self.main_window, "search_panel", None)
        current = getattr(panel, "current_query", None)
        if not callable(current):
            return None
        query = current()
        narrowed = query.text or query.tier_id is not None or query.tag or query.status not in (None, "active")
        return query if narrowed else None

    def _filtered_ids(self, query: Any) -> list[int]:
        from crm_desktop.models.services.customer_search import MAX_LIMIT, CustomerSearch

        search = self.context.service(CustomerSearch)
        ids: list[int] = []
        cursor: str | None = None
        while True:
            page = search.find(
                query.text, tier_id=query.tier_id, status=query.status, tag=query.tag,
                sort=query.sort, cursor=cursor, limit=MAX_LIMIT,
            )
            ids.extend(hit.id for hit in page.hits)
            cursor = page.next_cursor
            if cursor is None:
                return ids


def _describe(error: BaseException) -> str:
    from crm_desktop.ui.base.task_runner import describe_error

    return describe_error(error)
