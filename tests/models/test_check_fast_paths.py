"""The import's fast paths give the verdicts of the careful paths they skip.

An ID number's check digit is worked out without stdnum's per-call parse, and
plain ASCII text skips the character-by-character hunt for invisible controls;
both must say exactly what the careful way says, or a customer's number or note
would be refused (or let through) differently at the counter and in an import.
"""

from __future__ import annotations

import random

from stdnum.cn import ric

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.rules.validation import clean_text, id_check_digit


def test_the_check_digit_is_stdnums_for_any_seventeen_digits() -> None:
    rng = random.Random(14)
    bodies = ["0" * 17, "9" * 17, "11010519491231002", "36042619910101007"]
    bodies += ["".join(rng.choice("0123456789") for _ in range(17)) for _ in range(20_000)]
    for body in bodies:
        assert id_check_digit(body) == str(ric.calc_check_digit(body + "0")), body
    assert id_check_digit("11010519491231002") == "X"


def test_plain_ascii_text_is_kept_and_a_control_inside_it_is_still_refused() -> None:
    assert clean_text("user14@example.com", "email", 120) == "user14@example.com"
    assert clean_text("  Room 5, No.12 ~!  ", "address", 200) == "Room 5, No.12 ~!"
    assert clean_text("line one\nline two\tend", "notes", 200) == "line one\nline two\tend"
    for hidden in ("a\x00b", "a\x1bb", "a\x7fb", "a\u200bb", "a\u202eb"):
        try:
            clean_text(hidden, "notes", 200)
        except ValidationError as error:
            assert "控制字符" in error.zh or "control" in error.en
        else:
            raise AssertionError(f"{hidden!r} was let through")
