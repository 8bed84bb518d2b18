"""Card numbers: a shop prefix, a running number and a Luhn check digit.

The check digit lets the counter catch a mistyped or misread number before any
lookup; pre-printed card stock keeps its own numbers and is taken as printed.
"""

from __future__ import annotations


def luhn_digit(body: str) -> str:
    """The Luhn check digit for a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return len(number) >= 2 and number.isdigit() and luhn_digit(number[:-1]) == number[-1]


def make_card_number(prefix: str, sequence: int, length: int) -> str:
    """``prefix`` + zero-padded ``sequence`` + check digit, ``length`` digits in all."""
    body_len = length - 1 - len(prefix)
    body = f"{prefix}{sequence:0{body_len}d}"
    if len(body) != length - 1:
        raise ValueError("card number sequence does not fit the configured length")
    return body + luhn_digit(body)
