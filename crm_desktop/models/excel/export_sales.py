"""Sales by item and by category (按项目/类别销售), per day or per month, for the owner.

Figures come from ``SalesReportService`` (which checks the role): list-price
amount, tier discount, line refunds and the net they leave, all in yuan cells
of the one money format; days are date cells, months "2026-12" text like the
takings sheets. Net is a formula on each row and the summary sums the sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from crm_desktop.models.actor import Actor
from crm_desktop.models.excel.export_common import ExportResult, check_period, writing
from crm_desktop.models.excel.workbook_style import (
    DATE,
    INT,
    MONEY,
    TEXT,
    Column,
    StyledSheet,
    StyledWorkbook,
    column_letter,
    money_sum,
    tr,
)
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.services.item_records import SalesRow
from crm_desktop.models.services.sales_report import NO_CATEGORY, NO_ITEMS, SalesReportService
from crm_desktop.models.store.store import Store

_FIGURES = (
    Column("数量", "Quantity", INT, 9),
    Column("原价金额", "Amount at list price", MONEY, 14),
    Column("折扣", "Discount", MONEY, 12),
    Column("退款", "Refunded", MONEY, 12),
    Column("净销售额", "Net sales", MONEY, 14),
)


def key_text(key: str) -> str:
    """An item or category as the user reads it (the placeholders in their language)."""
    if key == NO_ITEMS:
        return tr("（无明细）", "(no items)")
    if key == NO_CATEGORY:
        return tr("（未分类）", "(no category)")
    return key


def _period_column(period: str) -> Column:
    if period == "day":
        return Column("日期", "Date", DATE, 11)
    return Column("月份", "Month", TEXT, 9)


def _write(
    book: StyledWorkbook, title: str, period: str, labels: Sequence[Column],
    rows: Sequence[SalesRow], by_item: bool,
) -> StyledSheet:
    sheet = book.add_sheet(title, (_period_column(period), *labels, *_FIGURES))
    first = 1 + len(labels)  # the quantity column
    net = first + 4
    for row in rows:
        when: object = date.fromisoformat(row.period) if period == "day" else row.period
        names = [key_text(row.key), key_text(row.category)] if by_item else [key_text(row.key)]
        sheet.write_row([when, *names, row.quantity, row.amount_fen, row.discount_fen,
                         row.refunded_fen, None])
        line = sheet.rows_written + 1
        amount, discount, refunded = (column_letter(first + i) for i in (1, 2, 3))
        sheet.sheet.write_formula(line - 1, net, f"={amount}{line}-{discount}{line}-{refunded}{line}",
                                  book.formats[MONEY], row.net_fen / 100)
    return sheet


def export_sales(
    store: Store,
    actor: Actor,
    path: Path | str,
    start: date | None = None,
    end: date | None = None,
    period: str = "day",
    progress: ProgressReport = no_progress,
) -> ExportResult:
    """A sheet of sales by item and one by category for ``start``..``end``, per day or month.

    ``progress`` hears stage "sales", counting the two sheets.
    """
    start, end = check_period(start, end)
    report = SalesReportService(store, actor)
    by_item = report.by_item(start, end, period)
    by_category = report.by_category(start, end, period)
    with writing(path) as book:
        book.add_summary(tr("汇总", "Summary"))
        progress(Progress("sales", 0, 2))
        items = _write(book, tr("按项目", "By item"), period,
                       (Column("项目", "Item", TEXT, 22), Column("类别", "Category", TEXT, 14)),
                       by_item, True)
        progress(Progress("sales", 1, 2))
        _write(book, tr("按类别", "By category"), period, (Column("类别", "Category", TEXT, 16),),
               by_category, False)
        progress(Progress("sales", 2, 2))
        lines: list[tuple[str, str, str, object]] = [
            (tr("期间", "Period"), "", "text", f"{start.isoformat()} ~ {end.isoformat()}"),
        ]
        totals = (
            ("原价金额合计（元）", "Amount at list price (yuan)", 4,
             sum(r.amount_fen for r in by_item)),
            ("折扣合计（元）", "Discounts (yuan)", 5, sum(r.discount_fen for r in by_item)),
            ("退款合计（元）", "Refunded (yuan)", 6, sum(r.refunded_fen for r in by_item)),
            ("净销售额合计（元）", "Net sales (yuan)", 7, sum(r.net_fen for r in by_item)),
        )
        for zh, en, column, fen in totals:
            lines.append((tr(zh, en), money_sum(items, column), MONEY, fen))
        book.fill_summary(lines)
        rows = items.rows_written
    return ExportResult(Path(path), rows)
