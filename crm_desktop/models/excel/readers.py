"""Open an xlsx, xls, ods or text (CSV, tab-separated) file as rows of cell values with the sheet's own row numbers.

What a file is comes from its content, never its name (``file_kind``): a PDF or
a picture renamed ``.xlsx`` and an empty file each get their own sentence.
python-calamine reads the workbook formats (about ten times faster than
openpyxl here, and it also reads .xls and .ods); it never expands XML entities
(it stops with an "unrecognized entity" error), and ``safety.check_zip`` refuses
bombs, DOCTYPEs and grids too large by their values before it runs. A valid ODS
the reader stumbles on (indented XML, other prefixes) is read from a clean copy
(``ods_content``). Text files are decoded and split by ``text_table``. Empty
cells come back as ``""``; a formula whose result was never saved comes back as
an ``UncomputedFormula``, which is also ``""``.
"""

from __future__ import annotations

from pathlib import Path

from crm_desktop.models.excel import file_kind
from crm_desktop.models.excel.encoding import decode_text
from crm_desktop.models.excel.safety import (
    DEFAULT_LIMITS,
    ReadLimits,
    check_file_size,
    check_zip,
    refuse,
    too_many_rows,
)
from crm_desktop.models.excel.sheet_table import Book, Cell, Row, Table, UncomputedFormula
from crm_desktop.models.excel.text_table import (
    count_records_with_values,
    read_text_table,
    sniff_delimiter,
)
from crm_desktop.models.excel.workbook_sheets import open_workbook

__all__ = [
    "Book",
    "Cell",
    "Row",
    "Table",
    "UncomputedFormula",
    "decode_csv",
    "open_book",
    "open_table",
    "sniff_delimiter",
]

def open_book(path: Path | str, limits: ReadLimits = DEFAULT_LIMITS) -> Book:
    """Open ``path`` safely (xlsx, xls, ods or text, told apart by content, not by name).

    Refuses, with one sentence, a file that is missing, empty, something else
    renamed (PDF, picture, Word, zip), damaged, encrypted, a zip bomb, carries
    XML entities, holds more rows or cells with values than ``limits``, or whose
    text encoding cannot be told for sure.
    """
    path = Path(path)
    if not path.is_file():
        raise refuse(
            "missing", f"找不到文件 {path.name}。", f"The file {path.name} does not exist."
        )
    check_file_size(path, limits)
    with path.open("rb") as handle:
        head = handle.read(8192)
    kind = file_kind.sniff(path, head)
    if kind in ("xlsx", "xlsb", "ods"):
        return open_workbook(path, kind, limits, check_zip(path, limits))
    if kind == "xls":
        return open_workbook(path, kind, limits, None)
    table = _open_text(path, limits)
    return Book(path, "csv", table.sheet_names, (True,), limits, _csv=table)


def open_table(
    path: Path | str, sheet: str | int | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> Table:
    """Open ``path`` safely and pick ``sheet`` (name or index; default the first visible one)."""
    return open_book(path, limits).table(sheet)


def decode_csv(raw: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding that read it (see ``encoding.decode_text``)."""
    decoded = decode_text(raw)
    return decoded.text, decoded.encoding


def _open_text(path: Path, limits: ReadLimits) -> Table:
    text = read_text_table(path, path.read_bytes())
    if text.lines > limits.max_rows:
        rows = count_records_with_values(text)
        if rows > limits.max_rows:
            raise too_many_rows(rows, limits)
    return Table(
        path, "csv", path.stem, (path.stem,), text.lines, text.encoding, text.delimiter,
        _text=text,
    )
