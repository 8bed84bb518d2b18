"""Text a customer import must not store without a word: ``??``, U+FFFD, private use, mojibake.

``damage_of`` runs the damaged-text test over a checked column and yields the
rows to ask the user about, with a preview of the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crm_desktop.models.excel.damaged_text import damaged_text

# The text fields stored as typed; numbers, dates and codes have strict checks of their own.
DAMAGE_CHECKED = frozenset({
    "name", "address", "province", "city", "district", "company", "notes", "tier", "card_type",
})
PREVIEW_LENGTH = 40
Judged = dict[str, "tuple[str, str] | None"]  # value → (preview, why), None when it is fine


def _preview(text: str) -> str:
    return text if len(text) <= PREVIEW_LENGTH else text[: PREVIEW_LENGTH - 1] + "…"


def damage_of(
    values: list[Any], name_like: bool, known: Judged
) -> Iterator[tuple[int, tuple[str, str]]]:
    """(row position, (preview, why)) for each checked text value that looks damaged.

    ``known`` keeps what earlier chunks of the same column found: each distinct value
    is judged once, since the test undoes likely wrong readings of the text and costs
    far more than a look-up (names and addresses repeat).
    """
    for position, value in enumerate(values):
        # ASCII without "?" cannot be damaged: the common case (empty notes, codes) skips at once.
        if type(value) is not str or value.isascii() and "?" not in value:
            continue
        if value in known:
            found = known[value]
        else:
            hit = damaged_text(value, name_like=name_like)
            found = (_preview(value), hit.reason) if hit is not None else None
            if len(known) < _REMEMBER_AT_MOST:
                known[value] = found
        if found is not None:
            yield position, found


_REMEMBER_AT_MOST = 200_000
