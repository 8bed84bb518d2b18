"""The chart panel: pick a chart or the dashboard, a date range and filters, see it, export it.

The figure is built on the worker thread (an Agg figure needs no GUI) and only
attached to a Qt canvas here, on the GUI thread; matplotlib is imported when the
first chart arrives, never at program start.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.language import current_language
from crm_desktop.reports.chart_data import ChartFilter, ChartRequest
from crm_desktop.reports.chart_service import DASHBOARD_KEY, ChartService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error

if TYPE_CHECKING:
    from matplotlib.figure import Figure

def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def year_ago(today: date) -> date:
    """The first day of the month eleven months back: twelve whole months on screen."""
    month = today.month - 11
    year = today.year
    if month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


class ChartPanel(QWidget):
    """Chart picker, range and filters above, the canvas below; Export PNG / PDF."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("chart_panel")
        self.figure: Figure | None = None
        self.canvas: QWidget | None = None
        self.shown_key: str | None = None

        self.chart_box = QComboBox()
        self.chart_box.setObjectName("chart_choice")
        self._fill_chart_box()
        self.start_edit = date_edit("chart_start", year_ago(date.today()))
        self.end_edit = date_edit("chart_end", date.today())
        self.province_edit = QLineEdit()
        self.province_edit.setObjectName("chart_province")
        self.province_edit.setPlaceholderText(self.tr("All provinces"))
        self.province_edit.setMaximumWidth(120)
        self.gender_box = QComboBox()
        self.gender_box.setObjectName("chart_gender")
        self.gender_box.addItem(self.tr("Any gender"), None)
        self.gender_box.addItem(self.tr("Male"), "M")
        self.gender_box.addItem(self.tr("Female"), "F")
        self.source_edit = QLineEdit()
        self.source_edit.setObjectName("chart_source")
        self.source_edit.setPlaceholderText(self.tr("All sources"))
        self.source_edit.setMaximumWidth(120)
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setObjectName("chart_show")
        self.show_button.setDefault(True)
        self.png_button = QPushButton(self.tr("Export PNG…"))
        self.png_button.setObjectName("chart_export_png")
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.setObjectName("chart_export_pdf")
        self.status_label = QLabel()
        self.status_label.setObjectName("chart_status")
        self.status_label.setWordWrap(True)
        self.placeholder = QLabel(self.tr("Pick a chart and press Show."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Chart")))
        top.addWidget(self.chart_box, 1)
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.start_edit)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.end_edit)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Filters")))
        filters.addWidget(self.province_edit)
        filters.addWidget(self.gender_box)
        filters.addWidget(self.source_edit)
        filters.addStretch(1)
        filters.addWidget(self.show_button)
        filters.addWidget(self.png_button)
        filters.addWidget(self.pdf_button)
        self.canvas_area = QVBoxLayout()
        self.canvas_area.addWidget(self.placeholder, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.status_label)
        layout.addLayout(self.canvas_area, 1)

        self.chart_box.activated.connect(lambda _i: self.refresh())
        self.show_button.clicked.connect(self.refresh)
        self.png_button.clicked.connect(self._ask_png)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self._update_buttons()

    # -- what tests and the menu call -----------------------------------------------------

    def choose(self, key: str) -> None:
        """Select chart ``key`` (or "dashboard") and draw it."""
        index = self.chart_box.findData(key)
        if index >= 0:
            self.chart_box.setCurrentIndex(index)
        self.refresh()

    def request(self) -> ChartRequest:
        def text_or_none(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        filters = ChartFilter(
            province=text_or_none(self.province_edit),
            gender=self.gender_box.currentData(),
            source=text_or_none(self.source_edit),
        )
        return ChartRequest(
            from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date()), filters
        )

    def refresh(self) -> None:
        """Build the chosen chart on the worker, then show it."""
        request = self.request()
        if request.start > request.end:
            self.status_label.setText(self.tr("The start date is after the end date."))
            return
        key = str(self.chart_box.currentData())
        charts = self.context.service(ChartService)
        self.status_label.setText(self.tr("Drawing…"))
        self.show_button.setEnabled(False)
        self.context.runner.submit(
            lambda: charts.render(key, request),
            on_done=lambda figure: self._show_figure(key, figure),
            on_error=self._failed,
        )

    def export_png(self, path: Path) -> Path:
        from crm_desktop.reports.export import save_png

        if self.figure is None:
            raise RuntimeError("no chart shown")
        written = save_png(self.figure, path)
        self.status_label.setText(self.tr("Saved %1").replace("%1", str(written)))
        return written

    def export_pdf(self, path: Path) -> Path:
        from crm_desktop.reports.export import save_pdf

        if self.figure is None:
            raise RuntimeError("no chart shown")
        written = save_pdf(self.figure, path)
        self.status_label.setText(self.tr("Saved %1").replace("%1", str(written)))
        return written

    # -- inside ----------------------------------------------------------------------------

    def _fill_chart_box(self) -> None:
        from crm_desktop.reports.charts import CHARTS

        zh = current_language() == "zh"
        self.chart_box.addItem(self.tr("Dashboard (main charts)"), DASHBOARD_KEY)
        for spec in CHARTS:
            self.chart_box.addItem(spec.title_zh if zh else spec.title_en, spec.key)

    def _show_figure(self, key: str, figure: Any) -> None:
        self.placeholder.hide()
        self.canvas = put_canvas(self.canvas_area, self.canvas, figure, "chart_canvas", (320, 240))
        self.figure = figure
        self.shown_key = key
        self.status_label.setText("")
        self.show_button.setEnabled(True)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.status_label.setText(describe_error(error))
        self.show_button.setEnabled(True)

    def _update_buttons(self) -> None:
        self.png_button.setEnabled(self.figure is not None)
        self.pdf_button.setEnabled(self.figure is not None)

    def _suggested_name(self, suffix: str) -> str:
        name = self.shown_key or "chart"
        return f"{name}-{date.today():%Y%m%d}.{suffix}"

    def _ask_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export PNG"), self._suggested_name("png"), self.tr("PNG image (*.png)")
        )
        if path:
            self._export(self.export_png, Path(path))

    def _ask_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export PDF"), self._suggested_name("pdf"), self.tr("PDF file (*.pdf)")
        )
        if path:
            self._export(self.export_pdf, Path(path))

    def _export(self, writer: Any, path: Path) -> None:
        try:
            writer(path)
        except OSError as error:
            self.status_label.setText(
                self.tr("Could not save the file: %1").replace("%1", str(error))
            )


def put_canvas(
    area: QBoxLayout, old: QWidget | None, figure: Any, name: str, minimum: tuple[int, int]
) -> QWidget:
    """Show ``figure`` in ``area`` in place of the canvas ``old`` (removed and deleted)."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
    canvas.setObjectName(name)
    canvas.setMinimumSize(*minimum)
    if old is not None:
        area.removeWidget(old)
        old.deleteLater()
    area.addWidget(canvas, 1)
    canvas.draw_idle()  # type: ignore[no-untyped-call]
    return canvas


def date_edit(name: str, day: date) -> QDateEdit:
    """A day picker with a calendar, shown as 2026-12-03."""
    edit = QDateEdit(to_qdate(day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
