"""Find the header row of a sheet and map its columns to import fields.

Real files carry title rows (often a merged cell), an "导出时间: …" line or a
blank line above the header. The header is the row among the first ones that
names the most known fields and at least one that identifies a customer. A
header repeated in a second column (two "电话" columns) fills a second field
where one exists (phone → phone2) and is otherwise left out, with a note.
Traditional headers (手機, 會員卡號, 餘額) are read through OpenCC's t2s first, so a
Taiwan or Hong Kong file maps like a mainland one. A file whose sheets hold no
value at all says it is empty rather than that no header was found.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.fields import FIELDS_BY_KIND, SECOND_OF, fold_header, recognise
from crm_desktop.models.excel.readers import Book, Row, Table
from crm_desktop.models.language import current_language

SCAN_ROWS = 30
IDENTIFYING = {"customers": ("name", "phone", "card_number"), "purchases": ("phone", "card_number")}


@dataclass(frozen=True)
class ColumnMapping:
    """Which field each column of the sheet fills; the wizard shows it and lets the user edit it.

    ``headers[i]`` is the text of column ``i`` in the header row and ``fields[i]``
    the field key it fills, or None when the column is left out.
    """

    kind: str
    header_row: int  # the header's row number as Excel shows it
    headers: tuple[str, ...]
    fields: tuple[str | None, ...]
    notes: tuple[str, ...] = ()

    def column_of(self, key: str) -> int | None:
        """The column index that fills ``key``, if any."""
        try:
            return self.fields.index(key)
        except ValueError:
            return None

    def header_of(self, key: str) -> str:
        column = self.column_of(key)
        return self.headers[column] if column is not None else ""

    def with_field(self, column: int, key: str | None) -> ColumnMapping:
        """The mapping after the user sets column ``column`` to ``key`` (None leaves it out).

        A field fills at most one column, so a column that had ``key`` before loses it.
        """
        if key is not None and key not in {f.key for f in FIELDS_BY_KIND[self.kind]}:
            raise ValueError(f"unknown field {key!r} for {self.kind}")
        fields = [None if (key is not None and f == key) else f for f in self.fields]
        fields[column] = key
        return replace(self, fields=tuple(fields))

    def with_header_row(self, table: Table, header_row: int) -> ColumnMapping:
        """The mapping recognised afresh when the user says the header is on ``header_row``."""
        for number, values in table.head(max(SCAN_ROWS, header_row)):
            if number == header_row:
                return map_headers(self.kind, number, values)
        raise ValueError(f"row {header_row} is outside the sheet")

    def missing_identity(self) -> bool:
        """True when no column can identify a customer (name/phone/card for customers)."""
        needed = IDENTIFYING[self.kind]
        if self.kind == "customers":
            has_name = "name" in self.fields
            return not (has_name and ("phone" in self.fields or "card_number" in self.fields))
        return not any(key in self.fields for key in needed)

    def as_preset(self) -> dict[str, str]:
        """{folded header text: field key} for the columns that fill a field."""
        return {
            fold_header(header): key
            for header, key in zip(self.headers, self.fields, strict=True)
            if key is not None and fold_header(header)
        }


def header_text(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def map_headers(
    kind: str, header_row: int, values: Sequence[object], preset: Mapping[str, str] | None = None
) -> ColumnMapping:
    """Recognise each header cell (``preset`` first, then the built-in names)."""
    headers = tuple(header_text(v) for v in values)
    fields: list[str | None] = []
    notes: list[str] = []
    taken: set[str] = set()
    for header in headers:
        key = None
        if preset:
            key = preset.get(fold_header(header))
        if key is None:
            key = recognise(kind, header)
        if key is None and _traditional(header):
            simplified = to_simplified(header)
            if simplified != header:
                key = (preset or {}).get(fold_header(simplified)) or recognise(kind, simplified)
        if key is not None and key in taken:
            second = SECOND_OF.get(key)
            if second and second not in taken and second in _keys(kind):
                key = second
            else:
                notes.append(
                    f"“{header}”列重复，只导入第一列。"
                    if current_language() == "zh"
                    else f"The column {header!r} repeats; only the first one is imported."
                )
                key = None
        if key is not None:
            taken.add(key)
        fields.append(key)
    return ColumnMapping(kind, header_row, headers, tuple(fields), tuple(notes))


def _traditional(text: str) -> bool:
    """True when ``text`` has characters Simplified Chinese (GB2312) does not write."""
    if text.isascii() or len(text) > 40:
        return False
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


@functools.cache
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s.json")


@functools.lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """``text`` in Simplified characters (手機 → 手机), for matching headers."""
    converted = _t2s().convert(text)  # type: ignore[attr-defined]
    return str(converted)


def _keys(kind: str) -> set[str]:
    return {f.key for f in FIELDS_BY_KIND[kind]}


def detect_header(
    table: Table, kind: str = "customers", preset: Mapping[str, str] | None = None
) -> ColumnMapping:
    """The header row among the first rows of ``table`` and the mapping of its columns.

    Refuses with a sentence when no row names enough known columns; the wizard then
    lets the user pick the header row and the fields by hand.
    """
    best: tuple[int, Row] | None = None
    head = table.head(SCAN_ROWS)
    if not any(header_text(v) for _, values in head for v in values) and _is_empty(table):
        raise empty_sheet(table.sheet_name)
    for number, values in head:
        mapping = map_headers(kind, number, values, preset)
        recognised = sum(1 for f in mapping.fields if f is not None)
        identifies = any(k in mapping.fields for k in IDENTIFYING[kind])
        if recognised >= 2 and identifies and (best is None or recognised > best[0]):
            best = (recognised, (number, values))
    if best is None:
        raise ValidationError(
            "import.no_header",
            "在表格前 30 行里找不到表头（如“姓名”“手机”“卡号”）。请确认第一张工作表是会员名单，或在导入向导中手动指定表头行和各列。",
            "No header row (such as Name, Phone, Card number) was found in the first 30 rows. "
            "Check that the first sheet is the member list, or choose the header row and the "
            "columns by hand in the import wizard.",
            field="file",
        )
    number, values = best[1]
    return map_headers(kind, number, values, preset)


def _is_empty(table: Table) -> bool:
    return not any(header_text(v) for _, values in table.rows() for v in values)


def empty_sheet(name: str) -> ValidationError:
    """The refusal of a sheet (or a whole file) that holds no value."""
    return ValidationError(
        "import.empty",
        f"这个文件是空的：工作表“{name}”里没有任何内容。请确认选对了文件和工作表，或在原系统中重新导出。",
        f"This file is empty: the sheet {name!r} holds nothing. Check that it is the right file "
        "and sheet, or export it again from the old system.",
        field="file",
    )


def detect_sheet(
    book: Book, kind: str = "customers", preset: Mapping[str, str] | None = None
) -> tuple[Table, ColumnMapping]:
    """The visible sheet whose header names the most fields (a summary sheet is passed over)."""
    best: tuple[int, Table, ColumnMapping] | None = None
    first_error: ValidationError | None = None
    for index, visible in enumerate(book.visible):
        if not visible:
            continue
        table = book.table(index)
        try:
            mapping = detect_header(table, kind, preset)
        except ValidationError as error:
            # "No header" says more than "empty" when another sheet holds something.
            if first_error is None or first_error.code == "import.empty":
                first_error = error
            continue
        score = sum(1 for f in mapping.fields if f is not None)
        if best is None or score > best[0]:
            best = (score, table, mapping)
    if best is None:
        if first_error is not None:
            raise first_error
        table = book.table()
        return table, detect_header(table, kind, preset)
    return best[1], best[2]
