"""办卡 in one dialog: who, which card, what is paid today, then a confirmation, then done.

Page one takes the customer (found, or typed new), the card type, tier, number
(scanned, or empty for the shop's next number), fee, first top-up with its
payment method and the bonus its rule gives, an optional PIN and marketing
consent. Page two says what will be charged and what the card will hold; Enter
books it. A new customer's file is opened first and the card issued right after,
on the task runner; if the card is then refused, the dialog keeps everything
typed and goes on with the file just opened, so no duplicate is ever made.
The card types, tiers and the customer asked for are read on the worker: the
dialog opens at once and Next waits until they are in.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.errors import DomainError, ValidationError
from crm_desktop.models.rules.card_rules import (
    TOPUP_METHODS,
    bonus_for,
    holds_stored_value,
    parse_yuan,
)
from crm_desktop.models.services.card_identity import check_pin_format
from crm_desktop.models.services.card_records import CardRecord, CardTypeRecord, TierRecord
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput, CustomerRecord
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.ui.base.acting import Op, Refusals, while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_EMPHASIS_STYLE, refusal_label
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_text import balance_text, money, type_with_kind
from crm_desktop.ui.cards.customer_picker import CustomerPicker
from crm_desktop.ui.cards.issue_plan import IssuePlan, issue_receipt, plan_summary_html
from crm_desktop.ui.cards.money_dialogs import amount_edit, method_combo
from crm_desktop.ui.receipts import ReceiptButtons

Loaded = tuple[list[CardTypeRecord], list[TierRecord], CustomerRecord | None]


class IssueCardDialog(QDialog):
    """``card`` is the issued card once booked; ``customer_id`` its holder."""

    card_issued = Signal(object)
    open_customer_requested = Signal(int)

    def __init__(
        self, context: AppContext, customer_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.cards = context.service(CardService)
        self.customers = context.service(CustomerService)
        self.card: CardRecord | None = None
        self.customer_id: int | None = None
        self.plan: IssuePlan | None = None
        self.setWindowTitle(self.tr("Issue a membership card"))
        self.setMinimumWidth(600)
        self.card_types: list[CardTypeRecord] = []
        self.tiers: list[TierRecord] = []

        self.picker = CustomerPicker(context)
        self.picker.open_customer_requested.connect(self._open_other)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._form_page())
        self.pages.addWidget(self._confirm_page())
        self.error_label = refusal_label()
        self.refusals = Refusals(self.error_label, self.fields)
        self.receipt_buttons = ReceiptButtons(context)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setAutoDefault(False)
        self.back_button.setVisible(False)
        self.next_button = QPushButton(self.tr("Next: check and confirm"))
        self.next_button.setObjectName("confirm")
        self.next_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Cancel"))
        self.close_button.setAutoDefault(False)
        self.back_button.clicked.connect(self._back)
        self.next_button.clicked.connect(self.advance)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.receipt_buttons)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self.next_button.setEnabled(False)  # until the card types are in
        catalog, customers = context.service(CatalogService), self.customers

        def load() -> Loaded:
            holder = customers.get(customer_id) if customer_id is not None else None
            return catalog.list_card_types(), catalog.list_tiers(), holder

        context.runner.submit(load, on_done=while_open(self, self._loaded),
                              on_error=while_open(self, self.refusals.show))
        self.picker.focus_first()

    def _loaded(self, loaded: Loaded) -> None:
        self.card_types, self.tiers, holder = loaded
        self.type_combo.blockSignals(True)
        for card_type in self.card_types:
            self.type_combo.addItem(
                f"{type_with_kind(card_type.name, card_type.kind)} · {money(card_type.price_fen)}",
                card_type.id)
        self.type_combo.blockSignals(False)
        for tier in self.tiers:
            self.tier_combo.addItem(tier.name, tier.id)
        if holder is not None and self.picker.customer_id is None and not self.picker.is_new():
            self.picker.select_existing(holder.id, holder.name)
            self.consent_box.setChecked(holder.marketing_consent)
        self.next_button.setEnabled(True)
        self._type_changed()

    # -- page one ---------------------------------------------------------------------------

    def _form_page(self) -> QWidget:
        page = QWidget()
        who = QGroupBox(self.tr("Customer"))
        QVBoxLayout(who).addWidget(self.picker)
        card_box = QGroupBox(self.tr("Card"))
        form = QFormLayout(card_box)
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("card_type")
        self.tier_combo = QComboBox()
        self.tier_combo.setObjectName("tier")
        self.tier_combo.addItem(self.tr("Starting tier"), 0)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("card_number")
        self.number_edit.setPlaceholderText(self.tr("Scan the card, or leave empty for a new number"))
        self.fee_edit = amount_edit("0")
        self.fee_edit.setObjectName("fee")
        self.topup_edit = amount_edit(self.tr("Optional, e.g. 500"))
        self.topup_edit.setObjectName("first_topup")
        self.method_combo = method_combo(TOPUP_METHODS, "cash")
        self.method_combo.setObjectName("payment_method")
        self.bonus_label = QLabel()
        self.bonus_label.setObjectName("bonus")
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(6)
        self.pin_edit.setValidator(QRegularExpressionValidator(r"\d{0,6}", self.pin_edit))
        self.pin_edit.setPlaceholderText(self.tr("Optional: 6 digits the customer chooses"))
        self.consent_box = QCheckBox(self.tr("Agrees to receive offers and greetings"))
        self.consent_box.setObjectName("marketing_consent")
        form.addRow(self.tr("Card type"), self.type_combo)
        form.addRow(self.tr("Tier"), self.tier_combo)
        form.addRow(self.tr("Card number"), self.number_edit)
        form.addRow(self.tr("Card fee (yuan)"), self.fee_edit)
        form.addRow(self.tr("First top-up (yuan)"), self.topup_edit)
        form.addRow(self.tr("Paid by"), self.method_combo)
        form.addRow(self.tr("Bonus"), self.bonus_label)
        form.addRow(self.tr("Payment PIN"), self.pin_edit)
        form.addRow("", self.consent_box)
        self.fields: dict[str, QWidget] = {
            "number": self.number_edit, "fee": self.fee_edit, "first_topup": self.topup_edit,
            "payment_method": self.method_combo, "pin": self.pin_edit,
            "marketing_consent": self.consent_box,
        }
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.topup_edit.textChanged.connect(self._show_bonus)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(who)
        layout.addWidget(card_box)
        return page

    def _card_type(self) -> CardTypeRecord | None:
        wanted = self.type_combo.currentData()
        return next((t for t in self.card_types if t.id == wanted), None)

    def _type_changed(self) -> None:
        card_type = self._card_type()
        if card_type is None:
            self.refusals.show_text(
                self.tr("No card type yet. Add them under Shop admin → Card types…, or add a "
                        "whole set at once under Shop admin → Starter set….")
                if self.context.can("catalog.manage") else
                self.tr("No card type yet, so no card can be issued. Ask the owner to add card "
                        "types (Shop admin → Card types…)."))
            return
        self.fee_edit.setText(f"{card_type.price_fen / 100:.2f}".rstrip("0").rstrip("."))
        takes_money = holds_stored_value(card_type.kind)
        self.topup_edit.setEnabled(takes_money)
        if not takes_money:
            self.topup_edit.clear()
        self._show_bonus()

    def _show_bonus(self) -> None:
        card_type = self._card_type()
        try:
            topup = self._amount(self.topup_edit, "first_topup")
        except ValidationError as error:
            self.bonus_label.setText(str(error))
            return
        bonus = bonus_for(topup, card_type.bonus_rules) if card_type and topup else 0
        self.bonus_label.setText(money(bonus))

    @staticmethod
    def _amount(edit: QLineEdit, field: str) -> int:
        return parse_yuan(edit.text(), field)  # an empty box is nothing to pay

    def make_plan(self) -> IssuePlan:
        """The request as typed, checked; ValidationError naming the field otherwise."""
        card_type = self._card_type()
        if card_type is None:
            text = self.tr("Choose a card type.")
            raise ValidationError("invalid.card_type", text, text, field="card_type")
        if self.picker.is_new():
            self.picker.new_customer_input(self.consent_box.isChecked())
        elif self.picker.customer_id is None:
            text = self.tr("Find and choose the customer first, or choose New customer.")
            raise ValidationError("invalid.customer", text, text, field="customer")
        topup = self._amount(self.topup_edit, "first_topup")
        pin = self.pin_edit.text().strip() or None
        if pin is not None:
            check_pin_format(pin)
        expires = (date.today() + timedelta(days=card_type.validity_days)
                   if card_type.validity_days else None)
        return IssuePlan(
            card_type=card_type, tier_id=self.tier_combo.currentData() or None,
            number=self.number_edit.text().strip() or None,
            fee_fen=self._amount(self.fee_edit, "fee"), topup_fen=topup,
            bonus_fen=bonus_for(topup, card_type.bonus_rules) if topup else 0,
            method=self.method_combo.currentData(), pin=pin,
            consent=self.consent_box.isChecked(), expires_on=expires,
        )

    # -- page two ---------------------------------------------------------------------------

    def _confirm_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel(self.tr("Check with the customer, then press Enter to issue and charge."))
        heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        heading.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet("font-size: 11pt;")
        self.summary_label.setObjectName("confirmation")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setWordWrap(True)
        self.done_label = QLabel()
        self.done_label.setObjectName("done")
        self.done_label.setStyleSheet(DONE_EMPHASIS_STYLE)
        self.done_label.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(heading)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.done_label)
        layout.addStretch(1)
        return page

    def confirmation_html(self, plan: IssuePlan) -> str:
        holder = self.picker.holder_name()
        if self.picker.is_new():
            holder = self.tr("%1 (new customer)").replace("%1", holder)
        return plan_summary_html(plan, holder)

    # -- flow -------------------------------------------------------------------------------

    def advance(self) -> None:
        """Enter: page one → confirmation → booked → close."""
        if self.focusWidget() is self.picker.search_edit:
            # Enter in the search box chose the customer; the card comes next, not the charge.
            self.type_combo.setFocus()
            return
        if self.card is not None:
            self.accept()
        elif self.pages.currentIndex() == 0:
            self._to_confirmation()
        else:
            self._book()

    def _to_confirmation(self) -> None:
        try:
            self.plan = self.make_plan()
        except DomainError as error:
            self._refused(error)
            return
        self.refusals.clear()
        self.summary_label.setText(self.confirmation_html(self.plan))
        self.pages.setCurrentIndex(1)
        self.back_button.setVisible(True)
        self.next_button.setText(self.tr("Issue card and charge"))
        self.next_button.setFocus()

    def _back(self) -> None:
        self.pages.setCurrentIndex(0)
        self.back_button.setVisible(False)
        self.next_button.setText(self.tr("Next: check and confirm"))
        self.picker.focus_first()

    def _book(self) -> None:
        plan = self.plan
        assert plan is not None
        new_input = (self.picker.new_customer_input(plan.consent)
                     if self.picker.is_new() else None)
        existing = self.picker.customer_id
        Op(self.context.runner, lambda: self._issue(plan, new_input, existing)).guarding(
            self.next_button).refusals(self._refused).on_done(self._issued).run()

    def _issue(
        self, plan: IssuePlan, new_input: CustomerInput | None, existing: int | None
    ) -> CardRecord:
        # Runs on the worker: service calls only, no widgets.
        if new_input is not None:
            self.customer_id = self.customers.create(new_input).id
        else:
            self.customer_id = existing
        assert self.customer_id is not None
        card = self.cards.issue(
            self.customer_id, plan.card_type.id, tier_id=plan.tier_id, number=plan.number,
            fee_fen=plan.fee_fen, first_topup_fen=plan.topup_fen, payment_method=plan.method,
            pin=plan.pin,
        )
        if new_input is None:
            record = self.customers.get(self.customer_id)
            if plan.consent and not record.marketing_consent:
                given = replace(CustomerInput.from_record(record), marketing_consent=True,
                                consent_channel="in_person")
                self.customers.update(record.id, given, record.version)
        return card

    def _issued(self, card: CardRecord) -> None:
        assert self.plan is not None
        self.card = card
        self.done_label.setText(
            self.tr("Card %1 issued to %2. It holds: %3.")
            .replace("%1", card.number).replace("%2", card.customer_name)
            .replace("%3", balance_text(card.principal_fen, card.bonus_fen, card.points,
                                        card.counts_left, card.kind)))
        self.receipt_buttons.set_result(
            issue_receipt(card, self.plan, self.context.actor.username))
        self.back_button.setVisible(False)
        self.next_button.setText(self.tr("Done"))
        self.close_button.setVisible(False)
        self.next_button.setFocus()
        self.card_issued.emit(card)

    def _refused(self, error: BaseException) -> None:
        if self.picker.is_new() and self.customer_id is not None:
            # The file was opened before the card was refused: carry on with it.
            self.picker.select_existing(self.customer_id, self.picker.holder_name())
        field = getattr(error, "field", None)
        if field in self.fields or self.picker.show_error(field, describe_error(error)):
            self._back()  # the field it names is on the form
        self.refusals.show(error)

    def _open_other(self, customer_id: int) -> None:
        self.open_customer_requested.emit(customer_id)
        self.reject()

    def reject(self) -> None:
        if self.card is not None:
            self.accept()
            return
        super().reject()
