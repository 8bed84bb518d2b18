"""Open an xlsx, xls, ods or csv file as rows of cell values with the sheet's own row numbers.

python-calamine reads the workbook formats (about ten times faster than
openpyxl here, and it also reads .xls and .ods); it never expands XML entities
(it stops with an "unrecognized entity" error), and ``safety.check_zip`` refuses
bombs and DOCTYPEs before it runs. A CSV is decoded as UTF-8 (with or without
BOM) or else GB18030, the superset of GBK that Chinese Windows Excel writes, and
its delimiter is sniffed. Empty cells come back as ``""``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.safety import (
    DEFAULT_LIMITS,
    ReadLimits,
    check_file_size,
    check_zip,
    refuse,
    too_big_grid,
    too_many_rows,
)

Cell = Any  # str, float, int, bool, date, datetime, time or timedelta; "" when empty
Row = tuple[int, list[Cell]]  # (row number as Excel shows it, cell values)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Table:
    """One sheet of an opened file; ``rows()`` can be walked more than once."""

    path: Path
    kind: str  # "xlsx" | "xls" | "ods" | "csv"
    sheet_name: str
    sheet_names: tuple[str, ...]
    row_count: int  # the last row number, blank rows included
    encoding: str | None = None  # for CSV: "utf-8-sig" or "gb18030"
    delimiter: str | None = None  # for CSV
    _sheet: Any = field(default=None, repr=False)
    _text: str | None = field(default=None, repr=False)

    def rows(self, start: int = 1) -> Iterator[Row]:
        """Every row from row number ``start`` on, blank rows included, as (number, values)."""
        if self._text is not None:
            reader = csv.reader(io.StringIO(self._text), delimiter=self.delimiter or ",")
            for number, values in enumerate(reader, start=1):
                if number >= start:
                    yield number, [_unwrap_csv_text(v) for v in values]
            return
        for index, values in enumerate(self._sheet.iter_rows()):
            if index + 1 >= start:
                yield index + 1, values

    def head(self, count: int = 30) -> list[Row]:
        """The first ``count`` rows, for header detection and the wizard's preview."""
        found: list[Row] = []
        for row in self.rows():
            if len(found) >= count:
                break
            found.append(row)
        return found


@dataclass
class Book:
    """An opened, checked file; ``table(sheet)`` gives one of its sheets."""

    path: Path
    kind: str
    sheet_names: tuple[str, ...]
    visible: tuple[bool, ...]
    limits: ReadLimits
    _workbook: Any = field(default=None, repr=False)
    _csv: Table | None = field(default=None, repr=False)

    def table(self, sheet: str | int | None = None) -> Table:
        """The sheet named or numbered ``sheet``; by default the first visible worksheet."""
        if self._csv is not None:
            return self._csv
        return _load_sheet(self, _pick_sheet(self, sheet))


def open_book(path: Path | str, limits: ReadLimits = DEFAULT_LIMITS) -> Book:
    """Open ``path`` safely (xlsx, xls, ods or csv, told apart by content, not by name).

    Refuses, with one sentence, a file that is missing, damaged, encrypted, a zip
    bomb, carries XML entities, or holds more rows or cells than ``limits``.
    """
    path = Path(path)
    if not path.is_file():
        raise refuse(
            "missing", f"找不到文件 {path.name}。", f"The file {path.name} does not exist."
        )
    check_file_size(path, limits)
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(_ZIP_MAGIC):
        check_zip(path, limits)
        return _open_workbook(path, "ods" if _is_ods(path) else "xlsx", limits)
    if magic == _OLE_MAGIC:
        return _open_workbook(path, "xls", limits)
    table = _open_csv(path, limits)
    return Book(path, "csv", table.sheet_names, (True,), limits, _csv=table)


def open_table(
    path: Path | str, sheet: str | int | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> Table:
    """Open ``path`` safely and pick ``sheet`` (name or index; default the first visible one)."""
    return open_book(path, limits).table(sheet)


def _is_ods(path: Path) -> bool:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    return "content.xml" in names and "xl/workbook.xml" not in names


def _open_workbook(path: Path, kind: str, limits: ReadLimits) -> Book:
    import python_calamine as calamine

    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
        names = tuple(workbook.sheet_names)
        visible = tuple(
            str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")
            for m in workbook.sheets_metadata
        )
    except calamine.PasswordError as exc:
        raise refuse(
            "password",
            "这个文件设了打开密码，无法读取。请在 Excel 中去掉密码另存后再导入。",
            "This file is password-protected. Remove the password in Excel, save it and import "
            "that copy.",
        ) from exc
    except Exception as exc:  # calamine raises plain errors for many kinds of damage
        raise _calamine_error(path, exc) from exc
    return Book(path, kind, names, visible, limits, _workbook=workbook)


def _calamine_error(path: Path, exc: Exception) -> ValidationError:
    if "entity" in str(exc):
        return refuse(
            "xml_entities",
            "这个文件里含有 XML 实体声明（正常的表格不会有），可能是恶意文件，已拒绝读取。",
            "This file contains XML entity declarations, which normal workbooks never "
            "have; it may be malicious and was not read.",
        )
    return _unreadable(path)


def _load_sheet(book: Book, index: int) -> Table:
    try:
        loaded = book._workbook.get_sheet_by_index(index)
    except Exception as exc:
        raise _calamine_error(book.path, exc) from exc
    limits = book.limits
    height, width = int(loaded.total_height), int(loaded.width)
    if height > limits.max_rows:
        raise too_many_rows(height, limits)
    if width > limits.max_columns or height * width > limits.max_cells:
        raise too_big_grid(limits)
    name = book.sheet_names[index]
    return Table(book.path, book.kind, name, book.sheet_names, height, _sheet=loaded)


def _pick_sheet(book: Book, sheet: str | int | None) -> int:
    names = book.sheet_names
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return sheet
    elif isinstance(sheet, str):
        if sheet in names:
            return names.index(sheet)
    else:
        for index, visible in enumerate(book.visible):
            if visible:
                return index
        if names:
            return 0
    raise refuse(
        "no_sheet",
        f"文件里没有名为“{sheet}”的工作表。" if sheet is not None else "文件里没有工作表。",
        f"The file has no sheet named {sheet!r}."
        if sheet is not None
        else "The file has no sheet.",
    )


def _unreadable(path: Path) -> ValidationError:
    return refuse(
        "damaged",
        f"无法读取 {path.name}：文件已损坏或不是表格文件。请在 Excel 中打开并另存为 .xlsx 后再试。",
        f"{path.name} cannot be read: it is damaged or not a spreadsheet. Open it in Excel, "
        "save it as .xlsx and try again.",
    )


def decode_csv(raw: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding that read it: UTF-8 (BOM or not), else GB18030."""
    try:
        return raw.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise refuse(
            "encoding",
            "无法识别这个 CSV 文件的文字编码（既不是 UTF-8 也不是 GBK/GB18030）。请在 Excel 中另存为"
            "“CSV UTF-8”或 .xlsx 后再导入。",
            "The CSV file's text encoding is neither UTF-8 nor GBK/GB18030. Save it from Excel "
            'as "CSV UTF-8" or .xlsx and import that.',
        ) from exc


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon, tab or bar, whichever the first lines use consistently."""
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _open_csv(path: Path, limits: ReadLimits) -> Table:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise refuse(
            "not_a_table",
            f"{path.name} 不是表格文件（.xlsx、.xls、.ods 或 .csv），无法导入。",
            f"{path.name} is not a spreadsheet (.xlsx, .xls, .ods or .csv) and cannot be imported.",
        )
    text, encoding = decode_csv(raw)
    del raw
    lines = text.count("\n") + 1
    if lines > limits.max_rows:
        raise too_many_rows(lines, limits)
    delimiter = sniff_delimiter(text)
    return Table(path, "csv", path.stem, (path.stem,), lines, encoding, delimiter, _text=text)


def _unwrap_csv_text(value: str) -> str:
    # Excel-made CSVs keep leading zeros and long numbers as ="0123".
    if len(value) >= 3 and value.startswith('="') and value.endswith('"'):
        return value[2:-1]
    return value
