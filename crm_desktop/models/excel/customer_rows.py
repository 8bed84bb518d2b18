"""The row contract of a customer import, applied to a sheet without touching the database.

A customer row needs a name and a phone or a card number. Every problem of a row
is reported (row number as Excel shows it, the column header, the reason), not
only the first. A wrong name, phone or card number, or a wrong amount, refuses
the row; a row whose only problems are optional fields (a birthday 1988-02-30,
a bad email or ID number) is kept aside with them, so the user may import it
without those values, flagged for correction. Text that looks damaged is noted
for the user to decide. A later row repeating an earlier row's phone, card
number or ID number is a duplicate of that earlier row. Blank rows are passed
over; a totals row (合计/总计 …) is not a customer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel import normalise as norm
from crm_desktop.models.excel.customer_cells import (
    ATTRIBUTE,
    EMPTY,
    NAME_LIKE,
    PARSERS,
    UNIQUE,
)
from crm_desktop.models.excel.fields import field_by_key
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.excel.readers import Cell, Table, UncomputedFormula
from crm_desktop.models.excel.row_damage import DAMAGE_CHECKED, Judged, damage_of
from crm_desktop.models.excel.row_findings import (
    OPTIONAL_FIELDS,
    BadField,
    DamagedCell,
    Duplicate,
    Rejection,
    duplicate_reason,
    formula_reason,
    shown_value,
    zh_or_en,
)
from crm_desktop.models.excel.totals_rows import is_totals
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.services.customer_records import check_member_since

__all__ = [
    "PROFILE_FIELDS", "CustomerRow", "Duplicate", "Rejection", "RowCheck", "check_rows",
    "duplicate_reason",
]



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
    member_since: date | None = None
    # {field: value as the file had it} left out because wrong or damaged (待更正).
    corrections: dict[str, str] | None = None

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

    def joined(self) -> date | None:
        """Member since as the file tells it: its own column or the card's issue date, earliest."""
        if self.member_since and self.issued_on:
            return min(self.member_since, self.issued_on)
        return self.member_since or self.issued_on


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


@dataclass(frozen=True)
class OptionalFix:
    """A row kept aside: its wrong optional values, shown and as the file had them."""

    fields: tuple[BadField, ...]
    raw: dict[str, str]


@dataclass
class RowCheck:
    """What the sheet holds, row by row, before the database is asked anything.

    ``accepted`` holds every row that may come in, those of ``optional`` with their
    wrong optional values already left out; the plan decides on them and on the
    rows of ``damaged`` by the user's choices.
    """

    rows_read: int = 0
    totals_rows: int = 0
    accepted: list[CustomerRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    optional: dict[int, OptionalFix] = field(default_factory=dict)
    damaged: dict[int, tuple[DamagedCell, ...]] = field(default_factory=dict)


@dataclass
class _Columns:
    """The mapped columns of the sheet and what checking them needs."""

    index: list[int]
    attribute: list[str]
    header: list[str]
    parsers: dict[str, Callable[[Cell], Any]]
    identity_header: str
    # {row number: {column index: marker}} of formulas the file saved without a result
    uncomputed: dict[int, dict[int, Any]]
    # per text column, what the damaged-text test said of each value seen so far
    judged: dict[str, Judged] = field(default_factory=dict)
    # per repeating column, what each distinct cell seen so far gave (value or refusal)
    known: dict[str, dict[Cell, Any]] = field(default_factory=dict)

    @property
    def name_at(self) -> int | None:
        """The sheet column of the name (a totals row says 合计 there)."""
        return next((i for i, a in zip(self.index, self.attribute, strict=True) if a == "name"),
                    None)


def check_rows(
    table: Table, mapping: ColumnMapping, progress: ProgressReport = no_progress
) -> RowCheck:
    """Apply the row contract to every row below the header; pure, no database.

    Rows are checked in chunks, column by column: a column's distinct values are
    checked once (tiers, genders, dates and amounts repeat), then each row takes
    every refusal of its cells. ``progress`` hears ``Progress("check", row, last
    row)`` every 2,000 rows; a cancel raises from it.
    """
    mapped = [
        (index, ATTRIBUTE.get(key, key), header)
        for index, (key, header) in enumerate(zip(mapping.fields, mapping.headers, strict=True))
        if key is not None
    ]
    today = date.today()
    columns = _Columns(
        index=[i for i, _, _ in mapped],
        attribute=[a for _, a, _ in mapped],
        header=[h for _, _, h in mapped],
        parsers={
            **PARSERS,
            "birthday": functools.partial(norm.birthday, today=today),
            "member_since": lambda v: check_member_since(norm.day(v, "member_since"), today),
        },
        identity_header=(
            mapping.header_of("phone")
            or mapping.header_of("card_number")
            or field_by_key("customers", "phone").label
        ),
        uncomputed=getattr(table, "uncomputed", {}),
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
            _check_chunk(chunk, columns, result, seen)
            chunk = []
    _check_chunk(chunk, columns, result, seen)
    return result


_CHUNK = 5000
_MISSING = object()


def _checked(parse: Callable[[Cell], Any], value: Cell) -> Any:
    try:
        return parse(value)
    except ValidationError as error:
        return error


def _check_column(
    cells: Sequence[Cell], parse: Callable[[Cell], Any], known: dict[Cell, Any] | None
) -> tuple[list[Any], bool]:
    """What each cell gives (its value or its refusal), and whether any was refused.

    ``known``: what the column's distinct cells gave in earlier chunks, for a column
    whose values repeat; None for one whose values are unique (names, phones).
    """
    # Empty cells are common (no ID, no email): what an empty cell gives is worked out once.
    empty = _checked(parse, "")
    refused = type(empty) is ValidationError
    if known is None:
        values: list[Any] = []
        add = values.append
        for cell in cells:
            if cell == "":
                add(empty)
                continue
            try:  # inline: a call per cell of 100,000-row columns is measurable
                add(parse(cell))
            except ValidationError as error:
                add(error)
                refused = True
        return values, refused
    known[""] = empty
    found: list[Any] = []
    add = found.append
    get = known.get
    for cell in cells:
        # True and 1.0 hash alike but read differently: booleans are never remembered.
        result = _MISSING if type(cell) is bool else get(cell, _MISSING)
        if result is _MISSING:
            try:
                result = parse(cell)
            except ValidationError as error:
                result = error
            if len(known) < _REMEMBER_AT_MOST:
                known[cell] = result
        elif type(result) is not ValidationError:
            add(result)
            continue
        if type(result) is ValidationError:
            refused = True
        add(result)
    return found, refused


def _check_chunk(
    chunk: list[tuple[int, list[Cell]]],
    columns: _Columns,
    result: RowCheck,
    seen: tuple[dict[str, int], dict[str, int], dict[str, int]],
) -> None:
    result.rows_read += len(chunk)
    name_at = columns.name_at
    kept = [(n, v) for n, v in chunk if not is_totals(v, name_at)]
    result.totals_rows += len(chunk) - len(kept)
    parsed: list[list[Any]] = []
    errors: dict[int, list[int]] = {}  # row position → column positions that refused
    damage: dict[int, list[tuple[int, tuple[str, str]]]] = {}  # row → (column, (preview, why))
    # The chunk's columns at once (zip in C beats one comprehension per column); a short
    # row is padded to the last mapped column.
    width = max(columns.index, default=-1) + 1
    by_column = list(zip(*(v if len(v) >= width else v + [""] * (width - len(v))
                           for _, v in kept), strict=False)) if kept else []
    for position, (index, attribute) in enumerate(
        zip(columns.index, columns.attribute, strict=True)
    ):
        cells = by_column[index] if by_column else ()
        known = None if attribute in UNIQUE else columns.known.setdefault(attribute, {})
        values, refused = _check_column(cells, columns.parsers[attribute], known)
        if columns.uncomputed:
            refused = _mark_formulas(values, kept, index, attribute, columns.uncomputed) or refused
        if refused:
            for row in [i for i, v in enumerate(values) if type(v) is ValidationError]:
                errors.setdefault(row, []).append(position)
        if attribute in DAMAGE_CHECKED:
            judged = columns.judged.setdefault(attribute, {})
            for row, found in damage_of(values, attribute in NAME_LIKE, judged):
                damage.setdefault(row, []).append((position, found))
        parsed.append(values)
    attributes = columns.attribute
    seen_phones, seen_cards, seen_ids = seen
    for row, row_values in enumerate(zip(*parsed, strict=True)):
        number, raw = kept[row]
        bad = errors.get(row)
        fields = dict(zip(attributes, row_values, strict=True))
        fix: OptionalFix | None = None
        if bad is not None:
            fix = _optional_fix(bad, row_values, raw, columns)
            if fix is None:
                result.rejected.extend(_rejections(number, bad, row_values, fields, columns))
                continue
            for item in fix.fields:
                fields[item.field] = EMPTY.get(item.field)
        if not (fields.get("phone") or fields.get("card_number")):
            result.rejected.append(_no_identity(number, columns))
            continue
        customer = CustomerRow(row=number, **fields)
        phone, card, id_number = customer.phone, customer.card_number, customer.id_number
        # Row numbers start at 1: a found one is true.
        earlier = (
            (phone and seen_phones.get(phone))
            or (card and seen_cards.get(card))
            or (id_number and seen_ids.get(id_number))
        )
        if earlier:
            result.duplicates.append(Duplicate(number, earlier))
            continue
        if phone:
            seen_phones[phone] = number
        if card:
            seen_cards[card] = number
        if id_number:
            seen_ids[id_number] = number
        if fix is not None:
            result.optional[number] = fix
        if row in damage:
            result.damaged[number] = tuple(
                DamagedCell(number, customer.name, attributes[p], columns.header[p], preview, why, "")
                for p, (preview, why) in damage[row]
            )
        result.accepted.append(customer)


def _mark_formulas(
    values: list[Any],
    kept: list[tuple[int, list[Cell]]],
    index: int,
    attribute: str,
    uncomputed: dict[int, dict[int, Any]],
) -> bool:
    """A formula without its saved result is that problem, not an empty cell ("no phone").

    True when the column had such a cell.
    """
    marked = False
    for position, (number, _) in enumerate(kept):
        if index in uncomputed.get(number, ()):
            values[position] = ValidationError(
                f"import.formula.{attribute}", formula_reason(), formula_reason(), field=attribute
            )
            marked = True
    return marked


def _optional_fix(
    bad: list[int], values: tuple[Any, ...], cells: list[Cell], columns: _Columns
) -> OptionalFix | None:
    """The row's wrong values when every one is optional; None when one is required."""
    if any(columns.attribute[p] not in OPTIONAL_FIELDS for p in bad):
        return None
    shown: list[BadField] = []
    raw: dict[str, str] = {}
    for p in bad:
        attribute, index = columns.attribute[p], columns.index[p]
        cell = cells[index] if index < len(cells) else ""
        if isinstance(cell, UncomputedFormula):  # reads as "": say what the cell holds
            cell = "=" + cell.formula if cell.formula else ""
        shown.append(BadField(attribute, columns.header[p], shown_value(attribute, cell),
                              values[p].message))
        raw[attribute] = norm.as_text(cell).strip()
    return OptionalFix(tuple(shown), raw)


def _rejections(
    number: int, bad: list[int], values: tuple[Any, ...], fields: dict[str, Any],
    columns: _Columns,
) -> list[Rejection]:
    found = [Rejection(number, columns.header[p], values[p].message) for p in bad]
    keys = [a for a in ("phone", "card_number") if a in fields]
    bad_keys = {columns.attribute[p] for p in bad}
    if not any(fields.get(k) for k in keys) and not bad_keys & {"phone", "card_number"}:
        found.append(_no_identity(number, columns))
    return found


def _no_identity(number: int, columns: _Columns) -> Rejection:
    return Rejection(
        number,
        columns.identity_header,
        zh_or_en(
            "缺少手机号或卡号：每位客户至少要有其中一项。",
            "No phone and no card number: each customer needs at least one of them.",
        ),
    )


_REMEMBER_AT_MOST = 20_000


def _data_rows(table: Table, mapping: ColumnMapping) -> Iterator[tuple[int, list[Cell]]]:
    blank = norm.is_blank
    for number, values in table.rows(start=mapping.header_row + 1):
        first = values[0] if values else None
        # A filled first cell (the usual row) settles it without a look at the others.
        if (first is None or isinstance(first, str) and not first.strip()) and all(
            blank(v) for v in values
        ):
            continue
        yield number, values
