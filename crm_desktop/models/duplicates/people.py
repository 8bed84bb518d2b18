"""The people compared: customers on file (one plain SQL pass) and rows planned for import.

``People`` holds one column per fact (lists, not objects: a million customers
fit in memory and build in seconds) with the keys of ``keys`` worked out for all
of them at once. Rows ``0 … on_file-1`` are customers on file; any after them
are planned rows of an import, compared only with the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy.orm import Session

from crm_desktop.models.duplicates.keys import (
    Ints,
    compact_id,
    distinct,
    factorize,
    fold_names,
    id_key,
    is_old_id,
    phone_key,
    pinyin,
    simplified,
)

# Active and terminated customers; never anonymised (no one left to find) or merged ones.
_CUSTOMERS_SQL = (
    "SELECT id, name, phone, phone2, id_number, birthday, gender FROM customers"
    " WHERE status NOT IN ('anonymised', 'merged') AND merged_into IS NULL"
)


class Candidate(NamedTuple):
    """A planned import row to compare with the file (the fields a likely duplicate shows in)."""

    name: str
    phone: str | None = None
    id_number: str | None = None
    birthday: date | str | None = None
    phone2: str | None = None
    gender: str | None = None


@dataclass
class People:
    """Columns of the people compared, with their keys."""

    ids: list[int]
    names: list[str]
    # Names repeat, so their keys are kept once per distinct name: record ``i`` has the
    # folded, simplified and pinyin forms ``folded[kind[i]]`` and so on.
    kind: Ints
    folded: list[str]
    simple: list[str]
    sound: list[str]
    phones: list[str | None]
    phones2: list[str | None]
    phone_keys: list[str | None]
    phone2_keys: list[str | None]
    id_numbers: list[str | None]
    id_keys: list[str | None]
    old_ids: set[int]
    birthdays: list[str | None]
    genders: list[str | None]
    on_file: int
    # The simplified name as a number (-1: no name), and how many records hold each.
    name_codes: Ints
    name_holders: Ints

    def __len__(self) -> int:
        return len(self.ids)

    def phone_entries(self, index: int) -> list[tuple[str, str, str]]:
        """(key, field, stored value) of each phone of ``index``, the same number once."""
        found: list[tuple[str, str, str]] = []
        key, key2 = self.phone_keys[index], self.phone2_keys[index]
        if key is not None:
            found.append((key, "phone", self.phones[index] or ""))
        if key2 is not None and key2 != key:
            found.append((key2, "phone2", self.phones2[index] or ""))
        return found


def _day(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value)[:10]


def _phone_keys(values: list[str | None]) -> list[str | None]:
    # A mainland mobile as stored (11 ASCII digits) is its own key: most of any file.
    return [
        v if v is None or (len(v) == 11 and v.isdigit() and v.isascii()) else phone_key(v)
        for v in values
    ]


def _id_keys(values: list[str | None]) -> list[str | None]:
    # An 18-character resident ID as stored is its own key (upper-cased): most of any file.
    return [
        v if v is None else v.upper() if len(v) == 18 and v[:17].isdigit() and v.isascii()
        else id_key(v)
        for v in values
    ]


def build_people(rows: Sequence[Sequence[Any]], on_file: int) -> People:
    """People from rows of (id, name, phone, phone2, id_number, birthday, gender)."""
    # One list per column (zip(*rows) over a million rows is several times slower).
    ids, names, phones, phones2, id_numbers, birthdays, genders = (
        list(map(itemgetter(column), rows)) for column in range(7)
    )
    names = [n if type(n) is str else str(n or "") for n in names]
    # Names repeat: the keys are made once per distinct name, then spread back.
    firsts, kind = distinct(names)
    folded = fold_names(list(map(names.__getitem__, firsts)))
    simple = simplified(folded)
    codes = factorize(simple)[kind]
    id_keys = _id_keys(id_numbers)
    return People(
        ids=ids if all(type(i) is int for i in ids) else [int(i) for i in ids],
        names=names,
        kind=kind,
        folded=folded,
        simple=simple,
        sound=pinyin(simple),
        phones=phones,
        phones2=phones2,
        phone_keys=_phone_keys(phones),
        phone2_keys=_phone_keys(phones2),
        id_numbers=id_numbers,
        id_keys=id_keys,
        old_ids={
            i for i, v in enumerate(id_numbers)
            if v is not None and len(v) != 18 and is_old_id(compact_id(v))
        },
        # Stored dates come as "YYYY-MM-DD" text already; typed ones may be dates.
        birthdays=[
            b if b is None or (type(b) is str and len(b) == 10) else _day(b) for b in birthdays
        ],
        genders=[g if g == "M" or g == "F" else None for g in genders],
        on_file=on_file,
        name_codes=codes,
        name_holders=np.bincount(codes[codes >= 0], minlength=1),
    )


def read_customers(session: Session) -> list[Any]:
    """Every customer a duplicate can be found among, in one plain scan of the table."""
    dbapi: Any = session.connection().connection.dbapi_connection
    cursor = dbapi.cursor()
    try:
        return list(cursor.execute(_CUSTOMERS_SQL).fetchall())
    finally:
        cursor.close()


def _text(value: object) -> str | None:
    """A planned row's number as text (a spreadsheet may hand over 13800138000 as a number)."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def with_candidates(file_rows: list[Any], candidates: Sequence[Candidate]) -> People:
    """The file's customers followed by the planned rows (their ids: -1, -2, …)."""
    planned = [
        (-(n + 1), str(c.name or ""), _text(c.phone), _text(c.phone2), _text(c.id_number),
         c.birthday, c.gender)
        for n, c in enumerate(
            c if isinstance(c, Candidate) else Candidate(*c) for c in candidates
        )
    ]
    return build_people([*file_rows, *planned], on_file=len(file_rows))
