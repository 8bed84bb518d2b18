"""The profile's card tabs: cards and balances, purchases (with refund), and each card's ledgers.

Every list loads through the task runner when its tab is shown or the data it
shows changed; purchases come a page at a time (the service pages by id).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm_desktop.models.services.card_records import CardRecord, PurchaseRecord
from crm_desktop.models.services.cards import CardService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_text import (
    card_status_name,
    method_text,
    money,
    type_with_kind,
)
from crm_desktop.ui.profile.record_table import RecordTable
from crm_desktop.ui.receipts import reprint_receipt

PURCHASE_PAGE = 50


def when(ts: datetime) -> str:
    return ts.strftime("%Y-%m-%d %H:%M")


class CardsTab(QWidget):
    """Every card the customer has held; choosing one makes it the card the actions work on."""

    card_chosen = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = RecordTable(
            [self.tr("Card number"), self.tr("Type"), self.tr("Tier"), self.tr("Status"),
             self.tr("Balance"), self.tr("Paid money"), self.tr("Bonus"), self.tr("Points"),
             self.tr("Visits left"), self.tr("Expires"), self.tr("Note")],
            numeric_columns=(4, 5, 6, 7, 8),
        )
        self.table.setObjectName("cards_table")
        self.table.itemSelectionChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def show_cards(self, cards: list[CardRecord], current_id: int | None) -> None:
        self.table.blockSignals(True)
        self.table.show_rows(
            [[c.number, type_with_kind(c.card_type_name, c.kind), c.tier_name or "—",
              card_status_name(c.status), money(c.total_fen), money(c.principal_fen),
              money(c.bonus_fen), str(c.points), str(c.counts_left),
              c.expires_on.isoformat() if c.expires_on else "—", c.status_note or ""]
             for c in cards],
            [c.id for c in cards],
        )
        self.table.select_id(current_id)
        self.table.blockSignals(False)

    def _chosen(self) -> None:
        card_id = self.table.current_id()
        if card_id is not None:
            self.card_chosen.emit(card_id)


class PurchasesTab(QWidget):
    """Purchases and refunds, newest first; ``refund_requested(purchase)`` from the button."""

    refund_requested = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.cards = context.service(CardService)
        self.customer_id = 0
        self.purchases: list[PurchaseRecord] = []
        self.table = RecordTable(
            [self.tr("Time"), self.tr("Kind"), self.tr("List price"), self.tr("Discount"),
             self.tr("Paid"), self.tr("Paid by"), self.tr("Points"), self.tr("Visits"),
             self.tr("Operator"), self.tr("Note")],
            numeric_columns=(2, 3, 4, 6, 7),
        )
        self.table.setObjectName("purchases_table")
        self.status_label = QLabel()
        self.more_button = QPushButton(self.tr("Older purchases"))
        self.more_button.setVisible(False)
        self.refund_button = QPushButton(self.tr("Refund the selected purchase…"))
        self.refund_button.setObjectName("refund_purchase")
        self.refund_button.setVisible(context.can("card.operate"))
        self.more_button.clicked.connect(self._more)
        self.refund_button.clicked.connect(self._refund)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.refund_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def load(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.purchases = []
        self.table.show_rows([], [])
        self._fetch(None)

    def _fetch(self, before: int | None) -> None:
        customer_id = self.customer_id
        self.context.runner.submit(
            lambda: self.cards.purchases_of(customer_id, PURCHASE_PAGE, before),
            on_done=self._arrived,
            on_error=lambda error: self.status_label.setText(describe_error(error)),
        )

    def _arrived(self, page: list[PurchaseRecord]) -> None:
        self.purchases.extend(page)
        self.table.append_rows([self._row(p) for p in page], [p.id for p in page])
        self.more_button.setVisible(len(page) == PURCHASE_PAGE)
        self.status_label.setText(
            self.tr("%1 purchases shown").replace("%1", str(len(self.purchases))))

    def _row(self, p: PurchaseRecord) -> list[str]:
        if p.kind == "refund":
            kind = self.tr("Refund")
        elif p.refunded:
            kind = self.tr("Sale (refunded)")
        else:
            kind = self.tr("Sale")
        return [when(p.ts), kind, money(p.amount_fen), money(p.discount_fen), money(p.paid_fen),
                method_text(p.payment_method), f"{p.points_earned:+d}" if p.points_earned else "",
                str(p.counts_used) if p.counts_used else "", p.operator or "", p.note]

    def _more(self) -> None:
        if self.purchases:
            self._fetch(self.purchases[-1].id)

    def selected(self) -> PurchaseRecord | None:
        wanted = self.table.current_id()
        return next((p for p in self.purchases if p.id == wanted), None)

    def _refund(self) -> None:
        purchase = self.selected()
        if purchase is None:
            self.status_label.setText(self.tr("Select the purchase to refund first."))
            return
        self.refund_requested.emit(purchase)


class LedgerTab(QWidget):
    """The chosen card's money (本金/赠送), points or visits ledger, oldest first."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.cards = context.service(CardService)
        self.card_id: int | None = None
        self.which = QComboBox()
        self.which.setObjectName("ledger_kind")
        for label, code in ((self.tr("Stored value"), "value"), (self.tr("Points"), "points"),
                            (self.tr("Visits"), "counts")):
            self.which.addItem(label, code)
        self.card_label = QLabel()
        self.table = RecordTable([])
        self.table.setObjectName("ledger_table")
        self.which.currentIndexChanged.connect(lambda _i: self.reload())
        self.reprint_button = QPushButton(self.tr("Reprint receipt"))
        self.reprint_button.setObjectName("reprint_receipt")
        self.reprint_button.clicked.connect(self.reprint)
        top = QHBoxLayout()
        top.addWidget(self.which)
        top.addWidget(self.card_label, 1)
        top.addWidget(self.reprint_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def load(self, card: CardRecord | None) -> None:
        self.card_id = card.id if card else None
        self.card_label.setText(card.number if card else self.tr("No card"))
        self.reload()

    def reload(self) -> None:
        card_id = self.card_id
        if card_id is None:
            self.table.show_rows([], [])
            return
        kind = self.which.currentData()
        fetch = {"value": self.cards.value_ledger, "points": self.cards.points_ledger,
                 "counts": self.cards.count_ledger}[kind]
        self.context.runner.submit(
            lambda: fetch(card_id), on_done=lambda lines: self._show(kind, lines),
            on_error=lambda error: self.card_label.setText(describe_error(error)),
        )

    def reprint(self) -> None:
        """Print again the receipt of the action behind the selected row."""
        entry_id = self.table.current_id()
        if entry_id is None:
            self.card_label.setText(self.tr("Select a row of the ledger first."))
            return
        reprint_receipt(self, self.context, self.which.currentData(), entry_id,
                        self.card_label.setText)

    def _show(self, kind: str, lines: list[Any]) -> None:
        common = [self.tr("Time"), self.tr("Entry")]
        tail = [self.tr("Operator"), self.tr("Note")]
        if kind == "value":
            headers = common + [self.tr("Paid money"), self.tr("Bonus"), self.tr("Paid money after"),
                                self.tr("Bonus after"), self.tr("Paid by")] + tail
            rows = [[when(e.ts), entry_name(e.kind), money(e.principal_fen), money(e.bonus_fen),
                     money(e.principal_after_fen), money(e.bonus_after_fen),
                     method_text(e.payment_method), e.operator or "", e.note] for e in lines]
            numeric: tuple[int, ...] = (2, 3, 4, 5)
        elif kind == "points":
            headers = common + [self.tr("Points"), self.tr("Points after")] + tail
            rows = [[when(e.ts), entry_name(e.kind), f"{e.points:+d}", str(e.points_after),
                     e.operator or "", e.note] for e in lines]
            numeric = (2, 3)
        else:
            headers = common + [self.tr("Visits"), self.tr("Visits after")] + tail
            rows = [[when(e.ts), entry_name(e.kind), f"{e.counts:+d}", str(e.counts_after),
                     e.operator or "", e.note] for e in lines]
            numeric = (2, 3)
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.numeric_columns = set(numeric)
        self.table.show_rows(rows, [e.id for e in lines])


def entry_name(kind: str) -> str:
    translate = QCoreApplication.translate
    names = {
        "opening": translate("LedgerTab", "Opening balance"),
        "topup": translate("LedgerTab", "Top-up"),
        "bonus": translate("LedgerTab", "Bonus"),
        "consume": translate("LedgerTab", "Purchase"),
        "refund": translate("LedgerTab", "Refund"),
        "adjustment": translate("LedgerTab", "Adjustment"),
        "expiry": translate("LedgerTab", "Expiry"),
        "transfer_out": translate("LedgerTab", "Moved to new card"),
        "transfer_in": translate("LedgerTab", "From old card"),
        "cancel_refund": translate("LedgerTab", "Paid back on cancel"),
        "cancel": translate("LedgerTab", "Cleared on cancel"),
        "earn": translate("LedgerTab", "Earned"),
        "redeem": translate("LedgerTab", "Redeemed"),
        "purchase": translate("LedgerTab", "Bought"),
        "use": translate("LedgerTab", "Used"),
    }
    return names.get(kind, kind)
