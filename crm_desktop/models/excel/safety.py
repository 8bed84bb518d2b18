"""Safety checks on an untrusted workbook before any parser touches it.

A zipped workbook (xlsx, ods) is inflated once as a stream, counting real
bytes rather than trusting the sizes its header declares: a zip bomb is
refused before it fills memory. XML parts that declare a DOCTYPE (the door to
entity expansion) are refused outright. The extent of the cells that hold
values is bounded too, because the reader lays a sheet out as a dense grid: two
values at A1 and XFD1048576 would otherwise ask for billions of empty cells.
What a file claims (its dimension, formatted empty cells down to row 1,048,576,
a 250-column export) is not held against it: only values count.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.ods_content import OdsExtent
from crm_desktop.models.excel.xlsx_scan import (
    ExactExtent,
    Package,
    SheetExtent,
    SheetScan,
    part_key,
    read_package,
)

_CHUNK = 1 << 20
_SMALL_PART = 4 * _CHUNK


@dataclass(frozen=True)
class ReadLimits:
    """How much an imported file may hold; beyond it the file is refused with a sentence."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_unpacked_bytes: int = 1024 * 1024 * 1024
    max_ratio: int = 200
    max_rows: int = 500_000
    # Excel's own limit: real exports run to 250 columns and more; the dense grid is what
    # costs memory, and max_cells bounds it.
    max_columns: int = 16_384
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


def too_big_grid(limits: ReadLimits, rows: int = 0, columns: int = 0) -> ValidationError:
    """The refusal of a sheet whose values span more cells (or columns) than one import may."""
    size_zh = f"（{rows:,} 行 × {columns:,} 列）" if rows and columns else ""
    size_en = f" ({rows:,} rows × {columns:,} columns)" if rows and columns else ""
    return refuse(
        "too_many_cells",
        f"表格中有内容的范围太大{size_zh}，超过一次导入的上限（{limits.max_cells:,} 个单元格、"
        f"{limits.max_columns:,} 列）。可能已损坏或是恶意文件，已拒绝读取；如果确实有这么多内容，"
        "请删去不需要的列，或拆成几个文件分别导入。",
        f"The range of the sheet that holds values is too large{size_en}: one import takes at "
        f"most {limits.max_cells:,} cells and {limits.max_columns:,} columns. The file may be "
        "damaged or malicious and was not read; if it really holds that much, delete the "
        "columns you do not need or split it into several files.",
    )


def check_extent(rows: int, columns: int, limits: ReadLimits) -> None:
    """Refuse a sheet whose values reach more rows, columns or cells than ``limits``."""
    if rows > limits.max_rows:
        raise too_many_rows(rows, limits)
    if columns > limits.max_columns or rows * columns > limits.max_cells:
        raise too_big_grid(limits, rows, columns)


def _bomb() -> ValidationError:
    return refuse(
        "unpacked_too_big",
        "这个文件解压后异常巨大（可能是“压缩炸弹”），已拒绝读取。请确认文件来源，或在 Excel 中另存后再导入。",
        'This file unpacks to an abnormal size (it may be a "zip bomb") and was not read. '
        "Check where it came from, or save it again from Excel and import that copy.",
    )


def refuse_entities() -> ValidationError:
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


@dataclass
class ZipReport:
    """What the check of a zipped workbook learnt on the way: each worksheet's extent and formulas."""

    sheets: dict[str, SheetExtent] = field(default_factory=dict)  # by ``part_key``
    package: Package | None = None  # for an xlsx: its sheets' parts, in the reader's order


def check_zip(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ZipReport:
    """Inflate every member of an xlsx/ods as a stream; refuse bombs, DOCTYPEs, huge grids."""
    check_file_size(path, limits)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _damaged() from exc
    report = ZipReport()
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > 10_000:
            raise _bomb()
        report.package = _package(archive, {part_key(i.filename): i for i in infos})
        sheets = set(report.package.sheets) if report.package else set()
        for info in infos:
            total += _inflate_member(archive, info, limits, total, report, sheets)
    return report


def _package(archive: zipfile.ZipFile, by_key: dict[str, zipfile.ZipInfo]) -> Package | None:
    """The xlsx's worksheet parts, read from its small relationship parts before anything else."""

    def read(key: str) -> bytes | None:
        info = by_key.get(key)
        if info is None:
            return None
        if info.file_size > _SMALL_PART:
            raise _bomb()
        with archive.open(info) as member:
            data = member.read(_SMALL_PART + 1)
        if len(data) > _SMALL_PART:
            raise _bomb()
        return data

    if "_rels/.rels" not in by_key:
        return None
    try:
        return read_package(read)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise _damaged() from exc
    except ValidationError:
        raise
    except Exception as exc:  # defusedxml refuses a DTD; other damage is the reader's to name
        if "DTD" in type(exc).__name__:
            raise refuse_entities() from exc
        return None


def _refuse_doctype(*_args: object) -> None:
    raise refuse_entities()


def _inflate_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: ReadLimits,
    total_before: int,
    report: ZipReport,
    sheets: set[str],
) -> int:
    name = part_key(info.filename)
    is_xml = name.endswith((".xml", ".rels"))
    is_sheet = name in sheets or (name.startswith("xl/worksheets/") and name.endswith(".xml"))
    scan = SheetScan() if is_xml and not name.endswith(".rels") else None
    ods = OdsExtent(_refuse_doctype) if name == "content.xml" else None
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
                        raise refuse_entities()
                if scan is not None and not is_sheet and size == len(chunk):
                    # A part the relationships do not name is scanned if it holds a sheet anyway.
                    is_sheet = b"sheetData" in chunk[:262144]
                if scan is not None and is_sheet:
                    scan.feed(chunk)
                if ods is not None:
                    ods.feed(chunk)
        if ods is not None:
            ods.feed(b"", True)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, expat.ExpatError) as exc:
        raise _damaged() from exc
    if scan is not None and is_sheet:
        report.sheets[name] = _sheet_extent(archive, info, scan, limits)
    if ods is not None:
        check_extent(ods.max_rows, ods.max_cols, limits)
    return size


def _sheet_extent(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, scan: SheetScan, limits: ReadLimits
) -> SheetExtent:
    scan.finish()
    rows, columns = scan.bounds()
    fits = rows <= limits.max_rows and columns <= limits.max_columns
    if fits and rows * columns <= limits.max_cells and not scan.prefixed:
        return SheetExtent(rows, columns, False, scan.formulas)
    # The claimed extent is too large (or spelt unusually): count the cells holding values.
    exact = ExactExtent(_refuse_doctype)
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                exact.feed(chunk)
        exact.finish()
    except (zipfile.BadZipFile, zlib.error, EOFError, expat.ExpatError) as exc:
        raise _damaged() from exc
    check_extent(exact.rows, exact.columns, limits)
    return SheetExtent(exact.rows, exact.columns, True, scan.formulas)
