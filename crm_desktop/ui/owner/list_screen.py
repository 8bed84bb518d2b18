"""The shape shared by the owner's list screens: a hint, a table, buttons, a message line.

A screen fills the table from a service on ``refresh`` and refreshes itself when
the change bus reports a change to one of its ``entities``. Enter or a double
click on a row runs the screen's main action (``activate_row``). Dialogs open
window-modal over the screen (``open_dialog``) and are kept in ``active_dialog``
while open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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

from crm_desktop.models.db import Change
from crm_desktop.ui.app_context import AppContext
from crm_desktop.ui.owner.form_feedback import error_label
from crm_desktop.ui.task_runner import describe_error

INFO_STYLE = "color: #1b5e20;"


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
    """Base of the staff, card type and tier screens."""

    entities: tuple[str, ...] = ()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog: QDialog | None = None
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
        self.error_label = error_label("screen_error")
        self.info_label = QLabel()
        self.info_label.setObjectName("screen_info")
        self.info_label.setStyleSheet(INFO_STYLE)
        self.info_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint_label)
        layout.addLayout(self.button_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.info_label)
        context.bus.changed.connect(self._changed)

    # -- for subclasses ---------------------------------------------------------------------------

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

    def refresh(self) -> None:  # pragma: no cover - each screen defines it
        raise NotImplementedError

    def activate_row(self) -> None:
        """Enter or double click on a row; screens override it."""

    # -- reacting -------------------------------------------------------------------------------

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        self.table.setFocus()

    def _changed(self, change: Change) -> None:
        if change.entity in self.entities:
            self.refresh()
