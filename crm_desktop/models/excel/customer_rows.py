"""The row contract of a customer import, applied to a sheet without touching the database.

A customer row needs a name and a phone or a card number. Any invalid field
rejects the whole row, naming its row number as Excel shows it, the column
header and the reason. A later row repeating an earlier row's phone, card
number or ID number is a duplicate of that earlier row. Blank rows are passed
over; a totals row (合计/总计 …) is not a customer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel import normalise as norm
from crm_desktop.models.excel.fields import field_by_key
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.excel.readers import Cell, Table
from crm_desktop.models.language import current_language
from crm_desktop.models.progress import Progress, ProgressReport, no_progress

_TOTALS = re.compile(r"^(合计|总计|小计|共计|总数|累计|total|grandtotal|subtotal|sum)\b", re.I)
_TAG_SPLIT = re.compile(r"[,，、;；/|]+")


class Rejection(NamedTuple):
    """A refused row: its number as Excel shows it, the column header, the reason."""

    row: int
    column: str
    reason: str


class Duplicate(NamedTuple):
    """A row that repeats ``first_row``'s phone, card number or ID number."""

    row: int
    first_row: int


@dataclass(slots=True)
class CustomerRow:
    """One accepted row, every value clean."""

    row: int
    name: str
    phone: str | None = None
    phone2: str | None = None
    card_number: str | None = None
    card_type: str | None = None
    tier: str | None = None
    balance_fen: int = 0
    bonus_fen: int = 0
    points: int = 0
    counts: int = 0
    birthday: date | None = None
    gender: str | None = None
    id_number: str | None = None
    email: str | None = None
    address: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    company: str | None = None
    issued_on: date | None = None
    expires_on: date | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None

    def needs_card(self) -> bool:
        """A card is made when the row names one or carries anything that lives on a card."""
        return bool(
            self.card_number
            or self.tier
            or self.card_type
            or self.balance_fen
            or self.bonus_fen
            or self.points
            or self.counts
            or self.issued_on
        )


PROFILE_FIELDS = (
    "name",
    "phone",
    "phone2",
    "birthday",
    "gender",
    "id_number",
    "email",
    "address",
    "province",
    "city",
    "district",
    "company",
    "notes",
)


def _tags(value: object) -> tuple[str, ...]:
    text = norm.text(value, "tags", 400)
    if text is None:
        return ()
    tags = [t.strip() for t in _TAG_SPLIT.split(text) if t.strip()]
    for tag in tags:
        if len(tag) > 40:
            raise ValidationError(
                "invalid.tags",
                "标签太长：每个最多 40 个字。",
                "A tag is too long: 40 characters at most.",
                field="tags",
            )
    return tuple(dict.fromkeys(tags))


_PARSERS: dict[str, Callable[[Cell], Any]] = {
    "name": norm.name,
    "phone": norm.phone,
    "phone2": lambda v: norm.phone(v, "phone2"),
    "card_number": norm.card_number,
    "card_type": lambda v: norm.text(v, "card_type", 60),
    "tier": lambda v: norm.text(v, "tier", 40),
    "balance_fen": lambda v: norm.money_fen(v, "balance") or 0,
    "bonus_fen": lambda v: norm.money_fen(v, "bonus_balance") or 0,
    "points": lambda v: norm.whole_number(v, "points") or 0,
    "counts": lambda v: norm.whole_number(v, "counts") or 0,
    "birthday": norm.birthday,
    "gender": norm.gender,
    "id_number": norm.id_number,
    "email": norm.email,
    "address": lambda v: norm.text(v, "address", 200),
    "province": lambda v: norm.text(v, "province", 20),
    "city": lambda v: norm.text(v, "city", 20),
    "district": lambda v: norm.text(v, "district", 20),
    "company": lambda v: norm.text(v, "company", 120),
    "issued_on": lambda v: norm.day(v, "issued_on"),
    "expires_on": lambda v: norm.day(v, "expires_on"),
    "tags": _tags,
    "notes": lambda v: norm.text(v, "notes", 2000),
}
# Import field key → CustomerRow attribute where they differ.
_ATTRIBUTE = {"balance": "balance_fen", "bonus_balance": "bonus_fen"}


@dataclass
class RowCheck:
    """What the sheet holds, row by row, before the database is asked anything."""

    rows_read: int = 0
    totals_rows: int = 0
    accepted: list[CustomerRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


def _zh(zh: str, en: str) -> str:
    return zh if current_language() == "zh" else en


def check_rows(
    table: Table, mapping: ColumnMapping, progress: ProgressReport = no_progress
) -> RowCheck:
    """Apply the row contract to every row below the header; pure, no database.

    Rows are checked in chunks, column by column: a column's distinct values are
    checked once (tiers, genders, dates and amounts repeat), then each row takes
    the first refusal in sheet order. ``progress`` hears ``Progress("check", row,
    last row)`` every 2,000 rows; a cancel raises from it.
    """
    columns = [
        (index, _ATTRIBUTE.get(key, key), header)
        for index, (key, header) in enumerate(zip(mapping.fields, mapping.headers, strict=True))
        if key is not None
    ]
    today = date.today()
    parsers: dict[str, Callable[[Cell], Any]] = {
        **_PARSERS,
        "birthday": functools.partial(norm.birthday, today=today),
    }
    phone_header = (
        mapping.header_of("phone")
        or mapping.header_of("card_number")
        or field_by_key("customers", "phone").label
    )
    result = RowCheck()
    # One map per key, keyed by the value itself: no tuple per row (memory at 100k rows).
    seen: tuple[dict[str, int], dict[str, int], dict[str, int]] = ({}, {}, {})
    chunk: list[tuple[int, list[Cell]]] = []
    for count, item in enumerate(_data_rows(table, mapping)):
        if count % 2000 == 0:
            progress(Progress("check", count, table.row_count))
        chunk.append(item)
        if len(chunk) == _CHUNK:
            _check_chunk(chunk, columns, parsers, phone_header, result, seen)
            chunk = []
    _check_chunk(chunk, columns, parsers, phone_header, result, seen)
    return result


_CHUNK = 5000
_MISSING = object()


def _checked(parse: Callable[[Cell], Any], value: Cell) -> Any:
    try:
        return parse(value)
    except ValidationError as error:
        return error


def _check_column(cells: list[Cell], parse: Callable[[Cell], Any], unique: bool) -> list[Any]:
    # Empty cells are common (no ID, no email): what an empty cell gives is worked out once.
    empty = _checked(parse, "")
    if unique:
        return [empty if cell == "" else _checked(parse, cell) for cell in cells]
    known: dict[Cell, Any] = {"": empty}
    found: list[Any] = []
    for cell in cells:
        # True and 1.0 hash alike but read differently: booleans are never remembered.
        result = _MISSING if type(cell) is bool else known.get(cell, _MISSING)
        if result is _MISSING:
            result = _checked(parse, cell)
            if len(known) < _REMEMBER_AT_MOST:
                known[cell] = result
        found.append(result)
    return found


def _check_chunk(
    chunk: list[tuple[int, list[Cell]]],
    columns: list[tuple[int, str, str]],
    parsers: dict[str, Callable[[Cell], Any]],
    phone_header: str,
    result: RowCheck,
    seen: tuple[dict[str, int], dict[str, int], dict[str, int]],
) -> None:
    result.rows_read += len(chunk)
    kept = [(n, v) for n, v in chunk if not _is_totals(v, columns)]
    result.totals_rows += len(chunk) - len(kept)
    parsed: list[list[Any]] = []
    first_error: dict[int, int] = {}  # row position → column position of its first refusal
    for position, (index, attribute, _) in enumerate(columns):
        cells = [v[index] if index < len(v) else "" for _, v in kept]
        values = _check_column(cells, parsers[attribute], attribute in _UNIQUE)
        for row in [i for i, v in enumerate(values) if type(v) is ValidationError]:
            first_error.setdefault(row, position)
        parsed.append(values)
    attributes = [attribute for _, attribute, _ in columns]
    for row, row_values in enumerate(zip(*parsed, strict=True)):
        number = kept[row][0]
        bad = first_error.get(row)
        if bad is not None:
            result.rejected.append(Rejection(number, columns[bad][2], row_values[bad].message))
            continue
        fields = dict(zip(attributes, row_values, strict=True))
        if not (fields.get("phone") or fields.get("card_number")):
            result.rejected.append(
                Rejection(
                    number,
                    phone_header,
                    _zh(
                        "缺少手机号或卡号：每位客户至少要有其中一项。",
                        "No phone and no card number: each customer needs at least one of them.",
                    ),
                )
            )
            continue
        customer = CustomerRow(row=number, **fields)
        earlier = _earlier(customer, seen)
        if earlier is not None:
            result.duplicates.append(Duplicate(number, earlier))
            continue
        for found, value in zip(
            seen, (customer.phone, customer.card_number, customer.id_number), strict=True
        ):
            if value:
                found[value] = number
        result.accepted.append(customer)


# Columns whose values repeat (tiers, genders, dates, cities, amounts): each distinct cell is
# checked once. Names, phones, card and ID numbers are unique and are not worth remembering.
_UNIQUE = frozenset({"name", "phone", "phone2", "card_number", "id_number", "email", "address"})
_REMEMBER_AT_MOST = 20_000


def _data_rows(table: Table, mapping: ColumnMapping) -> Iterator[tuple[int, list[Cell]]]:
    for number, values in table.rows(start=mapping.header_row + 1):
        if all(norm.is_blank(v) for v in values):
            continue
        yield number, values


def _is_totals(values: list[Cell], columns: list[tuple[int, str, str]]) -> bool:
    names = [values[i] for i, attribute, _ in columns if attribute == "name" and i < len(values)]
    return any(_totals_text(v) for v in names) or looks_like_totals(values)


_TOTALS_FIRST = frozenset("合总小共累TtGgSs")


def _totals_text(value: Cell) -> bool:
    if not isinstance(value, str) or value.lstrip()[:1] not in _TOTALS_FIRST:
        return False
    return bool(_TOTALS.match(value.strip().replace(" ", "")))


def looks_like_totals(values: list[Cell]) -> bool:
    """A totals line (合计/总计/Total …) in its first filled cell: not a customer or purchase."""
    if values and not norm.is_blank(values[0]):
        return _totals_text(values[0])
    leading = next((v for v in values if not norm.is_blank(v)), "")
    return _totals_text(leading)


def _earlier(
    row: CustomerRow, first_seen: tuple[dict[str, int], dict[str, int], dict[str, int]]
) -> int | None:
    for seen, value in zip(first_seen, (row.phone, row.card_number, row.id_number), strict=True):
        if value and value in seen:
            return seen[value]
    return None


def duplicate_reason(first_row: int) -> str:
    """The sentence the report and the error workbook give for a duplicate row."""
    return _zh(
        f"与第 {first_row} 行重复（手机号、卡号或身份证号相同），未导入。",
        f"Repeats row {first_row} (same phone, card number or ID number); not imported.",
    )
