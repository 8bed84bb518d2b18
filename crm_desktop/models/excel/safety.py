"""Safety checks on an untrusted workbook before any parser touches it.

A zipped workbook (xlsx, ods) is inflated once as a stream, counting real
bytes rather than trusting the sizes its header declares: a zip bomb is
refused before it fills memory. XML parts that declare a DOCTYPE (the door to
entity expansion) are refused outright. The cell extent of every worksheet is
bounded too, because the reader lays a sheet out as a dense grid: two cells at
A1 and XFD1048576 would otherwise ask for billions of empty cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from crm_desktop.models.errors import ValidationError

_CHUNK = 1 << 20
_ROW_REF = re.compile(rb'<row\b[^>]*?\br="(\d{1,9})"')
_WIDE_CELL = re.compile(rb'r="([A-Z]{2,3})\d')
_CELL_OPENINGS = (b"<c ", b"<c\t", b"<c\n", b"<c\r", b"<c>", b"<c/>")


@dataclass(frozen=True)
class ReadLimits:
    """How much an imported file may hold; beyond it the file is refused with a sentence."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_unpacked_bytes: int = 1024 * 1024 * 1024
    max_ratio: int = 200
    max_rows: int = 500_000
    max_columns: int = 200
    max_cells: int = 15_000_000


DEFAULT_LIMITS = ReadLimits()


def refuse(code: str, zh: str, en: str) -> ValidationError:
    """A refusal of the whole file (not of one row)."""
    return ValidationError(f"import.{code}", zh, en, field="file")


def too_many_rows(rows: int, limits: ReadLimits) -> ValidationError:
    return refuse(
        "too_many_rows",
        f"表格有 {rows:,} 行，超过一次导入的上限 {limits.max_rows:,} 行。请把它拆成几个文件分别导入。",
        f"The sheet has {rows:,} rows, more than the {limits.max_rows:,} one import may hold. "
        "Split it into several files and import them one by one.",
    )


def too_big_grid(limits: ReadLimits) -> ValidationError:
    return refuse(
        "too_many_cells",
        f"表格的范围太大（超过 {limits.max_rows:,} 行、{limits.max_columns} 列或 "
        f"{limits.max_cells:,} 个单元格），可能已损坏或是恶意文件，已拒绝读取。",
        f"The sheet's extent is too large (over {limits.max_rows:,} rows, "
        f"{limits.max_columns} columns or {limits.max_cells:,} cells); the file may be damaged "
        "or malicious and was not read.",
    )


def _bomb() -> ValidationError:
    return refuse(
        "unpacked_too_big",
        "这个文件解压后异常巨大（可能是“压缩炸弹”），已拒绝读取。请确认文件来源，或在 Excel 中另存后再导入。",
        'This file unpacks to an abnormal size (it may be a "zip bomb") and was not read. '
        "Check where it came from, or save it again from Excel and import that copy.",
    )


def _entities() -> ValidationError:
    return refuse(
        "xml_entities",
        "这个文件里含有 XML 实体声明（正常的表格不会有），可能是恶意文件，已拒绝读取。",
        "This file contains XML entity declarations, which normal workbooks never have; it may "
        "be malicious and was not read.",
    )


def _damaged() -> ValidationError:
    return refuse(
        "damaged",
        "文件已损坏或不是表格文件，无法读取。请在 Excel 中打开并另存为 .xlsx 后再试。",
        "The file is damaged or is not a spreadsheet. Open it in Excel, save it as .xlsx and "
        "try again.",
    )


def check_file_size(path: Path, limits: ReadLimits) -> None:
    """Refuse a file larger than the limit before reading a byte of it."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        mb = limits.max_file_bytes // (1024 * 1024)
        raise refuse(
            "file_too_big",
            f"文件太大（{size / 1048576:.0f} MB），一次最多导入 {mb} MB。请拆分后分别导入。",
            f"The file is too large ({size / 1048576:.0f} MB); at most {mb} MB can be imported "
            "at once. Split it and import the parts one by one.",
        )


def _col_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


class _Extent:
    """Upper bounds of a worksheet's rows and columns, fed chunk by chunk."""

    def __init__(self) -> None:
        self.max_row = 0
        self.max_col = 0
        self.bare_rows = 0
        self.widest_bare_row = 0
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        # Cut before the last tag opening: a tag split across chunks is seen whole next time.
        cut = data.rfind(b"<")
        if cut <= 0:
            cut = max(0, len(data) - 4096)
        scan, self._tail = data[:cut], data[cut:]
        self._scan(scan)

    def finish(self) -> None:
        self._scan(self._tail)
        self._tail = b""

    def _scan(self, data: bytes) -> None:
        rows = _ROW_REF.findall(data)
        if rows:
            self.max_row = max(self.max_row, max(int(r) for r in rows))
        self.bare_rows += data.count(b"<row") - len(rows)
        for letters in set(_WIDE_CELL.findall(data)):
            self.max_col = max(self.max_col, _col_number(letters))
        # Three quick scans: any "<c…" tag that is neither a referenced cell nor a column
        # definition means cells without a reference, which the reader places one after another.
        if data.count(b"<c") != data.count(b'<c r="') + data.count(b"<col"):
            # Cells without a leading reference are placed one after another: count per row.
            for segment in data.split(b"</row>"):
                width = sum(segment.count(opening) for opening in _CELL_OPENINGS)
                self.widest_bare_row = max(self.widest_bare_row, width)

    def check(self, limits: ReadLimits) -> None:
        rows = self.max_row + self.bare_rows
        # A row cut between two chunks is counted in two halves: hence twice the widest part.
        cols = max(self.max_col, 26, 2 * self.widest_bare_row)
        if rows > limits.max_rows:
            raise too_many_rows(rows, limits)
        if cols > limits.max_columns or rows * cols > limits.max_cells:
            raise too_big_grid(limits)


def check_zip(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Inflate every member of an xlsx/ods as a stream; refuse bombs, DOCTYPEs, huge grids."""
    check_file_size(path, limits)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _damaged() from exc
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > 10_000:
            raise _bomb()
        for info in infos:
            total += _inflate_member(archive, info, limits, total)


def _inflate_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ReadLimits, total_before: int
) -> int:
    name = info.filename
    is_xml = name.endswith((".xml", ".rels"))
    is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
    is_ods_content = name == "content.xml"
    extent = _Extent() if is_sheet else None
    ods = _OdsExtent() if is_ods_content else None
    size = 0
    first = b""
    try:
        with archive.open(info) as member:
            while True:
                chunk = member.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if total_before + size > limits.max_unpacked_bytes:
                    raise _bomb()
                compressed = max(info.compress_size, 1)
                if size > 16 * _CHUNK and size / compressed > limits.max_ratio:
                    raise _bomb()
                if is_xml and len(first) < 4096:
                    first += chunk[: 4096 - len(first)]
                    if b"<!DOCTYPE" in first or b"<!ENTITY" in first:
                        raise _entities()
                if extent is not None:
                    extent.feed(chunk)
                if ods is not None:
                    ods.feed(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise _damaged() from exc
    if extent is not None:
        extent.finish()
        extent.check(limits)
    if ods is not None:
        ods.finish(limits)
    return size


class _OdsExtent:
    """The dense extent an ODS table expands to, counting repeated rows and cells.

    Repeats that hold nothing (LibreOffice pads every sheet with a million empty
    rows) cost the reader nothing and are not counted; repeated values are.
    """

    def __init__(self) -> None:
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.EntityDeclHandler = self._refuse_entity
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.rows = 0  # rows seen so far in the current table, counting repeats
        self.max_rows = 0
        self.max_cols = 0
        self._row_repeat = 1
        self._row_cols = 0
        self._row_used = 0
        self._row_has_value = False
        self._pending_rows = 0

    @staticmethod
    def _refuse_doctype(*_args: object) -> None:
        raise _entities()

    @staticmethod
    def _refuse_entity(*_args: object) -> None:
        raise _entities()

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "table:table":
            self.rows = 0
            self._pending_rows = 0
        elif tag == "table:table-row":
            self._row_repeat = int(attrs.get("table:number-rows-repeated", "1") or 1)
            self._row_cols = 0
            self._row_used = 0
            self._row_has_value = False
        elif tag in ("table:table-cell", "table:covered-table-cell"):
            repeat = int(attrs.get("table:number-columns-repeated", "1") or 1)
            self._row_cols += repeat
            if "office:value-type" in attrs:
                self._row_has_value = True
                self._row_used = self._row_cols

    def _end(self, tag: str) -> None:
        if tag != "table:table-row":
            return
        if self._row_has_value:
            self.rows += self._pending_rows + self._row_repeat
            self._pending_rows = 0
            self.max_rows = max(self.max_rows, self.rows)
            self.max_cols = max(self.max_cols, self._row_used)
        else:
            self._pending_rows += self._row_repeat

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as exc:
            raise _damaged() from exc

    def finish(self, limits: ReadLimits) -> None:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _damaged() from exc
        if self.max_rows > limits.max_rows:
            raise too_many_rows(self.max_rows, limits)
        if self.max_cols > limits.max_columns or self.max_rows * self.max_cols > limits.max_cells:
            raise too_big_grid(limits)
