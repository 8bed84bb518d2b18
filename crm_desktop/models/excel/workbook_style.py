"""Styled workbooks for the accountant and the owner, written with xlsxwriter in constant memory.

Every sheet gets headers in the interface language, a frozen header row, an
autofilter and sensible widths. Money (fen inside) is written as a yuan number
formatted ``#,##0.00``; dates are date cells; phone, ID and card numbers are
text cells so no digit is lost. Every text is written as a string cell, never
as a formula; one that starts with = + - @, a tab or a carriage return also
carries Excel's quote prefix, so even after editing Excel keeps it as text.
xlsxwriter's constant-memory mode wrote 100k × 15 faster than openpyxl's
write-only mode here (FACTS: ~16 s against ~24 s) and keeps memory flat.

xlsxwriter assembles a file from parts it writes to temporary files, by default in
the system's temp folder, where a crash would leave customers' names and numbers
in clear text for good. Here the parts go to a hidden folder beside the export
(the place the user chose for that very data), which is removed when the file is
done or abandoned; a small file (``in_memory``) makes no parts at all.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crm_desktop.models.language import current_language

TEXT, CODE, MONEY, INT, DATE, DATETIME = "text", "code", "money", "int", "date", "datetime"
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_TEXT = 32767  # Excel's limit for one cell
_EPOCH = datetime(1899, 12, 30)  # day 0 of Excel's 1900 date system (past its leap-year bug)
_EPOCH_DAY = _EPOCH.date()
_LEAP_BUG_END = date(1900, 3, 1)


@dataclass(frozen=True)
class Column:
    """One exported column: header in both languages, how values are written, its width."""

    zh: str
    en: str
    kind: str = TEXT
    width: float = 12

    @property
    def header(self) -> str:
        return self.zh if current_language() == "zh" else self.en


def tr(zh: str, en: str) -> str:
    """The text in the interface language."""
    return zh if current_language() == "zh" else en


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class StyledSheet:
    """One data sheet; rows are written in order (constant-memory mode)."""

    def __init__(self, book: StyledWorkbook, name: str, columns: Sequence[Column]) -> None:
        self.book = book
        self.name = name
        self.columns = tuple(columns)
        self.sheet = book.workbook.add_worksheet(name)
        self.rows_written = 0
        for index, column in enumerate(self.columns):
            fmt = book.formats.get(column.kind)
            self.sheet.set_column(index, index, column.width, fmt)
        for index, column in enumerate(self.columns):
            self.sheet.write_string(0, index, column.header, book.formats["header"])
        self.sheet.freeze_panes(1, 0)
        self._plan = [(i, c.kind, book.formats[c.kind]) for i, c in enumerate(self.columns)]
        # xlsxwriter's undecorated writers skip the A1-notation wrapper on every cell, which
        # costs about a fifth of the export; the public ones are the fallback.
        self._write_number = getattr(self.sheet, "_write_number", self.sheet.write_number)
        self._write_string = getattr(self.sheet, "_write_string", self.sheet.write_string)

    def write_row(self, values: Sequence[Any]) -> None:
        """Write one row; None leaves a cell empty."""
        self.rows_written += 1
        row = self.rows_written
        write_number, write_string = self._write_number, self._write_string
        for (index, kind, fmt), value in zip(self._plan, values, strict=True):
            if value is None or value == "":
                continue
            if kind == MONEY:
                write_number(row, index, value / 100, fmt)
            elif kind == INT:
                write_number(row, index, value, fmt)
            elif kind == DATE:
                day = value.date() if isinstance(value, datetime) else value
                if day < _LEAP_BUG_END:
                    moment = datetime(day.year, day.month, day.day)
                    self.sheet.write_datetime(row, index, moment, fmt)
                else:
                    write_number(row, index, (day - _EPOCH_DAY).days, fmt)
            elif kind == DATETIME:
                write_number(row, index, (value - _EPOCH).total_seconds() / 86400, fmt)
            else:
                text = str(value)[:_MAX_TEXT]
                if text.startswith(_RISKY_START):
                    fmt = self.book.formats["quoted_code" if kind == CODE else "quoted"]
                write_string(row, index, text, fmt)

    def range_of(self, column: int) -> str:
        """The data cells of ``column`` as a formula reference, e.g. '客户'!$G$2:$G$101."""
        letter = column_letter(column)
        last = max(self.rows_written + 1, 2)
        return f"'{self.name}'!${letter}$2:${letter}${last}"

    def finish(self) -> None:
        """Filters over the header and the data written."""
        self.sheet.autofilter(0, 0, max(self.rows_written, 1), len(self.columns) - 1)


class StyledWorkbook:
    """An export file; ``add_sheet`` for data, ``summary`` for totals as formulas; then ``close``."""

    def __init__(self, path: Path | str, *, in_memory: bool = False) -> None:
        import xlsxwriter

        self.path = Path(path)
        self.parts: Path | None = None
        if not in_memory:
            self.parts = parts_folder(self.path)
            shutil.rmtree(self.parts, ignore_errors=True)  # left by a crash
            self.parts.mkdir()
        self.workbook = xlsxwriter.Workbook(
            str(self.path),
            {
                "in_memory": in_memory,
                "tmpdir": str(self.parts) if self.parts is not None else None,
                "constant_memory": not in_memory,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        add = self.workbook.add_format
        self.formats: dict[str, Any] = {
            "header": add(
                {
                    "bold": True,
                    "bg_color": "#DDEBF7",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "vcenter",
                }
            ),
            TEXT: add({}),
            "quoted": add({"quote_prefix": True}),
            CODE: add({"num_format": "@"}),
            "quoted_code": add({"num_format": "@", "quote_prefix": True}),
            MONEY: add({"num_format": "#,##0.00"}),
            INT: add({"num_format": "#,##0"}),
            DATE: add({"num_format": "yyyy-mm-dd"}),
            DATETIME: add({"num_format": "yyyy-mm-dd hh:mm"}),
            "label": add({"bold": True}),
        }
        self.sheets: list[StyledSheet] = []
        self._summary: Any = None

    def add_sheet(self, name: str, columns: Sequence[Column]) -> StyledSheet:
        sheet = StyledSheet(self, name, columns)
        self.sheets.append(sheet)
        return sheet

    def add_summary(self, name: str) -> None:
        """Place the summary sheet first (the accountant opens the file on the totals)."""
        self._summary = self.workbook.add_worksheet(name)

    def fill_summary(self, lines: Sequence[tuple[str, str, str, Any]]) -> None:
        """Write (label, formula, kind, cached value) lines; the formulas make the totals.

        The cached value is what viewers that do not recalculate show; Excel and WPS
        recalculate from the formula on opening. A line without formula shows the value.
        """
        sheet = self._summary
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 1, 20)
        sheet.write_string(0, 0, tr("项目", "Item"), self.formats["header"])
        sheet.write_string(0, 1, tr("数值", "Value"), self.formats["header"])
        for row, (label, formula, kind, cached) in enumerate(lines, start=1):
            sheet.write_string(row, 0, label, self.formats["label"])
            if formula:
                shown = cached / 100 if kind == MONEY else cached
                sheet.write_formula(row, 1, formula, self.formats.get(kind), shown)
            else:
                self._write_plain(sheet, row, kind, cached)
        sheet.freeze_panes(1, 0)

    def _write_plain(self, sheet: Any, row: int, kind: str, value: Any) -> None:
        if isinstance(value, date):
            moment = (
                value
                if isinstance(value, datetime)
                else datetime(value.year, value.month, value.day)
            )
            sheet.write_datetime(row, 1, moment, self.formats[DATE])
        elif isinstance(value, int | float):
            sheet.write_number(
                row, 1, value / 100 if kind == MONEY else value, self.formats.get(kind)
            )
        else:
            sheet.write_string(row, 1, str(value), self.formats["quoted"])

    def close(self) -> None:
        try:
            for sheet in self.sheets:
                sheet.finish()
            self.workbook.close()
        finally:
            self.discard_parts()

    def discard_parts(self) -> None:
        """Remove the temporary parts (after the file is complete, or when it is abandoned)."""
        if self.parts is not None:
            shutil.rmtree(self.parts, ignore_errors=True)


def parts_folder(path: Path) -> Path:
    """Where the parts of the export ``path`` are assembled: hidden, beside it."""
    return path.with_name(f".{path.name}.parts")


def money_sum(sheet: StyledSheet, column: int) -> str:
    """=SUM over a money column (the sheet holds yuan numbers)."""
    return f"=SUM({sheet.range_of(column)})"


def count_rows(sheet: StyledSheet, column: int = 0) -> str:
    """=COUNTA over a column's data cells."""
    return f"=COUNTA({sheet.range_of(column)})"
