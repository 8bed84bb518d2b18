"""Incomplete profiles (资料不全): who lacks which facts, most valuable customers first.

The ranking (``CompletenessService.ranking``) runs on the task runner when the panel
opens and when "Rank again" is pressed or the owner changes which facts count; the
rows are read a page at a time (``RankedProfilesModel``). After a change to
customers, cards or purchases the rows on screen are read again in the same order,
so a profile just completed says so without losing the clerk's place. Enter or a
double click opens the customer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.rules.profile_facts import FACTS_BY_KEY
from crm_desktop.models.services.completeness import CompletenessRanking, CompletenessService
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import refusal_label
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.quality import panel_parts
from crm_desktop.ui.quality.ranked_profiles_model import RankedProfilesModel

WATCHED = (Entity.CUSTOMER, Entity.CARD, Entity.PURCHASE)


class CompletenessView(QWidget):
    """The list; ``open_customer(id)`` opens a profile."""

    def __init__(
        self, context: AppContext, open_customer: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("completeness_view")
        self.context = context
        self.open_customer = open_customer
        self.service = context.service(CompletenessService)
        self.ranking: CompletenessRanking | None = None
        self._stale = False

        hint = panel_parts.hint_label(self.tr(
            "Profiles that lack facts the shop counts, the most valuable customers first "
            "(stored balance plus spending in the last 12 months): fill these in first."))
        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("completeness_sort")
        for code, text in (
            ("value", self.tr("Most valuable first")),
            ("balance", self.tr("Largest stored balance first")),
            ("spend", self.tr("Most spent in 12 months first")),
            ("completeness", self.tr("Least complete first")),
        ):
            self.sort_combo.addItem(text, code)
        self.missing_combo = QComboBox()
        self.missing_combo.setObjectName("completeness_missing")
        self.missing_combo.addItem(self.tr("Missing anything"), "")
        self.rank_button = QPushButton(self.tr("Rank again"))
        self.rank_button.setObjectName("completeness_rank")
        self.rank_button.setAutoDefault(False)
        self.summary_label = panel_parts.summary_label("completeness_summary")
        self.error_label = refusal_label("completeness_error", hidden=True)

        self.model = RankedProfilesModel(context.runner, self.service.rows, self)
        self.model.on_error = self._failed
        self.table = panel_parts.customer_table(
            "completeness_table", self.model, RankedProfilesModel.MISSING,
            self.model.customer_id, open_customer)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Order")))
        controls.addWidget(self.sort_combo)
        controls.addWidget(QLabel(self.tr("Show")))
        controls.addWidget(self.missing_combo)
        controls.addStretch(1)
        controls.addWidget(self.rank_button)
        panel_parts.lay_out_panel(
            self, hint, controls, self.summary_label, self.error_label, self.table)

        self.sort_combo.activated.connect(lambda _i: self.refresh())
        self.missing_combo.activated.connect(lambda _i: self.refresh())
        self.rank_button.clicked.connect(self.refresh)
        context.bus.subscribe(self, WATCHED, self._records_changed)
        context.bus.subscribe(self, (Entity.SETTING,), lambda _change: self.refresh())

    # -- ranking --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rank the incomplete profiles again (on the runner) with the chosen order and filter."""
        sort = str(self.sort_combo.currentData())
        missing = str(self.missing_combo.currentData() or "") or None
        self.summary_label.setText(self.tr("Ranking the profiles…"))
        Op(self.context.runner, partial(self.service.ranking, sort, missing)).guarding(
            self.rank_button).refusals(self._failed).on_done(self._ranked).run()

    def _ranked(self, ranking: CompletenessRanking) -> None:
        self.ranking = ranking
        self.error_label.hide()
        self._offer_facts(ranking)
        self.model.set_ids(ranking.ids)
        if ranking.missing is None:
            text = self.tr("%1 of %2 active customers have an incomplete profile; on average "
                           "profiles are %3% complete.").replace("%1", str(len(ranking.ids))) \
                .replace("%2", str(ranking.active)).replace("%3", str(ranking.average))
        else:
            text = self.tr("%1 active customers lack this.").replace("%1", str(len(ranking.ids)))
        self.summary_label.setText(text)
        if ranking.ids:
            self.table.selectRow(0)

    def _offer_facts(self, ranking: CompletenessRanking) -> None:
        """The filter lists the facts that count now (the owner may have changed them)."""
        offered = [self.missing_combo.itemData(i) for i in range(1, self.missing_combo.count())]
        if offered == list(ranking.facts):
            return
        chosen = self.missing_combo.currentData()
        while self.missing_combo.count() > 1:
            self.missing_combo.removeItem(1)
        for key in ranking.facts:
            self.missing_combo.addItem(
                self.tr("Missing: %1").replace("%1", FACTS_BY_KEY[key].label), key)
        self.missing_combo.setCurrentIndex(max(0, self.missing_combo.findData(chosen)))

    def _failed(self, error: BaseException) -> None:
        self.summary_label.clear()
        self.error_label.setText(describe_error(error))
        self.error_label.show()

    # -- reacting -------------------------------------------------------------------------------

    def _records_changed(self, _change: Change) -> None:
        if self.ranking is None:
            return
        if self.isVisible():
            self.model.reload_pages()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.model.reload_pages()
