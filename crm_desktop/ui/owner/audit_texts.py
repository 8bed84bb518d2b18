"""How audit entries read on screen: action and record names, and a one-line change summary.

Actions not named here show as stored (``card.expire_due``), so a new action is
never hidden, only less friendly until it gets a name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditLog", text)


def action_names() -> dict[str, str]:
    return {
        "customer.create": _tr("New customer"),
        "customer.update": _tr("Customer edited"),
        "customer.tags": _tr("Customer tags changed"),
        "customer.terminate": _tr("Membership ended"),
        "customer.reactivate": _tr("Membership restored"),
        "customer.import": _tr("Customers imported"),
        "card.issue": _tr("Card issued"),
        "card.top_up": _tr("Top-up"),
        "card.consume": _tr("Purchase"),
        "card.redeem": _tr("Points redeemed"),
        "card.use_count": _tr("Visit used"),
        "card.freeze": _tr("Card frozen"),
        "card.unfreeze": _tr("Card unfrozen"),
        "card.report_lost": _tr("Card reported lost"),
        "card.report_found": _tr("Lost card found"),
        "card.replace": _tr("Card replaced"),
        "card.change_tier": _tr("Tier changed"),
        "card.cancel": _tr("Card cancelled"),
        "card.set_pin": _tr("Card PIN set"),
        "card.adjust": _tr("Balance adjusted"),
        "card.expire_due": _tr("Expired cards closed"),
        "purchase.refund": _tr("Refund"),
        "purchase.import": _tr("Purchases imported"),
        "interaction.log": _tr("Contact logged"),
        "interaction.follow_up_done": _tr("Follow-up done"),
        "feedback.open": _tr("Feedback recorded"),
        "feedback.move": _tr("Feedback status changed"),
        "survey.record": _tr("Survey answer"),
        "care.contacted": _tr("Customers contacted"),
        "card_type.create": _tr("New card type"),
        "card_type.update": _tr("Card type edited"),
        "tier.create": _tr("New tier"),
        "tier.update": _tr("Tier edited"),
        "settings.update": _tr("Settings changed"),
        "user.add": _tr("Account added"),
        "user.remove": _tr("Account removed"),
        "user.set_role": _tr("Role changed"),
        "user.reset_password": _tr("Password set by owner"),
        "user.change_password": _tr("Own password changed"),
        "user.recover": _tr("Recovered with the recovery key"),
        "file.create": _tr("Shop file created"),
        "file.new_recovery_key": _tr("New recovery key"),
    }


def action_areas() -> list[tuple[str, str]]:
    """(label, action prefix) for the action filter; the prefix "" means every action."""
    return [
        (_tr("All actions"), ""),
        (_tr("Customers"), "customer."),
        (_tr("Cards and money"), "card."),
        (_tr("Refunds and purchases"), "purchase."),
        (_tr("Contacts and follow-ups"), "interaction."),
        (_tr("Feedback"), "feedback."),
        (_tr("Card types"), "card_type."),
        (_tr("Tiers"), "tier."),
        (_tr("Settings"), "settings."),
        (_tr("Staff accounts"), "user."),
        (_tr("Shop file"), "file."),
    ]


def entity_names() -> dict[str, str]:
    return {
        "customer": _tr("Customer"),
        "card": _tr("Card"),
        "purchase": _tr("Purchase"),
        "interaction": _tr("Contact"),
        "feedback": _tr("Feedback"),
        "survey": _tr("Survey"),
        "card_type": _tr("Card type"),
        "tier": _tr("Tier"),
        "setting": _tr("Settings"),
        "user": _tr("Staff account"),
        "file": _tr("Shop file"),
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
