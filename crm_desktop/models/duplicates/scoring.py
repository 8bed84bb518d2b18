"""Is a candidate pair likely one person? The reasons for and against it, and its score.

A pair is flagged when its score (the reasons' points, 0–100) reaches
``FLAG_AT`` and the names are related (the same, written another way, sounding
the same, one inside the other), or when both carry the same ID number. So two
people called 王伟 with different phones and birthdays are not flagged (a name
alone weighs 30), nor family members who share a landline under their own names,
nor phones two or more digits apart. Numbers shown in the reasons are masked as
everywhere on screen; for numbers one digit apart the reason says which digit.
Distances are rapidfuzz's (OSA: one substitution or adjacent swap is 1).
"""

from __future__ import annotations

from rapidfuzz.distance import OSA, Levenshtein

from crm_desktop.models.duplicates.people import People
from crm_desktop.models.duplicates.reasons import Reason, reason, score_of
from crm_desktop.models.rules.validation import mask_id_number, mask_phone

FLAG_AT = 40
# A name in Latin letters this long may be one typo away from the same name.
_TYPO_LENGTH = 5


def judge(people: People, i: int, j: int) -> tuple[int, tuple[Reason, ...]] | None:
    """(score, reasons) when ``i`` and ``j`` are likely one person, else None."""
    found: list[Reason] = []
    against: list[Reason] = []
    same_id = _ids(people, i, j, found, against)
    named = _name(people, i, j)
    if named is None and not same_id:
        return None
    _phones(people, i, j, found)
    if named is not None:
        found.append(named)
        if named.code in ("name_written", "name_traditional") and (
            people.name_holders[people.name_codes[i]] == 2
        ):
            found.append(reason("rare_name"))
    _birthday_and_gender(people, i, j, found, against)
    reasons = (*found, *against)
    score = score_of(reasons)
    return (score, reasons) if score >= FLAG_AT else None


def _ids(people: People, i: int, j: int, found: list[Reason], against: list[Reason]) -> bool:
    key_i, key_j = people.id_keys[i], people.id_keys[j]
    if key_i is None or key_j is None:
        return False
    if key_i == key_j:
        old = (i in people.old_ids) != (j in people.old_ids)
        shown = mask_id_number(people.id_numbers[i if i not in people.old_ids else j]) or ""
        found.append(reason("same_id_old" if old else "same_id", value=shown))
        return True
    near = _near(key_i, key_j, "id")
    if near is not None:
        found.append(near)
    else:
        against.append(reason("id_differs"))
    return False


def _phones(people: People, i: int, j: int, found: list[Reason]) -> None:
    mine, theirs = people.phone_entries(i), people.phone_entries(j)
    for key_i, field_i, value_i in mine:
        for key_j, field_j, _value_j in theirs:
            if key_i == key_j:
                mobile = len(key_i) == 11 and key_i.startswith("1")
                found.append(reason(
                    "same_phone" if field_i == field_j else "phone_is_phone2",
                    value=mask_phone(value_i) or "", points=None if mobile else 25,
                ))
                return
    for key_i, _f, _v in mine:
        for key_j, _g, _w in theirs:
            near = _near(key_i, key_j, "phone")
            if near is not None:
                found.append(near)
                return


def _near(a: str, b: str, kind: str) -> Reason | None:
    """One changed digit, or two neighbours swapped, as a reason naming where."""
    if len(a) != len(b) or len(a) < 7 or OSA.distance(a, b, score_cutoff=1) > 1:
        return None
    places = [op.src_pos + 1 for op in Levenshtein.editops(a, b)]
    if len(places) == 1:
        return reason(f"near_{kind}", a=str(places[0]))
    return reason(f"swapped_{kind}", a=str(places[0]), b=str(places[-1]))


def _name(people: People, i: int, j: int) -> Reason | None:
    raw_i, raw_j = people.names[i].strip(), people.names[j].strip()
    if raw_i == raw_j:
        return reason("same_name")
    kind_i, kind_j = people.kind[i], people.kind[j]
    folded_i = people.folded[kind_i]
    if folded_i == people.folded[kind_j] and folded_i:
        return reason("name_written", a=raw_i, b=raw_j)
    simple_i, simple_j = people.simple[kind_i], people.simple[kind_j]
    if simple_i == simple_j and simple_i:
        return reason("name_traditional", a=raw_i, b=raw_j)
    sound = people.sound[kind_i]
    if sound and sound == people.sound[kind_j] and sound != simple_i:
        return reason("name_sound", a=raw_i, b=raw_j, value=sound)
    short, long = sorted((simple_i, simple_j), key=len)
    if len(short) >= 2 and (long.startswith(short) or long.endswith(short)):
        return reason("name_part", a=raw_i, b=raw_j)
    if (
        min(len(simple_i), len(simple_j)) >= _TYPO_LENGTH
        and simple_i.isascii()
        and simple_j.isascii()
        and OSA.distance(simple_i, simple_j, score_cutoff=1) <= 1
    ):
        return reason("name_typo", a=raw_i, b=raw_j)
    return None


def _birthday_and_gender(
    people: People, i: int, j: int, found: list[Reason], against: list[Reason]
) -> None:
    born_i, born_j = people.birthdays[i], people.birthdays[j]
    if born_i is not None and born_j is not None:
        if born_i == born_j:
            found.append(reason("same_birthday", value=born_i))
        else:
            against.append(reason("birthday_differs", a=born_i, b=born_j))
    gender_i, gender_j = people.genders[i], people.genders[j]
    if gender_i is not None and gender_j is not None and gender_i != gender_j:
        against.append(reason("gender_differs"))
