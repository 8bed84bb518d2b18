"""Who a card is: its number (generated or pre-printed) and its optional payment PIN.

Generated numbers are the shop prefix, a running number kept in the settings
table and a Luhn check digit. A typed number that looks like the shop's own
stock (same prefix, same length, digits only) must carry a valid check digit;
anything else is taken as printed on pre-made card stock.

PINs are stored as scrypt hashes with a per-card salt; a wrong PIN is refused
without saying anything about the right one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import Card
from crm_desktop.models.errors import AuthError, ConflictError, ValidationError
from crm_desktop.models.rules.card_numbers import luhn_valid, make_card_number
from crm_desktop.models.rules.validation import fold
from crm_desktop.models.services.shop_settings import (
    CARD_SEQUENCE_KEY,
    ShopSettings,
    read_setting,
    write_setting,
)

# 2**14 × 8 × 128 bytes = 16 MiB and ~30 ms per check here: slow for a guesser going
# through a million PINs, quick enough for a person at the counter.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_PRINTED = re.compile(r"[0-9A-Z]{4,32}")


def _invalid_number(zh: str, en: str) -> ValidationError:
    return ValidationError("invalid.card_number", zh, en, field="number")


def normalise_number(value: object) -> str:
    """A scanned or typed card number without spaces or dashes, full-width folded, upper case."""
    return re.sub(r"[\s\-]", "", fold(str(value or ""))).upper()


def looks_generated(number: str, settings: ShopSettings) -> bool:
    """Whether ``number`` has the shape of the shop's own generated numbers."""
    return (
        number.isdigit()
        and len(number) == settings.card_number_length
        and number.startswith(settings.card_number_prefix)
    )


def check_typed_number(value: object, settings: ShopSettings) -> str:
    """Validate a card number typed or scanned at the counter (format and check digit)."""
    number = normalise_number(value)
    if not number:
        raise _invalid_number("请填写卡号。", "Please enter a card number.")
    if not _PRINTED.fullmatch(number):
        raise _invalid_number(
            "卡号只能由 4 到 32 位数字或字母组成。",
            "A card number has 4 to 32 digits or letters.",
        )
    if looks_generated(number, settings) and not luhn_valid(number):
        raise _invalid_number(
            f"卡号 {number} 的校验位不对，可能输错或读错了一位，请核对。",
            f"The check digit of card number {number} does not match; a digit may be "
            "mistyped or misread.",
        )
    return number


def require_number_free(session: Session, number: str) -> None:
    if session.scalar(select(Card.id).where(Card.number == number)) is not None:
        raise ConflictError(
            "card.number_taken",
            f"卡号 {number} 已被另一张卡使用。",
            f"Card number {number} is already in use.",
            field="number",
        )


def next_card_number(session: Session, settings: ShopSettings) -> str:
    """The next free generated number; the running number is kept in the same transaction."""
    sequence = int(read_setting(session, CARD_SEQUENCE_KEY) or 1)
    while True:
        try:
            number = make_card_number(
                settings.card_number_prefix, sequence, settings.card_number_length
            )
        except ValueError as exc:
            raise ValidationError(
                "card.numbers_exhausted",
                "按当前卡号长度已经没有可用的卡号，请在设置里加长卡号位数。",
                "No card numbers are left at the current length; make card numbers longer "
                "in the settings.",
            ) from exc
        sequence += 1
        # Pre-printed stock may already hold a number in this range; skip it.
        if session.scalar(select(Card.id).where(Card.number == number)) is None:
            write_setting(session, CARD_SEQUENCE_KEY, sequence)
            return number


def check_pin_format(pin: object) -> str:
    """A payment PIN is exactly six digits."""
    text = fold(str(pin or "")).strip()
    if not (len(text) == 6 and text.isdigit()):
        raise ValidationError(
            "invalid.pin",
            "支付密码应为 6 位数字。",
            "A payment PIN has exactly six digits.",
            field="pin",
        )
    return text


def hash_pin(pin: str) -> str:
    """``scrypt$n$r$p$salt$hash`` of a six-digit PIN."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(stored: str, pin: str) -> bool:
    """Compare ``pin`` against a stored hash in constant time."""
    try:
        _, n, r, p, salt_hex, digest_hex = stored.split("$")
        digest = hashlib.scrypt(
            pin.encode("ascii"), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p),
            dklen=len(digest_hex) // 2,
        )
    except (ValueError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def require_pin(card: Card, pin: str | None) -> None:
    """Refuse when the card has a PIN and ``pin`` is missing or wrong; no-op without a PIN."""
    if card.pin_hash is None:
        return
    if pin is None or str(pin).strip() == "":
        raise AuthError(
            "card.pin_required",
            f"卡 {card.number} 设有支付密码，请让顾客输入支付密码。",
            f"Card {card.number} has a payment PIN; ask the customer to enter it.",
            field="pin",
        )
    if not pin_matches(card.pin_hash, fold(str(pin)).strip()):
        raise AuthError(
            "card.pin_wrong",
            "支付密码不正确，没有扣款。请让顾客重新输入。",
            "The payment PIN is wrong; nothing was charged. Ask the customer to enter it again.",
            field="pin",
        )
