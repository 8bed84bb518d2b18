"""Daily and monthly takings (营业收款) by payment method, for the accountant.

Takings are the money that came in: purchases paid other than from a card,
plus the paid part of top-ups, less money paid back when a card was
cancelled. Purchases paid from stored value are shown apart: the money for
them came in at top-up time.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from crm_desktop.models.actor import Actor
from crm_desktop.models.excel.export_common import (
    ExportResult,
    Masker,
    check_period,
    period_bounds,
    writing,
)
from crm_desktop.models.excel.workbook_style import (
    DATE,
    MONEY,
    TEXT,
    Column,
    column_letter,
    money_sum,
    tr,
)
from crm_desktop.models.payment_words import PAYMENT_LABELS
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.report_sql import report_sql
from crm_desktop.models.store.store import Store

METHODS = ("cash", "wechat", "alipay", "bank_card", "other")
_NOT_TAKINGS = ("stored_value", "count")


def _columns(first: tuple[str, str], kind: str) -> tuple[Column, ...]:
    return (
        Column(first[0], first[1], kind, 11),
        *(Column(PAYMENT_LABELS[m][0], PAYMENT_LABELS[m][1], MONEY, 13) for m in METHODS),
        Column("收款合计", "Takings", MONEY, 14),
        Column("其中：充值收款", "of which top-ups", MONEY, 14),
        Column("储值卡支付的消费", "Spent from cards", MONEY, 15),
    )


Day = dict[str, int]  # method (or "topup" / "from_card") → fen


def takings_by_day(store: Store, start: date, end: date) -> dict[str, Day]:
    """{"YYYY-MM-DD": {method: fen, "topup": fen, "from_card": fen}} for days with activity."""
    bounds = period_bounds(start, end)
    days: dict[str, Day] = defaultdict(lambda: defaultdict(int))
    with store.read() as session:
        conn = session.connection()
        words = report_sql(conn)
        for day, method, paid in conn.exec_driver_sql(
            f"SELECT {words.day('ts')}, payment_method, sum(paid_fen) FROM purchases "
            "WHERE ts >= ? AND ts < ? GROUP BY 1, 2",
            bounds,
        ):
            key = (
                "from_card"
                if method in _NOT_TAKINGS
                else (method if method in METHODS else "other")
            )
            days[day][key] += int(paid)
        for day, method, kind, principal in conn.exec_driver_sql(
            f"SELECT {words.day('ts')}, payment_method, kind, sum(principal_fen) FROM value_entries "
            "WHERE kind IN ('topup', 'cancel_refund') AND ts >= ? AND ts < ? GROUP BY 1, 2, 3",
            bounds,
        ):
            key = method if method in METHODS else "other"
            days[day][key] += int(principal)
            if kind == "topup":
                days[day]["topup"] += int(principal)
    return {day: dict(values) for day, values in sorted(days.items())}


def export_takings(
    store: Store,
    actor: Actor,
    path: Path | str,
    start: date | None = None,
    end: date | None = None,
    progress: ProgressReport = no_progress,
) -> ExportResult:
    """A daily sheet and a monthly sheet of takings by payment method, totals as formulas.

    ``progress`` hears stage "takings", counting the two sheets.
    """
    Masker(actor)
    start, end = check_period(start, end)
    days = takings_by_day(store, start, end)
    months: dict[str, Day] = defaultdict(lambda: defaultdict(int))
    for day, values in days.items():
        for key, fen in values.items():
            months[day[:7]][key] += fen
    total_col = 1 + len(METHODS)
    with writing(path) as book:
        book.add_summary(tr("汇总", "Summary"))
        sheets = []
        parts = (
            (tr("每日收款", "Daily takings"), ("日期", "Date"), DATE, days),
            (tr("每月收款", "Monthly takings"), ("月份", "Month"), TEXT, months),
        )
        for done, (title, first, kind, groups) in enumerate(parts):
            progress(Progress("takings", done, len(parts)))
            sheet = book.add_sheet(title, _columns(first, kind))
            for label, values in groups.items():
                row = sheet.rows_written + 2
                amounts = [values.get(m, 0) for m in METHODS]
                # A day is a date cell (sorts, filters and sums by date in Excel); a month stays
                # "2025-03", which no date format shows without inventing a day.
                first_cell = date.fromisoformat(label) if kind == DATE else label
                sheet.write_row(
                    [first_cell, *amounts, None, values.get("topup", 0), values.get("from_card", 0)]
                )
                sheet.sheet.write_formula(
                    row - 1,
                    total_col,
                    f"=SUM(B{row}:{column_letter(total_col - 1)}{row})",
                    book.formats[MONEY],
                    sum(amounts) / 100,
                )
            sheets.append(sheet)
        progress(Progress("takings", len(parts), len(parts)))
        daily = sheets[0]
        lines: list[tuple[str, str, str, object]] = [
            (tr("期间", "Period"), "", "text", f"{start.isoformat()} ~ {end.isoformat()}"),
        ]
        for index, method in enumerate(METHODS, start=1):
            zh, en = PAYMENT_LABELS[method]
            fen = sum(v.get(method, 0) for v in days.values())
            lines.append((tr(f"{zh}（元）", f"{en} (yuan)"), money_sum(daily, index), MONEY, fen))
        everything = sum(v.get(m, 0) for v in days.values() for m in METHODS)
        lines.append(
            (
                tr("收款合计（元）", "Takings in total (yuan)"),
                money_sum(daily, total_col),
                MONEY,
                everything,
            )
        )
        lines.append(
            (
                tr("其中：充值收款（元）", "of which top-ups (yuan)"),
                money_sum(daily, total_col + 1),
                MONEY,
                sum(v.get("topup", 0) for v in days.values()),
            )
        )
        lines.append(
            (
                tr("储值卡支付的消费（元）", "Spent from cards (yuan)"),
                money_sum(daily, total_col + 2),
                MONEY,
                sum(v.get("from_card", 0) for v in days.values()),
            )
        )
        book.fill_summary(lines)
        rows = daily.rows_written
    return ExportResult(Path(path), rows)
