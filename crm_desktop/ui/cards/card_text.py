"""How card facts read on screen: money, payment methods, statuses, kinds and balances.

Shared by the card dialogs, the profile and the receipts so a balance or a
payment method reads the same everywhere. Every word goes through Qt translation.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from crm_desktop.models.payment_words import PAYMENT_LABELS, payment_method_name
from crm_desktop.models.rules.card_rules import counts_visits, holds_stored_value
from crm_desktop.models.rules.validation import format_fen
from crm_desktop.models.services.card_records import CardRecord

translate = QCoreApplication.translate


def money(amount_fen: int) -> str:
    """¥1,234.50 (negative amounts keep their sign before the yuan sign)."""
    text = format_fen(amount_fen)
    return f"-¥{text[1:]}" if text.startswith("-") else f"¥{text}"


def method_names() -> dict[str, str]:
    """Payment methods in the UI language, in the words the exports and the audit log use."""
    return {method: payment_method_name(method) for method in PAYMENT_LABELS}


def method_text(method: str | None) -> str:
    if not method:
        return ""
    return method_names().get(method, method)


def card_status_name(status: str) -> str:
    names = {
        "active": translate("CardText", "Active"),
        "frozen": translate("CardText", "Frozen"),
        "lost": translate("CardText", "Reported lost"),
        "replaced": translate("CardText", "Replaced"),
        "cancelled": translate("CardText", "Cancelled"),
        "expired": translate("CardText", "Expired"),
    }
    return names.get(status, status)


def card_kind_name(kind: str) -> str:
    names = {
        "stored_value": translate("CardText", "Stored value"),
        "points": translate("CardText", "Points"),
        "count": translate("CardText", "Visits"),
        "period": translate("CardText", "Period"),
        "mixed": translate("CardText", "Mixed"),
    }
    return names.get(kind, kind)


def type_with_kind(type_name: str, kind: str) -> str:
    """"月卡 (期限卡)", but "储值卡" alone when the type's name already says its kind."""
    kind_text = card_kind_name(kind)
    if not type_name:
        return kind_text
    if kind_text.casefold() in type_name.casefold() or type_name.casefold() in kind_text.casefold():
        return type_name
    return translate("CardText", "%1 (%2)").replace("%1", type_name).replace("%2", kind_text)


def action_name(action: str) -> str:
    names = {
        "issue": translate("CardText", "New card"),
        "top_up": translate("CardText", "Top-up"),
        "consume": translate("CardText", "Purchase"),
        "redeem": translate("CardText", "Points redeemed"),
        "use_count": translate("CardText", "Visit used"),
        "refund": translate("CardText", "Refund"),
        "cancel": translate("CardText", "Card cancelled"),
    }
    return names.get(action, action)


def card_title(card: CardRecord) -> str:
    """800000000012 · 张三 · 储值卡 · 金卡 · 正常"""
    parts = [card.number, card.customer_name, card.card_type_name]
    if card.tier_name:
        parts.append(card.tier_name)
    parts.append(card_status_name(card.status))
    return " · ".join(parts)


def balance_text(
    principal_fen: int, bonus_fen: int, points: int, counts_left: int, kind: str
) -> str:
    """What a card holds, in the words its kind needs."""
    parts = []
    if holds_stored_value(kind) or principal_fen or bonus_fen:
        parts.append(
            translate("CardText", "Balance %1 (paid %2 + bonus %3)")
            .replace("%1", money(principal_fen + bonus_fen))
            .replace("%2", money(principal_fen))
            .replace("%3", money(bonus_fen))
        )
    parts.append(translate("CardText", "%1 points").replace("%1", str(points)))
    if counts_visits(kind) or counts_left:
        parts.append(translate("CardText", "%1 visits left").replace("%1", str(counts_left)))
    return " · ".join(parts)


def card_balance_text(card: CardRecord) -> str:
    return balance_text(card.principal_fen, card.bonus_fen, card.points, card.counts_left,
                        card.kind)


def mask_card_number(number: str) -> str:
    """8000****0012: what a paper receipt shows of a card number."""
    if len(number) <= 8:
        return "*" * max(0, len(number) - 4) + number[-4:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """张** for 张小明: a receipt names the holder without spelling them out."""
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)
