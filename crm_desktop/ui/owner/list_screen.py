"""The shape shared by the owner's list screens: a hint, a table, buttons, a message line.

``refresh`` asks the screen's ``read()`` on the task runner and fills the table
when the answer arrives (only the newest answer counts); the screen refreshes
itself when the change bus reports a change to one of its ``entities``. Enter or a
double click on a row runs the screen's main action (``activate_row``). Dialogs
open window-modal over the screen (``open_dialog``) and are kept in
``active_dialog`` while open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.changes import Change, Entity
from crm_desktop.ui.base.acting import ActionDialog, LatestAnswer
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_STYLE, refusal_label
from crm_desktop.ui.base.task_runner import describe_error


class _Table(QTableWidget):
    """A read-only table where Enter runs the screen's main action on the current row."""

    def __init__(self, on_enter: Callable[[], None]) -> None:
        super().__init__()
        self._on_enter = on_enter

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._on_enter()
            event.accept()
            return
        super().keyPressEvent(event)


class ListScreen(QWidget):
    """Base of the staff, card type and tier screens; ``records`` holds what the table shows.

    A screen says what to read (``read``), how a record reads as a row (``row``) and
    which value names it (``key_of``).
    """

    entities: tuple[Entity, ...] = ()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.records: list[Any] = []
        self.active_dialog: QDialog | None = None
        self._select_after: object | None = None
        self._reads = LatestAnswer(context.runner, self._answered, self._refused, self, delay_ms=0)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.table = _Table(self.activate_row)
        self.table.setObjectName("owner_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.activate_row())
        self.button_row = QHBoxLayout()
        self.error_label = refusal_label("screen_error", hidden=True)
        self.info_label = QLabel()
        self.info_label.setObjectName("screen_info")
        self.info_label.setStyleSheet(DONE_STYLE)
        self.info_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint_label)
        layout.addLayout(self.button_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.info_label)
        context.bus.subscribe(self, self.entities, self._changed)

    # -- what a screen provides -------------------------------------------------------------------

    def read(self) -> Callable[[], Sequence[Any]]:  # pragma: no cover - each screen defines it
        """Read the screen's filters now; return the call that lists its records (worker)."""
        raise NotImplementedError

    def row(self, record: Any) -> list[str]:  # pragma: no cover - each screen defines it
        raise NotImplementedError

    def key_of(self, record: Any) -> object:
        return record.id

    def activate_row(self) -> None:
        """Enter or double click on a row; screens override it."""

    # -- for subclasses ---------------------------------------------------------------------------

    def refresh(self, select: object | None = None) -> None:
        """Read the records again on the runner; ``select`` the row with that key once shown."""
        if select is not None:
            self._select_after = select
        self._reads.ask(self.read())
        self._reads.ask_now()

    def selected(self) -> Any | None:
        """The record of the chosen row, if any."""
        key = self.current_key()
        return next((r for r in self.records if self.key_of(r) == key), None)

    def open_record_dialog(self, dialog: ActionDialog, said: Callable[[Any], str]) -> None:
        """Open a dialog whose ``result`` is the record saved: then show it chosen, and ``said``."""

        def saved() -> None:
            if dialog.result is None:
                return
            self.refresh(select=self.key_of(dialog.result))
            self.show_info(said(dialog.result))

        self.open_dialog(dialog, saved)

    def set_headers(self, headers: Sequence[str]) -> None:
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))

    def add_button(self, text: str, clicked: Callable[[], None], name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: clicked())
        self.button_row.addWidget(button)
        return button

    def fill(self, rows: Sequence[Sequence[str]], keys: Sequence[object]) -> None:
        """Replace the table's rows; ``keys[i]`` is kept on row i (see ``current_key``)."""
        selected = self.current_key()
        self.table.setRowCount(len(rows))
        for r, (row, key) in enumerate(zip(rows, keys, strict=True)):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, key)
                self.table.setItem(r, c, item)
            if key == selected:
                self.table.selectRow(r)
        if self.table.currentRow() < 0 and rows:
            self.table.selectRow(0)

    def current_key(self) -> object | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def select_key(self, key: object) -> bool:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self.table.selectRow(row)
                return True
        return False

    def open_dialog(self, dialog: QDialog, on_accepted: Callable[[], None] | None = None) -> None:
        self.active_dialog = dialog
        dialog.setParent(self, dialog.windowFlags())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if on_accepted is not None:
            dialog.accepted.connect(on_accepted)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def show_error(self, error: BaseException | str) -> None:
        self.info_label.clear()
        self.error_label.setText(error if isinstance(error, str) else describe_error(error))
        self.error_label.show()

    def show_info(self, text: str) -> None:
        self.error_label.clear()
        self.error_label.hide()
        self.info_label.setText(text)

    # -- reacting -------------------------------------------------------------------------------

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        self.table.setFocus()

    def _changed(self, change: Change) -> None:
        self.refresh()

    def _answered(self, records: Sequence[Any]) -> None:
        self.records = list(records)
        self.fill([self.row(r) for r in self.records], [self.key_of(r) for r in self.records])
        if self._select_after is not None:
            self.select_key(self._select_after)
            self._select_after = None

    def _refused(self, error: BaseException) -> None:
        self._select_after = None
        self._answered([])
        self.show_error(error)
