"""Money as the owner types and reads it on these screens: yuan text to int fen and back."""

from __future__ import annotations

from crm_desktop.models.rules.validation import format_fen


def yuan_text(amount_fen: int) -> str:
    """100000 → "1,000", 8850 → "88.50": whole yuan without the ".00"."""
    text = format_fen(amount_fen)
    return text[:-3] if text.endswith(".00") else text


def yuan_amount(amount_fen: int) -> str:
    """100000 → "1,000.00": an amount in a table column, always with two decimals so a
    column lines up and reads one way."""
    return format_fen(amount_fen)


def yuan_input(amount_fen: int) -> str:
    """An amount as it goes back into a box to edit: 100000 → "1000" (no thousands commas)."""
    return yuan_text(amount_fen).replace(",", "")
