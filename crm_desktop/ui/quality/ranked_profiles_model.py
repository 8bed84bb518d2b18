"""The incomplete profiles as a Qt table model: the ranking's ids, rows built a page at a time.

The model holds the ordered ids (a million fit in a few megabytes) and a cache of
the pages read so far. A row whose page is not read yet shows "…" and asks for
its page on the task runner once control is back in the event loop (never from
inside ``data``); answers for an older ranking are dropped. ``reload_pages``
forgets the cache after a change, so what is on screen is read again as the file
holds it now; the order stays until the ranking is asked again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer

from crm_desktop.models.rules.validation import format_fen
from crm_desktop.models.services.completeness import IncompleteProfile
from crm_desktop.ui.base.list_table_model import AnyIndex, ListTableModel
from crm_desktop.ui.base.task_runner import TaskRunner
from crm_desktop.ui.profile.customer_words import fact_list

PAGE_SIZE = 100
PageFetcher = Callable[[Sequence[int]], list[IncompleteProfile]]


class RankedProfilesModel(ListTableModel):
    """Rows in ranking order; ``customer_id(row)`` is the id, ``profile(row)`` the row if read."""

    NAME, PHONE, SCORE, MISSING, BALANCE, SPEND = range(6)
    COLUMN_COUNT = 6

    def __init__(self, runner: TaskRunner, fetch: PageFetcher, parent: Any = None,
                 page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.runner = runner
        self.page_size = page_size
        self._fetch = fetch
        self._ids: Sequence[int] = ()
        self._pages: dict[int, dict[int, IncompleteProfile]] = {}
        self._asked: set[int] = set()
        self._generation = 0
        self.on_error: Callable[[BaseException], None] | None = None

    # -- what the view sets ---------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int]) -> None:
        """Show a new ranking; its first page is read at once."""
        self.beginResetModel()
        self._generation += 1
        self._ids = ids
        self._pages.clear()
        self._asked.clear()
        self.endResetModel()
        if ids:
            self._read_page(0)

    def reload_pages(self) -> None:
        """Read the rows again as the file holds them now (same order)."""
        self._generation += 1
        self._pages.clear()
        self._asked.clear()
        if self._ids:
            self._read_page(0)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, self.SPEND))

    def clear(self) -> None:
        self.set_ids(())

    def customer_id(self, row: int) -> int:
        return int(self._ids[row])

    def profile(self, row: int) -> IncompleteProfile | None:
        page = self._pages.get(row // self.page_size)
        return None if page is None else page.get(int(self._ids[row]))

    # -- paging -----------------------------------------------------------------------------------

    def _read_page(self, page: int) -> None:
        if page in self._asked:
            return
        self._asked.add(page)
        self._submit(page)

    def _submit(self, page: int) -> None:
        generation = self._generation
        ids = self._ids[page * self.page_size:(page + 1) * self.page_size]
        self.runner.submit(
            lambda: self._fetch(ids),
            on_done=lambda rows: self._page_read(generation, page, rows),
            on_error=lambda error: self._failed(generation, page, error),
        )

    def _page_read(self, generation: int, page: int, rows: list[IncompleteProfile]) -> None:
        if generation != self._generation:
            return
        self._pages[page] = {row.customer_id: row for row in rows}
        first = page * self.page_size
        last = min(len(self._ids), first + self.page_size) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.SPEND))

    def _failed(self, generation: int, page: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._asked.discard(page)
        if self.on_error is not None:
            self.on_error(error)

    # -- what the view reads ----------------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._ids)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Name"), self.tr("Phone"), self.tr("Complete"), self.tr("Missing"),
            self.tr("Stored balance"), self.tr("Spent, last 12 months"),
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.customer_id(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (
            self.SCORE, self.BALANCE, self.SPEND
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.profile(index.row())
        if row is None:
            page = index.row() // self.page_size
            if page not in self._asked:
                self._asked.add(page)
                # Not from inside data(): the answer changes the model.
                QTimer.singleShot(0, lambda p=page, g=self._generation: self._ask_later(p, g))
            return "…" if index.column() == self.NAME else ""
        return self._display(row, index.column())

    def _ask_later(self, page: int, generation: int) -> None:
        if generation == self._generation:
            self._submit(page)

    def _display(self, row: IncompleteProfile, column: int) -> str:
        if column == self.NAME:
            return row.name
        if column == self.PHONE:
            return row.phone or ""
        if column == self.SCORE:
            return f"{row.score}%"
        if column == self.MISSING:
            return fact_list(row.missing) if row.missing else self.tr("complete now")
        # Two decimals always: amounts line up in their right-aligned column.
        if column == self.BALANCE:
            return format_fen(row.balance_fen)
        return format_fen(row.spend_fen)
