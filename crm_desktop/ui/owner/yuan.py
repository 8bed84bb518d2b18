"""Money as the owner types and reads it on these screens: yuan text to int fen and back."""

from __future__ import annotations

from crm_desktop.models.validation import format_fen, parse_amount_fen


def yuan_text(amount_fen: int) -> str:
    """100000 → "1,000", 8850 → "88.50": whole yuan without the ".00"."""
    text = format_fen(amount_fen)
    return text[:-3] if text.endswith(".00") else text


def parse_yuan(text: str, field: str) -> int:
    """Typed yuan to fen; an empty box is 0. Refusals name ``field``."""
    if not text.strip():
        return 0
    return parse_amount_fen(text, field)
