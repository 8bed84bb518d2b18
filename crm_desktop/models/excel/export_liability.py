"""Stored-value liability (预收款余额) at a date, and its monthly roll-forward, from the ledger.

Both are sums of ledger entries, never the cards' running totals, so they tie
to the ledger to the fen at any past date. The roll-forward's columns are
opening + imported openings + top-ups + bonus − spent − refunds − expired
± adjustments ± card moves = closing, where closing is summed from the ledger
on its own; the check column (a formula) must read 0.00 on every line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.excel.export_common import (
    ExportResult,
    Masker,
    check_period,
    day_after,
    stamp_text,
    ticker,
    writing,
)
from crm_desktop.models.excel.workbook_style import (
    CODE,
    INT,
    MONEY,
    Column,
    column_letter,
    count_rows,
    money_sum,
    tr,
)
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.store.store import Store

CARD_STATUS = {
    "active": ("正常", "Active"),
    "frozen": ("冻结", "Frozen"),
    "lost": ("挂失", "Lost"),
    "replaced": ("已换卡", "Replaced"),
    "cancelled": ("已退卡", "Cancelled"),
    "expired": ("已过期", "Expired"),
}
LIABILITY_COLUMNS = (
    Column("卡号", "Card number", CODE, 16),
    Column("客户", "Customer", width=12),
    Column("手机", "Phone", CODE, 15),
    Column("卡种", "Card type", width=12),
    Column("状态", "Status", width=8),
    Column("本金余额", "Paid balance", MONEY, 13),
    Column("赠送余额", "Bonus balance", MONEY, 13),
    Column("合计", "Total", MONEY, 13),
)
_LIABILITY_SQL = (
    "SELECT k.number, c.name, c.phone, t.name, k.status, s.p, s.b FROM "
    "(SELECT card_id, sum(principal_fen) AS p, sum(bonus_fen) AS b FROM value_entries "
    " WHERE ts < ? GROUP BY card_id HAVING sum(principal_fen) != 0 OR sum(bonus_fen) != 0) s "
    "JOIN cards k ON k.id = s.card_id JOIN customers c ON c.id = k.customer_id "
    "JOIN card_types t ON t.id = k.card_type_id ORDER BY k.number"
)


def export_liability(
    store: Store,
    actor: Actor,
    path: Path | str,
    at: date | None = None,
    progress: ProgressReport = no_progress,
    *,
    full_numbers: bool = False,
) -> ExportResult:
    """Every card's paid and bonus balance at the end of day ``at`` (default today), and totals.

    Phones are masked unless the owner asks for ``full_numbers`` (one audit entry).
    ``progress`` hears stage "liability" (cards so far; the number of cards is not known first).
    """
    masker = Masker(actor, full_numbers)
    at = at or date.today()
    cutoff = stamp_text(day_after(at))
    with store.read() as session, writing(path) as book:
        conn = session.connection()
        book.add_summary(tr("汇总", "Summary"))
        sheet = book.add_sheet(tr("预收款余额", "Liability"), LIABILITY_COLUMNS)
        tick = ticker(progress, "liability")
        paid = bonus = 0
        for number, name, phone, type_name, status, principal, bonus_fen in conn.exec_driver_sql(
            _LIABILITY_SQL, (cutoff,)
        ):
            zh, en = CARD_STATUS.get(status, (status, status))
            sheet.write_row(
                [
                    number,
                    name,
                    masker.phone(phone),
                    type_name,
                    tr(zh, en),
                    principal,
                    bonus_fen,
                    principal + bonus_fen,
                ]
            )
            paid += principal
            bonus += bonus_fen
            tick(sheet.rows_written)
        progress(Progress("liability", sheet.rows_written, sheet.rows_written))
        book.fill_summary(
            [
                (tr("截至日期（当日结束）", "At the end of"), "", "date", at),
                (
                    tr("有余额的卡数", "Cards with a balance"),
                    count_rows(sheet, 0),
                    INT,
                    sheet.rows_written,
                ),
                (
                    tr("本金余额合计（元，预收款）", "Paid balances (yuan, liability)"),
                    money_sum(sheet, 5),
                    MONEY,
                    paid,
                ),
                (
                    tr("赠送余额合计（元）", "Bonus balances (yuan)"),
                    money_sum(sheet, 6),
                    MONEY,
                    bonus,
                ),
                (
                    tr("余额总计（元）", "All balances (yuan)"),
                    money_sum(sheet, 7),
                    MONEY,
                    paid + bonus,
                ),
                masker.summary_line(),
            ]
        )
        rows = sheet.rows_written
    return masker.logged(store, "liability", Entity.CARD, ExportResult(Path(path), rows))


ROLL_COLUMNS = (
    Column("月份", "Month", width=9),
    Column("期初余额", "Opening", MONEY, 14),
    Column("导入期初", "Imported openings", MONEY, 13),
    Column("充值", "Top-ups", MONEY, 13),
    Column("赠送", "Bonus", MONEY, 13),
    Column("消费", "Spent", MONEY, 13),
    Column("退卡退款", "Refunds", MONEY, 13),
    Column("过期", "Expired", MONEY, 12),
    Column("调整", "Adjustments", MONEY, 12),
    Column("换卡转移", "Card moves", MONEY, 12),
    Column("期末余额", "Closing", MONEY, 14),
    Column("核对差额", "Check", MONEY, 11),
)
PARTS = {
    "total": ("合计", "All", "principal_fen + bonus_fen"),
    "principal": ("本金", "Paid money", "principal_fen"),
    "bonus": ("赠送", "Bonus", "bonus_fen"),
}


@dataclass(frozen=True)
class MonthLine:
    """One month of the roll-forward, in fen; ``closing`` is summed from the ledger itself."""

    month: str
    opening: int
    imported: int
    topups: int
    bonus: int
    spent: int
    refunds: int
    expired: int
    adjustments: int
    moves: int
    closing: int

    @property
    def difference(self) -> int:
        """Opening plus movements minus closing: 0 when the ledger ties."""
        return (
            self.opening
            + self.imported
            + self.topups
            + self.bonus
            - self.spent
            - self.refunds
            - self.expired
            + self.adjustments
            + self.moves
            - self.closing
        )


def _month_starts(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def roll_forward(conn: Connection, start: date, end: date, part: str = "total") -> list[MonthLine]:
    """The months from ``start``'s month to ``end``'s, for paid money, bonus or both."""
    amount = PARTS[part][2]
    topup = "principal_fen" if part in ("total", "principal") else "0"
    bonus = "bonus_fen" if part in ("total", "bonus") else "0"
    lines: list[MonthLine] = []
    for first in _month_starts(start, end):
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        low = f"{first.isoformat()} 00:00:00.000000"
        high = f"{following.isoformat()} 00:00:00.000000"
        opening = _scalar(
            conn, f"SELECT coalesce(sum({amount}), 0) FROM value_entries WHERE ts < ?", low
        )
        closing = _scalar(
            conn, f"SELECT coalesce(sum({amount}), 0) FROM value_entries WHERE ts < ?", high
        )
        sums = dict.fromkeys(
            (
                "opening",
                "topup",
                "bonus",
                "consume",
                "cancel_refund",
                "expiry",
                "adjust",
                "transfer",
            ),
            0,
        )
        query = (  # noqa: S608 -- the expressions come from PARTS, never from user text
            f"SELECT kind, coalesce(sum({amount}), 0), coalesce(sum({topup}), 0), "
            f"coalesce(sum({bonus}), 0) FROM value_entries WHERE ts >= ? AND ts < ? GROUP BY kind"
        )
        for kind, total, topped, bonused in conn.exec_driver_sql(query, (low, high)):
            if kind == "topup":
                sums["topup"] += int(topped)
                sums["bonus"] += int(bonused)
            elif kind in ("consume", "refund"):
                sums["consume"] += int(total)
            elif kind in ("transfer_in", "transfer_out"):
                sums["transfer"] += int(total)
            elif kind in sums:
                sums[kind] += int(total)
            else:
                sums["adjust"] += int(total)
        lines.append(
            MonthLine(
                first.strftime("%Y-%m"),
                opening,
                sums["opening"],
                sums["topup"],
                sums["bonus"],
                -sums["consume"],
                -sums["cancel_refund"],
                -sums["expiry"],
                sums["adjust"],
                sums["transfer"],
                closing,
            )
        )
    return lines


def _scalar(conn: Connection, sql: str, bound: str) -> int:
    return int(conn.exec_driver_sql(sql, (bound,)).scalar() or 0)


def export_rollforward(
    store: Store,
    actor: Actor,
    path: Path | str,
    start: date | None = None,
    end: date | None = None,
    progress: ProgressReport = no_progress,
) -> ExportResult:
    """Monthly roll-forward sheets for all balances, paid money and bonus, with a check column.

    ``progress`` hears stage "rollforward", counting the sheets.
    """
    Masker(actor)
    start, end = check_period(start, end)
    with store.read() as session, writing(path) as book:
        conn = session.connection()
        book.add_summary(tr("汇总", "Summary"))
        summary: list[tuple[str, str, str, object]] = [
            (tr("期间", "Period"), "", "text", f"{start:%Y-%m} ~ {end:%Y-%m}"),
        ]
        rows = 0
        for done, (part, (zh, en, _)) in enumerate(PARTS.items()):
            progress(Progress("rollforward", done, len(PARTS)))
            lines = roll_forward(conn, start, end, part)
            sheet = book.add_sheet(tr(f"滚动表-{zh}", f"Roll-forward {en}"), ROLL_COLUMNS)
            for line in lines:
                row = sheet.rows_written + 2
                sheet.write_row(
                    [
                        line.month,
                        line.opening,
                        line.imported,
                        line.topups,
                        line.bonus,
                        line.spent,
                        line.refunds,
                        line.expired,
                        line.adjustments,
                        line.moves,
                        line.closing,
                        None,
                    ]
                )
                sheet.sheet.write_formula(
                    row - 1,
                    11,
                    f"=B{row}+C{row}+D{row}+E{row}-F{row}-G{row}-H{row}+I{row}+J{row}-K{row}",
                    book.formats[MONEY],
                    line.difference / 100,
                )
            rows = max(rows, sheet.rows_written)
            last_close = lines[-1].closing if lines else 0
            closing_col = column_letter(10)
            summary.append(
                (
                    tr(f"{zh}：期末余额（元）", f"{en}: closing (yuan)"),
                    f"='{sheet.name}'!{closing_col}{sheet.rows_written + 1}",
                    MONEY,
                    last_close,
                )
            )
            summary.append(
                (
                    tr(f"{zh}：核对差额合计（应为 0）", f"{en}: check total (must be 0)"),
                    money_sum(sheet, 11),
                    MONEY,
                    sum(line.difference for line in lines),
                )
            )
        progress(Progress("rollforward", len(PARTS), len(PARTS)))
        book.fill_summary(summary)
    return ExportResult(Path(path), rows)
