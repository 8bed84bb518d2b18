"""The tier view: members and spend per tier, upgrades and downgrades per month, a tier's members.

Double-clicking a member (or Enter on it) opens the customer's profile. The owner
also gets "Run tier review", which re-rates every card on or after the review date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.analytics.tier_view import TierOverview
from crm_desktop.models.services.insights_service import InsightsService, TierMember
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.insights.chart_panel import from_qdate, to_qdate, year_ago
from crm_desktop.ui.insights.report_table import report_cell, report_table
from crm_desktop.ui.owner.yuan import yuan_amount


class TierView(QWidget):
    """Tier figures for a date range; ``open_customer(id)`` shows a member's profile."""

    def __init__(
        self,
        context: AppContext,
        open_customer: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.open_customer = open_customer
        self.overview: TierOverview | None = None
        self.setObjectName("tier_view")

        self.start_edit = QDateEdit(to_qdate(year_ago(date.today())))
        self.end_edit = QDateEdit(to_qdate(date.today()))
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setObjectName("tier_show")
        self.review_button = QPushButton(self.tr("Run tier review…"))
        self.review_button.setObjectName("tier_review")
        self.review_button.setVisible(context.can("catalog.manage"))
        self.status_label = QLabel()
        self.status_label.setObjectName("tier_status")
        self.status_label.setWordWrap(True)

        self.tier_table = report_table(
            "tier_table", [self.tr("Tier"), self.tr("Members"), self.tr("Spend (yuan)")]
        )
        self.move_table = report_table(
            "tier_moves", [self.tr("Month"), self.tr("Upgrades"), self.tr("Downgrades")]
        )
        self.member_table = report_table(
            "tier_members", [self.tr("Customer no."), self.tr("Name")]
        )
        self.member_box = QGroupBox(self.tr("Members"))
        member_layout = QVBoxLayout(self.member_box)
        self.member_hint = QLabel(self.tr("Pick a tier on the left to see its members."))
        self.member_hint.setObjectName("tier_member_hint")
        self.member_hint.setWordWrap(True)
        member_layout.addWidget(self.member_hint)
        member_layout.addWidget(self.member_table)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Spend and moves from")))
        top.addWidget(self.start_edit)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.end_edit)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(self.review_button)
        tiers_box = QGroupBox(self.tr("Tiers"))
        QVBoxLayout(tiers_box).addWidget(self.tier_table)
        moves_box = QGroupBox(self.tr("Upgrades and downgrades per month"))
        QVBoxLayout(moves_box).addWidget(self.move_table)
        left = QVBoxLayout()
        left.addWidget(tiers_box, 1)
        left.addWidget(moves_box, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.member_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addLayout(body, 1)

        self.show_button.clicked.connect(self.refresh)
        self.review_button.clicked.connect(self._ask_review)
        self.tier_table.itemSelectionChanged.connect(self._tier_chosen)
        self.member_table.itemActivated.connect(self._member_activated)
        self.member_table.itemDoubleClicked.connect(self._member_activated)

    def refresh(self) -> None:
        start, end = from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())
        if start > end:
            self.status_label.setText(self.tr("The start date is after the end date."))
            return
        insights = self.context.service(InsightsService)
        self.context.runner.submit(
            lambda: insights.tier_overview(start, end), on_done=self._show, on_error=self._failed
        )

    def select_tier(self, row: int) -> None:
        self.tier_table.selectRow(row)

    def run_review(self) -> None:
        """Re-rate every card now (owner); the result or the refusal shows in the status line."""
        from crm_desktop.models.analytics.tiers import run_tier_review

        store, actor = self.context.store, self.context.actor

        def done(result: object) -> None:
            self.status_label.setText(
                self.tr("Tier review done: %1 cards rated, %2 up, %3 down; next review %4.")
                .replace("%1", str(getattr(result, "cards_rated", 0)))
                .replace("%2", str(getattr(result, "upgraded", 0)))
                .replace("%3", str(getattr(result, "downgraded", 0)))
                .replace("%4", str(getattr(result, "next_on", "")))
            )
            self.refresh()

        labels = {
            "qualify": self.tr("Adding up each card's spending…"),
            "rate": self.tr("Choosing each card's tier…"),
            "write": self.tr("Saving the new tiers…"),
        }
        review = Op(
            self.context.runner, lambda progress: run_tier_review(store, actor, progress=progress)
        )
        review.with_progress(self.tr("Tier review"), self, labels).on_done(done)
        review.refusals(self._failed).guarding(self.review_button).run()

    # -- inside ----------------------------------------------------------------------------

    def _show(self, overview: TierOverview) -> None:
        self.overview = overview
        self.status_label.setText("")
        self.tier_table.setRowCount(len(overview.tiers))
        for row, stats in enumerate(overview.tiers):
            self.tier_table.setItem(row, 0, report_cell(stats.name, stats.tier_id))
            self.tier_table.setItem(row, 1, report_cell(str(stats.members), right=True))
            self.tier_table.setItem(row, 2, report_cell(yuan_amount(stats.spend_fen), right=True))
        self.move_table.setRowCount(len(overview.movement))
        for row, move in enumerate(overview.movement):
            self.move_table.setItem(row, 0, report_cell(move.month))
            self.move_table.setItem(row, 1, report_cell(str(move.upgrades), right=True))
            self.move_table.setItem(row, 2, report_cell(str(move.downgrades), right=True))
        self.member_table.setRowCount(0)
        self.member_box.setTitle(self.tr("Members"))
        self.member_hint.setText(self.tr("Pick a tier on the left to see its members."))
        if overview.tiers:
            # The first tier's members show at once, so the panel is never empty without a word.
            self.tier_table.clearSelection()
            self.tier_table.selectRow(0)

    def _tier_chosen(self) -> None:
        rows = self.tier_table.selectionModel().selectedRows()
        if not rows or self.overview is None:
            return
        stats = self.overview.tiers[rows[0].row()]
        self.member_box.setTitle(
            self.tr("Members of %1 (%2)").replace("%1", stats.name).replace("%2", str(stats.members))
        )
        insights = self.context.service(InsightsService)
        self.context.runner.submit(
            lambda: insights.tier_members(stats.tier_id),
            on_done=self._show_members,
            on_error=self._failed,
        )

    def _show_members(self, members: tuple[TierMember, ...]) -> None:
        self.member_hint.setText(
            self.tr("Double-click a member to open the profile.") if members
            else self.tr("No members in this tier.")
        )
        self.member_table.setRowCount(len(members))
        for row, member in enumerate(members):
            self.member_table.setItem(
                row, 0, report_cell(str(member.customer_id), member.customer_id, right=True)
            )
            self.member_table.setItem(row, 1, report_cell(member.name, member.customer_id))

    def _member_activated(self, item: QTableWidgetItem) -> None:
        customer_id = item.data(Qt.ItemDataRole.UserRole)
        if customer_id is not None:
            self.open_customer(int(customer_id))

    def _ask_review(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Run tier review"),
            self.tr(
                "Re-rate every card by the tier rules now? Cards may move down as well as up."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run_review()

    def _failed(self, error: BaseException) -> None:
        self.status_label.setText(describe_error(error))
