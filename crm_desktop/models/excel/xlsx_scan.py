"""Stream one xlsx worksheet's XML: how far its values reach, and formulas with no saved result.

The workbook reader lays a sheet out as a dense grid from its first to its last
cell *with a value*, so that extent, not the one the file claims, is what may be
bounded. A first, cheap pass over the chunks as they are inflated gives upper
bounds (every row and cell reference counts, empty formatted cells too); only
when they exceed the limits does a second, exact pass (a namespace-aware parse
placing cells as the reader does) count the cells that hold values. A file whose
elements carry a namespace prefix (``<x:row>``) always gets the exact pass,
because the cheap one only knows the usual spelling.

Formula cells whose saved result is missing (a file written by a program that
never calculated it) are collected on the way, so the import can say so instead
of reading an empty cell.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.parsers import expat

_ROW_REF = re.compile(rb'<row\b[^>]*?\br="(\d{1,9})"')
_WIDE_CELL = re.compile(rb'r="([A-Z]{2,3})\d')
_PREFIXED_MAIN = re.compile(rb'xmlns:[\w.-]+="[^"]*spreadsheetml(?:/2006)?/main"')
_CELL_OPENINGS = (b"<c ", b"<c\t", b"<c\n", b"<c\r", b"<c>", b"<c/>")
_FORMULA = re.compile(rb"<f\b")
_PREFIXED_FORMULA = re.compile(rb"<[\w.-]+:f\b")
_AFTER_FORMULA = re.compile(
    rb"[^>]*?(?:/>|>([^<]*)</(?:[\w.-]+:)?f>)\s*(?:<(?:[\w.-]+:)?v\b[^>]*?(?:/>|>([^<]*)<))?"
)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,9})"')
_TYPE = re.compile(rb'\bt="(\w+)"')


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell of the sheet: its position and its saved result ("" when none was saved)."""

    row: int  # row number as Excel shows it
    column: int  # 0-based column index (A = 0)
    formula: str  # the formula text without "=", "" for a shared formula's copies
    saved: str | None  # the saved result as written, None when the file has none
    text_result: bool  # t="str": the saved result is text (an empty one is a real result)


@dataclass
class SheetExtent:
    """What one worksheet holds: the rows and columns its values reach, and suspect formulas."""

    rows: int = 0
    columns: int = 0
    exact: bool = False
    formulas: list[FormulaCell] = field(default_factory=list)


def column_number(letters: bytes | str) -> int:
    """1 for A, 27 for AA, 16384 for XFD."""
    number = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        number = number * 26 + ch - 64
    return number


class SheetScan:
    """Upper bounds of a worksheet's rows and columns, fed chunk by chunk (the cheap pass)."""

    def __init__(self) -> None:
        self.max_row = 0
        self.max_col = 0
        self.bare_rows = 0
        self.widest_bare_row = 0
        self.prefixed = False
        self.formulas: list[FormulaCell] = []
        self._has_formulas = False
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        # Cut after the last closed row, so a row (and its cells) is always scanned whole.
        cut = data.rfind(b"row>")
        if cut >= 0:
            cut += 4
        elif len(data) > 8 * 1024 * 1024:
            cut = data.rfind(b"<")
        else:
            cut = 0
        scan, self._tail = data[:cut], data[cut:]
        if scan:
            self._scan(scan)

    def finish(self) -> None:
        self._scan(self._tail)
        self._tail = b""

    def bounds(self) -> tuple[int, int]:
        """(rows, columns) the values can reach at most, as far as this pass can tell."""
        rows = self.max_row + self.bare_rows
        # A row cut between two chunks is counted in two halves: hence twice the widest part.
        return rows, max(self.max_col, 26, 2 * self.widest_bare_row)

    def _scan(self, data: bytes) -> None:
        if b"xmlns:" in data and _PREFIXED_MAIN.search(data):
            self.prefixed = True
        rows = _ROW_REF.findall(data)
        if rows:
            self.max_row = max(self.max_row, max(int(r) for r in rows))
        self.bare_rows += data.count(b"<row") - len(rows)
        for letters in set(_WIDE_CELL.findall(data)):
            self.max_col = max(self.max_col, column_number(letters))
        # Any "<c…" tag that is neither a referenced cell nor a column definition means cells
        # without a reference, which the reader places one after another: count them per row.
        openings = data.count(b"<c")
        if openings != data.count(b'<c r="') and openings != data.count(b'<c r="') + data.count(
            b"<col"
        ):
            for segment in data.split(b"</row>"):
                width = sum(segment.count(opening) for opening in _CELL_OPENINGS)
                self.widest_bare_row = max(self.widest_bare_row, width)
        # "</f>" closes every formula with text; a shared formula's copies ("<f …/>") follow
        # their first cell, so once one is seen every later chunk is searched.
        if self._has_formulas or b"f>" in data:
            self._has_formulas = True
            self.formulas.extend(_formula_cells(data, False))
            if self.prefixed:
                self.formulas.extend(_formula_cells(data, True))


def _formula_cells(data: bytes, prefixed: bool) -> Iterable[FormulaCell]:
    """Each formula cell of ``data`` (whole rows), found from its ``<f`` back to its cell."""
    for found in (_PREFIXED_FORMULA if prefixed else _FORMULA).finditer(data):
        rest = _AFTER_FORMULA.match(data, found.end())
        if rest is None:
            continue
        text, saved = rest.groups()
        if saved and saved != b"0":
            continue  # a saved result: the reader gives it (the usual case, kept fast)
        opening = data.rfind(b"<", 0, found.start())
        attrs = data[opening : found.start()]
        ref = _REF.search(attrs)
        if ref is None or not re.match(rb"<(?:[\w.-]+:)?c\b", attrs):
            continue  # a cell without a reference cannot be placed here; it reads as empty
        kind = _TYPE.search(attrs)
        yield FormulaCell(
            int(ref.group(2)),
            column_number(ref.group(1)) - 1,
            html.unescape(text.decode("utf-8", "replace")) if text else "",
            html.unescape(saved.decode("utf-8", "replace")) if saved is not None else None,
            kind is not None and kind.group(1) == b"str",
        )


class ExactExtent:
    """The extent of the cells that hold a value, placing cells exactly as the reader does.

    A cell without a reference follows the previous one in its row; a row without
    one follows the previous row. A cell counts when it has a value, an inline
    string or a formula. Refuses DOCTYPEs like every XML check here.
    """

    def __init__(self, on_doctype: Callable[..., None]) -> None:
        self.parser = expat.ParserCreate(namespace_separator="\x01")
        self.parser.StartDoctypeDeclHandler = on_doctype
        self.parser.EntityDeclHandler = on_doctype
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.rows = 0
        self.columns = 0
        self._row = 0
        self._col = 0
        self._cell: tuple[int, int] | None = None
        self._has_value = False

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition("\x01")[2]
        if local == "c":
            ref = attrs.get("r")
            match = re.fullmatch(r"([A-Z]{1,3})(\d{1,9})", ref) if ref else None
            if match:
                self._col = column_number(match.group(1)) - 1
                self._cell = (int(match.group(2)) - 1, self._col)
            else:
                self._cell = (self._row, self._col)
            self._has_value = False
        elif local in ("v", "is", "f") and self._cell is not None:
            self._has_value = True
        elif local == "row":
            r = attrs.get("r")
            if r and r.isdigit():
                self._row = int(r) - 1
            self._col = 0

    def _end(self, name: str) -> None:
        local = name.rpartition("\x01")[2]
        if local == "c" and self._cell is not None:
            if self._has_value:
                self.rows = max(self.rows, self._cell[0] + 1)
                self.columns = max(self.columns, self._cell[1] + 1)
            self._cell = None
            self._col += 1
        elif local == "row":
            self._row += 1
            self._col = 0

    def feed(self, chunk: bytes) -> None:
        self.parser.Parse(chunk, False)

    def finish(self) -> None:
        self.parser.Parse(b"", True)


def part_key(name: str) -> str:
    """A zip member name as the reader looks it up: forward slashes, no leading one, lower case."""
    return name.replace("\\", "/").lstrip("/").lower()


@dataclass(frozen=True)
class Package:
    """Where an xlsx keeps its worksheets, found the way the reader finds them."""

    sheets: tuple[str, ...]  # the worksheet part of each sheet, in the reader's order
    recalculate: bool  # the workbook asks to be recalculated on opening


def read_package(read: Callable[[str], bytes | None]) -> Package:
    """Follow ``_rels/.rels`` to the workbook and its relationships to each sheet's part.

    ``read(key)`` gives a small member's bytes by ``part_key``, or None. Raises
    ValueError when the package does not hold together (the reader then decides).
    """
    from defusedxml import ElementTree

    def targets(rels_key: str, base: str) -> dict[str, tuple[str, str]]:
        data = read(rels_key)
        if data is None:
            raise ValueError(rels_key)
        found: dict[str, tuple[str, str]] = {}
        for element in ElementTree.fromstring(data, forbid_dtd=True).iter():
            if element.tag.rpartition("}")[2] == "Relationship":
                target = _resolve(base, element.get("Target", ""))
                found[element.get("Id", "")] = (target, element.get("Type", ""))
        return found

    office = [t for t, kind in targets("_rels/.rels", "").values() if kind.endswith("/officeDocument")]
    if not office:
        raise ValueError("no officeDocument")
    workbook = office[0]
    folder, _, name = workbook.rpartition("/")
    relations = targets(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels", folder)
    workbook_xml = read(workbook)
    if workbook_xml is None:
        raise ValueError(workbook)
    sheets: list[str] = []
    for element in ElementTree.fromstring(workbook_xml, forbid_dtd=True).iter():
        if element.tag.rpartition("}")[2] != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if k.rpartition("}")[2] == "id"), "")
        sheets.append(relations.get(rid, ("", ""))[0])
    recalculate = re.search(rb'fullCalcOnLoad="(?:1|true)"', workbook_xml) is not None
    return Package(tuple(sheets), recalculate)


def _resolve(base: str, target: str) -> str:
    import posixpath

    target = target.replace("\\", "/")
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    return part_key(posixpath.normpath(path))
