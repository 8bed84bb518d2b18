"""What every export shares: the role check, masking, periods, progress and cancel.

Phone and ID numbers leave in a file masked, as every screen shows them, unless
the owner chooses full numbers for that one export (``full_numbers=True``,
permission pii.full); such an export is one audit entry naming the export and
its row count, never the numbers. The accountant's files are always masked; a
clerk may not export in bulk at all (permission export.bulk).
Every export takes ``progress: ProgressReport`` and reports one stage named after
it (``"customers"``, ``"ledger"`` …). A cancelled or failed export leaves no
half-written file behind; a cancel leaves as ``ExportCancelled``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.excel.workbook_style import StyledWorkbook, tr
from crm_desktop.models.operation import perform
from crm_desktop.models.permissions import allowed, require
from crm_desktop.models.progress import Cancelled, Progress, ProgressReport
from crm_desktop.models.rules.validation import mask_id_number, mask_phone
from crm_desktop.models.store.store import Store

# An export reports every this many rows (and at its last row).
REPORT_EVERY = 2000
# The audit entry of an export that carried full phone and ID numbers.
FULL_NUMBERS_ACTION = "export.full_numbers"
# The workbooks that carry phone or ID numbers (the care screen's greeting list too);
# the ledger, roll-forward, takings and segment workbooks carry none.
EXPORTS_WITH_NUMBERS = ("customers", "purchases", "liability", "points")


@dataclass(frozen=True)
class ExportResult:
    """The written file and how many data rows its main sheet holds."""

    path: Path
    rows: int


class ExportCancelled(Cancelled):
    """The user cancelled an export; no file was left behind."""

    def __init__(self) -> None:
        super().__init__(
            "export.cancelled",
            "导出已取消，没有生成文件。",
            "The export was cancelled; no file was written.",
        )


class Masker:
    """Phone and ID numbers as one export writes them: masked, unless full numbers were chosen.

    ``full_numbers`` is the owner's choice for this export alone; any other role
    asking for it is refused before anything is read or written.
    """

    def __init__(self, actor: Actor, full_numbers: bool = False) -> None:
        require(actor, "export.bulk")
        if full_numbers and not allowed(actor, "pii.full"):
            raise full_numbers_refused()
        self.actor = actor
        self.full = full_numbers

    def phone(self, value: str | None) -> str | None:
        return value if self.full else mask_phone(value)

    def id_number(self, value: str | None) -> str | None:
        return value if self.full else mask_id_number(value)

    def summary_line(self) -> tuple[str, str, str, str]:
        """The summary sheet's line saying how this file shows the numbers."""
        shown = (
            tr("完整（已记入操作日志）", "full (logged in the audit log)")
            if self.full
            else tr("部分隐藏", "masked")
        )
        return (tr("电话和证件号码", "Phone and ID numbers"), "", "text", shown)

    def logged(
        self, store: Store, export: str, entity: Entity, result: ExportResult
    ) -> ExportResult:
        """``result``, once a full-number export has its audit entry (a masked one needs none)."""
        if self.full:
            log_full_numbers(store, self.actor, export, entity, result.rows, result.path)
        return result


def full_numbers_refused() -> PermissionDenied:
    return PermissionDenied(
        "export.full_numbers",
        "只有店主可以导出完整的电话和证件号码；其他账号导出的文件里，号码都部分隐藏。",
        "Only the owner may export full phone and ID numbers; other accounts' files "
        "carry them masked.",
    )


def log_full_numbers(
    store: Store, actor: Actor, export: str, entity: Entity, rows: int, path: Path | str
) -> None:
    """One audit entry for a written file holding full numbers: which export, how many rows.

    Written after the file (a refused or failed entry removes the file, so no full
    numbers leave unlogged); the entry holds no number and no file name.
    """
    try:
        with perform(
            store, actor, FULL_NUMBERS_ACTION, entity, "pii.full", audited_read=True
        ) as op:
            op.after = {"export": export, "rows": rows}
    except BaseException:
        with suppress(FileNotFoundError):
            Path(path).unlink()
        raise


@contextmanager
def writing(path: Path | str, *, in_memory: bool = False) -> Iterator[StyledWorkbook]:
    """A workbook that is closed on success and deleted on any failure or cancel.

    A cancel (``Cancelled`` from a progress report in the block) leaves as
    ``ExportCancelled`` once the file is gone. ``in_memory`` for a small file: no
    temporary parts touch the disk at all.
    """
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise ValidationError(
            "export.folder",
            f"文件夹 {target.parent} 不存在。",
            f"The folder {target.parent} does not exist.",
            field="path",
        )
    book = StyledWorkbook(target, in_memory=in_memory)
    try:
        yield book
        book.close()
    except BaseException as exc:
        with suppress(Exception):
            book.workbook.close()
        book.discard_parts()
        with suppress(FileNotFoundError):
            target.unlink()
        if isinstance(exc, Cancelled) and not isinstance(exc, ExportCancelled):
            raise ExportCancelled() from exc
        raise


def ticker(progress: ProgressReport, stage: str, total: int = 0) -> Callable[[int], None]:
    """A per-row callback: ``Progress(stage, rows done, total)`` every 2,000 rows and at ``total``.

    ``total`` 0 means unknown. A cancel raises from the report, inside ``writing``.
    """

    def tick(done: int) -> None:
        if done % REPORT_EVERY == 0 or done == total:
            progress(Progress(stage, done, total))

    return tick


def day_start(day: date) -> datetime:
    return datetime.combine(day, time())


def day_after(day: date) -> datetime:
    """The first moment after ``day``: periods include their last day."""
    return datetime.combine(day + timedelta(days=1), time())


def stamp_text(moment: datetime) -> str:
    """A moment as the DateTime columns store it, for comparisons in SQL."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def period_bounds(start: date, end: date) -> tuple[str, str]:
    """[start of ``start``, start of the day after ``end``) as stored text."""
    return stamp_text(day_start(start)), stamp_text(day_after(end))


def check_period(start: date | None, end: date | None) -> tuple[date, date]:
    """A period with both ends; defaults to the current month up to today."""
    today = date.today()
    start = start or today.replace(day=1)
    end = end or today
    if end < start:
        raise ValidationError(
            "export.period",
            "结束日期不能早于开始日期。",
            "The end date cannot be before the start date.",
            field="period",
        )
    return start, end


def parse_stamp(value: object) -> datetime:
    """A DateTime column read by the driver (ISO text) as a datetime."""
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
