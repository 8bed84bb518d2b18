"""CardService: every membership-card action and read, one method per user action.

The methods live in focused files and are gathered here so callers hold one
service: money at the counter (``card_money``), refunds (``card_refund``),
issue and status (``card_lifecycle``), replacement, cancellation and expiry
(``card_closing``) and reads (``card_reads``). Clerks and the owner operate
cards; the accountant reads; a manual tier change is the owner's.
"""

from __future__ import annotations

from crm_desktop.models.services.card_closing import CardClosing
from crm_desktop.models.services.card_money import CardMoney
from crm_desktop.models.services.card_reads import CardReads
from crm_desktop.models.services.card_refund import CardRefund


class CardService(CardMoney, CardRefund, CardClosing, CardReads):
    """Issue, top up, consume, redeem, use visits, refund, freeze, lose, replace, cancel, expire."""
