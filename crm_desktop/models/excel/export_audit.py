"""Export the audit log (操作日志), filtered as on screen, to a styled workbook.

Headings, action, record and field names are in the interface language and the
changes read as on screen (¥ amounts, 是/否). The log holds no personal data
(``audit.scrub``), so nothing needs masking; reading it needs ``audit.read``
(owner, accountant). The export itself is one audit entry naming the filters
and the row count — written after the file, so a refused entry leaves no file.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.audit_labels import (
    action_areas,
    action_name,
    change_summary,
    entity_name,
)
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.excel.export_common import (
    ExportResult,
    ticker,
    writing,
)
from crm_desktop.models.excel.workbook_style import (
    DATETIME,
    INT,
    TEXT,
    Column,
    count_rows,
    tr,
)
from crm_desktop.models.permissions import require
from crm_desktop.models.progress import ProgressReport, no_progress
from crm_desktop.models.services.audit_log import (
    AuditFilter,
    AuditRecord,
    filtered_query,
    record_of,
)
from crm_desktop.models.services.base import Service
from crm_desktop.models.store.store import Store

COLUMNS = (
    Column("时间", "Time", DATETIME, 17),
    Column("用户", "User", width=12),
    Column("操作", "Action", width=20),
    Column("记录", "Record", width=10),
    Column("编号", "No.", INT, 8),
    Column("改动", "What changed", width=70),
    Column("操作代码", "Action code", width=22),
    Column("日志序号", "Entry No.", INT, 10),
)
_BATCH = 2000


def audit_row(record: AuditRecord) -> list[Any]:
    """One entry as the workbook (and the screen) shows it."""
    return [
        record.ts,
        record.username,
        action_name(record.action),
        entity_name(record.entity),
        record.entity_id,
        change_summary(record.before, record.after, record.entity),
        record.action,
        record.id,
    ]


def filter_summary(wanted: AuditFilter) -> dict[str, Any]:
    """The filters as audit-entry values (what the export entry records)."""
    return {
        "user": wanted.username or None,
        "action": wanted.action or None,
        "entity": wanted.entity or None,
        "entity_id": wanted.entity_id,
        "since": wanted.since.isoformat() if wanted.since else None,
        "until": wanted.until.isoformat() if wanted.until else None,
    }


class _ExportEntry(Service):
    def record(self, rows: int, wanted: AuditFilter) -> None:
        with self._action("audit.export", Entity.AUDIT, "audit.read", audited_read=True) as rec:
            rec.after = {"rows": rows} | {
                k: v for k, v in filter_summary(wanted).items() if v is not None
            }


def export_audit(
    store: Store,
    actor: Actor,
    path: Path | str,
    wanted: AuditFilter | None = None,
    progress: ProgressReport = no_progress,
) -> ExportResult:
    """Write the entries matching ``wanted`` (default: all), newest first, to ``path``.

    ``progress`` hears stage "audit".
    """
    require(actor, "audit.read")
    wanted = wanted or AuditFilter()
    target = Path(path)
    with store.read() as session, writing(target) as book:
        book.add_summary(tr("汇总", "Summary"))
        sheet = book.add_sheet(tr("操作日志", "Audit log"), COLUMNS)
        query = filtered_query(select(AuditEntry), wanted)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        tick = ticker(progress, "audit", total)
        query = query.order_by(AuditEntry.id.desc())
        for row in session.scalars(query.execution_options(yield_per=_BATCH)):
            sheet.write_row(audit_row(record_of(row)))
            tick(sheet.rows_written)
        book.fill_summary(_summary_lines(sheet.rows_written, wanted, actor, count_rows(sheet)))
    try:
        _ExportEntry(store, actor).record(sheet.rows_written, wanted)
    except BaseException:
        with suppress(FileNotFoundError):
            target.unlink()
        raise
    return ExportResult(target, sheet.rows_written)


def _summary_lines(
    rows: int, wanted: AuditFilter, actor: Actor, count_formula: str
) -> list[tuple[str, str, str, Any]]:
    any_text = tr("全部", "all")
    action = any_text
    if wanted.action:
        areas = dict((prefix, label) for label, prefix in action_areas())
        action = areas.get(wanted.action) or action_name(wanted.action)
    record = entity_name(wanted.entity) if wanted.entity else any_text
    if wanted.entity_id is not None:
        record += f" {wanted.entity_id}"
    return [
        (tr("条数", "Entries"), count_formula, INT, rows),
        (tr("用户", "User"), "", TEXT, wanted.username or any_text),
        (tr("操作", "Action"), "", TEXT, action),
        (tr("记录", "Record"), "", TEXT, record),
        (tr("开始日期", "From"), "", TEXT, wanted.since.isoformat() if wanted.since else any_text),
        (tr("结束日期", "To"), "", TEXT, wanted.until.isoformat() if wanted.until else any_text),
        (tr("导出人", "Exported by"), "", TEXT, actor.username),
        (tr("导出时间", "Exported at"), "", TEXT, datetime.now().strftime("%Y-%m-%d %H:%M")),
    ]

