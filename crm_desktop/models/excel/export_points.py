"""Points outstanding (未兑换积分) per card at a date, summed from the points ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.excel.export_common import (
    ExportResult,
    Masker,
    day_after,
    stamp_text,
    ticker,
    writing,
)
from crm_desktop.models.excel.export_liability import CARD_STATUS
from crm_desktop.models.excel.workbook_style import CODE, INT, Column, count_rows, tr
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.store.store import Store

POINTS_COLUMNS = (
    Column("卡号", "Card number", CODE, 16),
    Column("客户", "Customer", width=12),
    Column("手机", "Phone", CODE, 15),
    Column("等级", "Tier", width=10),
    Column("状态", "Status", width=8),
    Column("积分", "Points", INT, 11),
)
_POINTS_SQL = (
    "SELECT k.number, c.name, c.phone, tier.name, k.status, s.pts FROM "
    "(SELECT card_id, sum(points) AS pts FROM points_entries WHERE ts < ? GROUP BY card_id "
    " HAVING sum(points) != 0) s JOIN cards k ON k.id = s.card_id JOIN customers c ON c.id = k.customer_id "
    "LEFT JOIN tiers tier ON tier.id = k.tier_id ORDER BY k.number"
)


def export_points(
    store: Store,
    actor: Actor,
    path: Path | str,
    at: date | None = None,
    progress: ProgressReport = no_progress,
    *,
    full_numbers: bool = False,
) -> ExportResult:
    """Every card holding points at the end of day ``at`` (default today), and the total.

    Phones are masked unless the owner asks for ``full_numbers`` (one audit entry).
    ``progress`` hears stage "points" (cards so far; the number of cards is not known first).
    """
    masker = Masker(actor, full_numbers)
    at = at or date.today()
    with store.read() as session, writing(path) as book:
        conn = session.connection()
        book.add_summary(tr("汇总", "Summary"))
        sheet = book.add_sheet(tr("未兑换积分", "Points outstanding"), POINTS_COLUMNS)
        tick = ticker(progress, "points")
        total = 0
        for number, name, phone, tier, status, points in conn.exec_driver_sql(
            _POINTS_SQL, (stamp_text(day_after(at)),)
        ):
            zh, en = CARD_STATUS.get(status, (status, status))
            sheet.write_row([number, name, masker.phone(phone), tier, tr(zh, en), points])
            total += points
            tick(sheet.rows_written)
        progress(Progress("points", sheet.rows_written, sheet.rows_written))
        book.fill_summary(
            [
                (tr("截至日期（当日结束）", "At the end of"), "", "date", at),
                (
                    tr("有积分的卡数", "Cards with points"),
                    count_rows(sheet, 0),
                    INT,
                    sheet.rows_written,
                ),
                (tr("积分合计", "Points in total"), f"=SUM({sheet.range_of(5)})", INT, total),
                masker.summary_line(),
            ]
        )
        rows = sheet.rows_written
    return masker.logged(store, "points", Entity.CARD, ExportResult(Path(path), rows))
