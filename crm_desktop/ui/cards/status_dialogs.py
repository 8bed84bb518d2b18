"""A card's status at the counter: freeze/unfreeze, report lost/found, replace (补卡), tier.

None of these moves money off the card; each still shows what the card holds
before and after, so the clerk can tell the customer nothing was lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from crm_desktop.models.rules.card_rules import TOPUP_METHODS, parse_yuan
from crm_desktop.models.services.card_records import CardRecord, TierRecord
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.ui.base.acting import while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.card_action_dialog import (
    CardActionDialog,
    preview_row,
    preview_table,
)
from crm_desktop.ui.cards.card_text import card_balance_text, card_status_name, money
from crm_desktop.ui.cards.money_dialogs import amount_edit, method_combo


def reason_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName("reason")
    edit.setMaxLength(200)
    edit.setPlaceholderText(placeholder)
    return edit


class _StatusDialog(CardActionDialog):
    """Moves the card from its status to ``target``; the balance stays where it is."""

    def __init__(
        self, context: AppContext, card: CardRecord, target: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, card, parent)
        self.target = target

    def preview(self) -> str:
        assert self.card is not None
        return preview_table(
            preview_row(
                self.tr("Status"),
                f"{card_status_name(self.card.status)} → {card_status_name(self.target)}",
            ),
            preview_row(self.tr("Card holds before and after"), card_balance_text(self.card)),
        )

    def done_text(self, result: CardRecord) -> str:
        return self.tr("Card %1 is now: %2.").replace("%1", result.number).replace(
            "%2", card_status_name(result.status))


class FreezeDialog(_StatusDialog):
    """冻结 an active card (with a reason), or 解冻 a frozen one."""

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        unfreezing = card.status == "frozen"
        super().__init__(context, card, "active" if unfreezing else "frozen", parent)
        self.unfreezing = unfreezing
        self.setWindowTitle(
            (self.tr("Unfreeze card %1") if unfreezing else self.tr("Freeze card %1"))
            .replace("%1", card.number))
        self.confirm_button.setText(self.tr("Unfreeze") if self.unfreezing else self.tr("Freeze"))
        self.reason_edit = reason_edit(self.tr("Why (optional)"))
        if not unfreezing:
            self.form.addRow(self.tr("Reason"), self.reason_edit)
        self.refusals.fields["reason"] = self.reason_edit
        self.refresh_preview()

    def booking(self, pin: str | None) -> Callable[[], CardRecord]:
        assert self.card is not None
        if self.unfreezing:
            return partial(self.cards.unfreeze, self.card.id)
        return partial(self.cards.freeze, self.card.id, self.reason_edit.text())


class ReportLostDialog(_StatusDialog):
    """挂失 a card (no money moves on it until it is replaced), or 解挂 when it turns up."""

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        found = card.status == "lost"
        super().__init__(context, card, "active" if found else "lost", parent)
        self.found = found
        self.setWindowTitle(
            (self.tr("Card %1 found") if found else self.tr("Report card %1 lost"))
            .replace("%1", card.number))
        self.confirm_button.setText(self.tr("Card found") if self.found else self.tr("Report lost"))
        self.reason_edit = reason_edit(self.tr("Where or when it was lost (optional)"))
        if not found:
            self.form.addRow(self.tr("Note"), self.reason_edit)
        self.refusals.fields["reason"] = self.reason_edit
        self.refresh_preview()

    def booking(self, pin: str | None) -> Callable[[], CardRecord]:
        assert self.card is not None
        if self.found:
            return partial(self.cards.report_found, self.card.id)
        return partial(self.cards.report_lost, self.card.id, self.reason_edit.text())

    def done_text(self, result: CardRecord) -> str:
        if self.found:
            return super().done_text(result)
        return self.tr(
            "Card %1 is reported lost; nothing can be paid with it. Replace it to move "
            "everything to a new card."
        ).replace("%1", result.number)


class ReplaceDialog(CardActionDialog):
    """补卡: a new card (scanned, or numbered by the shop) takes over everything the old held."""

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        super().__init__(context, card, parent)
        self.setWindowTitle(self.tr("Replace card %1").replace("%1", card.number))
        self.confirm_button.setText(self.tr("Replace card"))
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("new_number")
        self.number_edit.setMaxLength(40)
        self.number_edit.setPlaceholderText(self.tr("Scan the new card, or leave empty for a new number"))
        self.fee_edit = amount_edit(self.tr("0 when free"))
        self.fee_edit.setObjectName("fee")
        self.method_combo = method_combo(TOPUP_METHODS, "cash")
        self.method_combo.setObjectName("payment_method")
        self.form.addRow(self.tr("New card number"), self.number_edit)
        self.form.addRow(self.tr("Replacement fee (yuan)"), self.fee_edit)
        self.form.addRow(self.tr("Fee paid by"), self.method_combo)
        self.refusals.fields.update(number=self.number_edit, fee=self.fee_edit,
                                    payment_method=self.method_combo)
        self.fee_edit.textChanged.connect(self.refresh_preview)
        self.refresh_preview()
        self.number_edit.setFocus()

    def _fee(self) -> int:
        return parse_yuan(self.fee_edit.text(), "fee")  # an empty box: no fee

    def preview(self) -> str:
        assert self.card is not None
        rows = [
            preview_row(self.tr("New card will hold"), card_balance_text(self.card)),
            preview_row(self.tr("Old card becomes"), card_status_name("replaced")),
        ]
        fee = self._fee()
        if fee:
            rows.append(preview_row(self.tr("Fee to pay"), money(fee)))
        return preview_table(*rows)

    def booking(self, pin: str | None) -> Callable[[], CardRecord]:
        assert self.card is not None
        number = self.number_edit.text().strip() or None
        return partial(self.cards.replace, self.card.id, number, fee_fen=self._fee(),
                       payment_method=self.method_combo.currentData())

    def done_text(self, result: CardRecord) -> str:
        assert self.card is not None
        return (
            self.tr("New card %1 holds %2. Old card %3 is replaced and can no longer be used.")
            .replace("%1", result.number)
            .replace("%2", card_balance_text(result))
            .replace("%3", self.card.number)
        )


class ChangeTierDialog(CardActionDialog):
    """Move a card to another tier by hand (the owner's call), with the reason on record."""

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        super().__init__(context, card, parent)
        self.setWindowTitle(self.tr("Change the tier of card %1").replace("%1", card.number))
        self.confirm_button.setText(self.tr("Change tier"))
        self.tiers: dict[int, TierRecord] | None = None  # until the shop's tiers arrive
        self.tier_combo = QComboBox()
        self.tier_combo.setObjectName("tier")
        # 0 stands for "no tier": a combo item holding None trips a reference bug in PySide6.
        self.tier_combo.addItem(self.tr("No tier"), 0)
        self.reason_edit = reason_edit(self.tr("Why the tier changes (required)"))
        self.form.addRow(self.tr("New tier"), self.tier_combo)
        self.form.addRow(self.tr("Reason"), self.reason_edit)
        self.refusals.fields.update(tier=self.tier_combo, reason=self.reason_edit)
        self.tier_combo.currentIndexChanged.connect(self.refresh_preview)
        self.tier_combo.setFocus()
        self.confirm_button.setEnabled(False)
        catalog = context.service(CatalogService)
        context.runner.submit(
            catalog.list_tiers,
            on_done=while_open(self, self._tiers_arrived),
            on_error=while_open(self, self.refusals.show),
        )

    def _tiers_arrived(self, tiers: list[TierRecord]) -> None:
        assert self.card is not None
        self.tiers = {t.id: t for t in tiers}
        self.tier_combo.blockSignals(True)
        for tier in tiers:
            self.tier_combo.addItem(
                self.tr("%1 (pays %2%)").replace("%1", tier.name)
                .replace("%2", str(tier.price_percent)), tier.id)
        self.tier_combo.setCurrentIndex(max(0, self.tier_combo.findData(self.card.tier_id or 0)))
        self.tier_combo.blockSignals(False)
        self.confirm_button.setEnabled(True)
        self.refresh_preview()

    def preview(self) -> str:
        assert self.card is not None
        if self.tiers is None:
            return ""
        chosen = self.tiers.get(self.tier_combo.currentData())
        return preview_table(preview_row(
            self.tr("Tier"),
            f"{self.card.tier_name or self.tr('No tier')} → "
            f"{chosen.name if chosen else self.tr('No tier')}",
        ))

    def booking(self, pin: str | None) -> Callable[[], CardRecord]:
        assert self.card is not None
        return partial(self.cards.change_tier, self.card.id,
                       self.tier_combo.currentData() or None, self.reason_edit.text())

    def done_text(self, result: CardRecord) -> str:
        return self.tr("Card %1 is now in tier %2.").replace("%1", result.number).replace(
            "%2", result.tier_name or self.tr("No tier"))
