"""What each cell of a customer row becomes: one parser per field, and how columns are checked.

Every parser returns the clean value (None for an empty cell) or raises a
``ValidationError`` with the sentence the report shows beside the row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel import normalise as norm
from crm_desktop.models.excel.readers import Cell

_TAG_SPLIT = re.compile(r"[,，、;；/|]+")


def _tags(value: object) -> tuple[str, ...]:
    text = norm.text(value, "tags", 400)
    if text is None:
        return ()
    tags = [t.strip() for t in _TAG_SPLIT.split(text) if t.strip()]
    for tag in tags:
        if len(tag) > 40:
            raise ValidationError(
                "invalid.tags",
                "标签太长：每个最多 40 个字。",
                "A tag is too long: 40 characters at most.",
                field="tags",
            )
    return tuple(dict.fromkeys(tags))


PARSERS: dict[str, Callable[[Cell], Any]] = {
    "name": norm.name,
    "phone": norm.phone,
    "phone2": lambda v: norm.phone(v, "phone2"),
    "card_number": norm.card_number,
    "card_type": lambda v: norm.text(v, "card_type", 60),
    "tier": lambda v: norm.text(v, "tier", 40),
    "balance_fen": lambda v: norm.money_fen(v, "balance") or 0,
    "bonus_fen": lambda v: norm.money_fen(v, "bonus_balance") or 0,
    "points": lambda v: norm.whole_number(v, "points") or 0,
    "counts": lambda v: norm.whole_number(v, "counts") or 0,
    "birthday": norm.birthday,
    "gender": norm.gender,
    "id_number": norm.id_number,
    "email": norm.email,
    "address": lambda v: norm.text(v, "address", 200),
    "province": lambda v: norm.text(v, "province", 20),
    "city": lambda v: norm.text(v, "city", 20),
    "district": lambda v: norm.text(v, "district", 20),
    "company": lambda v: norm.text(v, "company", 120),
    "issued_on": lambda v: norm.day(v, "issued_on"),
    "expires_on": lambda v: norm.day(v, "expires_on"),
    "tags": _tags,
    "notes": lambda v: norm.text(v, "notes", 2000),
}
# Import field key → CustomerRow attribute where they differ.
ATTRIBUTE = {"balance": "balance_fen", "bonus_balance": "bonus_fen"}
# What an optional field holds once its wrong value is left out.
EMPTY: dict[str, Any] = {"tags": ()}

# Columns whose values repeat (tiers, genders, dates, cities, amounts): each distinct cell is
# checked once. Names, phones, card and ID numbers are unique and are not worth remembering.
UNIQUE = frozenset({"name", "phone", "phone2", "card_number", "id_number", "email", "address"})
# Short identifiers that never hold a question mark: one touching a character is damage.
NAME_LIKE = frozenset({"name", "tier", "card_type", "province", "city", "district"})
