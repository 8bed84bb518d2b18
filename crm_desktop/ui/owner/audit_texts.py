"""How audit entries read on screen: action and record names, and a one-line change summary.

Actions not named here show as stored (``card.expire_due``), so a new action is
never hidden, only less friendly until it gets a name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication


def action_names() -> dict[str, str]:
    return {
        "customer.create": QCoreApplication.translate("AuditLog", "New customer"),
        "customer.update": QCoreApplication.translate("AuditLog", "Customer edited"),
        "customer.tags": QCoreApplication.translate("AuditLog", "Customer tags changed"),
        "customer.terminate": QCoreApplication.translate("AuditLog", "Membership ended"),
        "customer.reactivate": QCoreApplication.translate("AuditLog", "Membership restored"),
        "customer.import": QCoreApplication.translate("AuditLog", "Customers imported"),
        "card.issue": QCoreApplication.translate("AuditLog", "Card issued"),
        "card.top_up": QCoreApplication.translate("AuditLog", "Top-up"),
        "card.consume": QCoreApplication.translate("AuditLog", "Purchase"),
        "card.redeem": QCoreApplication.translate("AuditLog", "Points redeemed"),
        "card.use_count": QCoreApplication.translate("AuditLog", "Visit used"),
        "card.freeze": QCoreApplication.translate("AuditLog", "Card frozen"),
        "card.unfreeze": QCoreApplication.translate("AuditLog", "Card unfrozen"),
        "card.report_lost": QCoreApplication.translate("AuditLog", "Card reported lost"),
        "card.report_found": QCoreApplication.translate("AuditLog", "Lost card found"),
        "card.replace": QCoreApplication.translate("AuditLog", "Card replaced"),
        "card.change_tier": QCoreApplication.translate("AuditLog", "Tier changed"),
        "card.cancel": QCoreApplication.translate("AuditLog", "Card cancelled"),
        "card.set_pin": QCoreApplication.translate("AuditLog", "Card PIN set"),
        "card.adjust": QCoreApplication.translate("AuditLog", "Balance adjusted"),
        "card.expire_due": QCoreApplication.translate("AuditLog", "Expired cards closed"),
        "purchase.refund": QCoreApplication.translate("AuditLog", "Refund"),
        "purchase.import": QCoreApplication.translate("AuditLog", "Purchases imported"),
        "interaction.log": QCoreApplication.translate("AuditLog", "Contact logged"),
        "interaction.follow_up_done": QCoreApplication.translate("AuditLog", "Follow-up done"),
        "feedback.open": QCoreApplication.translate("AuditLog", "Feedback recorded"),
        "feedback.move": QCoreApplication.translate("AuditLog", "Feedback status changed"),
        "survey.record": QCoreApplication.translate("AuditLog", "Survey answer"),
        "care.contacted": QCoreApplication.translate("AuditLog", "Customers contacted"),
        "card_type.create": QCoreApplication.translate("AuditLog", "New card type"),
        "card_type.update": QCoreApplication.translate("AuditLog", "Card type edited"),
        "tier.create": QCoreApplication.translate("AuditLog", "New tier"),
        "tier.update": QCoreApplication.translate("AuditLog", "Tier edited"),
        "settings.update": QCoreApplication.translate("AuditLog", "Settings changed"),
        "user.add": QCoreApplication.translate("AuditLog", "Account added"),
        "user.remove": QCoreApplication.translate("AuditLog", "Account removed"),
        "user.set_role": QCoreApplication.translate("AuditLog", "Role changed"),
        "user.reset_password": QCoreApplication.translate("AuditLog", "Password set by owner"),
        "user.change_password": QCoreApplication.translate("AuditLog", "Own password changed"),
        "user.recover": QCoreApplication.translate("AuditLog", "Recovered with the recovery key"),
        "file.create": QCoreApplication.translate("AuditLog", "Shop file created"),
        "file.new_recovery_key": QCoreApplication.translate("AuditLog", "New recovery key"),
    }


def action_areas() -> list[tuple[str, str]]:
    """(label, action prefix) for the action filter; the prefix "" means every action."""
    return [
        (QCoreApplication.translate("AuditLog", "All actions"), ""),
        (QCoreApplication.translate("AuditLog", "Customers"), "customer."),
        (QCoreApplication.translate("AuditLog", "Cards and money"), "card."),
        (QCoreApplication.translate("AuditLog", "Refunds and purchases"), "purchase."),
        (QCoreApplication.translate("AuditLog", "Contacts and follow-ups"), "interaction."),
        (QCoreApplication.translate("AuditLog", "Feedback"), "feedback."),
        (QCoreApplication.translate("AuditLog", "Card types"), "card_type."),
        (QCoreApplication.translate("AuditLog", "Tiers"), "tier."),
        (QCoreApplication.translate("AuditLog", "Settings"), "settings."),
        (QCoreApplication.translate("AuditLog", "Staff accounts"), "user."),
        (QCoreApplication.translate("AuditLog", "Shop file"), "file."),
    ]


def entity_names() -> dict[str, str]:
    return {
        "customer": QCoreApplication.translate("AuditLog", "Customer"),
        "card": QCoreApplication.translate("AuditLog", "Card"),
        "purchase": QCoreApplication.translate("AuditLog", "Purchase"),
        "interaction": QCoreApplication.translate("AuditLog", "Contact"),
        "feedback": QCoreApplication.translate("AuditLog", "Feedback"),
        "survey": QCoreApplication.translate("AuditLog", "Survey"),
        "card_type": QCoreApplication.translate("AuditLog", "Card type"),
        "tier": QCoreApplication.translate("AuditLog", "Tier"),
        "setting": QCoreApplication.translate("AuditLog", "Settings"),
        "user": QCoreApplication.translate("AuditLog", "Staff account"),
        "file": QCoreApplication.translate("AuditLog", "Shop file"),
    }


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def change_summary(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """``status: open → resolved; satisfaction: 5`` — each changed key once, in a stable order."""
    parts = []
    for key in list(before) + [k for k in after if k not in before]:
        if key in before and key in after:
            if before[key] == after[key]:
                continue
            parts.append(f"{key}: {_value(before[key])} → {_value(after[key])}")
        elif key in after:
            parts.append(f"{key}: {_value(after[key])}")
        else:
            parts.append(f"{key}: {_value(before[key])} → ∅")
    return "; ".join(parts)
