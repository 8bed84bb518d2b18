"""How audit entries read on screen: the model layer's names, in the interface language.

The names live in ``models.audit_labels`` so the screen and the audit export say
the same thing; this module keeps the screen's calls short.
"""

from __future__ import annotations

from crm_desktop.models.audit_labels import (
    ACTION_NAMES,
    ENTITY_NAMES,
    action_areas,
    action_name,
    change_summary,
    entity_name,
)

__all__ = [
    "action_areas", "action_name", "action_names", "change_summary", "entity_name", "entity_names",
]


def action_names() -> dict[str, str]:
    """Every named action → its name in the interface language."""
    return {key: action_name(key) for key in ACTION_NAMES}


def entity_names() -> dict[str, str]:
    """Every named record kind → its name in the interface language."""
    return {key: entity_name(key) for key in ENTITY_NAMES}
