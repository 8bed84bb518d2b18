"""Money going back: refund a purchase (退款) and cancel a card with its refund (退卡).

The preview says where the money goes and what the card keeps; the sentence of
a refusal (already refunded, card lost, points already spent) comes from the
service and stays beside the reason the clerk typed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from crm_desktop.models.rules.card_rules import TOPUP_METHODS
from crm_desktop.models.services.card_records import CardRecord, MoneyResult, PurchaseRecord
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.card_action_dialog import CardActionDialog, preview_row, preview_table
from crm_desktop.ui.cards.card_text import method_text, money
from crm_desktop.ui.cards.money_dialogs import method_combo
from crm_desktop.ui.cards.refund_lines import RefundLines
from crm_desktop.ui.cards.status_dialogs import reason_edit


class RefundDialog(CardActionDialog):
    """退款 of a purchase: money back where it came from, the points it earned taken back.

    A sale booked with item lines lists them (``lines``): untick a line or lower its
    quantity to take back only part of the sale.
    """

    def __init__(
        self,
        context: AppContext,
        purchase: PurchaseRecord,
        card: CardRecord | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, card, parent)
        self.purchase = purchase
        self.setWindowTitle(self.tr("Refund a purchase"))
        self.confirm_button.setText(self.tr("Refund"))
        what = QLabel(
            self.tr("Purchase of %1, paid %2 by %3")
            .replace("%1", purchase.ts.strftime("%Y-%m-%d %H:%M"))
            .replace("%2", money(purchase.paid_fen))
            .replace("%3", method_text(purchase.payment_method))
        )
        what.setWordWrap(True)
        self.reason_edit = reason_edit(self.tr("Why the customer is refunded (required)"))
        self.form.addRow(self.tr("Purchase"), what)
        self.form.addRow(self.tr("Reason"), self.reason_edit)
        self.refusals.fields["reason"] = self.reason_edit
        # The lines go above the form's refusal, full width; hidden when the sale has none.
        self.lines = RefundLines(context, purchase.id)
        self.refusals.fields.update(lines=self.lines.table, quantity=self.lines.table)
        layout = cast(QVBoxLayout, self.layout())
        layout.insertWidget(layout.indexOf(self.preview_label), self.lines)
        self.lines.choice_changed.connect(self.refresh_preview)
        self.lines.lines_read.connect(self.refresh_preview)
        self.refresh_preview()
        self.reason_edit.setFocus()

    def _part(self) -> bool:
        """Only some lines go back (or the rest after an earlier part refund)."""
        return self.lines.has_lines() and not self.lines.takes_everything()

    def preview(self) -> str:
        if self._part():
            return self._part_preview()
        sale = self.purchase
        rows = [preview_row(self.tr("Paid back"), money(sale.paid_fen)),
                preview_row(self.tr("To"), method_text(sale.payment_method))]
        if self.card is not None:
            if sale.payment_method == "stored_value":
                before = self.card.total_fen
                rows += [preview_row(self.tr("Balance before"), money(before)),
                         preview_row(self.tr("Balance after"), money(before + sale.paid_fen))]
            if sale.points_earned:
                rows.append(preview_row(self.tr("Points taken back"), f"-{sale.points_earned}"))
            if sale.counts_used:
                rows.append(preview_row(self.tr("Visits given back"), f"+{sale.counts_used}"))
        return preview_table(*rows)

    def _part_preview(self) -> str:
        sale, chosen = self.purchase, self.lines.chosen_text()
        if not chosen:
            return self.tr("Tick the items to take back.")
        back = self.lines.share_back(sale.paid_fen)
        rows = [preview_row(self.tr("Items taken back"), chosen),
                preview_row(self.tr("Paid back"), money(back)),
                preview_row(self.tr("To"), method_text(sale.payment_method))]
        if self.card is not None:
            if sale.payment_method == "stored_value":
                before = self.card.total_fen
                rows += [preview_row(self.tr("Balance before"), money(before)),
                         preview_row(self.tr("Balance after"), money(before + back))]
            points = self.lines.share_back(sale.points_earned)
            if points:
                rows.append(preview_row(self.tr("Points taken back"), f"-{points}"))
        return preview_table(*rows)

    def booking(self, pin: str | None) -> Callable[[], MoneyResult]:
        if self._part():
            return partial(self.cards.refund_lines, self.purchase.id, self.lines.chosen(),
                           self.reason_edit.text())
        return partial(self.cards.refund, self.purchase.id, self.reason_edit.text())

    def answered(self, result: MoneyResult) -> None:
        self.lines.setEnabled(False)
        super().answered(result)

    def done_text(self, result: MoneyResult) -> str:
        text = self.tr("Refunded %1 by %2.").replace("%1", money(result.paid_fen)).replace(
            "%2", method_text(result.payment_method))
        if result.card_id is not None:
            text += " " + self.tr("Balance now %1, points %2.").replace(
                "%1", money(result.balance_after_fen)).replace("%2", str(result.points_after))
        return text


class CancelCardDialog(CardActionDialog):
    """退卡: the paid money (本金) back, the bonus forfeited, points and visits cleared."""

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        super().__init__(context, card, parent)
        self.setWindowTitle(self.tr("Cancel card %1").replace("%1", card.number))
        self.confirm_button.setText(self.tr("Cancel the card"))
        self.method_combo = method_combo(TOPUP_METHODS, "cash")
        self.method_combo.setObjectName("payment_method")
        self.reason_edit = reason_edit(self.tr("Why the card is cancelled (required)"))
        self.form.addRow(self.tr("Pay back by"), self.method_combo)
        self.form.addRow(self.tr("Reason"), self.reason_edit)
        self.refusals.fields.update(payment_method=self.method_combo, reason=self.reason_edit)
        self.refresh_preview()
        self.reason_edit.setFocus()

    def preview(self) -> str:
        assert self.card is not None
        card = self.card
        return preview_table(
            preview_row(self.tr("Balance before"), money(card.total_fen)),
            preview_row(self.tr("Paid back (paid money)"), money(card.principal_fen)),
            preview_row(self.tr("Bonus forfeited"), money(card.bonus_fen)),
            preview_row(self.tr("Points cleared"), str(card.points)),
            preview_row(self.tr("Visits cleared"), str(card.counts_left)),
            preview_row(self.tr("Balance after"), money(0)),
        )

    def booking(self, pin: str | None) -> Callable[[], MoneyResult]:
        assert self.card is not None
        return partial(self.cards.cancel, self.card.id, self.method_combo.currentData(),
                       self.reason_edit.text())

    def done_text(self, result: MoneyResult) -> str:
        return self.tr("Card cancelled. Pay the customer %1 by %2.").replace(
            "%1", money(result.amount_fen)).replace("%2", method_text(result.payment_method))
