"""The error workbook: refused and duplicate rows with their original columns plus the reason.

The user fixes the rows in Excel and imports this workbook again: its header is
the original header, so the same mapping applies, and the reason column is
left out by the import (its header is not a field).
"""

from __future__ import annotations

from pathlib import Path

from crm_desktop.models.excel.customer_rows import duplicate_reason
from crm_desktop.models.excel.export_common import writing
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.excel.import_report import ImportReport
from crm_desktop.models.excel.normalise import as_text, is_blank
from crm_desktop.models.excel.readers import Table
from crm_desktop.models.excel.workbook_style import TEXT, Column, tr


def write_error_workbook(
    path: Path | str, table: Table, mapping: ColumnMapping, report: ImportReport
) -> int:
    """Write the rows ``report`` refused or found duplicate; returns how many rows were written.

    Every cell is written as text exactly as read (dates as YYYY-MM-DD), so nothing
    is reformatted behind the user's back.
    """
    reasons: dict[int, list[str]] = {}
    for rejection in report.rejected:
        prefix = f"{rejection.column}：" if rejection.column else ""
        reasons.setdefault(rejection.row, []).append(prefix + rejection.reason)
    for duplicate in report.duplicates:
        reasons.setdefault(duplicate.row, []).append(duplicate_reason(duplicate.first_row))
    width = len(mapping.headers)
    columns = [
        Column(tr("行号", "Row"), tr("行号", "Row"), TEXT, 7),
        *(
            Column(h or f"#{i + 1}", h or f"#{i + 1}", TEXT, 14)
            for i, h in enumerate(mapping.headers)
        ),
        Column(tr("错误原因", "Reason"), tr("错误原因", "Reason"), TEXT, 50),
    ]
    with writing(path) as book:
        sheet = book.add_sheet(tr("未导入的行", "Rows not imported"), columns)
        for number, values in table.rows(start=mapping.header_row + 1):
            if number not in reasons:
                continue
            cells = [None if is_blank(v) else as_text(v) for v in values[:width]]
            cells += [None] * (width - len(cells))
            sheet.write_row([str(number), *cells, "；".join(reasons[number])])
        written = sheet.rows_written
    return written
