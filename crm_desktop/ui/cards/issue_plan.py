"""What a 办卡 will do, as checked from the form: the confirmation's words and the receipt.

``IssuePlan`` is the request after the dialog's checks; the summary says what
is charged now and what the card will hold, and ``issue_receipt`` turns the
issued card into the same receipt every other money action prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication

from crm_desktop.models.services.card_records import CardRecord, CardTypeRecord, MoneyResult
from crm_desktop.ui.cards.card_action_dialog import preview_row, preview_table
from crm_desktop.ui.cards.card_text import balance_text, method_text, money

translate = QCoreApplication.translate


@dataclass(frozen=True)
class IssuePlan:
    """What the clerk asked for, checked, as the confirmation shows it."""

    card_type: CardTypeRecord
    tier_id: int | None
    number: str | None
    fee_fen: int
    topup_fen: int
    bonus_fen: int
    method: str
    pin: str | None
    consent: bool
    expires_on: date | None

    @property
    def charge_fen(self) -> int:
        """Paid at the counter now: the card fee and the first top-up."""
        return self.fee_fen + self.topup_fen


def plan_summary_html(plan: IssuePlan, holder: str) -> str:
    """The confirmation: who, which card, what is charged, what the card will hold."""
    holds = balance_text(plan.topup_fen, plan.bonus_fen, 0, plan.card_type.count_total,
                         plan.card_type.kind)
    number = plan.number or translate("IssuePlan", "next shop number")
    expires = (plan.expires_on.isoformat() if plan.expires_on
               else translate("IssuePlan", "never"))
    pin = translate("IssuePlan", "set") if plan.pin else translate("IssuePlan", "none")
    return preview_table(
        preview_row(translate("IssuePlan", "Card for"), holder),
        preview_row(translate("IssuePlan", "Card"), f"{plan.card_type.name} · {number}"),
        preview_row(translate("IssuePlan", "Card fee"), money(plan.fee_fen)),
        preview_row(translate("IssuePlan", "First top-up"), money(plan.topup_fen)),
        preview_row(translate("IssuePlan", "Charge now"),
                    f"{money(plan.charge_fen)} · {method_text(plan.method)}"),
        preview_row(translate("IssuePlan", "Bonus"), money(plan.bonus_fen)),
        preview_row(translate("IssuePlan", "The card will hold"), holds),
        preview_row(translate("IssuePlan", "Expires"), expires),
        preview_row(translate("IssuePlan", "Payment PIN"), pin),
    )


def issue_receipt(card: CardRecord, plan: IssuePlan, operator: str) -> MoneyResult:
    """The issue as a receipt: fee and first top-up paid, what the card now holds."""
    return MoneyResult(
        card_id=card.id, card_number=card.number, customer_name=card.customer_name,
        action="issue", amount_fen=plan.topup_fen, discount_fen=0,
        paid_fen=plan.charge_fen, payment_method=plan.method,
        bonus_fen=card.bonus_fen, principal_before_fen=0, bonus_before_fen=0,
        principal_after_fen=card.principal_fen, bonus_after_fen=card.bonus_fen,
        points_change=card.points, points_after=card.points,
        counts_change=card.counts_left, counts_after=card.counts_left,
        operator=operator, at=card.issued_at, purchase_id=None,
    )
