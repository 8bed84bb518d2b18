"""RFM segments (客户分群): size and share of spend per segment, and a segment's members.

Computed for the window ending today with the owner's analytics settings;
double-clicking a member opens the customer's profile.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.language import current_language
from crm_desktop.models.services.insights_service import InsightsService, SegmentReport
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.insights.report_table import report_cell, report_table
from crm_desktop.ui.owner.yuan import yuan_amount


class SegmentsView(QWidget):
    """The eight segments; choosing one lists its members."""

    def __init__(
        self,
        context: AppContext,
        open_customer: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.open_customer = open_customer
        self.report: SegmentReport | None = None
        self.setObjectName("segments_view")
        self.refresh_button = QPushButton(self.tr("Recompute"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.segment_table = report_table(
            "segment_table",
            [self.tr("Segment"), self.tr("Customers"), self.tr("Share"),
             self.tr("Spend (yuan)"), self.tr("Share of spend")],
        )
        self.member_table = report_table(
            "segment_members",
            [self.tr("Name"), self.tr("Days since"), self.tr("Purchases"), self.tr("Spend")],
        )
        header = self.member_table.horizontalHeader()
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.member_box = QGroupBox(self.tr("Members"))
        QVBoxLayout(self.member_box).addWidget(self.member_table)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Customers who bought in the last 365 days, by recency, "
                                     "frequency and spend.")), 1)
        top.addWidget(self.refresh_button)
        body = QHBoxLayout()
        body.addWidget(self.segment_table, 3)
        body.addWidget(self.member_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addLayout(body, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.segment_table.itemSelectionChanged.connect(self._segment_chosen)
        self.member_table.itemActivated.connect(self._member_activated)
        self.member_table.itemDoubleClicked.connect(self._member_activated)

    def refresh(self) -> None:
        self.context.runner.submit(
            self.context.service(InsightsService).segments, on_done=self._show,
            on_error=lambda e: self.status_label.setText(describe_error(e)),
        )

    def _show(self, report: SegmentReport) -> None:
        self.report = report
        zh = current_language() == "zh"
        self.status_label.setText(self.tr("%1 customers segmented.").replace("%1", str(report.customers)))
        self.segment_table.setRowCount(len(report.summary))
        for row, seg in enumerate(report.summary):
            name = seg.segment.name_zh if zh else seg.segment.name_en
            self.segment_table.setItem(row, 0, report_cell(name, seg.segment.code))
            self.segment_table.setItem(row, 1, report_cell(str(seg.customers), right=True))
            self.segment_table.setItem(row, 2, report_cell(f"{seg.share_of_customers:.0%}", right=True))
            self.segment_table.setItem(row, 3, report_cell(yuan_amount(seg.spend_fen), right=True))
            self.segment_table.setItem(row, 4, report_cell(f"{seg.share_of_spend:.0%}", right=True))
        self.member_table.setRowCount(0)

    def _segment_chosen(self) -> None:
        rows = self.segment_table.selectionModel().selectedRows()
        if not rows or self.report is None:
            return
        code = self.report.summary[rows[0].row()].segment.code
        members = self.report.members.get(code, ())
        self.member_table.setRowCount(len(members))
        for row, m in enumerate(members):
            self.member_table.setItem(row, 0, report_cell(m.name, m.customer_id))
            self.member_table.setItem(row, 1, report_cell(str(m.r_days), m.customer_id, right=True))
            self.member_table.setItem(row, 2, report_cell(str(m.frequency), m.customer_id, right=True))
            self.member_table.setItem(
                row, 3, report_cell(yuan_amount(m.monetary_fen), m.customer_id, right=True)
            )

    def _member_activated(self, item: QTableWidgetItem) -> None:
        customer_id = item.data(Qt.ItemDataRole.UserRole)
        if customer_id is not None:
            self.open_customer(int(customer_id))
