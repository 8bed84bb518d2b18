"""Workbooks (xlsx, xlsb, ods, xls) through python-calamine, with a sentence for each way they fail.

A password gives the password sentence, an entity the entity one; a Word or
PowerPoint file renamed ``.xls`` is named for what it is. A valid ODS that the
reader stumbles on is read from a clean copy. Each sheet's size is the extent of
its values; formulas whose result the file does not hold are marked in its rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel import file_kind
from crm_desktop.models.excel.safety import (
    ReadLimits,
    ZipReport,
    check_extent,
    refuse,
)
from crm_desktop.models.excel.sheet_table import Book, Table, UncomputedFormula
from crm_desktop.models.excel.xlsx_scan import FormulaCell

# What calamine says when an ODS is valid but written in a way it does not expect.
_ODS_STUMBLES = ("Expecting", "not found in archive", "Worksheet", "Invalid MIME", "Mismatch")


def open_workbook(path: Path, kind: str, limits: ReadLimits, report: ZipReport | None) -> Book:
    """Open a checked workbook file; refuses with one sentence when the reader cannot."""
    import python_calamine as calamine

    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises plain errors for many kinds of damage
        if kind == "ods" and _is_stumble(exc):
            workbook = _clean_ods(path, exc)
        else:
            raise _calamine_error(path, kind, exc) from exc
    try:
        names = tuple(workbook.sheet_names)
        visible = tuple(
            str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")
            for m in workbook.sheets_metadata
        )
    except Exception as exc:
        raise _calamine_error(path, kind, exc) from exc
    return Book(path, kind, names, visible, limits, _workbook=workbook, _zip=report,
                _loader=load_sheet)


def _is_stumble(exc: Exception) -> bool:
    text = str(exc)
    return "password" not in text.lower() and any(s in text for s in _ODS_STUMBLES)


def _clean_ods(path: Path, first: Exception) -> Any:
    import python_calamine as calamine

    from crm_desktop.models.excel.ods_content import clean_copy
    from crm_desktop.models.excel.safety import refuse_entities

    def on_doctype(*_args: object) -> None:
        raise refuse_entities()

    try:
        return calamine.CalamineWorkbook.from_filelike(clean_copy(str(path), on_doctype))
    except ValidationError:
        raise
    except Exception as exc:
        raise _calamine_error(path, "ods", first) from exc


def _calamine_error(path: Path, kind: str, exc: Exception) -> ValidationError:
    import python_calamine as calamine

    text = str(exc)
    if isinstance(exc, calamine.PasswordError) or "password protected" in text.lower():
        return refuse(
            "password",
            "这个文件设了打开密码，无法读取。请在 Excel 中去掉密码另存后再导入。",
            "This file is password-protected. Remove the password in Excel, save it and import "
            "that copy.",
        )
    if "entity" in text:
        return refuse(
            "xml_entities",
            "这个文件里含有 XML 实体声明（正常的表格不会有），可能是恶意文件，已拒绝读取。",
            "This file contains XML entity declarations, which normal workbooks never "
            "have; it may be malicious and was not read.",
        )
    if kind == "xls":
        contents = file_kind.ole_contents(path)
        if contents == "encrypted":
            return _calamine_error(path, kind, calamine.PasswordError("password protected"))
        foreign = file_kind.refuse_ole(path, contents)
        if foreign is not None:
            return foreign
    return unreadable(path)


def unreadable(path: Path) -> ValidationError:
    """The refusal of a workbook the reader cannot read."""
    return refuse(
        "damaged",
        f"无法读取 {path.name}：文件已损坏或不是表格文件。请在 Excel 中打开并另存为 .xlsx 后再试。",
        f"{path.name} cannot be read: it is damaged or not a spreadsheet. Open it in Excel, "
        "save it as .xlsx and try again.",
    )


def load_sheet(book: Book, index: int) -> Table:
    """Sheet ``index`` of ``book`` as a table (its values' extent checked against the limits)."""
    try:
        loaded = book._workbook.get_sheet_by_index(index)
    except Exception as exc:
        raise _calamine_error(book.path, book.kind, exc) from exc
    height, width = int(loaded.height), int(loaded.width)
    start_row, start_col = (int(v) for v in loaded.start) if height else (0, 0)
    # The reader's rows start at row 1; its columns at the first column holding a value.
    check_extent(start_row + height, width, book.limits)
    table = Table(
        book.path, book.kind, book.sheet_names[index], book.sheet_names,
        start_row + height if height else 0, _sheet=loaded,
    )
    marks = _uncomputed(book, index)
    if marks:
        first = min(cell.column for cell in marks)
        table._pad = max(0, start_col - first) if height else 0
        base = start_col - table._pad if height else first
        table.uncomputed = _place(marks, base)
        table.row_count = max(table.row_count, max(cell.row for cell in marks))
    return table


def _uncomputed(book: Book, index: int) -> list[FormulaCell]:
    """The formula cells of sheet ``index`` whose result the file does not hold."""
    report = book._zip
    if report is None or report.package is None or book.kind != "xlsx":
        return []
    parts = report.package.sheets
    if index >= len(parts) or parts[index] not in report.sheets:
        return []
    recalculate = report.package.recalculate
    return [c for c in report.sheets[parts[index]].formulas if _no_result(c, recalculate)]


def _no_result(cell: FormulaCell, recalculate: bool) -> bool:
    if cell.saved is None:
        return True
    if cell.saved == "":
        return not cell.text_result  # Excel saves an empty text result as t="str" <v></v>
    # A writer that asks for recalculation on opening and saved 0 has not calculated it.
    return recalculate and cell.saved == "0"


def _place(marks: list[FormulaCell], base: int) -> dict[int, dict[int, UncomputedFormula]]:
    placed: dict[int, dict[int, UncomputedFormula]] = {}
    for cell in marks:
        ref = f"{_letters(cell.column)}{cell.row}"
        placed.setdefault(cell.row, {})[cell.column - base] = UncomputedFormula(cell.formula, ref)
    return placed


def _letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
