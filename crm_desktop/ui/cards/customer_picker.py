"""Who gets the card: find an existing customer first, or type a new one, warned of duplicates.

The search runs as the clerk types (phone digits, a name, pinyin initials or a
card number). For a new customer the name, phone and ID number are checked as
typed; a phone already on file shows whose it is, with buttons to use that
customer or open their file instead of creating a second one. Both the search
and the look-up of the phone run on the worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.errors import DomainError
from crm_desktop.models.rules.validation import check_id_number, check_name, check_phone
from crm_desktop.models.services.customer_records import CustomerInput, SearchHit
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.ui.base.acting import while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import NOTICE_STYLE, refusal_label
from crm_desktop.ui.base.task_runner import describe_error

SEARCH_DELAY_MS = 150
MAX_HITS = 8


def hit_text(hit: SearchHit) -> str:
    parts = [hit.name, hit.phone or ""]
    if hit.card_numbers:
        parts.append(" ".join(hit.card_numbers[:2]))
    return "   ".join(p for p in parts if p)


class CustomerPicker(QWidget):
    """Emits ``open_customer_requested(id)`` when the clerk would rather open a duplicate."""

    open_customer_requested = Signal(int)
    choice_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search = context.service(CustomerSearch)
        self.customer_id: int | None = None
        self.customer_name = ""
        self.duplicate: SearchHit | None = None
        self._phone_asked: str | None = None  # the phone whose owner is being looked up

        self.existing_radio = QRadioButton(self.tr("Existing customer"))
        self.existing_radio.setObjectName("existing_customer")
        self.new_radio = QRadioButton(self.tr("New customer"))
        self.new_radio.setObjectName("new_customer")
        self.existing_radio.setChecked(True)
        modes = QHBoxLayout()
        modes.addWidget(self.existing_radio)
        modes.addWidget(self.new_radio)
        modes.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._existing_page())
        self.pages.addWidget(self._new_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(modes)
        layout.addWidget(self.pages)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self._take_first_hit)
        self.hits_list.currentItemChanged.connect(self._hit_chosen)
        self.new_radio.toggled.connect(self._mode_changed)

    # -- building ---------------------------------------------------------------------------

    def _existing_page(self) -> QWidget:
        page = QWidget()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("customer_search")
        self.search_edit.setPlaceholderText(self.tr("Phone, name, pinyin initials or card number"))
        self.search_edit.setClearButtonEnabled(True)
        self.hits_list = QListWidget()
        self.hits_list.setObjectName("customer_hits")
        self.hits_list.setMaximumHeight(120)
        self.chosen_label = QLabel(self.tr("No customer chosen yet"))
        self.chosen_label.setObjectName("chosen_customer")
        self.chosen_label.setStyleSheet("font-weight: 600;")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.hits_list)
        layout.addWidget(self.chosen_label)
        return page

    def _new_page(self) -> QWidget:
        page = QWidget()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("new_name")
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("new_phone")
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("new_id_number")
        self.id_edit.setPlaceholderText(self.tr("Optional"))
        self.gender_combo = QComboBox()
        self.gender_combo.setObjectName("new_gender")
        for label, code in ((self.tr("Not given"), ""), (self.tr("Male"), "M"),
                            (self.tr("Female"), "F")):
            self.gender_combo.addItem(label, code)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        for key, label, edit, check in (
            ("name", self.tr("Name"), self.name_edit, check_name),
            ("phone", self.tr("Mobile phone"), self.phone_edit, check_phone),
            ("id_number", self.tr("ID number"), self.id_edit, check_id_number),
        ):
            form.addRow(label, edit)
            error = refusal_label(f"{key}_error", hidden=True)
            form.addRow("", error)
            self.errors[key] = error
            edit.textEdited.connect(lambda _t, k=key, e=edit, c=check: self._check(k, e, c))
        form.addRow(self.tr("Gender"), self.gender_combo)
        self.duplicate_label = QLabel()
        self.duplicate_label.setObjectName("duplicate_warning")
        self.duplicate_label.setStyleSheet(NOTICE_STYLE)
        self.duplicate_label.setWordWrap(True)
        self.use_duplicate_button = QPushButton(self.tr("Use this customer"))
        self.open_duplicate_button = QPushButton(self.tr("Open their file"))
        for button in (self.use_duplicate_button, self.open_duplicate_button):
            button.setAutoDefault(False)
        self.use_duplicate_button.clicked.connect(self._use_duplicate)
        self.open_duplicate_button.clicked.connect(self._open_duplicate)
        duplicate_row = QHBoxLayout()
        duplicate_row.addWidget(self.duplicate_label, 1)
        duplicate_row.addWidget(self.use_duplicate_button)
        duplicate_row.addWidget(self.open_duplicate_button)
        self.duplicate_box = QWidget()
        self.duplicate_box.setLayout(duplicate_row)
        self.duplicate_box.setVisible(False)
        form.addRow(self.duplicate_box)
        return page

    # -- what the dialog asks -----------------------------------------------------------------

    def is_new(self) -> bool:
        return self.new_radio.isChecked()

    def select_existing(self, customer_id: int, name: str) -> None:
        self.customer_id = customer_id
        self.customer_name = name
        self.chosen_label.setText(self.tr("Card for: %1").replace("%1", name))
        self.existing_radio.setChecked(True)
        self.choice_changed.emit()

    def new_customer_input(self, marketing_consent: bool) -> CustomerInput:
        """The new customer as typed; ValidationError (with its field) when not acceptable."""
        return CustomerInput(
            name=check_name(self.name_edit.text()),
            phone=check_phone(self.phone_edit.text()),
            id_number=self.id_edit.text().strip() or None,
            gender=self.gender_combo.currentData() or None,
            marketing_consent=marketing_consent,
            consent_channel="in_person" if marketing_consent else None,
        )

    def holder_name(self) -> str:
        return self.name_edit.text().strip() if self.is_new() else self.customer_name

    def show_error(self, field: str | None, text: str) -> bool:
        """Show ``text`` beside a new-customer field; False when no field here has that name."""
        label = self.errors.get(field or "")
        if label is None or not self.is_new():
            return False
        label.setText(text)
        label.setVisible(True)
        return True

    def focus_first(self) -> None:
        (self.name_edit if self.is_new() else self.search_edit).setFocus()

    # -- reacting ---------------------------------------------------------------------------

    def search_now(self) -> None:
        self._timer.stop()
        query = self.search_edit.text().strip()
        if not query:
            self.hits_list.clear()
            return
        self.context.runner.submit(
            lambda: self.search.find(query, status="active", limit=MAX_HITS),
            on_done=self._show_hits,
            on_error=lambda error: self.chosen_label.setText(str(error)),
        )

    def _show_hits(self, page: object) -> None:
        self.hits_list.blockSignals(True)
        self.hits_list.clear()
        for hit in getattr(page, "hits", ()):
            item = QListWidgetItem(hit_text(hit))
            item.setData(Qt.ItemDataRole.UserRole, (hit.id, hit.name))
            self.hits_list.addItem(item)
        self.hits_list.blockSignals(False)
        if self.hits_list.count() == 0:
            self.chosen_label.setText(self.tr("Nobody found; choose New customer to add them."))

    def _take_first_hit(self) -> None:
        self.search_now()
        if self.hits_list.count():
            self.hits_list.setCurrentRow(0)

    def _hit_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            customer_id, name = item.data(Qt.ItemDataRole.UserRole)
            self.select_existing(customer_id, name)

    def _mode_changed(self, new: bool) -> None:
        self.pages.setCurrentIndex(1 if new else 0)
        if new and not self.name_edit.text() and not self.phone_edit.text():
            typed = self.search_edit.text().strip()
            target = self.phone_edit if typed.replace(" ", "").isdigit() else self.name_edit
            target.setText(typed)
            self._recheck()
        self.focus_first()
        self.choice_changed.emit()

    def _recheck(self) -> None:
        self._check("name", self.name_edit, check_name, quiet_when_empty=True)
        self._check("phone", self.phone_edit, check_phone, quiet_when_empty=True)

    def _check(
        self, key: str, edit: QLineEdit, check: Callable[[str], object],
        quiet_when_empty: bool = False,
    ) -> None:
        label = self.errors[key]
        text = edit.text()
        value = None
        if text.strip() or not quiet_when_empty:
            try:
                value = check(text)
            except DomainError as error:
                label.setText(str(error))
                label.setVisible(True)
                if key == "phone":
                    self._look_for_duplicate(None)  # a phone being retyped has no owner yet
                return
        label.clear()
        label.setVisible(False)
        if key == "phone":
            self._look_for_duplicate(value if isinstance(value, str) else None)
        self.choice_changed.emit()

    def _look_for_duplicate(self, phone: str | None) -> None:
        self.duplicate = None
        self.duplicate_box.setVisible(False)
        self._phone_asked = phone
        if not phone:
            return
        search = self.search
        self.context.runner.submit(
            lambda: (phone, search.by_phone(phone)),
            on_done=while_open(self, self._duplicate_found),
            on_error=while_open(self, self._duplicate_unknown),
        )

    def _duplicate_unknown(self, error: BaseException) -> None:
        self.show_error("phone", describe_error(error))

    def _duplicate_found(self, answer: tuple[str, SearchHit | None]) -> None:
        phone, hit = answer
        if phone != self._phone_asked or hit is None:
            return  # the phone was changed meanwhile, or nobody has it
        self.duplicate = hit
        self.duplicate_label.setText(
            self.tr("This phone is already on file for %1.").replace("%1", self.duplicate.name)
        )
        self.duplicate_box.setVisible(True)

    def _use_duplicate(self) -> None:
        if self.duplicate is not None:
            self.select_existing(self.duplicate.id, self.duplicate.name)

    def _open_duplicate(self) -> None:
        if self.duplicate is not None:
            self.open_customer_requested.emit(self.duplicate.id)

