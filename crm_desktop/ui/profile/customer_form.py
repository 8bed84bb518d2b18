"""The customer file as a form: every field, checked as typed, saved with its version.

Each typed field runs the model's own check (``customer_records.check_field``) on every
edit and shows the reason beside it; Save sends the whole file with the version
it was opened at, so a change saved meanwhile by someone else is refused
(ConflictError) and what was typed here stays on screen. Every role sees phone
and ID numbers masked as the service returns them; the owner may "Show" one
(logged) and anyone who may write may "Change" it (see ``masked_number``), so a
mask is never saved as a number (the service reads an untouched mask as
"unchanged"). Member since (入会日期) is the owner's to correct; others see it read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.errors import DomainError
from crm_desktop.models.services.customer_records import (
    CHECKED_FIELDS,
    CustomerInput,
    CustomerRecord,
    check_member_since,
)
from crm_desktop.models.services.customer_records import (
    check_field as check_customer_field,
)
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.profile.customer_words import (
    consent_channel_choices,
    gender_choices,
    kind_choices,
    need_choices,
    record_stamps,
    source_choices,
    split_tags,
)
from crm_desktop.ui.profile.field_grid import REASON_STYLE, FieldGrid, show_reason
from crm_desktop.ui.profile.masked_number import MaskedNumber, reveal_number

Check = Callable[[str], object]


class CustomerForm(QWidget):
    """Shows one ``CustomerRecord``; ``saved(record)`` after a save went through."""

    saved = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.service = context.service(CustomerService)
        self.record: CustomerRecord | None = None
        self.dirty = False
        self._loading = False
        self.numbers: dict[str, MaskedNumber] = {}
        self._referrer_id: int | None = None
        self.lines: dict[str, QLineEdit] = {}
        self.checks: dict[str, Check] = {}
        self.reasons: dict[str, QLabel] = {}
        self.change_buttons: dict[str, QToolButton] = {}
        self.show_buttons: dict[str, QToolButton] = {}
        self.writable = context.can("customer.write")
        self.can_show = context.can("pii.full")
        self.corrects_member_since = self.writable and context.can("customer.member_since")

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self._basic_block())
        column.addWidget(self._address_block())
        column.addWidget(self._business_block())
        column.addWidget(self._contact_block())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        self.message_label = QLabel()
        self.message_label.setObjectName("form_message")
        self.message_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("save_customer")
        self.save_button.setAutoDefault(False)
        self.revert_button = QPushButton(self.tr("Undo changes"))
        self.revert_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        bar = QHBoxLayout()
        bar.addWidget(self.message_label, 1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        for widget in (self.save_button, self.revert_button):
            widget.setVisible(self.writable)
        if not self.writable:
            for edit in content.findChildren(QWidget):
                if isinstance(edit, QLineEdit | QPlainTextEdit):
                    edit.setReadOnly(True)
                elif isinstance(edit, QComboBox | QCheckBox | QToolButton):
                    edit.setEnabled(False)

    # -- building ---------------------------------------------------------------------------

    def _line(self, grid: FieldGrid, key: str, label: str, check: Check | None = None,
              *, wide: bool = False, maskable: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(key)
        holder: QWidget = edit
        if maskable:
            number = MaskedNumber(key, edit, can_show=self.can_show, writable=self.writable,
                                  parent=self)
            number.show_requested.connect(self.reveal)
            number.change_started.connect(lambda _k: self._touched())
            self.numbers[key] = number
            self.change_buttons[key] = number.change_button
            self.show_buttons[key] = number.show_button
            holder = number.holder
        self.reasons[key] = grid.add(key, label, holder, wide=wide)
        self.lines[key] = edit
        if check is None and key in CHECKED_FIELDS:
            check = partial(check_customer_field, key)  # the same check the service makes
        if check is not None:
            self.checks[key] = check
        edit.textEdited.connect(lambda _t, k=key: self._edited(k))
        return edit

    def _combo(self, grid: FieldGrid, key: str, label: str, choices: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        for code, text in choices.items():
            combo.addItem(text, code)  # codes are strings: "" means not given
        self.reasons[key] = grid.add(key, label, combo)
        combo.activated.connect(lambda _i: self._touched())
        return combo

    def _box(self, grid: FieldGrid, key: str, text: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(key)
        self.reasons[key] = grid.add(key, "", box)
        box.clicked.connect(lambda _c: self._touched())
        return box

    def _basic_block(self) -> FieldGrid:
        grid = FieldGrid(self.tr("Person"))
        self._line(grid, "name", self.tr("Name"))
        self.gender_combo = self._combo(grid, "gender", self.tr("Gender"), gender_choices())
        self._line(grid, "phone", self.tr("Mobile phone"), maskable=True)
        self._line(grid, "phone2", self.tr("Second phone"), maskable=True)
        self._line(grid, "birthday", self.tr("Birthday")).setPlaceholderText(
            "1990-01-05")
        self.lunar_box = self._box(grid, "birthday_lunar", self.tr("Lunar calendar birthday"))
        self._line(grid, "id_number", self.tr("ID number"), maskable=True)
        self._line(grid, "email", self.tr("Email"))
        since = self._line(grid, "member_since", self.tr("Member since"), check_member_since)
        since.setPlaceholderText("2019-03-02")
        if not self.corrects_member_since:
            since.setToolTip(self.tr("Only the owner may correct the member-since date."))
        return grid

    def _address_block(self) -> FieldGrid:
        grid = FieldGrid(self.tr("Address"))
        self._line(grid, "province", self.tr("Province"))
        self._line(grid, "city", self.tr("City"))
        self._line(grid, "district", self.tr("District"))
        self._line(grid, "address", self.tr("Street address"), wide=True)
        return grid

    def _business_block(self) -> FieldGrid:
        grid = FieldGrid(self.tr("Customer kind and source"))
        self.kind_combo = self._combo(grid, "kind", self.tr("Kind"), kind_choices())
        self._line(grid, "company", self.tr("Company"))
        self._line(grid, "contact_title", self.tr("Title"))
        self._line(grid, "industry", self.tr("Industry"))
        self.source_combo = self._combo(grid, "source", self.tr("Source"), source_choices())
        referrer = self._line(grid, "referrer_id", self.tr("Referred by"))
        referrer.setPlaceholderText(self.tr("Phone or card number of the member"))
        referrer.editingFinished.connect(self._resolve_referrer)
        self.need_combo = self._combo(grid, "need_type", self.tr("Cares most about"),
                                      need_choices())
        self._line(grid, "tags", self.tr("Tags"), split_tags).setPlaceholderText(
            self.tr("Interests, separated by commas"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notes")
        self.notes_edit.setFixedHeight(60)
        self.notes_edit.textChanged.connect(self._touched)
        self.reasons["notes"] = grid.add("notes", self.tr("Notes"), self.notes_edit, wide=True)
        self.kind_combo.activated.connect(lambda _i: self._kind_changed())
        return grid

    def _contact_block(self) -> FieldGrid:
        grid = FieldGrid(self.tr("Contact permission"))
        self.consent_box = self._box(grid, "marketing_consent",
                                     self.tr("Agrees to receive offers and greetings"))
        self.channel_combo = self._combo(grid, "consent_channel", self.tr("Agreed via"),
                                         consent_channel_choices())
        self.no_contact_box = self._box(grid, "do_not_contact", self.tr("Do not contact"))
        self.stamp_label = QLabel()
        self.stamp_label.setObjectName("stamps")
        self.stamp_label.setWordWrap(True)
        grid.add("stamps", "", self.stamp_label, wide=True)
        return grid

    # -- showing a record ---------------------------------------------------------------------

    def load(self, record: CustomerRecord) -> None:
        """Show ``record`` as saved; forgets unsaved edits and reasons."""
        self._loading = True
        self.record = record
        values: dict[str, Any] = {
            "name": record.name, "phone": record.phone, "phone2": record.phone2,
            "birthday": record.birthday.isoformat() if record.birthday else "",
            "id_number": record.id_number, "email": record.email, "province": record.province,
            "city": record.city, "district": record.district, "address": record.address,
            "company": record.company, "contact_title": record.contact_title,
            "industry": record.industry, "referrer_id": record.referrer_name,
            "tags": "、".join(record.tags),
            "member_since": record.member_since.isoformat() if record.member_since else "",
        }
        for key, edit in self.lines.items():
            text = str(values.get(key) or "")
            if key in self.numbers:
                self.numbers[key].load(text)
                continue
            edit.setText(text)
            edit.setReadOnly(not self.writable)
        self.lines["member_since"].setReadOnly(not self.corrects_member_since)
        self._referrer_id = record.referrer_id
        for combo, value in ((self.gender_combo, record.gender), (self.kind_combo, record.kind),
                             (self.source_combo, record.source),
                             (self.need_combo, record.need_type),
                             (self.channel_combo, record.consent_channel)):
            combo.setCurrentIndex(max(0, combo.findData(value or "")))
        self.lunar_box.setChecked(record.birthday_lunar)
        self.consent_box.setChecked(record.marketing_consent)
        self.no_contact_box.setChecked(record.do_not_contact)
        self.notes_edit.setPlainText(record.notes or "")
        self.stamp_label.setText(record_stamps(record))
        for label in self.reasons.values():
            show_reason(label, "")
        self._kind_changed()
        self._loading = False
        self.dirty = False
        self._say("")

    # -- editing ----------------------------------------------------------------------------

    def _touched(self) -> None:
        if not self._loading:
            self.dirty = True

    def _edited(self, key: str) -> None:
        self._touched()
        if key == "referrer_id":
            self._referrer_id = None
            return
        self.check_field(key)

    def check_field(self, key: str) -> bool:
        """Run the field's check now; shows the reason and returns False when it fails."""
        check = self.checks.get(key)
        if check is None or (key in self.numbers and self.numbers[key].untouched()):
            return True
        try:
            check(self.lines[key].text())
        except DomainError as error:
            show_reason(self.reasons[key], str(error))
            return False
        show_reason(self.reasons[key], "")
        return True

    def reason(self, key: str) -> str:
        """The reason shown beside ``key`` ("" when none)."""
        return self.reasons[key].text()

    def reveal(self, key: str) -> None:
        """The owner's "Show": the whole number (logged) into the read-only field."""
        if self.record is not None and key in self.numbers:
            record_id = self.record.id
            reveal_number(self.context, record_id, self.numbers[key], self.reasons[key],
                          still_shown=lambda: self.record is not None
                          and self.record.id == record_id)

    def conceal(self) -> None:
        """Mask again every shown number that was not taken into an edit."""
        for number in self.numbers.values():
            number.conceal()

    def _kind_changed(self) -> None:
        enterprise = self.kind_combo.currentData() == "enterprise"
        for key in ("company", "contact_title", "industry"):
            self.lines[key].setEnabled(enterprise or bool(self.lines[key].text()))

    def _resolve_referrer(self) -> None:
        edit = self.lines["referrer_id"]
        text = edit.text().strip()
        if self.record is not None and text == (self.record.referrer_name or ""):
            self._referrer_id = self.record.referrer_id
            return
        if not text:
            self._referrer_id = None
            show_reason(self.reasons["referrer_id"], "")
            return
        search = self.context.service(CustomerSearch)
        try:
            hit = search.by_card_number(text) or search.by_phone(text)
        except DomainError:
            hit = None
        if hit is None:
            show_reason(self.reasons["referrer_id"],
                        self.tr("No member has this phone or card number."))
            return
        self._referrer_id = hit.id
        edit.setText(hit.name)
        show_reason(self.reasons["referrer_id"], "")

    def _revert(self) -> None:
        if self.record is not None:
            self.load(self.record)

    # -- saving -----------------------------------------------------------------------------

    def current_input(self) -> CustomerInput:
        """The file as typed (masked numbers passed back untouched)."""
        assert self.record is not None

        def text(key: str) -> str | None:
            if key in self.numbers:
                return self.numbers[key].value_to_save()
            return self.lines[key].text().strip() or None

        return CustomerInput(
            name=self.lines["name"].text(), phone=text("phone"), phone2=text("phone2"),
            gender=self.gender_combo.currentData() or None, birthday=text("birthday"),
            birthday_lunar=self.lunar_box.isChecked(), email=text("email"),
            id_number=text("id_number"), address=text("address"), province=text("province"),
            city=text("city"), district=text("district"), kind=self.kind_combo.currentData(),
            company=text("company"), contact_title=text("contact_title"),
            industry=text("industry"), source=self.source_combo.currentData() or None,
            referrer_id=self._referrer_id, need_type=self.need_combo.currentData() or None,
            notes=self.notes_edit.toPlainText(),
            marketing_consent=self.consent_box.isChecked(),
            consent_channel=self.channel_combo.currentData() or None,
            do_not_contact=self.no_contact_box.isChecked(),
            tags=split_tags(self.lines["tags"].text()), member_since=text("member_since"),
        )

    def save(self) -> None:
        if self.record is None or not self.writable:
            return
        failed = [key for key in self.checks if not self.check_field(key)]
        if self.lines["referrer_id"].text().strip() and self._referrer_id is None:
            self._resolve_referrer()
            if self._referrer_id is None:
                failed.append("referrer_id")
        if failed:
            self.lines[failed[0]].setFocus()
            self._say(self.tr("Not saved: correct the fields marked in red."), error=True)
            return
        try:
            data = self.current_input()
        except DomainError as error:
            self._refused(error)
            return
        record = self.record
        self.save_button.setEnabled(False)
        self.context.runner.submit(
            lambda: self.service.update(record.id, data, record.version),
            on_done=self._saved, on_error=self._refused,
        )

    def _saved(self, record: CustomerRecord) -> None:
        self.save_button.setEnabled(True)
        self.load(record)
        self._say(self.tr("Saved."))
        self.saved.emit(record)

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        text = describe_error(error)
        field = getattr(error, "field", None)
        if field in self.reasons:
            show_reason(self.reasons[field], text)
            widget = self.lines.get(field)
            if widget is not None:
                widget.setFocus()
        self._say(self.tr("Not saved: %1").replace("%1", text), error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet(REASON_STYLE if error else "")
        self.message_label.setText(text)
