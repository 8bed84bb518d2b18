"""Money at the counter: top up (充值), purchase (消费), redeem points (积分兑换), use a visit (核销).

Each dialog previews through the same rules the service books with (the
service's preview methods, or ``card_rules`` for points), so the bonus, the
tier discount, the points and the balance after are on screen before Enter.
What needs the file (a preview, the bonus offers, the redemption rate) is read
on the worker; the dialog opens at once and fills it in when it arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from crm_desktop.models.rules.card_rules import (
    MAX_COUNTS_AT_ONCE,
    SALE_METHODS,
    TOPUP_METHODS,
    counts_visits,
    holds_stored_value,
    holds_visits,
    parse_yuan,
    redeem_value_fen,
)
from crm_desktop.models.services.card_records import (
    CardRecord,
    CardTypeRecord,
    ConsumePreview,
    MoneyResult,
    TopUpPreview,
)
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.ui.base.acting import while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import REFUSAL_STYLE
from crm_desktop.ui.cards.card_action_dialog import (
    CardActionDialog,
    preview_row,
    preview_table,
)
from crm_desktop.ui.cards.card_text import method_names, money
from crm_desktop.ui.cards.item_picker import ItemPicker
from crm_desktop.ui.owner.yuan import yuan_input

# Eight digits and more are beyond any amount the counter takes (EAN-8 and longer codes).
BARCODE_DIGITS = 8


def method_combo(methods: tuple[str, ...], selected: str) -> QComboBox:
    combo = QComboBox()
    names = method_names()
    for code in methods:
        combo.addItem(names[code], code)
    combo.setCurrentIndex(max(0, combo.findData(selected)))
    return combo


def amount_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(16)
    return edit


class TopUpDialog(CardActionDialog):
    """充值: money paid onto the card plus the bonus its card type's rule gives."""

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        super().__init__(context, card, parent)
        self.setWindowTitle(self.tr("Top up card %1").replace("%1", card.number))
        self.confirm_button.setText(self.tr("Top up"))
        self.amount_edit = amount_edit(self.tr("Amount paid in yuan, e.g. 100"))
        self.amount_edit.setObjectName("amount")
        self.method_combo = method_combo(TOPUP_METHODS, "cash")
        self.method_combo.setObjectName("payment_method")
        self.rules_label = QLabel()
        self.rules_label.setObjectName("bonus_rules")
        self.rules_label.setWordWrap(True)
        self.form.addRow(self.tr("Amount (yuan)"), self.amount_edit)
        self.form.addRow(self.tr("Paid by"), self.method_combo)
        self.form.addRow(self.tr("Offers"), self.rules_label)
        self.refusals.fields.update(amount=self.amount_edit, payment_method=self.method_combo)
        self.amount_edit.textChanged.connect(self.refresh_preview)
        self.amount_edit.setFocus()
        catalog = context.service(CatalogService)
        context.runner.submit(
            lambda: catalog.list_card_types(True),
            on_done=while_open(self, self._show_rules),
            on_error=while_open(self, self.refusals.show),
        )

    def _show_rules(self, card_types: list[CardTypeRecord]) -> None:
        assert self.card is not None
        kind = next((t for t in card_types if t.id == self.card.card_type_id), None)
        self.rules_label.setText(self._rules_text(kind))

    def _rules_text(self, kind: CardTypeRecord | None) -> str:
        if kind is None or not kind.bonus_rules:
            return self.tr("No bonus on this card type")
        return "  ".join(
            self.tr("Pay %1, get %2 free").replace("%1", money(pay)).replace("%2", money(bonus))
            for pay, bonus in kind.bonus_rules
        )

    def preview_read(self) -> Callable[[], TopUpPreview] | None:
        assert self.card is not None
        text = self.amount_edit.text().strip()
        if not text:
            return None
        return partial(self.cards.preview_top_up, self.card.id,
                       parse_yuan(text, allow_zero=False))

    def preview_text(self, quote: TopUpPreview) -> str:
        return preview_table(
            preview_row(self.tr("Top-up"), money(quote.amount_fen)),
            preview_row(self.tr("Bonus"), money(quote.bonus_fen)),
            preview_row(self.tr("Balance before"), money(quote.balance_before_fen)),
            preview_row(self.tr("Balance after"), money(quote.balance_after_fen)),
        )

    def booking(self, pin: str | None) -> Callable[[], MoneyResult]:
        assert self.card is not None
        amount = parse_yuan(self.amount_edit.text(), allow_zero=False)
        return partial(self.cards.top_up, self.card.id, amount, self.method_combo.currentData())

    def done_text(self, result: MoneyResult) -> str:
        return (
            self.tr("Topped up %1 with %2 bonus. Balance now %3.")
            .replace("%1", money(result.amount_fen))
            .replace("%2", money(result.bonus_fen))
            .replace("%3", money(result.balance_after_fen))
        )


class ConsumeDialog(CardActionDialog):
    """消费: a purchase at list price; the tier's discount and the points show before booking.

    Items picked (``picker``) make the amount: it follows their lines, each with its own
    discount; with no lines the amount is typed as a plain sum.
    """

    takes_pin = True

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        super().__init__(context, card, parent)
        self.setWindowTitle(self.tr("Purchase on card %1").replace("%1", card.number))
        self.confirm_button.setText(self.tr("Book purchase"))
        self.amount_edit = amount_edit(self.tr("List price in yuan, before discount"))
        self.amount_edit.setObjectName("amount")
        default = "stored_value" if holds_stored_value(card.kind) else "cash"
        self.method_combo = method_combo(SALE_METHODS, default)
        self.method_combo.setObjectName("payment_method")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setPlaceholderText(self.tr("What was bought (optional)"))
        self.picker = ItemPicker(context)
        self.form.addRow(self.tr("Amount (yuan)"), self.amount_edit)
        self.form.addRow(self.tr("Items"), self.picker)
        self.form.addRow(self.tr("Paid by"), self.method_combo)
        self.form.addRow(self.tr("Note"), self.note_edit)
        self.add_pin_row()
        self.refusals.fields.update(amount=self.amount_edit, payment_method=self.method_combo,
                                    note=self.note_edit, lines=self.picker.scan_edit,
                                    item=self.picker.scan_edit, quantity=self.picker.scan_edit)
        self.amount_edit.textChanged.connect(self.refresh_preview)
        self.method_combo.currentIndexChanged.connect(self.refresh_preview)
        self.picker.lines_changed.connect(self._lines_changed)
        self.picker.offered.connect(lambda on: self.form.setRowVisible(self.picker, on))
        self.form.setRowVisible(self.picker, self.picker.has_items)  # the list may be read already
        self.amount_edit.setFocus()

    def needs_pin(self) -> bool:
        if self.method_combo.currentData() == "stored_value":
            return True
        # Only visits pay for it: the service takes them off the card with the PIN.
        records = self.picker.records
        return bool(records and self.card and holds_visits(self.card.kind)
                    and all(r.uses_visit for r in records))

    def _lines_changed(self) -> None:
        """The amount follows the lines; with none left it is typed again."""
        itemised = not self.picker.is_empty()
        self.amount_edit.setReadOnly(itemised)
        self.amount_edit.setText(yuan_input(self.picker.total_fen) if itemised else "")
        if itemised and self.amount_edit.hasFocus():
            self.picker.scan_edit.setFocus()  # the next scan must not land in a closed box
        self.refresh_preview()

    def submit(self) -> None:
        code = self.amount_edit.text().strip()
        if (self.picker.has_items and not self.amount_edit.isReadOnly() and code.isdigit()
                and len(code) >= BARCODE_DIGITS):
            # A scanner typed into the amount box: no amount is that large, so it is an item.
            self.amount_edit.clear()
            self.picker.scan_edit.setFocus()
            self.picker.look_up(code)
            return
        super().submit()

    def preview_read(self) -> Callable[[], tuple[str, ConsumePreview]] | None:
        assert self.card is not None
        method = self.method_combo.currentData()
        if not self.picker.is_empty():
            lines = partial(self.cards.preview_consume, self.card.id, 0, method,
                            self.picker.lines())
            return lambda: (method, lines())
        text = self.amount_edit.text().strip()
        if not text:
            return None
        quote = partial(self.cards.preview_consume, self.card.id,
                        parse_yuan(text, allow_zero=False), method)
        return lambda: (method, quote())

    def preview_text(self, answer: tuple[str, ConsumePreview]) -> str:
        method, quote = answer
        self.picker.show_priced(quote.lines)
        tier = quote.tier_name or self.tr("no tier")
        rows = [
            preview_row(self.tr("List price"), money(quote.amount_fen)),
            preview_row(
                self.tr("Discount (%1, pays %2%)").replace("%1", tier)
                .replace("%2", str(quote.price_percent)),
                money(-quote.discount_fen),
            ),
            preview_row(self.tr("To pay"), money(quote.payable_fen)),
            preview_row(self.tr("Points earned"), f"+{quote.points_earned}"),
        ]
        if quote.counts_used:
            rows.append(preview_row(self.tr("Visits used"), f"-{quote.counts_used}"))
        if method == "stored_value":
            rows += [
                preview_row(self.tr("Balance before"), money(quote.balance_before_fen)),
                preview_row(self.tr("Balance after"), money(quote.balance_after_fen)),
            ]
        html = preview_table(*rows)
        if method == "stored_value" and not quote.covered_by_balance:
            html += "<p style='{}'>{}</p>".format(
                REFUSAL_STYLE,
                self.tr("The balance does not cover this; choose another way to pay.")
            )
        return html

    def booking(self, pin: str | None) -> Callable[[], MoneyResult]:
        assert self.card is not None
        if not self.picker.is_empty():
            return partial(
                self.cards.consume, self.card.id, 0, self.method_combo.currentData(), pin=pin,
                note=self.note_edit.text(), lines=self.picker.lines(),
            )
        return partial(
            self.cards.consume, self.card.id, parse_yuan(self.amount_edit.text(), allow_zero=False),
            self.method_combo.currentData(), pin=pin, note=self.note_edit.text(),
        )

    def done_text(self, result: MoneyResult) -> str:
        return (
            self.tr("Booked %1 (discount %2), %3 points. Balance now %4.")
            .replace("%1", money(result.paid_fen))
            .replace("%2", money(result.discount_fen))
            .replace("%3", f"{result.points_change:+d}")
            .replace("%4", money(result.balance_after_fen))
        )


class RedeemPointsDialog(CardActionDialog):
    """积分兑换: points off the card for a gift or money off, worth shown at the shop's rate."""

    takes_pin = True

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        super().__init__(context, card, parent)
        self.setWindowTitle(self.tr("Redeem points on card %1").replace("%1", card.number))
        self.confirm_button.setText(self.tr("Redeem"))
        self.rate: int | None = None  # points per yuan, read from the shop's settings
        self.points_spin = QSpinBox()
        self.points_spin.setObjectName("points")
        # Starts at 0 so that an Enter pressed too early redeems nothing.
        self.points_spin.setRange(0, max(card.points, 0))
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setPlaceholderText(self.tr("Gift or what the points pay for"))
        self.form.addRow(self.tr("Points"), self.points_spin)
        self.form.addRow(self.tr("For"), self.note_edit)
        self.add_pin_row()
        self.refusals.fields.update(points=self.points_spin, note=self.note_edit)
        self.points_spin.valueChanged.connect(self.refresh_preview)
        self.refresh_preview()
        self.points_spin.setFocus()
        self.points_spin.selectAll()
        catalog = context.service(CatalogService)
        context.runner.submit(
            lambda: catalog.settings().points_per_yuan_redeemed,
            on_done=while_open(self, self._rate_arrived),
            on_error=while_open(self, self.refusals.show),
        )

    def _rate_arrived(self, rate: int) -> None:
        self.rate = rate
        self.refresh_preview()

    def preview(self) -> str:
        assert self.card is not None
        wanted = self.points_spin.value()
        if wanted == 0:
            return self.tr("The card holds %1 points; type how many to redeem.").replace(
                "%1", str(self.card.points))
        rows = [
            preview_row(self.tr("Points before"), str(self.card.points)),
            preview_row(self.tr("Redeemed"), f"-{wanted}"),
            preview_row(self.tr("Points after"), str(self.card.points - wanted)),
        ]
        if self.rate is not None:
            rows.append(preview_row(self.tr("Worth"), money(redeem_value_fen(wanted, self.rate))))
        return preview_table(*rows)

    def booking(self, pin: str | None) -> Callable[[], MoneyResult]:
        assert self.card is not None
        return partial(self.cards.redeem_points, self.card.id, self.points_spin.value(), pin=pin,
                       note=self.note_edit.text())

    def done_text(self, result: MoneyResult) -> str:
        return (
            self.tr("Redeemed %1 points (worth %2). Points left: %3.")
            .replace("%1", str(-result.points_change))
            .replace("%2", money(result.amount_fen))
            .replace("%3", str(result.points_after))
        )


class UseCountDialog(CardActionDialog):
    """核销次数: visits off a count card, or a visit recorded on a period card."""

    takes_pin = True

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        super().__init__(context, card, parent)
        self.setWindowTitle(self.tr("Use visits of card %1").replace("%1", card.number))
        self.confirm_button.setText(self.tr("Use"))
        self.counts_spin = QSpinBox()
        self.counts_spin.setObjectName("counts")
        self.counts_spin.setRange(1, MAX_COUNTS_AT_ONCE)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setPlaceholderText(self.tr("Service given (optional)"))
        self.form.addRow(self.tr("Visits"), self.counts_spin)
        self.form.addRow(self.tr("Note"), self.note_edit)
        self.add_pin_row()
        self.refusals.fields.update(counts=self.counts_spin, note=self.note_edit)
        self.counts_spin.valueChanged.connect(self.refresh_preview)
        self.refresh_preview()
        self.counts_spin.setFocus()

    def preview(self) -> str:
        assert self.card is not None
        if not counts_visits(self.card.kind):
            until = self.card.expires_on.isoformat() if self.card.expires_on else "—"
            return self.tr("Unlimited visits until %1; this visit is recorded.").replace(
                "%1", until)
        used = self.counts_spin.value()
        return preview_table(
            preview_row(self.tr("Visits before"), str(self.card.counts_left)),
            preview_row(self.tr("Used now"), f"-{used}"),
            preview_row(self.tr("Visits after"), str(self.card.counts_left - used)),
        )

    def booking(self, pin: str | None) -> Callable[[], MoneyResult]:
        assert self.card is not None
        return partial(self.cards.use_count, self.card.id, self.counts_spin.value(), pin=pin,
                       note=self.note_edit.text())

    def done_text(self, result: Any) -> str:
        return self.tr("Visit recorded. Visits left: %1.").replace("%1", str(result.counts_after))
