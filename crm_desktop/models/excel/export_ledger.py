"""Export purchases and the stored-value ledger (储值流水) of a period, for the accountant.

Both read straight from the tables in time order; periods include their last day.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.excel.export_common import (
    ExportResult,
    Masker,
    check_period,
    parse_stamp,
    period_bounds,
    ticker,
    writing,
)
from crm_desktop.models.excel.normalise import PAYMENT_LABELS
from crm_desktop.models.excel.workbook_style import (
    CODE,
    DATETIME,
    INT,
    MONEY,
    Column,
    count_rows,
    money_sum,
    tr,
)
from crm_desktop.models.progress import ProgressReport, no_progress
from crm_desktop.models.store.store import Store

VALUE_KIND_LABELS: dict[str, tuple[str, str]] = {
    "opening": ("导入期初", "Opening (import)"),
    "topup": ("充值", "Top-up"),
    "consume": ("消费", "Spent"),
    "refund": ("消费退回", "Purchase refund"),
    "adjust": ("调整", "Adjustment"),
    "expiry": ("过期", "Expired"),
    "transfer_out": ("转出（换卡）", "Moved out (replacement)"),
    "transfer_in": ("转入（换卡）", "Moved in (replacement)"),
    "cancel_refund": ("退卡退款", "Refund on cancellation"),
}


def method_label(code: str | None) -> str | None:
    if not code:
        return None
    zh, en = PAYMENT_LABELS.get(code, (code, code))
    return tr(zh, en)


def kind_label(code: str) -> str:
    zh, en = VALUE_KIND_LABELS.get(code, (code, code))
    return tr(zh, en)


PURCHASE_COLUMNS = (
    Column("时间", "Time", DATETIME, 17),
    Column("客户", "Customer", width=12),
    Column("手机", "Phone", CODE, 15),
    Column("卡号", "Card number", CODE, 16),
    Column("类型", "Kind", width=8),
    Column("金额", "Amount", MONEY, 12),
    Column("优惠", "Discount", MONEY, 11),
    Column("实付", "Paid", MONEY, 12),
    Column("支付方式", "Payment method", width=12),
    Column("积分", "Points", INT, 9),
    Column("操作员", "Staff", width=10),
    Column("备注", "Notes", width=24),
)
_PURCHASE_SQL = (
    "SELECT p.ts, c.name, c.phone, k.number, p.kind, p.amount_fen, p.discount_fen, p.paid_fen, "
    "p.payment_method, p.points_earned, u.username, p.note FROM purchases p "
    "JOIN customers c ON c.id = p.customer_id LEFT JOIN cards k ON k.id = p.card_id "
    "LEFT JOIN users u ON u.id = p.user_id WHERE p.ts >= ? AND p.ts < ? ORDER BY p.ts, p.id"
)


def export_purchases(
    store: Store,
    actor: Actor,
    path: Path | str,
    start: date | None = None,
    end: date | None = None,
    progress: ProgressReport = no_progress,
    *,
    full_numbers: bool = False,
) -> ExportResult:
    """Purchases and refunds from ``start`` to ``end`` (both days included); stage "purchases".

    Phones are masked unless the owner asks for ``full_numbers`` (one audit entry).
    """
    masker = Masker(actor, full_numbers)
    start, end = check_period(start, end)
    with store.read() as session, writing(path) as book:
        conn = session.connection()
        bounds = period_bounds(start, end)
        total = int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM purchases WHERE ts >= ? AND ts < ?", bounds
            ).scalar()
            or 0
        )
        book.add_summary(tr("汇总", "Summary"))
        sheet = book.add_sheet(tr("购买记录", "Purchases"), PURCHASE_COLUMNS)
        tick = ticker(progress, "purchases", total)
        paid = 0
        for (
            ts,
            name,
            phone,
            number,
            kind,
            amount,
            discount,
            paid_fen,
            method,
            points,
            user,
            note,
        ) in conn.exec_driver_sql(_PURCHASE_SQL, bounds):
            sheet.write_row(
                [
                    parse_stamp(ts),
                    name,
                    masker.phone(phone),
                    number,
                    tr("退款", "Refund") if kind == "refund" else tr("消费", "Sale"),
                    amount,
                    discount,
                    paid_fen,
                    method_label(method),
                    points,
                    user,
                    note,
                ]
            )
            paid += paid_fen
            tick(sheet.rows_written)
        book.fill_summary(
            [
                (tr("期间", "Period"), "", "text", f"{start.isoformat()} ~ {end.isoformat()}"),
                (tr("笔数", "Purchases"), count_rows(sheet, 0), INT, sheet.rows_written),
                (tr("实付合计（元）", "Paid in total (yuan)"), money_sum(sheet, 7), MONEY, paid),
                masker.summary_line(),
            ]
        )
        rows = sheet.rows_written
    return masker.logged(store, "purchases", Entity.PURCHASE, ExportResult(Path(path), rows))


LEDGER_COLUMNS = (
    Column("时间", "Time", DATETIME, 17),
    Column("卡号", "Card number", CODE, 16),
    Column("客户", "Customer", width=12),
    Column("类型", "Kind", width=12),
    Column("本金变动", "Paid change", MONEY, 12),
    Column("赠送变动", "Bonus change", MONEY, 12),
    Column("合计变动", "Total change", MONEY, 12),
    Column("本金余额", "Paid after", MONEY, 12),
    Column("赠送余额", "Bonus after", MONEY, 12),
    Column("支付方式", "Payment method", width=12),
    Column("操作员", "Staff", width=10),
    Column("备注", "Notes", width=24),
)
_LEDGER_SQL = (
    "SELECT v.ts, k.number, c.name, v.kind, v.principal_fen, v.bonus_fen, v.principal_after_fen, "
    "v.bonus_after_fen, v.payment_method, u.username, v.note FROM value_entries v "
    "JOIN cards k ON k.id = v.card_id JOIN customers c ON c.id = v.customer_id "
    "LEFT JOIN users u ON u.id = v.user_id WHERE v.ts >= ? AND v.ts < ? ORDER BY v.ts, v.id"
)


def export_ledger(
    store: Store,
    actor: Actor,
    path: Path | str,
    start: date | None = None,
    end: date | None = None,
    progress: ProgressReport = no_progress,
) -> ExportResult:
    """Every stored-value entry from ``start`` to ``end``, paid money and bonus apart.

    ``progress`` hears stage "ledger".
    """
    Masker(actor)
    start, end = check_period(start, end)
    bounds = period_bounds(start, end)
    with store.read() as session, writing(path) as book:
        conn = session.connection()
        total = int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM value_entries WHERE ts >= ? AND ts < ?", bounds
            ).scalar()
            or 0
        )
        book.add_summary(tr("汇总", "Summary"))
        sheet = book.add_sheet(tr("储值流水", "Stored-value ledger"), LEDGER_COLUMNS)
        tick = ticker(progress, "ledger", total)
        sums = [0, 0]
        for (
            ts,
            number,
            name,
            kind,
            principal,
            bonus,
            p_after,
            b_after,
            method,
            user,
            note,
        ) in conn.exec_driver_sql(_LEDGER_SQL, bounds):
            sheet.write_row(
                [
                    parse_stamp(ts),
                    number,
                    name,
                    kind_label(kind),
                    principal,
                    bonus,
                    principal + bonus,
                    p_after,
                    b_after,
                    method_label(method),
                    user,
                    note,
                ]
            )
            sums[0] += principal
            sums[1] += bonus
            tick(sheet.rows_written)
        book.fill_summary(
            [
                (tr("期间", "Period"), "", "text", f"{start.isoformat()} ~ {end.isoformat()}"),
                (tr("流水笔数", "Entries"), count_rows(sheet, 0), INT, sheet.rows_written),
                (
                    tr("本金净变动（元）", "Net change of paid money (yuan)"),
                    money_sum(sheet, 4),
                    MONEY,
                    sums[0],
                ),
                (
                    tr("赠送净变动（元）", "Net change of bonus (yuan)"),
                    money_sum(sheet, 5),
                    MONEY,
                    sums[1],
                ),
                (
                    tr("合计净变动（元）", "Net change in total (yuan)"),
                    money_sum(sheet, 6),
                    MONEY,
                    sum(sums),
                ),
            ]
        )
        rows = sheet.rows_written
    return ExportResult(Path(path), rows)
