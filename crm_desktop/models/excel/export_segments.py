"""The segment workbook: one row per customer with RFM, segment, value, lifecycle and lifetime value.

Customers on file at the reference date are listed by customer number: those
who had joined by then (member since) and those with a purchase by then, whatever
their member-since date; anonymised and merged customers never (``population``).
Those without a purchase in the window have empty R, F, M, scores and segment.
The card shown is the customer's newest active (or frozen) card, else their
newest card of any status.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from crm_desktop.models.actor import Actor
from crm_desktop.models.analytics.history import load_history
from crm_desktop.models.analytics.lifecycle import (
    POTENTIAL,
    CustomerLifecycle,
    compute_lifecycle,
    stage_name,
)
from crm_desktop.models.analytics.population import (
    counted_sql,
    customers_on_file,
    day_after,
    on_file_sql,
)
from crm_desktop.models.analytics.rfm import SEGMENTS, RfmTable, compute_rfm, value_class_name
from crm_desktop.models.analytics.settings import read_settings
from crm_desktop.models.excel.export_common import (
    ExportResult,
    Masker,
    ticker,
    writing,
)
from crm_desktop.models.excel.workbook_style import CODE, INT, MONEY, Column, tr
from crm_desktop.models.progress import ProgressReport, no_progress
from crm_desktop.models.report_sql import report_sql
from crm_desktop.models.store.store import Store

SEGMENT_COLUMNS = (
    Column("客户编号", "Customer no.", INT, 10),
    Column("姓名", "Name", width=12),
    Column("卡号", "Card number", CODE, 16),
    Column("最近消费距今天数 R", "Days since last purchase (R)", INT, 12),
    Column("消费次数 F", "Purchases (F)", INT, 10),
    Column("消费金额 M（元）", "Spend M (yuan)", MONEY, 13),
    Column("R 分", "R score", INT, 7),
    Column("F 分", "F score", INT, 7),
    Column("M 分", "M score", INT, 7),
    Column("客户分群", "Segment", width=16),
    Column("价值等级", "Value class", width=10),
    Column("生命周期", "Lifecycle stage", width=10),
    Column("历史消费（元）", "Lifetime spend (yuan)", MONEY, 14),
    Column("预测终身价值（元）", "Forecast lifetime value (yuan)", MONEY, 16),
)

_CUSTOMERS = f"""
SELECT c.id, c.name,
       (SELECT k.number FROM cards k WHERE k.customer_id = c.id
        ORDER BY k.status IN ('active', 'frozen') DESC, k.id DESC LIMIT 1)
FROM customers c
WHERE {counted_sql("c")} AND {on_file_sql("c")}
ORDER BY c.id
"""


def export_segments(
    store: Store,
    actor: Actor,
    path: Path | str,
    at: date | None = None,
    progress: ProgressReport = no_progress,
) -> ExportResult:
    """Write the segment workbook for reference date ``at`` (default today); owner or accountant."""
    Masker(actor)  # the bulk-export permission check
    at = at or date.today()
    with store.read() as session, writing(path) as book:
        settings = read_settings(session)
        history = load_history(
            session, at, settings.window_days, settings.lifecycle.loyal_window_days
        )
        rfm = compute_rfm(history, settings)
        total = customers_on_file(session, at, history.customer_id)
        life = compute_lifecycle(history, settings, total)
        sheet = book.add_sheet(tr("客户分群", "Segments"), SEGMENT_COLUMNS)
        tick = ticker(progress, "segments", total)
        customers = report_sql(session).named(_CUSTOMERS)
        rows = session.connection().exec_driver_sql(customers, {"end": day_after(at)})
        for done, (cid, name, card) in enumerate(rows, start=1):
            sheet.write_row([cid, name, card, *_figures(cid, rfm, life)])
            tick(done)
        sheet.finish()
        written = sheet.rows_written
    return ExportResult(Path(path), written)


def _figures(cid: int, rfm: RfmTable, life: CustomerLifecycle) -> list[object]:
    """R, F, M, scores, segment, value class, stage, lifetime spend and forecast of one customer."""
    out: list[object] = [None] * 11
    pos = rfm.index_of(cid)
    if pos is not None:
        out[0:6] = [
            int(rfm.r_days[pos]),
            int(rfm.frequency[pos]),
            int(rfm.monetary_fen[pos]),
            int(rfm.r_score[pos]),
            int(rfm.f_score[pos]),
            int(rfm.m_score[pos]),
        ]
        out[6] = SEGMENTS[int(rfm.segment[pos])].name()
        out[7] = value_class_name(int(rfm.value_class[pos]))
    at = int(np.searchsorted(life.customer_id, cid))
    if at < len(life.customer_id) and int(life.customer_id[at]) == cid:
        out[8] = stage_name(int(life.stage[at]))
        out[9] = int(life.historical_fen[at])
        out[10] = int(life.forecast_fen[at])
    else:
        out[8] = stage_name(POTENTIAL)
        out[9] = 0
        out[10] = 0
    return out
