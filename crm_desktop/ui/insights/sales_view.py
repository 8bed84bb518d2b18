"""What was sold (销售统计): sales by item or by category, per day or month, a chart, an export.

The table shows, for the chosen range, each period's quantity, list-price amount,
tier discount, line refunds and the net they leave; the chart beside it stacks
net sales by category. Both are read on the worker (the figure is built there
too, and only put on a canvas here); Export writes the same figures to a
workbook with a progress window. For the owner and the accountant.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from crm_desktop.models.services.item_records import SalesRow
from crm_desktop.models.services.sales_report import NO_CATEGORY, NO_ITEMS, SalesReportService
from crm_desktop.reports.chart_data import ChartRequest
from crm_desktop.reports.chart_service import ChartService
from crm_desktop.ui.base.acting import Op, while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.insights.chart_panel import date_edit, from_qdate, put_canvas
from crm_desktop.ui.insights.report_table import report_cell, report_table
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.yuan import yuan_amount

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MONEY_PERMISSION = "export.bulk"
SALES_CHART = "sales_by_category"


def month_start(today: date) -> date:
    return today.replace(day=1)


class SalesView(QWidget):
    """Range, grouping and period above; the table and the chart below; Export."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("sales_view")
        self.rows: list[SalesRow] = []
        self.figure: Figure | None = None
        self.canvas: QWidget | None = None
        self.last_export: Any = None

        self.by_box = QComboBox()
        self.by_box.setObjectName("sales_by")
        self.by_box.addItem(self.tr("By item"), "item")
        self.by_box.addItem(self.tr("By category"), "category")
        self.period_box = QComboBox()
        self.period_box.setObjectName("sales_period")
        self.period_box.addItem(self.tr("Per day"), "day")
        self.period_box.addItem(self.tr("Per month"), "month")
        self.start_edit = date_edit("sales_start", month_start(date.today()))
        self.end_edit = date_edit("sales_end", date.today())
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setObjectName("sales_show")
        self.show_button.setDefault(True)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("sales_export")
        self.status_label = QLabel()
        self.status_label.setObjectName("sales_status")
        self.status_label.setWordWrap(True)
        self.total_label = QLabel()
        self.total_label.setObjectName("sales_total")
        self.table = report_table("sales_table", self._headers())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.placeholder = QLabel(self.tr("The chart shows here."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        top.addWidget(self.by_box)
        top.addWidget(self.period_box)
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.start_edit)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.end_edit)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.total_label)
        chart = QWidget()
        self.canvas_area = QVBoxLayout(chart)
        self.canvas_area.setContentsMargins(0, 0, 0, 0)
        self.canvas_area.addWidget(self.placeholder, 1)
        # One above the other: beside the customer list, the panel is narrower than tall.
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(left)
        body.addWidget(chart)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(body, 1)

        self.show_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._ask_export)
        self.by_box.activated.connect(lambda _i: self.refresh())
        self.period_box.activated.connect(lambda _i: self.refresh())

    # -- what the menu and tests call -------------------------------------------------------

    def refresh(self) -> None:
        """Read the figures, then draw the chart, for the range and choices on screen."""
        start, end = from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())
        if start > end:
            self.status_label.setText(self.tr("The start date is after the end date."))
            return
        by, period = str(self.by_box.currentData()), str(self.period_box.currentData())
        report = self.context.service(SalesReportService)
        read = report.by_item if by == "item" else report.by_category
        self.status_label.setText(self.tr("Reading…"))
        Op(self.context.runner, lambda: read(start, end, period)).guarding(
            self.show_button).refusals(self._failed).on_done(
            lambda rows: self._show_rows(by, rows)).run()
        charts = self.context.service(ChartService)
        request = ChartRequest(start, end)
        self.context.runner.submit(
            lambda: charts.render(SALES_CHART, request),
            on_done=while_open(self, self._show_figure),
            on_error=while_open(self, self._failed),
        )

    def export_to(self, path: Path) -> None:
        """Write the sales workbook for the range on screen to ``path`` (progress, Cancel)."""
        from crm_desktop.models.excel.export_sales import export_sales

        start, end = from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())
        period = str(self.period_box.currentData())
        store, actor = self.context.store, self.context.actor
        Op(
            self.context.runner,
            lambda progress: export_sales(store, actor, path, start, end, period, progress),
        ).with_progress(self.tr("Exporting sales…"), self).guarding(self.export_button).refusals(
            self._failed).on_done(self._exported).on_cancelled(
            lambda: self.status_label.setText(
                self.tr("Export cancelled; no file was written."))).run()

    # -- inside -----------------------------------------------------------------------------

    def _headers(self) -> list[str]:
        return [
            self.tr("Period"), self.tr("Item"), self.tr("Category"), self.tr("Quantity"),
            self.tr("List price (yuan)"), self.tr("Discount"), self.tr("Refunded"),
            self.tr("Net sales"),
        ]

    def _key_text(self, key: str) -> str:
        if key == NO_ITEMS:
            return self.tr("(no items)")
        if key == NO_CATEGORY:
            return self.tr("(no category)")
        return key

    def _show_rows(self, by: str, rows: list[SalesRow]) -> None:
        self.rows = list(rows)
        self.status_label.setText("" if rows else self.tr("Nothing was sold in this range."))
        by_item = by == "item"
        self.table.setColumnHidden(2, not by_item)
        headers = self._headers()
        headers[1] = headers[1] if by_item else self.tr("Category")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = [
                report_cell(row.period),
                report_cell(self._key_text(row.key)),
                report_cell(self._key_text(row.category)),
                report_cell(str(row.quantity), right=True),
                report_cell(yuan_amount(row.amount_fen), right=True),
                report_cell(yuan_amount(row.discount_fen), right=True),
                report_cell(yuan_amount(row.refunded_fen), right=True),
                report_cell(yuan_amount(row.net_fen), right=True),
            ]
            for c, cell in enumerate(cells):
                self.table.setItem(r, c, cell)
        self.total_label.setText(
            self.tr("Net sales in this range: %1 yuan (list price %2, discounts %3, refunded %4)")
            .replace("%1", yuan_amount(sum(r.net_fen for r in self.rows)))
            .replace("%2", yuan_amount(sum(r.amount_fen for r in self.rows)))
            .replace("%3", yuan_amount(sum(r.discount_fen for r in self.rows)))
            .replace("%4", yuan_amount(sum(r.refunded_fen for r in self.rows)))
        )

    def _show_figure(self, figure: Any) -> None:
        self.placeholder.hide()
        self.canvas = put_canvas(self.canvas_area, self.canvas, figure, "sales_canvas", (280, 220))
        self.figure = figure

    def _exported(self, result: Any) -> None:
        self.last_export = result
        self.status_label.setText(
            self.tr("Exported %1 rows to %2").replace("%1", str(result.rows))
            .replace("%2", str(result.path))
        )

    def _ask_export(self) -> None:
        start = from_qdate(self.start_edit.date())
        suggested = f"sales-{start:%Y%m%d}-{from_qdate(self.end_edit.date()):%Y%m%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export sales"), suggested, self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.export_to(Path(path))

    def _failed(self, error: BaseException) -> None:
        self.status_label.setText(describe_error(error))


class SalesMenu(QObject):
    """The Reports menu's entry for the sales view; the panel is built when first opened."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.view: SalesView | None = None
        self.sales_action = main_window.add_action(
            "report", self.tr("Sales by item and category…"), self.open_sales,
            permission=MONEY_PERMISSION, name="action_sales",
        )
        main_window.views_cleared.connect(self.drop_view)

    def open_sales(self) -> SalesView:
        if self.view is None:
            self.view = SalesView(self.context)
            self.view.refresh()
        self.main_window.show_panel(self.view)
        return self.view

    def drop_view(self) -> None:
        """The app locked: the panel and its figures go; it is built again when opened."""
        view, self.view = self.view, None
        if view is not None and isValid(view):
            view.setParent(None)
            view.deleteLater()


def install(main_window: MainWindow, context: AppContext) -> SalesMenu:
    """Add the sales view to ``main_window``'s Reports menu (once)."""
    installed = main_window.findChild(SalesMenu)
    if isinstance(installed, SalesMenu):
        return installed
    return SalesMenu(main_window, context)
