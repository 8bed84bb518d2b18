"""The quality panels' shared parts: a read-only table of customers and the panel's layout.

Each row stands for one customer: Enter or a double click opens that customer's
profile. The panel reads top to bottom: the hint, the controls, the summary, a
refusal (hidden until there is one) and the table, which takes the room left.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui.base.style import HINT_STYLE


def hint_label(text: str) -> QLabel:
    """The grey sentence at the top of a panel that says what it is for."""
    hint = QLabel(text)
    hint.setWordWrap(True)
    hint.setStyleSheet(HINT_STYLE)
    return hint


def summary_label(name: str) -> QLabel:
    """The line under the controls that says what was found."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def customer_table(
    name: str, model: QAbstractItemModel, stretch_column: int,
    customer_id: Callable[[int], int], open_customer: Callable[[int], None],
) -> QTableView:
    """A read-only, one-row-at-a-time table; Enter or a double click opens the row's customer."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)

    def activated(index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            open_customer(customer_id(index.row()))

    table.activated.connect(activated)
    table.doubleClicked.connect(activated)
    return table


def lay_out_panel(
    panel: QWidget, hint: QLabel, controls: QHBoxLayout, summary: QLabel, error: QLabel,
    table: QTableView,
) -> None:
    """Stack the panel's parts; the table takes the height left."""
    layout = QVBoxLayout(panel)
    layout.addWidget(hint)
    layout.addLayout(controls)
    layout.addWidget(summary)
    layout.addWidget(error)
    layout.addWidget(table, 1)
