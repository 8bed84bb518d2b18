"""Likely duplicates (疑似重复客户): pairs side by side, why, a score; not the same person, or merge.

"Find duplicates" runs ``DuplicateService.find`` over the whole file on the task
runner with a progress dialog (Cancel stops it; finding writes nothing). Each row
is one pair: the score, both customers (numbers masked), and the reasons for and
against. "Not the same person" remembers the pair as two people (it never comes
back; "Undo" takes the last one back); "Merge…" opens the merge dialog with the
customer who has more history as the one kept. A double click on a customer opens
their profile. A change to a listed customer made elsewhere (an edit, a merge)
takes the pairs it touches off the list, with a note to search again.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.progress import ProgressReport
from crm_desktop.models.services.duplicates import (
    DISMISS_ACTION,
    UNDISMISS_ACTION,
    DuplicateList,
    DuplicateService,
    PairSide,
    PairView,
)
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_STYLE, HINT_STYLE, NOTICE_STYLE, refusal_label
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.insights.report_table import report_cell, report_table

SHOWN_LIMIT = 500
# The merge dialog is built beside this screen; the screen works without it.
MERGE_DIALOG_MODULE = "crm_desktop.ui.quality.merge_dialog"
SCORE, LOW, HIGH, REASONS = range(4)


class DuplicatesView(QWidget):
    """The list of likely duplicate pairs and what the owner does with one."""

    def __init__(
        self, context: AppContext, open_customer: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates_view")
        self.context = context
        self.open_customer = open_customer
        self.service = context.service(DuplicateService)
        self.pairs: list[PairView] = []
        self.last_dismissed: PairView | None = None

        hint = QLabel(self.tr(
            "Customers who may be one person registered twice: the same phone or ID number, "
            "the same name with the same birthday or a phone one digit off, a name written "
            "another way. Mark a pair that is two people, or merge it. Double-click a "
            "customer to open the profile."))
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.find_button = QPushButton(self.tr("Find duplicates"))
        self.find_button.setObjectName("duplicates_find")
        self.find_button.setAutoDefault(False)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("duplicates_summary")
        self.summary_label.setWordWrap(True)
        self.table = report_table("duplicates_table", [
            self.tr("Score"), self.tr("Customer"), self.tr("Customer"), self.tr("Why"),
        ])
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SCORE, QHeaderView.ResizeMode.ResizeToContents)
        self.dismiss_button = QPushButton(self.tr("Not the same person"))
        self.dismiss_button.setObjectName("duplicates_dismiss")
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.merge_button.setObjectName("duplicates_merge")
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("duplicates_undo")
        self.undo_button.setToolTip(self.tr("List the last pair marked as two people again"))
        self.status_label = QLabel()
        self.status_label.setObjectName("duplicates_status")
        self.status_label.setWordWrap(True)
        self.error_label = refusal_label("duplicates_error", hidden=True)

        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addWidget(self.summary_label, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.dismiss_button)
        actions.addWidget(self.merge_button)
        actions.addWidget(self.undo_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)

        self.find_button.clicked.connect(self.refresh)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.undo_button.clicked.connect(self.undo_dismissal)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(self._open)
        context.bus.subscribe(self, (Entity.CUSTOMER,), self._customers_changed)
        self._update_buttons()

    # -- what the menu, the buttons and tests call -------------------------------------------

    def refresh(self) -> None:
        """Search the whole file again (on the runner, with progress and Cancel)."""
        self.error_label.hide()
        labels = {
            "read": self.tr("Reading the customers"),
            "keys": self.tr("Preparing names and numbers"),
            "phones": self.tr("Comparing phone and ID numbers"),
            "birthdays": self.tr("Comparing names and birthdays"),
            "names": self.tr("Comparing numbers under each name"),
            "score": self.tr("Weighing the pairs"),
        }
        Op(self.context.runner, partial(_find, self.service)).with_progress(
            self.tr("Finding duplicates"), self, labels,
        ).guarding(self.find_button).refusals(self._failed).on_done(self.show_pairs).run()

    def show_pairs(self, found: DuplicateList) -> None:
        self.pairs = list(found.pairs)
        self.last_dismissed = None
        self._fill()
        self.status_label.clear()
        if not found.total:
            self.summary_label.setStyleSheet(DONE_STYLE)
            self.summary_label.setText(self.tr("No likely duplicates among %1 customers.")
                                       .replace("%1", str(found.customers)))
            return
        self.summary_label.setStyleSheet("")
        text = self.tr("%1 likely duplicate pairs among %2 customers.").replace(
            "%1", str(found.total)).replace("%2", str(found.customers))
        if len(found.pairs) < found.total:
            text += " " + self.tr("The %1 most likely are listed.").replace(
                "%1", str(len(found.pairs)))
        self.summary_label.setText(text)
        self.table.selectRow(0)

    def selected_pair(self) -> PairView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.pairs[rows[0].row()] if rows and rows[0].row() < len(self.pairs) else None

    def dismiss_selected(self) -> None:
        """Remember the chosen pair as two different people."""
        pair = self.selected_pair()
        if pair is None:
            return
        low, high = pair.ids
        service = self.service
        Op(self.context.runner, lambda: service.dismiss(low, high)).guarding(
            self.dismiss_button).refusals(self._failed).on_done(
            lambda _done: self._dismissed(pair)).run()

    def undo_dismissal(self) -> None:
        """Take back the last "not the same person": the pair is listed again."""
        pair = self.last_dismissed
        if pair is None:
            return
        low, high = pair.ids
        service = self.service
        Op(self.context.runner, lambda: service.undismiss(low, high)).guarding(
            self.undo_button).refusals(self._failed).on_done(
            lambda _done: self._undone(pair)).run()

    def merge_selected(self) -> None:
        """Open the merge dialog for the chosen pair, keeping the customer with more history."""
        pair = self.selected_pair()
        if pair is None:
            return
        try:
            dialog_class = importlib.import_module(MERGE_DIALOG_MODULE).MergeDialog
        except (ImportError, AttributeError):
            self._say(self.tr("Merging is not available in this version."), NOTICE_STYLE)
            return
        keep, other = _survivor(pair)
        dialog = dialog_class(self.context, keep.id, other.id, self)
        dialog.open()

    # -- inside ------------------------------------------------------------------------------

    def _fill(self) -> None:
        self.table.setRowCount(len(self.pairs))
        for row, pair in enumerate(self.pairs):
            self.table.setItem(row, SCORE, report_cell(str(pair.score), right=True))
            self.table.setItem(row, LOW, report_cell(self._side(pair.low), pair.low.id))
            self.table.setItem(row, HIGH, report_cell(self._side(pair.high), pair.high.id))
            reasons = "\n".join(
                ("− " if r.points < 0 else "+ ") + r.text for r in pair.reasons
            )
            self.table.setItem(row, REASONS, report_cell(reasons))
        self.table.resizeRowsToContents()
        self._update_buttons()

    def _side(self, side: PairSide) -> str:
        lines = [f"#{side.id} {side.name}"]
        numbers = [n for n in (side.phone, side.phone2, side.id_number) if n]
        if numbers:
            lines.append(" · ".join(numbers))
        facts = []
        if side.birthday:
            facts.append(self.tr("born %1").replace("%1", side.birthday.isoformat()))
        if side.member_since:
            facts.append(self.tr("member since %1").replace("%1", side.member_since.isoformat()))
        if facts:
            lines.append(" · ".join(facts))
        lines.append(self.tr("%1 active cards, %2 purchases").replace(
            "%1", str(side.active_cards)).replace("%2", str(side.purchases)))
        if side.status == "terminated":
            lines.append(self.tr("membership ended"))
        return "\n".join(lines)

    def _dismissed(self, pair: PairView) -> None:
        self._drop(lambda shown: shown.ids == pair.ids)
        self.last_dismissed = pair
        self._update_buttons()
        self._say(self.tr("Noted: #%1 and #%2 are not the same person; they will not be "
                          "listed again.").replace("%1", str(pair.low.id))
                  .replace("%2", str(pair.high.id)), DONE_STYLE)

    def _undone(self, pair: PairView) -> None:
        self.last_dismissed = None
        position = next((n for n, shown in enumerate(self.pairs) if shown.score < pair.score),
                        len(self.pairs))
        self.pairs.insert(position, pair)
        self._fill()
        self.table.selectRow(position)
        self._say(self.tr("#%1 and #%2 are listed again.").replace("%1", str(pair.low.id))
                  .replace("%2", str(pair.high.id)), "")

    def _drop(self, gone: Callable[[PairView], bool]) -> int:
        kept = [pair for pair in self.pairs if not gone(pair)]
        dropped = len(self.pairs) - len(kept)
        if dropped:
            self.pairs = kept
            self._fill()
        return dropped

    def _customers_changed(self, change: Change) -> None:
        if change.action in (DISMISS_ACTION, UNDISMISS_ACTION):
            return  # this screen's own marks, already shown
        touched = set(change.customer_ids) | set(change.ids)
        if self._drop(lambda pair: not touched.isdisjoint(pair.ids)):
            self._say(self.tr("Customers on this list were changed; their pairs were taken "
                              "off. Find duplicates again to bring the list up to date."),
                      NOTICE_STYLE)

    def _update_buttons(self) -> None:
        chosen = self.selected_pair() is not None
        can = self.context.can("customer.merge")
        self.dismiss_button.setEnabled(chosen and can)
        self.merge_button.setEnabled(chosen and can)
        self.undo_button.setEnabled(self.last_dismissed is not None and can)

    def _open(self, item: QTableWidgetItem) -> None:
        customer = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(customer, int):
            self.open_customer(customer)

    def _say(self, text: str, style: str) -> None:
        self.error_label.hide()
        self.status_label.setStyleSheet(style)
        self.status_label.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(describe_error(error))
        self.error_label.show()


def _find(service: DuplicateService, progress: ProgressReport) -> DuplicateList:
    return service.find(limit=SHOWN_LIMIT, progress=progress)


def _survivor(pair: PairView) -> tuple[PairSide, PairSide]:
    """(kept, merged away): the one with more cards and purchases; on a tie the older one."""
    def history(side: PairSide) -> tuple[int, int]:
        return side.active_cards + side.purchases, -side.id

    return (pair.low, pair.high) if history(pair.low) >= history(pair.high) else (
        pair.high, pair.low)
