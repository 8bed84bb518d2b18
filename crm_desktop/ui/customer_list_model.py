"""The customer result list as a lazy Qt table model over keyset pages.

It holds only the rows fetched so far. The first page comes when the query
changes; the next one when the view scrolls near the end (``canFetchMore`` /
``fetchMore``), each through the task runner with the cursor of the page before.
Sorting and filtering are parameters of the query, so they happen in SQL.
Answers to an older query are dropped: typing fast never shows stale rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal

from crm_desktop.models.services.customer_records import SearchHit, SearchPage
from crm_desktop.ui.base.list_table_model import AnyIndex, ListTableModel
from crm_desktop.ui.base.task_runner import TaskHandle, TaskRunner, describe_error

PAGE_SIZE = 100


@dataclass(frozen=True)
class CustomerQuery:
    """What the list shows: the typed text, the filters and the sort order.

    ``sort`` is one of the service's orders: "name", "newest" or "oldest".
    """

    text: str = ""
    status: str | None = None
    tier_id: int | None = None
    tag: str | None = None
    sort: str = "name"


PageFetcher = Callable[[CustomerQuery, "str | None", int], SearchPage]


class CustomerListModel(ListTableModel):
    """Rows are ``SearchHit`` values; ``hit(row)`` gives one, ``customer_id(row)`` its id."""

    NAME, PHONE, CARDS, TIER, STATUS = range(5)
    COLUMN_COUNT = 5

    page_loaded = Signal()
    search_failed = Signal(str)
    loading_changed = Signal(bool)

    def __init__(
        self, runner: TaskRunner, fetch: PageFetcher, parent: Any = None, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.page_size = page_size
        self._fetch = fetch
        self._rows: list[SearchHit] = []
        self._query = CustomerQuery()
        self._next_cursor: str | None = None
        self._total = 0
        self._total_exact = True
        self._generation = 0
        self._pending: TaskHandle | None = None
        self._loaded_once = False

    # -- queries --------------------------------------------------------------------------------

    @property
    def query(self) -> CustomerQuery:
        return self._query

    def set_query(self, query: CustomerQuery) -> None:
        """Show the first page for ``query``; rows of the previous query stay until it comes."""
        self._query = query
        self._generation += 1
        if self._pending is not None:
            self._pending.cancel()
        generation = self._generation
        self._set_pending(
            self.runner.submit(
                lambda: self._fetch(query, None, self.page_size),
                on_done=lambda page: self._first_page(generation, page),
                on_error=lambda error: self._failed(generation, error),
            )
        )

    def refresh(self) -> None:
        """Run the same query again (after a change to customers)."""
        self.set_query(self._query)

    def clear(self) -> None:
        """Forget every row and any answer still on its way (the app locks)."""
        self._generation += 1
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self.beginResetModel()
        self._rows = []
        self._next_cursor = None
        self._total, self._total_exact = 0, True
        self._loaded_once = False
        self.endResetModel()
        self.loading_changed.emit(False)

    # -- paging ---------------------------------------------------------------------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next_cursor is not None and self._pending is None

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        query, cursor, generation = self._query, self._next_cursor, self._generation
        self._set_pending(
            self.runner.submit(
                lambda: self._fetch(query, cursor, self.page_size),
                on_done=lambda page: self._next_page(generation, page),
                on_error=lambda error: self._failed(generation, error),
            )
        )

    def _set_pending(self, handle: TaskHandle) -> None:
        # The synchronous runner has already answered by now.
        self._pending = None if handle.finished else handle
        self.loading_changed.emit(self._pending is not None)

    def _first_page(self, generation: int, page: SearchPage) -> None:
        if generation != self._generation:
            return
        self._pending = None
        self.beginResetModel()
        self._rows = list(page.hits)
        self._next_cursor = page.next_cursor
        self._total, self._total_exact = page.total, page.total_exact
        self._loaded_once = True
        self.endResetModel()
        self.loading_changed.emit(False)
        self.page_loaded.emit()

    def _next_page(self, generation: int, page: SearchPage) -> None:
        if generation != self._generation:
            return
        self._pending = None
        if page.hits:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.hits) - 1)
            self._rows.extend(page.hits)
            self.endInsertRows()
        self._next_cursor = page.next_cursor
        self._total = max(page.total, len(self._rows))
        self._total_exact = page.total_exact
        self.loading_changed.emit(False)
        self.page_loaded.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._pending = None
        self._next_cursor = None
        self.loading_changed.emit(False)
        self.search_failed.emit(describe_error(error))

    # -- what the view reads --------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """Whether any answer has arrived yet (an empty list means "no match" only then)."""
        return self._loaded_once

    @property
    def loading(self) -> bool:
        return self._pending is not None

    def total_text(self) -> str:
        """How many customers match, as shown: exact, or "1000+" when only a bound is known."""
        count = max(self._total, len(self._rows))
        return str(count) if self._total_exact else f"{count}+"

    def hit(self, row: int) -> SearchHit:
        return self._rows[row]

    def customer_id(self, row: int) -> int:
        return self._rows[row].id

    def row_total(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Cards"),
            self.tr("Tier"),
            self.tr("Status"),
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hit = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(hit, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return hit.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.CARDS:
            return "\n".join(hit.card_numbers)
        return None

    def _display(self, hit: SearchHit, column: int) -> str:
        if column == self.NAME:
            return hit.name
        if column == self.PHONE:
            return hit.phone or ""
        if column == self.CARDS:
            if hit.matched_by == "card" and hit.matched_card_status not in (None, "active"):
                return " ".join(hit.card_numbers) + f" ({card_status_text(hit.matched_card_status)})"
            return " ".join(hit.card_numbers)
        if column == self.TIER:
            return hit.tier_name or ""
        return customer_status_text(hit.status)


def customer_status_text(status: str) -> str:
    translate = QCoreApplication.translate
    labels = {
        "active": translate("CustomerListModel", "Active"),
        "terminated": translate("CustomerListModel", "Terminated"),
        "anonymised": translate("CustomerListModel", "Anonymised"),
    }
    return labels.get(status, status)


def card_status_text(status: str | None) -> str:
    translate = QCoreApplication.translate
    labels = {
        "active": translate("CustomerListModel", "card in use"),
        "frozen": translate("CustomerListModel", "card frozen"),
        "lost": translate("CustomerListModel", "card reported lost"),
        "replaced": translate("CustomerListModel", "card replaced"),
        "cancelled": translate("CustomerListModel", "card cancelled"),
        "expired": translate("CustomerListModel", "card expired"),
    }
    return labels.get(status or "", status or "")
