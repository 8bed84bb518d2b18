"""One question of the dry run: what it is about, the rows it concerns and each row's answer.

A sentence says what the rows have in common; "For every row" answers them all at
once; each row's last column is a combo of the answers that row may take (open
for a few hundred rows, opened by a click in a longer list).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui.base.style import HINT_STYLE
from crm_desktop.ui.excel.choice_model import ALLOWED_ROLE, ANSWER_ROLE, ChoiceRow, RowChoiceModel

AnyIndex = QModelIndex | QPersistentModelIndex
SHOWN_OPEN = 300  # rows up to which every answer shows as an open combo
ANSWER_WIDTH = 300


class _AnswerDelegate(QStyledItemDelegate):
    """A combo of the answers a row may take; choosing one answers at once."""

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("row_answer")
        for code, label in index.data(ALLOWED_ROLE) or []:
            combo.addItem(label, code)
        combo.currentIndexChanged.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.blockSignals(True)
        editor.setCurrentIndex(max(editor.findData(index.data(ANSWER_ROLE)), 0))
        editor.blockSignals(False)

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class RowChoicePanel(QWidget):
    """A question's rows in a table; ``model`` keeps the answers."""

    def __init__(
        self,
        name: str,
        explanation: str,
        headers: list[str],
        answers: list[tuple[str, str]],
        stretch: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.model = RowChoiceModel(headers, answers, self)
        self.explanation = QLabel(explanation)
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet(HINT_STYLE)
        self.all_combo = QComboBox()
        self.all_combo.setObjectName(f"{name}_all")
        for code, label in answers:
            self.all_combo.addItem(label, code)
        self.all_button = QPushButton(self.tr("Apply to all rows"))
        self.all_button.setObjectName(f"{name}_apply_all")
        self.all_button.setAutoDefault(False)
        self.all_button.clicked.connect(self.answer_every_row)
        self.all_row = QWidget()
        every = QHBoxLayout(self.all_row)
        every.setContentsMargins(0, 0, 0, 0)
        every.addWidget(QLabel(self.tr("For every row:")))
        every.addWidget(self.all_combo)
        every.addWidget(self.all_button)
        every.addStretch(1)
        self.view = QTableView()
        self.view.setObjectName(f"{name}_table")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(len(headers) - 1, _AnswerDelegate(self.view))
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.CurrentChanged
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        heading = self.view.horizontalHeader()
        heading.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        heading.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self._stretch = stretch
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.all_row)
        layout.addWidget(self.view, 1)

    def show_rows(self, rows: list[ChoiceRow], *, askable: bool = True) -> None:
        """Show ``rows``; "For every row" only when some row may be answered."""
        self.model.set_rows(rows)
        self.all_row.setVisible(askable and any(len(r.allowed) > 1 for r in rows))
        self.all_combo.setCurrentIndex(max(self.all_combo.findData(self.model.default), 0))
        last = self.model.columnCount() - 1
        for column in range(last):
            if column != self._stretch:
                self.view.resizeColumnToContents(column)
                self.view.setColumnWidth(column, min(self.view.columnWidth(column), 200))
        self.view.setColumnWidth(last, ANSWER_WIDTH)
        few = len(rows) <= SHOWN_OPEN
        # Few rows: each answer is a visible combo and each row as tall as its text. Many: a
        # click opens the combo (one per row of a 100,000-row list would take minutes).
        self.view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if few else QHeaderView.ResizeMode.Interactive
        )
        if few:
            for position, row in enumerate(rows):
                if len(row.allowed) > 1:
                    self.view.openPersistentEditor(self.model.index(position, last))

    def answer_every_row(self) -> None:
        self.model.answer_all(str(self.all_combo.currentData()))

    def answer_row(self, sheet_row: int, code: str) -> bool:
        """Answer one row as its combo would; False when the row is not shown or may not."""
        position = self.model.find_row(sheet_row)
        if position < 0:
            return False
        index = self.model.index(position, self.model.columnCount() - 1)
        return self.model.setData(index, code)

    def answer_widget(self, sheet_row: int) -> QComboBox | None:
        """The open combo of ``sheet_row``'s answer, if it shows one."""
        position = self.model.find_row(sheet_row)
        if position < 0:
            return None
        found = self.view.indexWidget(self.model.index(position, self.model.columnCount() - 1))
        return found if isinstance(found, QComboBox) else None
