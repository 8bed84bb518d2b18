"""The search box, its filters and the result list: how the counter finds a customer.

Typing searches as you type (debounced, off the GUI thread): digits find phones
and card numbers, Chinese finds names, latin letters find pinyin initials. A
scanner types a card number and Enter: that card's holder opens at once. Down
moves into the list, Enter opens the selected row, Esc clears the box.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import SearchHit, SearchPage
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.customer_list_model import CustomerListModel, CustomerQuery, card_status_text

DEBOUNCE_MS = 150
# A scan or a typed number this long is tried as a card number first on Enter.
_NUMBER = re.compile(r"[0-9][0-9 \-]{3,}")


class CustomerSearchPanel(QWidget):
    """Emits ``customer_chosen(id)`` when a scan, Enter or a double-click picks a customer."""

    customer_chosen = Signal(int)
    message_posted = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search = context.service(CustomerSearch)
        self._open_when_loaded = False

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search_box")
        self.search_edit.setClearButtonEnabled(True)
        hint = self.tr("Card or phone digits, a name, or pinyin (zs)")
        self.search_edit.setPlaceholderText(hint)
        self.search_edit.setToolTip(self.tr(
            "Scan a card, or type a card number or its last digits, a phone number, a name "
            "or pinyin initials (zs)"))
        self.search_edit.setMinimumHeight(32)
        font = self.search_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.search_edit.setFont(font)
        # The box never gets narrower than its hint (plus the frame and the clear button),
        # so the hint is never cut off when the list beside the profile is made narrow.
        self.search_edit.setMinimumWidth(QFontMetrics(font).horizontalAdvance(hint) + 48)
        self.search_edit.installEventFilter(self)

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        for label, value in (
            (self.tr("Active customers"), "active"),
            (self.tr("All statuses"), None),
            (self.tr("Terminated"), "terminated"),
            (self.tr("Anonymised"), "anonymised"),
        ):
            self.status_filter.addItem(label, value)
        self.tier_filter = QComboBox()
        self.tier_filter.setObjectName("tier_filter")
        self.tier_filter.addItem(self.tr("All tiers"), None)
        self.tag_filter = QComboBox()
        self.tag_filter.setObjectName("tag_filter")
        self.tag_filter.addItem(self.tr("All tags"), None)
        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("sort_order")
        for label, value in (
            (self.tr("By name"), "name"),
            (self.tr("Newest first"), "newest"),
            (self.tr("Oldest first"), "oldest"),
        ):
            self.sort_combo.addItem(label, value)
        for combo in (self.status_filter, self.tier_filter, self.tag_filter, self.sort_combo):
            combo.currentIndexChanged.connect(self.search_now)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.model = CustomerListModel(context.runner, self._fetch_page, self)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.search_failed.connect(self._search_failed)
        self.model.loading_changed.connect(self._show_count)
        self.table = QTableView()
        self.table.setObjectName("customer_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((96, 116, 150, 72)):
            header.resizeSection(column, width)
        self.table.activated.connect(lambda index: self._choose_row(index.row()))

        self.count_label = QLabel()
        self.count_label.setObjectName("result_count")

        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.tier_filter)
        filters.addWidget(self.tag_filter)
        filters.addStretch(1)
        filters.addWidget(self.sort_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        self.search_edit.textEdited.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(self.submit)
        context.bus.subscribe(self, (Entity.CUSTOMER, Entity.CARD), self._rows_changed)
        context.bus.subscribe(self, (Entity.CUSTOMER, Entity.TIER), self._choices_changed)
        self.load_filter_choices()
        self.search_now()

    # -- public ---------------------------------------------------------------------------------

    def focus_search(self, select_all: bool = True) -> None:
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if select_all:
            self.search_edit.selectAll()

    def current_query(self) -> CustomerQuery:
        return CustomerQuery(
            text=self.search_edit.text().strip(),
            status=self.status_filter.currentData(),
            tier_id=self.tier_filter.currentData(),
            tag=self.tag_filter.currentData(),
            sort=self.sort_combo.currentData() or "name",
        )

    def search_now(self) -> None:
        """Run the search for what is typed and chosen now, without waiting for the debounce."""
        self._debounce.stop()
        self.model.set_query(self.current_query())
        self._show_count()

    def submit(self) -> None:
        """Enter in the box: a card number opens its holder; otherwise open the only match."""
        self._debounce.stop()
        typed = self.search_edit.text().strip()
        if not typed:
            return
        if _NUMBER.fullmatch(typed):
            number = re.sub(r"[ \-]", "", typed)
            self.context.runner.submit(
                lambda: self.search.by_card_number(number),
                on_done=lambda hit: self._card_answered(number, hit),
                on_error=self._search_failed,
            )
            return
        self._open_single_match()

    def load_filter_choices(self) -> None:
        """Fill the tier and tag filters from the file (again after they change)."""
        catalog = self.context.service(CatalogService)
        customers = self.context.service(CustomerService)
        self.context.runner.submit(
            lambda: ([(t.id, t.name) for t in catalog.list_tiers()], customers.tag_names()),
            on_done=self._fill_filters,
            on_error=lambda _error: None,
        )

    # -- answers --------------------------------------------------------------------------------

    def _fetch_page(self, query: CustomerQuery, cursor: str | None, limit: int) -> SearchPage:
        return self.search.find(
            query.text,
            tier_id=query.tier_id,
            status=query.status,
            tag=query.tag,
            sort=query.sort,
            cursor=cursor,
            limit=limit,
        )

    def _card_answered(self, number: str, hit: SearchHit | None) -> None:
        if hit is None:
            # Not a card: a phone number or its digits; show the matches and open a single one.
            self._open_single_match()
            return
        if hit.matched_card_status not in (None, "active"):
            self.message_posted.emit(
                self.tr("Card %1: %2").replace("%1", number).replace(
                    "%2", card_status_text(hit.matched_card_status)
                )
            )
        self.search_edit.selectAll()
        self.customer_chosen.emit(hit.id)

    def _open_single_match(self) -> None:
        if self.model.query != self.current_query() or self.model.loading:
            self._open_when_loaded = True
            self.search_now()
            return
        self._resolve_enter()

    def _page_loaded(self) -> None:
        self._show_count()
        if self._open_when_loaded:
            self._open_when_loaded = False
            self._resolve_enter()

    def _resolve_enter(self) -> None:
        rows = self.model.rowCount()
        if rows == 1:
            self.search_edit.selectAll()
            self._choose_row(0)
        elif rows > 1:
            self.table.setFocus()
            self.table.selectRow(0)
        else:
            self.message_posted.emit(
                self.tr("No customer or card matches “%1”.").replace(
                    "%1", self.search_edit.text().strip()
                )
            )

    def _choose_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.customer_chosen.emit(self.model.customer_id(row))

    def _search_failed(self, error: Any) -> None:
        message = error if isinstance(error, str) else describe_error(error)
        self._open_when_loaded = False
        self.count_label.setText(message)
        self.message_posted.emit(message)

    def _fill_filters(self, choices: tuple[list[tuple[int, str]], list[str]]) -> None:
        tiers, tags = choices
        for combo, items in (
            (self.tier_filter, tiers),
            (self.tag_filter, [(name, name) for name in tags]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, label in items:
                combo.addItem(label, value)
            found = combo.findData(chosen)
            combo.setCurrentIndex(found if found >= 0 else 0)
            combo.blockSignals(False)

    def _show_count(self, *_args: Any) -> None:
        if self.model.loading and not self.model.loaded:
            self.count_label.setText(self.tr("Searching…"))
        elif self.model.rowCount() == 0 and self.model.query.text:
            self.count_label.setText(
                self.tr("No customer matches “%1”.").replace("%1", self.model.query.text)
            )
        else:
            self.count_label.setText(
                self.tr("%1 customers").replace("%1", self.model.total_text())
            )

    def _rows_changed(self, _change: Change) -> None:
        self.model.refresh()

    def _choices_changed(self, _change: Change) -> None:
        self.load_filter_choices()

    # -- keys -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self.table.setFocus()
                self.table.selectRow(0)
                return True
            if event.key() == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                self.search_now()
                return True
        return super().eventFilter(watched, event)
