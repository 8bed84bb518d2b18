"""The arithmetic of card money: bonus for a top-up, tier discount, points, spending order.

Pure functions, no database: the service that books an action and the dialog that
previews it call the same ones, so what the clerk sees is what gets booked.

Spending order of stored value (decided here, on purpose): a payment from the
card takes paid money (本金) and free credit (赠送) *in proportion* to what the
card holds at that moment. Why, for the accountant: only 本金 is a liability to
the customer (预收款) and revenue when used; spending pro rata makes each yuan of
consumption carry the same share of real money, so recognised revenue and the
remaining liability follow the actual use of the card, and neither side can
game a later cancellation (a customer cannot spend only the bonus and then take
all the paid money back; the shop cannot keep the bonus untouched until it is
forfeited).

Which card kinds hold what (stored value, visits) and which payment methods an
action takes are rules of the same kind: the service refuses by them and the
counter's buttons and words follow them, so they are written here once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.rules.validation import MAX_AMOUNT_FEN, format_fen, parse_amount_fen

BonusRule = tuple[int, int]  # (pay_fen, bonus_fen): pay at least pay_fen, get bonus_fen free

# Card kinds that hold a balance: they take top-ups and pay from it.
STORED_VALUE_KINDS = ("stored_value", "mixed")
# Card kinds that are used for visits (a period card: unlimited visits until it expires).
COUNT_KINDS = ("count", "mixed", "period")
TOPUP_METHODS = ("cash", "wechat", "alipay", "bank_card", "other")
SALE_METHODS = ("stored_value", *TOPUP_METHODS)
MAX_COUNTS_AT_ONCE = 100


def holds_stored_value(kind: str) -> bool:
    """Whether a card of ``kind`` has a balance: it is topped up and pays from it."""
    return kind in STORED_VALUE_KINDS


def holds_visits(kind: str) -> bool:
    """Whether a card of ``kind`` is used for visits (次卡, mixed, period)."""
    return kind in COUNT_KINDS


def counts_visits(kind: str) -> bool:
    """Whether using a card of ``kind`` takes visits off it (a period card's are unlimited)."""
    return holds_visits(kind) and kind != "period"


def parse_yuan(text: str, field: str = "amount", *, allow_zero: bool = True) -> int:
    """Yuan typed in a box ("100", "88.5", "¥1,000") as fen; ValidationError naming ``field``.

    An empty box is 0 where 0 is acceptable (``allow_zero``); where it is not, an
    empty box is refused with "please enter an amount".
    """
    if not text.strip():
        if allow_zero:
            return 0
        return parse_amount_fen(None, field)  # refuses: nothing was typed
    return parse_amount_fen(text, field, allow_zero=allow_zero)


def check_amount_fen(value: object, field: str = "amount", *, allow_zero: bool = False) -> int:
    """An amount in fen as an int within the same bounds ``parse_amount_fen`` enforces."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            f"invalid.{field}", "金额必须是整数分。", "An amount must be whole fen.", field=field
        )
    if value < 0:
        raise ValidationError(
            f"invalid.{field}", "金额不能是负数。", "The amount cannot be negative.", field=field
        )
    if value == 0 and not allow_zero:
        raise ValidationError(
            f"invalid.{field}", "金额必须大于 0。", "The amount must be more than 0.", field=field
        )
    if value > MAX_AMOUNT_FEN:
        raise ValidationError(
            f"invalid.{field}",
            "金额超出上限（单笔最多 1,000,000 元）。",
            "The amount is too large (at most 1,000,000 yuan at a time).",
            field=field,
        )
    return value


def normalise_bonus_rules(rules: Iterable[Sequence[int]]) -> list[BonusRule]:
    """Validate (pay_fen, bonus_fen) tiers and sort them by pay_fen; refuse duplicates."""
    clean: list[BonusRule] = []
    for rule in rules:
        if len(rule) != 2:
            raise _rule_error()
        pay_fen, bonus_fen = rule[0], rule[1]
        check_amount_fen(pay_fen, "bonus_rules")
        check_amount_fen(bonus_fen, "bonus_rules", allow_zero=True)
        if bonus_fen > pay_fen:
            raise ValidationError(
                "invalid.bonus_rules",
                f"赠送金额（{format_fen(bonus_fen)} 元）不能超过充值金额（{format_fen(pay_fen)} 元）。",
                f"The bonus ({format_fen(bonus_fen)}) cannot exceed the payment "
                f"({format_fen(pay_fen)}).",
                field="bonus_rules",
            )
        clean.append((pay_fen, bonus_fen))
    clean.sort()
    pays = [pay for pay, _ in clean]
    if len(set(pays)) != len(pays):
        raise ValidationError(
            "invalid.bonus_rules",
            "同一个充值金额只能有一条赠送规则。",
            "Each top-up amount may have only one bonus rule.",
            field="bonus_rules",
        )
    return clean


def _rule_error() -> ValidationError:
    return ValidationError(
        "invalid.bonus_rules",
        "赠送规则应写成“充 X 元送 Y 元”。",
        "A bonus rule is 'pay X, get Y free'.",
        field="bonus_rules",
    )


def bonus_rules_to_json(rules: Sequence[BonusRule]) -> str:
    """The stored form: a JSON list of {"pay_fen": N, "bonus_fen": M}."""
    return json.dumps([{"pay_fen": pay, "bonus_fen": bonus} for pay, bonus in rules])


def bonus_rules_from_json(text: str | None) -> list[BonusRule]:
    """Read the stored form back; an empty or missing value means no bonus."""
    if not text:
        return []
    return sorted((int(item["pay_fen"]), int(item["bonus_fen"])) for item in json.loads(text))


def bonus_for(amount_fen: int, rules: Sequence[BonusRule]) -> int:
    """Bonus for one top-up: the rule with the highest pay_fen not above the amount, once.

    充100送10 and 充500送80 give 10 for 100–499.99 and 80 for 500 and more; a rule is
    not applied repeatedly (paying 200 under 充100送10 still gives 10).
    """
    bonus = 0
    for pay_fen, bonus_fen in sorted(rules):
        if amount_fen >= pay_fen:
            bonus = bonus_fen
    return bonus


def payable_fen(amount_fen: int, price_percent: int) -> int:
    """What is paid after the tier discount, rounded half up to the fen (88 → 88折)."""
    return (amount_fen * price_percent + 50) // 100


def points_for(paid_fen: int, points_per_yuan: int, multiplier_percent: int) -> int:
    """Points earned: whole yuan paid × points per yuan × the tier's multiplier, rounded down."""
    if paid_fen <= 0:
        return 0
    return (paid_fen // 100) * points_per_yuan * multiplier_percent // 100


def split_spend(amount_fen: int, principal_fen: int, bonus_fen: int) -> tuple[int, int]:
    """How much of ``amount_fen`` comes from 本金 and from 赠送, in proportion to the card.

    The principal share is rounded half up; both parts stay within what the card
    holds whenever ``amount_fen`` does not exceed the total.
    """
    total = principal_fen + bonus_fen
    if amount_fen >= total:
        return principal_fen, bonus_fen
    if total == 0:
        return 0, 0
    from_principal = (2 * amount_fen * principal_fen + total) // (2 * total)
    return from_principal, amount_fen - from_principal


def redeem_value_fen(points: int, points_per_yuan_redeemed: int) -> int:
    """What ``points`` are worth in fen when redeemed (100 points per yuan → 100 pts = 100 fen)."""
    if points_per_yuan_redeemed <= 0:
        return 0
    return points * 100 // points_per_yuan_redeemed
