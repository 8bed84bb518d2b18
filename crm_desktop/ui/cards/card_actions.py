"""The list of card actions: their words, shortcuts, who may use them and on which cards.

The profile's buttons and the main window's menu and shortcuts are both built
from ``CARD_ACTIONS``, so a key and a button always open the same dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from crm_desktop.models.rules.card_rules import holds_stored_value, holds_visits
from crm_desktop.models.services.card_records import CardRecord
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.card_action_dialog import CardActionDialog
from crm_desktop.ui.cards.closing_dialogs import CancelCardDialog
from crm_desktop.ui.cards.money_dialogs import (
    ConsumeDialog,
    RedeemPointsDialog,
    TopUpDialog,
    UseCountDialog,
)
from crm_desktop.ui.cards.pin_dialog import SetPinDialog
from crm_desktop.ui.cards.status_dialogs import (
    ChangeTierDialog,
    FreezeDialog,
    ReplaceDialog,
    ReportLostDialog,
)

translate = QCoreApplication.translate
DialogFactory = Callable[[AppContext, CardRecord, QWidget | None], CardActionDialog]


@dataclass(frozen=True)
class CardAction:
    """One thing a clerk does to the card on screen."""

    name: str
    shortcut: str | None
    permission: str
    applies: Callable[[CardRecord], bool]
    factory: DialogFactory
    main: bool  # shown as its own button (else under "More")

    def text(self) -> str:
        return action_texts()[self.name]


def action_texts() -> dict[str, str]:
    return {
        "top_up": translate("CardActions", "Top up"),
        "consume": translate("CardActions", "Purchase"),
        "redeem": translate("CardActions", "Redeem points"),
        "use_count": translate("CardActions", "Use a visit"),
        "freeze": translate("CardActions", "Freeze / unfreeze"),
        "report_lost": translate("CardActions", "Report lost / found"),
        "replace": translate("CardActions", "Replace card"),
        "change_tier": translate("CardActions", "Change tier"),
        "set_pin": translate("CardActions", "Payment PIN"),
        "cancel": translate("CardActions", "Cancel card and refund"),
    }


def _usable(card: CardRecord) -> bool:
    return card.status == "active"


def _not_closed(card: CardRecord) -> bool:
    return card.status not in ("replaced", "cancelled")


CARD_ACTIONS: tuple[CardAction, ...] = (
    CardAction("top_up", "F4", "card.operate",
               lambda c: _usable(c) and holds_stored_value(c.kind), TopUpDialog, True),
    CardAction("consume", "F5", "card.operate", _usable, ConsumeDialog, True),
    CardAction("redeem", "F6", "card.operate", lambda c: _usable(c) and c.points > 0,
               RedeemPointsDialog, True),
    CardAction("use_count", "F7", "card.operate",
               lambda c: _usable(c) and holds_visits(c.kind), UseCountDialog, True),
    CardAction("report_lost", "F8", "card.operate",
               lambda c: c.status in ("active", "frozen", "lost"), ReportLostDialog, False),
    CardAction("replace", None, "card.operate", lambda c: c.status in ("active", "lost"),
               ReplaceDialog, False),
    CardAction("freeze", None, "card.operate", lambda c: c.status in ("active", "frozen"),
               FreezeDialog, False),
    CardAction("set_pin", None, "card.operate", _not_closed, SetPinDialog, False),
    CardAction("change_tier", None, "card.adjust", _not_closed, ChangeTierDialog, False),
    CardAction("cancel", None, "card.operate",
               lambda c: c.status in ("active", "frozen", "lost", "expired"),
               CancelCardDialog, False),
)

ACTIONS_BY_NAME = {action.name: action for action in CARD_ACTIONS}


def card_action_refusal(action: CardAction, card: CardRecord | None) -> str:
    """Why ``action`` cannot start on ``card`` ("" when it can)."""
    if card is None:
        return translate("CardActions", "This customer has no card yet; issue one first (F2).")
    if not action.applies(card):
        return translate("CardActions", "%1 is not possible on card %2 as it is now.").replace(
            "%1", action.text()).replace("%2", card.number)
    return ""
