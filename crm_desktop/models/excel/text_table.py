"""A CSV or tab-separated text file as rows: encoding, line ends and delimiter told apart.

Line ends may be Windows (CRLF), Unix (LF), old Mac (CR only: Mac Excel's "CSV
(Macintosh)" and old tills) or a mix; quoted cells may hold line breaks. The
delimiter (comma, tab, semicolon or bar) is the one that splits the first lines
into the same number of cells most consistently; Excel's ``sep=;`` first line
is honoured. Excel's ``="0123"`` (a text cell kept from turning into a number)
reads as ``0123``.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.models.excel.encoding import decode_text
from crm_desktop.models.excel.file_kind import empty_file, refuse_foreign

DELIMITERS = (",", "\t", ";", "|")
_SNIFF_LINES = 60
# Characters that make a text no table: NUL and the C0 controls other than tab and line ends.
_CONTROLS = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r", "\x0c", "\x1a"}


@dataclass(frozen=True)
class TextTable:
    """The decoded text of a file and how to split it into rows."""

    text: str
    encoding: str
    delimiter: str
    first_row: int  # 2 when the file starts with Excel's "sep=" line, else 1
    lines: int  # line count, an upper bound of the row count


def read_text_table(path: Path, raw: bytes) -> TextTable:
    """Decode and inspect ``raw`` (the bytes of ``path``); refuses binary or empty content."""
    decoded = decode_text(raw, path.name)
    text = decoded.text
    if text.startswith("\ufeff"):
        text = text[1:]
    head = text[:4096]
    if sum(1 for ch in head if ch in _CONTROLS) > max(2, len(head) // 100):
        raise refuse_foreign(path, "二进制文件（不是文字）", "a binary file, not text")
    blank = " \t\r\n,;|\x1a\x00\ufeff"
    if not text[:65536].strip(blank) and not text.strip(blank):
        raise empty_file(path)
    first_row, delimiter = 1, None
    first_line = text[:64].splitlines()[0] if text[:64].strip() else ""
    if first_line.lower().startswith("sep=") and len(first_line) == 5:
        delimiter, first_row = first_line[4], 2
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    return TextTable(text, decoded.encoding, delimiter or sniff_delimiter(text), first_row, lines)


def iter_rows(table: TextTable, start: int = 1) -> Iterator[tuple[int, list[str]]]:
    """Every record from row number ``start`` on (blank lines included) as (number, cells)."""
    stream = io.StringIO(table.text, newline="")
    reader = csv.reader(stream, delimiter=table.delimiter)
    if table.first_row > 1:
        next(reader, None)
    for number, values in enumerate(reader, start=table.first_row):
        if number >= start:
            yield number, [unwrap(v) for v in values]


def count_records_with_values(table: TextTable) -> int:
    """How many records hold at least one non-blank cell (for the row limit)."""
    return sum(1 for _, values in iter_rows(table) if any(v.strip() for v in values))


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into equally many cells most often.

    A line with one cell (a title, a blank line) says nothing; ties go to the
    order of ``DELIMITERS`` (comma first), a single-column file gets a comma.
    """
    sample = text[:65536]
    best: tuple[int, int, int] | None = None
    chosen = ","
    for rank, delimiter in enumerate(DELIMITERS):
        if delimiter not in sample:
            continue
        rows = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        widths = [len(r) for r in itertools.islice(rows, _SNIFF_LINES) if len(r) > 1]
        if not widths:
            continue
        width, agreeing = Counter(widths).most_common(1)[0]
        score = (agreeing, width, -rank)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


def unwrap(value: str) -> str:
    # Excel-made CSVs keep leading zeros and long numbers as ="0123".
    if len(value) >= 3 and value.startswith('="') and value.endswith('"'):
        return value[2:-1]
    return value
