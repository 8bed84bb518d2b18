"""What is being sold, line by line: scan a barcode, press a favourite, or search by name.

The scan line takes what a barcode scanner types (digits, then Enter) or a part of
a name, pinyin initials or a category: Enter adds the item with that barcode, or
the only match; several matches show below to pick from (Down, then Enter, or a
double click). Favourites are buttons. Each line has its quantity and a remove
button; the list price of all lines (``total_fen``) follows them. Every look-up
runs on the worker; an empty list means the purchase is a plain amount.
``offered(bool)`` says, once the shop's list was read, whether it has anything to
pick (``has_items``; a shop that does not itemise never sees the picker).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.services.card_records import PricedLine, SaleLine
from crm_desktop.models.services.item_records import ItemRecord
from crm_desktop.models.services.items import ItemService
from crm_desktop.ui.base.acting import LatestAnswer, while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import HINT_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_text import money

MAX_MATCHES = 8
MAX_QUANTITY = 10_000  # what the service takes on one line
FAVOURITES_PER_ROW = 6
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
translate = QCoreApplication.translate


def fit_rows(table: QTableWidget, most: int = 5) -> None:
    """Make ``table`` as tall as its rows (up to ``most``; it scrolls beyond)."""
    shown = min(table.rowCount(), most)
    rows = sum(table.rowHeight(row) for row in range(shown))
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(header + rows + 2 * table.frameWidth())


def discount_text(line: PricedLine) -> str:
    """A line's own tier discount as the lines table shows it, or that visits pay for it."""
    if line.by_visit:
        return translate("ItemPicker", "paid by visits")
    return money(-line.discount_fen) if line.discount_fen else ""


class _ScanEdit(QLineEdit):
    """Enter with text is a scan (kept from the dialog's Confirm); Down goes to the matches."""

    scanned = Signal(str)
    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and self.text().strip():
            self.scanned.emit(self.text().strip())
            event.accept()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ItemPicker(QWidget):
    """The lines of a purchase; ``lines_changed`` whenever a line, or a quantity, changes."""

    lines_changed = Signal()
    offered = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("item_picker")
        self.items = context.service(ItemService)
        self.runner = context.runner
        self.records: list[ItemRecord] = []  # one per line, in the table's order
        self.favourite_buttons: list[QPushButton] = []
        self._searched = ""  # the text of the newest search asked while typing
        self.has_items = False

        self.scan_edit = _ScanEdit()
        self.scan_edit.setObjectName("item_scan")
        self.scan_edit.setPlaceholderText(self.tr("Scan a barcode or type a name (F3)"))
        self.scan_edit.setClearButtonEnabled(True)
        self.matches = QListWidget()
        self.matches.setObjectName("item_matches")
        self.matches.hide()
        self.matches.installEventFilter(self)
        self.message_label = QLabel()
        self.message_label.setObjectName("item_message")
        self.message_label.setStyleSheet(HINT_STYLE)
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.favourites = QGridLayout()
        self.favourites.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("item_lines")
        self.table.setHorizontalHeaderLabels([
            self.tr("Item"), self.tr("Price"), self.tr("Quantity"), self.tr("Amount"),
            self.tr("Discount"), "",
        ])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scan_edit)
        layout.addWidget(self.matches)
        layout.addWidget(self.message_label)
        layout.addLayout(self.favourites)
        layout.addWidget(self.table)

        self._searches = LatestAnswer(context.runner, self._search_answered, self._refused, self)
        self.scan_edit.textEdited.connect(self._typed)
        self.scan_edit.scanned.connect(self.look_up)
        self.scan_edit.down_pressed.connect(self._to_matches)
        self.matches.itemActivated.connect(self._match_chosen)
        self.matches.itemDoubleClicked.connect(self._match_chosen)
        focus = QShortcut(QKeySequence("F3"), self)
        focus.setContext(Qt.ShortcutContext.WindowShortcut)
        focus.activated.connect(self.scan_edit.setFocus)
        context.runner.submit(
            self.items.list,
            on_done=while_open(self, self._list_read),
            on_error=while_open(self, self._refused),
        )

    # -- what the dialog reads --------------------------------------------------------------

    @property
    def total_fen(self) -> int:
        """The list price of all lines (quantity × unit price, summed)."""
        return sum(record.price_fen * qty for record, qty in zip(
            self.records, self.quantities(), strict=True))

    def quantities(self) -> list[int]:
        return [self._spin(row).value() for row in range(self.table.rowCount())]

    def lines(self) -> list[SaleLine]:
        """The lines as the card service books them, each naming its item."""
        return [
            SaleLine(record.name, qty, record.price_fen, item_id=record.id)
            for record, qty in zip(self.records, self.quantities(), strict=True)
        ]

    def is_empty(self) -> bool:
        return not self.records

    def show_priced(self, lines: tuple[PricedLine, ...]) -> None:
        """Each line's own discount, from the preview of these very lines."""
        if [(line.item_id, line.quantity) for line in lines] != [
            (record.id, qty) for record, qty in zip(self.records, self.quantities(), strict=True)
        ]:
            return  # an answer for lines changed since; the newer one is on its way
        for row, line in enumerate(lines):
            self.table.setItem(row, 4, self._text_cell(discount_text(line)))

    # -- adding and removing ----------------------------------------------------------------

    def add(self, record: ItemRecord, quantity: int = 1) -> None:
        """Add ``quantity`` of ``record``: a new line, or more of the line it already has."""
        self._hint("")
        for row, held in enumerate(self.records):
            if held.id == record.id:
                spin = self._spin(row)
                spin.setValue(min(spin.value() + quantity, MAX_QUANTITY))
                return
        row = self.table.rowCount()
        self.records.append(record)
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(record.name))
        self.table.setItem(row, 1, self._money_cell(record.price_fen))
        spin = QSpinBox()
        spin.setObjectName("item_quantity")
        spin.setRange(1, MAX_QUANTITY)
        spin.setValue(min(quantity, MAX_QUANTITY))
        spin.valueChanged.connect(lambda _v, s=spin: self._quantity_changed(s))
        self.table.setCellWidget(row, 2, spin)
        self.table.setItem(row, 3, self._money_cell(record.price_fen * spin.value()))
        remove = QPushButton("×")
        remove.setObjectName("item_remove")
        remove.setToolTip(self.tr("Remove this line"))
        remove.setAutoDefault(False)
        remove.setFixedWidth(28)
        remove.clicked.connect(lambda _c=False, b=remove: self._remove(b))
        self.table.setCellWidget(row, 5, remove)
        self.table.show()
        fit_rows(self.table)
        self._clear_discounts()
        self.lines_changed.emit()

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.records):
            del self.records[row]
            self.table.removeRow(row)
            self.table.setVisible(bool(self.records))
            fit_rows(self.table)
            self._clear_discounts()
            self.lines_changed.emit()

    def look_up(self, text: str) -> None:
        """Enter in the scan line: the item with that barcode, else the only match, is added."""
        self._searched = ""  # a search still on its way would bring back stale matches
        items = self.items

        def find() -> tuple[ItemRecord | None, list[ItemRecord]]:
            found = items.by_barcode(text)
            return found, [] if found is not None else items.search(text, MAX_MATCHES)

        self.runner.submit(
            find,
            on_done=while_open(self, partial(self._looked_up, text)),
            on_error=while_open(self, self._refused),
        )

    # -- inside -----------------------------------------------------------------------------

    def _looked_up(self, text: str, answer: tuple[ItemRecord | None, list[ItemRecord]]) -> None:
        found, matches = answer
        if found is None and len(matches) == 1:
            found = matches[0]
        if found is not None:
            self.add(found)
            if self.scan_edit.text().strip() == text:
                self.scan_edit.clear()
            self._show_matches([])
            return
        self._show_matches(matches)
        if not matches:
            self._hint(self.tr("Nothing on the list matches %1.").replace("%1", text))
        else:
            self._hint(self.tr("Pick one of the matches (Down, then Enter)."))

    def _typed(self, text: str) -> None:
        wanted = text.strip()
        if not wanted:
            self._show_matches([])
            self._hint("")
            self._searched = ""
            return
        self._searched = wanted
        items = self.items
        self._searches.ask(lambda: (wanted, items.search(wanted, MAX_MATCHES)))

    def _search_answered(self, answer: tuple[str, list[ItemRecord]]) -> None:
        text, matches = answer
        if text and text == self._searched == self.scan_edit.text().strip():
            self._show_matches(matches)

    def _show_matches(self, matches: list[ItemRecord]) -> None:
        self.matches.clear()
        for record in matches:
            label = f"{record.name}   {money(record.price_fen)}"
            if record.category:
                label += f"   {record.category}"
            entry = QListWidgetItem(label)
            entry.setData(Qt.ItemDataRole.UserRole, record)
            self.matches.addItem(entry)
        self.matches.setVisible(bool(matches))
        if matches:
            self.matches.setCurrentRow(0)
            shown = min(len(matches), 4) * self.matches.sizeHintForRow(0)
            self.matches.setFixedHeight(shown + 2 * self.matches.frameWidth())

    def _to_matches(self) -> None:
        if self.matches.count():
            self.matches.setFocus()

    def _match_chosen(self, entry: QListWidgetItem) -> None:
        record = entry.data(Qt.ItemDataRole.UserRole)
        if isinstance(record, ItemRecord):
            self.add(record)
            self.scan_edit.clear()
            self._show_matches([])
            self.scan_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on a match picks it; left to the list it would reach the dialog and book.
        if (watched is self.matches and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() in _ENTER):
            current = self.matches.currentItem()
            if current is not None:
                self._match_chosen(current)
            return True
        return super().eventFilter(watched, event)

    def _list_read(self, records: list[ItemRecord]) -> None:
        favourites = [record for record in records if record.favourite]
        for index, record in enumerate(favourites):
            button = QPushButton(record.name)
            button.setObjectName(f"favourite_{record.id}")
            button.setToolTip(money(record.price_fen))
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, r=record: self.add(r))
            self.favourites.addWidget(
                button, index // FAVOURITES_PER_ROW, index % FAVOURITES_PER_ROW)
            self.favourite_buttons.append(button)
        self.has_items = bool(records)
        self.offered.emit(self.has_items)

    def _quantity_changed(self, spin: QSpinBox) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 2) is spin:
                amount = self.records[row].price_fen * spin.value()
                self.table.setItem(row, 3, self._money_cell(amount))
        self._clear_discounts()
        self.lines_changed.emit()

    def _remove(self, button: QPushButton) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 5) is button:
                self.remove_row(row)
                return

    def _spin(self, row: int) -> QSpinBox:
        spin = self.table.cellWidget(row, 2)
        assert isinstance(spin, QSpinBox)
        return spin

    @staticmethod
    def _money_cell(amount_fen: int) -> QTableWidgetItem:
        return ItemPicker._text_cell(money(amount_fen))

    @staticmethod
    def _text_cell(text: str) -> QTableWidgetItem:
        cell = QTableWidgetItem(text)
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return cell

    def _clear_discounts(self) -> None:
        for row in range(self.table.rowCount()):
            self.table.setItem(row, 4, self._text_cell(""))

    def _hint(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _refused(self, error: BaseException) -> None:
        self._hint(describe_error(error))
