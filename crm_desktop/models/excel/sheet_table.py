"""The shapes an opened file is read as: a ``Book`` of sheets, each a ``Table`` of rows.

A row is (row number as the file shows it, cell values). Empty cells are
``""``; a formula whose result was never saved is an ``UncomputedFormula``,
which is also ``""`` but says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crm_desktop.models.excel.safety import ReadLimits, ZipReport
from crm_desktop.models.excel.text_table import TextTable, iter_rows

Cell = Any  # str, float, int, bool, date, datetime, time or timedelta; "" when empty
Row = tuple[int, list[Cell]]  # (row number as Excel shows it, cell values)


class UncomputedFormula(str):
    """A formula cell whose result the file does not hold: reads as "" but says why.

    A program that writes formulas without calculating them (many exporters do)
    leaves the cell empty until Excel opens and saves the file. The import tells
    "第 N 行 手机号 是公式，没有保存计算结果" from an empty cell with ``isinstance``.
    """

    formula: str
    ref: str

    def __new__(cls, formula: str, ref: str) -> UncomputedFormula:
        marker = super().__new__(cls, "")
        marker.formula = formula
        marker.ref = ref
        return marker

    def __repr__(self) -> str:
        return f"UncomputedFormula({self.formula!r}, {self.ref!r})"


@dataclass
class Table:
    """One sheet of an opened file; ``rows()`` can be walked more than once."""

    path: Path
    kind: str  # "xlsx" | "xlsb" | "xls" | "ods" | "csv"
    sheet_name: str
    sheet_names: tuple[str, ...]
    row_count: int  # the last row number, blank rows included
    encoding: str | None = None  # for text: "utf-8", "utf-8-sig", "gb18030", "cp950", "utf-16"…
    delimiter: str | None = None  # for text
    # {row number: {column index in the row's values: marker}} for formulas without a result
    uncomputed: dict[int, dict[int, UncomputedFormula]] = field(default_factory=dict)
    _sheet: Any = field(default=None, repr=False)
    _text: TextTable | None = field(default=None, repr=False)
    _pad: int = field(default=0, repr=False)  # empty columns to put before the reader's first

    def rows(self, start: int = 1) -> Iterator[Row]:
        """Every row from row number ``start`` on, blank rows included, as (number, values)."""
        if self._text is not None:
            yield from iter_rows(self._text, start)
            return
        number = 0
        if not self.uncomputed and not self._pad:
            for number, values in enumerate(self._sheet.iter_rows(), start=1):
                if number >= start:
                    yield number, values
            return
        for number, values in enumerate(self._sheet.iter_rows(), start=1):
            if number >= start:
                yield number, self._marked(number, values)
        # Rows below the last value that hold only formulas without a result.
        for extra in sorted(n for n in self.uncomputed if n > number and n >= start):
            yield extra, self._marked(extra, [])

    def _marked(self, number: int, values: list[Cell]) -> list[Cell]:
        marks = self.uncomputed.get(number)
        if not marks and not self._pad:
            return values
        row = [""] * self._pad + list(values)
        for column, marker in (marks or {}).items():
            if column >= len(row):
                row.extend([""] * (column + 1 - len(row)))
            # "" when the file holds no result; 0 when its writer saved a placeholder.
            if row[column] == "" or row[column] == 0:
                row[column] = marker
        return row

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
    _zip: ZipReport | None = field(default=None, repr=False)
    _loader: Callable[[Book, int], Table] | None = field(default=None, repr=False)

    def table(self, sheet: str | int | None = None) -> Table:
        """The sheet named or numbered ``sheet``; by default the first visible worksheet."""
        if self._csv is not None:
            return self._csv
        assert self._loader is not None, "a workbook Book is made by workbook_sheets"
        return self._loader(self, self.pick(sheet))

    def pick(self, sheet: str | int | None) -> int:
        """The index of the sheet named or numbered ``sheet`` (default: the first visible one)."""
        names = self.sheet_names
        if isinstance(sheet, int):
            if 0 <= sheet < len(names):
                return sheet
        elif isinstance(sheet, str):
            if sheet in names:
                return names.index(sheet)
        else:
            for index, visible in enumerate(self.visible):
                if visible:
                    return index
            if names:
                return 0
        from crm_desktop.models.excel.safety import refuse

        raise refuse(
            "no_sheet",
            f"文件里没有名为“{sheet}”的工作表。" if sheet is not None else "文件里没有工作表。",
            f"The file has no sheet named {sheet!r}."
            if sheet is not None
            else "The file has no sheet.",
        )
