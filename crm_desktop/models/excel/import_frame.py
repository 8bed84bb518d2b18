"""What every import from a spreadsheet does around its own rows: the one ``run``.

The owner's permission, the mapping's required columns, reading and checking
every row (stage "check"), a dry run that only plans, a verified backup first,
then one operation (stage "write") that writes the good rows and says in its
audit entry what came in. A file none of whose rows could come in is reported
as refused and leaves the file exactly as it was. A cancel from the progress report, in either stage,
leaves as ``ImportCancelled`` with nothing written.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from crm_desktop.models.backup import backup_before
from crm_desktop.models.changes import Entity
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.excel.import_report import ImportOptions, ImportReport, cancel_as_import
from crm_desktop.models.excel.readers import Table
from crm_desktop.models.operation import Operation
from crm_desktop.models.permissions import require
from crm_desktop.models.progress import ProgressReport, no_progress
from crm_desktop.models.services.base import Service

Checked = TypeVar("Checked")


class SpreadsheetImport(Service, Generic[Checked]):
    """Subclasses say what the rows are (``check``), plan (``preview``) and write (``write``)."""

    action = ""
    entity = Entity.CUSTOMER

    def run(
        self,
        table: Table,
        mapping: ColumnMapping,
        options: ImportOptions | None = None,
        progress: ProgressReport = no_progress,
    ) -> ImportReport:
        """Check every row and, unless ``options.dry_run``, bring the good ones in at once.

        ``progress`` hears stage "check" while rows are read and validated, then
        "write"; a cancel raised from it leaves as ``ImportCancelled``, nothing written.
        """
        options = options or ImportOptions()
        require(self.actor, "data.bulk_load")
        self.require_columns(mapping)
        with cancel_as_import():
            checked = self.check(table, mapping, progress)
        if options.dry_run or self.nothing_to_write(checked):
            # A file whose every row was refused changes nothing: no backup, no audit entry.
            with self.store.read() as session:
                report = self.preview(session, checked, mapping, options)
            return report if options.dry_run else replace(report, dry_run=False)
        # A verified copy first: a bulk import is the one action an owner may want to undo whole.
        backup_before(self.store, "import")
        with cancel_as_import(), self._action(self.action, self.entity, "data.bulk_load") as op:
            op.numbered = False  # history brought in, not a counter action
            report = self.write(op, checked, mapping, options, progress)
            op.after = {"file": table.path.name, **self.audit_summary(report)}
        return report

    def require_columns(self, mapping: ColumnMapping) -> None:
        """Refuse a mapping without the columns this import cannot do without."""
        raise NotImplementedError

    def nothing_to_write(self, checked: Checked) -> bool:
        """True when no row of ``checked`` could be written, whatever the user chose."""
        raise NotImplementedError

    def check(self, table: Table, mapping: ColumnMapping, progress: ProgressReport) -> Checked:
        """Read and check every row (no database), reporting stage "check"."""
        raise NotImplementedError

    def preview(
        self, session: Session, checked: Checked, mapping: ColumnMapping, options: ImportOptions
    ) -> ImportReport:
        """What the import would do, read in ``session`` and written nowhere."""
        raise NotImplementedError

    def write(
        self,
        op: Operation,
        checked: Checked,
        mapping: ColumnMapping,
        options: ImportOptions,
        progress: ProgressReport,
    ) -> ImportReport:
        """Write the good rows in the operation's transaction, reporting stage "write"."""
        raise NotImplementedError

    def audit_summary(self, report: ImportReport) -> dict[str, Any]:
        """The figures the audit entry keeps besides the file's name."""
        raise NotImplementedError
