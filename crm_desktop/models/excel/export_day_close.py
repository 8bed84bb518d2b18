"""The day-end close (日结) for the accountant: a sheet per day and the days' transactions.

Each day's sheet holds its money per payment method (with what was taken
outside any shift), per clerk, every shift with its float, expected and counted
cash and difference, and the stored-value liability's movement. The
transactions sheet lists every numbered operation of those days with the money
it moved, one line per kind and method, so the day sheets can be ticked off
against it. Figures are the same as the close's (``counter_figures``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.actor import Actor
from crm_desktop.models.audit_labels import action_name
from crm_desktop.models.counter_figures import (
    MONEY_METHODS,
    Movement,
    day_figures,
    day_where,
    movements,
    shifts_on,
    usernames,
)
from crm_desktop.models.entities import Transaction
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.export_common import ExportResult, Masker, writing
from crm_desktop.models.excel.workbook_style import (
    CODE,
    DATETIME,
    INT,
    MONEY,
    Column,
    StyledWorkbook,
    tr,
)
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.services.counter_records import (
    DayFigures,
    MethodLine,
    kind_word,
    method_word,
)
from crm_desktop.models.store.store import Store

MAX_DAYS = 31  # one sheet per day: a month at most in one file
STATUS_WORDS = {
    "open": ("未日结", "Not closed"),
    "closed": ("已日结", "Closed"),
    "reopened": ("已重新打开", "Reopened"),
}
TRANSACTION_COLUMNS = (
    Column("流水号", "Number", CODE, 15),
    Column("时间", "Time", DATETIME, 17),
    Column("员工", "Clerk", width=10),
    Column("操作", "Action", width=12),
    Column("项目", "Item", width=16),
    Column("支付方式", "Payment method", width=12),
    Column("金额", "Amount", MONEY, 13),
    Column("班次", "Shift", INT, 8),
)


def _english() -> bool:
    return tr("zh", "en") == "en"


def _days(start: date, end: date) -> list[date]:
    if end < start:
        raise ValidationError("export.period", "结束日期不能早于开始日期。",
                              "The end date cannot be before the start date.", field="period")
    count = (end - start).days + 1
    if count > MAX_DAYS:
        raise ValidationError(
            "export.period", f"一次最多导出 {MAX_DAYS} 天的日结。",
            f"At most {MAX_DAYS} days of day-end closes can be exported at once.",
            field="period")
    return [start + timedelta(days=n) for n in range(count)]


class _DaySheet:
    """A free-form sheet written top to bottom (the workbook writes rows in order)."""

    def __init__(self, book: StyledWorkbook, name: str) -> None:
        self.book = book
        self.sheet = book.workbook.add_worksheet(name)
        self.sheet.set_column(0, 0, 16)
        self.sheet.set_column(1, 7, 14)
        self.row = 0

    def line(self, values: Sequence[tuple[str, Any]], header: bool = False) -> None:
        """One row of (kind, value) cells; kind is "text", "label", MONEY, INT or DATETIME."""
        formats = self.book.formats
        for col, (kind, value) in enumerate(values):
            if value is None:
                continue
            if header:
                self.sheet.write_string(self.row, col, str(value), formats["header"])
            elif kind == MONEY:
                self.sheet.write_number(self.row, col, value / 100, formats[MONEY])
            elif kind == INT:
                self.sheet.write_number(self.row, col, value, formats[INT])
            elif kind == DATETIME:
                self.sheet.write_datetime(self.row, col, value, formats[DATETIME])
            else:
                self.sheet.write_string(self.row, col, str(value), formats["quoted"]
                                        if kind == "text" else formats["label"])
        self.row += 1

    def headers(self, *words: tuple[str, str]) -> None:
        self.line([("text", tr(zh, en)) for zh, en in words], header=True)

    def gap(self) -> None:
        self.row += 1


def _money(fen: int) -> tuple[str, Any]:
    return (MONEY, fen)


def _write_day(book: StyledWorkbook, figures: DayFigures) -> None:
    english = _english()
    sheet = _DaySheet(book, tr(f"日结 {figures.day:%Y-%m-%d}", f"Day {figures.day:%Y-%m-%d}"))
    zh, en = STATUS_WORDS.get(figures.status, (figures.status, figures.status))
    sheet.headers(("营业日", "Business day"), ("状态", "Status"), ("日结人", "Closed by"),
                  ("日结时间", "Closed at"), ("交易笔数", "Transactions"))
    sheet.line([("text", f"{figures.day:%Y-%m-%d}"), ("text", tr(zh, en)),
                ("text", figures.closed_by), (DATETIME, figures.closed_at),
                (INT, figures.transactions)])
    if figures.reopen_reason:
        sheet.line([("label", tr("重新打开原因", "Reopened because")),
                    ("text", figures.reopen_reason)])
    sheet.gap()
    sheet.headers(("支付方式", "Payment method"), ("收入", "In"), ("支出", "Out"),
                  ("净额", "Net"), ("其中班外收入", "of which in, no shift"),
                  ("其中班外支出", "of which out, no shift"))
    outside = {m.method: m for m in figures.outside_shifts}
    for line in figures.methods:
        away = outside.get(line.method, MethodLine(line.method, 0, 0))
        sheet.line([("label", method_word(line.method, english)), _money(line.in_fen),
                    _money(line.out_fen), _money(line.net_fen), _money(away.in_fen),
                    _money(away.out_fen)])
    total_in = sum(m.in_fen for m in figures.methods)
    total_out = sum(m.out_fen for m in figures.methods)
    sheet.line([("label", tr("合计", "Total")), _money(total_in), _money(total_out),
                _money(total_in - total_out)])
    sheet.gap()
    sheet.headers(("员工", "Clerk"), ("班次数", "Shifts"), ("收入", "In"), ("支出", "Out"),
                  ("现金差额", "Cash difference"))
    for clerk in figures.clerks:
        sheet.line([("text", clerk.username), (INT, clerk.shifts),
                    _money(sum(m.in_fen for m in clerk.methods)),
                    _money(sum(m.out_fen for m in clerk.methods)), _money(clerk.difference_fen)])
    sheet.gap()
    sheet.headers(("员工", "Clerk"), ("开班时间", "Opened"), ("交班时间", "Closed"),
                  ("备用金", "Float"), ("应有现金", "Expected cash"),
                  ("实点现金", "Cash counted"), ("差额", "Difference"), ("备注", "Note"))
    for shift in figures.shifts:
        view = shift.shift
        sheet.line([("text", view.username), (DATETIME, view.opened_at),
                    (DATETIME, view.closed_at), _money(view.float_fen),
                    _money(shift.expected_cash_fen),
                    (MONEY, view.counted_cash_fen) if view.counted_cash_fen is not None
                    else ("text", tr("未交班", "still open")),
                    (MONEY, view.difference_fen), ("text", view.note or None)])
    sheet.line([("label", tr("现金差额合计", "Cash differences")),
                _money(figures.cash_difference_fen)])
    sheet.gap()
    sheet.headers(("储值余额", "Stored value owed"), ("日初", "Start of day"),
                  ("增加", "Added"), ("减少", "Taken off"), ("日末", "End of day"))
    sheet.line([("label", tr("本金 + 赠送", "Paid + bonus")),
                _money(figures.liability_start_fen), _money(figures.liability_in_fen),
                _money(figures.liability_out_fen), _money(figures.liability_end_fen)])


def _transaction_rows(session: Session, day: date) -> list[list[Any]]:
    english = _english()
    names = usernames(session)
    where = day_where([s.id for s in shifts_on(session, day)], day)
    moved: dict[int, list[Movement]] = defaultdict(list)
    for move in movements(session, where, per_transaction=True):
        if move.transaction_id is not None:
            moved[move.transaction_id].append(move)
    order = {m: i for i, m in enumerate((*MONEY_METHODS, "stored_value"))}
    rows: list[list[Any]] = []
    for row in session.scalars(select(Transaction).where(where).order_by(Transaction.id)):
        lines = sorted(moved.get(row.id, []), key=lambda m: (order.get(m.method, 99), m.kind))
        first = [row.number, row.ts, names.get(row.user_id or 0, ""), action_name(row.action)]
        if not lines:
            rows.append([*first, None, None, None, row.shift_id])
        for move in lines:
            rows.append([*first, kind_word(move.kind, english), method_word(move.method, english),
                         move.amount_fen, row.shift_id])
    return rows


def export_day_close(
    store: Store,
    actor: Actor,
    path: Path | str,
    day: date | None = None,
    end: date | None = None,
    progress: ProgressReport = no_progress,
) -> ExportResult:
    """Day-close sheets from ``day`` (default today) to ``end`` (default ``day``), and the
    days' transactions; ``progress`` hears stage "day_close", counting the days."""
    Masker(actor)  # the owner's and the accountant's export
    start = day or date.today()
    days = _days(start, end or start)
    rows = 0
    with store.read() as session, writing(path, in_memory=len(days) <= 2) as book:
        all_rows: list[list[Any]] = []
        for done, one in enumerate(days):
            progress(Progress("day_close", done, len(days)))
            _write_day(book, day_figures(session, one))
            all_rows.extend(_transaction_rows(session, one))
        sheet = book.add_sheet(tr("交易流水", "Transactions"), TRANSACTION_COLUMNS)
        for values in all_rows:
            sheet.write_row(values)
        rows = sheet.rows_written
        progress(Progress("day_close", len(days), len(days)))
    return ExportResult(Path(path), rows)
