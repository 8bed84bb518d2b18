"""Card numbers: a shop prefix, a running number and a Luhn check digit.

The check digit lets the counter catch a mistyped or misread number before any
lookup; pre-printed card stock keeps its own numbers and is taken as printed.
The Luhn arithmetic is python-stdnum's.
"""

from __future__ import annotations


def luhn_digit(body: str) -> str:
    """The Luhn check digit for a string of digits."""
    from stdnum import luhn

    return str(luhn.calc_check_digit(body))


def luhn_valid(number: str) -> bool:
    """True for two or more digits whose last one is the Luhn check digit of the rest."""
    from stdnum import luhn

    return len(number) >= 2 and number.isascii() and number.isdigit() and bool(
        luhn.is_valid(number)
    )


def make_card_number(prefix: str, sequence: int, length: int) -> str:
    """``prefix`` + zero-padded ``sequence`` + check digit, ``length`` digits in all."""
    body_len = length - 1 - len(prefix)
    body = f"{prefix}{sequence:0{body_len}d}"
    if len(body) != length - 1:
        raise ValueError("card number sequence does not fit the configured length")
    return body + luhn_digit(body)
