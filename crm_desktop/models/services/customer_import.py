"""Import customers from a sheet: dry run by default, the real import in one transaction.

The wizard calls, in order: ``readers.open_table`` → ``header_detect.detect_header``
(the user may change the mapping) → ``CustomerImport.run`` with
``ImportOptions(dry_run=True)`` to show what would happen → ``run`` again with
``dry_run=False``. The real import is one write transaction with one audit
entry: a cancel (raised from the progress report, in stage "check" or "write")
or any failure rolls back every row. Opening balances, points and visits become
ledger entries of kind "opening"; tiers and card types named in the file are
matched by name, or created when ``create_missing`` says the user agreed.

The plan, in order: the user's answers on rows with wrong optional values or
damaged text (``apply_row_choices``); the catalogue; rows found on file by
phone, card or ID number (``customer_matches``); new rows that are likely a
customer on file (``likely_rows``); card numbers. New customers are members
since the file's date (its member-since column or the card's issue date), else
since the day of the import.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel import customer_writer as writer
from crm_desktop.models.excel.customer_matches import (
    Found,
    look_up_keys,
    plan_existing,
    split_rows,
)
from crm_desktop.models.excel.customer_rows import RowCheck, check_rows
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.excel.import_frame import SpreadsheetImport
from crm_desktop.models.excel.import_plan import (
    ImportPlan,
    apply_row_choices,
    create_catalogue,
    number_cards,
    resolve_catalogue,
)
from crm_desktop.models.excel.import_report import ImportOptions, ImportReport
from crm_desktop.models.excel.likely_rows import likely_finder, settle_likely
from crm_desktop.models.excel.readers import Table
from crm_desktop.models.excel.row_findings import JoinedCounts
from crm_desktop.models.operation import Operation
from crm_desktop.models.progress import Progress, ProgressReport
from crm_desktop.models.services.shop_settings import (
    CARD_SEQUENCE_KEY,
    write_setting,
)


class CustomerImport(SpreadsheetImport[RowCheck]):
    """Bring a shop's old member list in; the owner's job (permission data.bulk_load)."""

    action = "customer.import"
    entity = Entity.CUSTOMER

    def require_columns(self, mapping: ColumnMapping) -> None:
        _require_identity(mapping)

    def check(self, table: Table, mapping: ColumnMapping, progress: ProgressReport) -> RowCheck:
        return check_rows(table, mapping, progress)

    def nothing_to_write(self, checked: RowCheck) -> bool:
        return not checked.accepted

    def preview(
        self, session: Session, checked: RowCheck, mapping: ColumnMapping, options: ImportOptions
    ) -> ImportReport:
        plan = self._plan(session, checked, mapping, options)
        return _report(checked, mapping, plan, options, writer.WriteTotals(), dry_run=True)

    def write(
        self,
        op: Operation,
        checked: RowCheck,
        mapping: ColumnMapping,
        options: ImportOptions,
        progress: ProgressReport,
    ) -> ImportReport:
        plan = self._plan(op.session, checked, mapping, options)
        totals = self._write(op, plan, progress)
        op.changed_ids = totals.customer_ids + [cid for cid, _ in plan.updates.values()]
        return _report(checked, mapping, plan, options, totals, dry_run=False)

    def audit_summary(self, report: ImportReport) -> dict[str, Any]:
        return {
            "rows_read": report.rows_read,
            "imported": report.imported,
            "updated": report.updated,
            "balance_fen": report.balance_fen,
            "points": report.points,
            "flagged": sum(1 for p in report.optional_problems if p.choice == "drop")
            + len({d.row for d in report.damaged if d.choice == "clear"}),
        }

    # -- planning ---------------------------------------------------------------------------

    def _plan(
        self, session: Session, check: RowCheck, mapping: ColumnMapping, options: ImportOptions
    ) -> ImportPlan:
        plan = ImportPlan()
        conn = session.connection()
        rows = apply_row_choices(check, options, plan)
        rows = resolve_catalogue(conn, rows, mapping, options, plan)
        keys = look_up_keys(conn, rows)
        if not keys.anyone():
            matched: dict[int, Found] = {}
            new = rows  # nothing of the file is on file yet: every row is new
        else:
            matched, new = split_rows(rows, keys, mapping, plan)
        likely = settle_likely(session, new, likely_finder(), options)
        plan.new_rows, plan.likely, plan.skipped = likely.new_rows, likely.found, likely.skipped
        matched.update({n: Found(cid, "likely", "") for n, cid in likely.same.items()})
        if matched:
            plan_existing(
                conn, [r for r in rows if r.row in matched], matched, keys.cards, options, plan
            )
        number_cards(session, plan)
        return plan

    # -- writing ----------------------------------------------------------------------------

    def _write(
        self,
        op: Operation,
        plan: ImportPlan,
        progress: ProgressReport,
    ) -> writer.WriteTotals:
        now = datetime.now().replace(microsecond=0)
        session, bulk = op.session, op.bulk_ledger_rows()
        conn = session.connection()
        create_catalogue(conn, plan)
        if plan.cards.generated:
            write_setting(session, CARD_SEQUENCE_KEY, plan.next_sequence)
            session.flush()
        total = len(plan.new_rows) + len(plan.updates)

        def step(done: int) -> None:
            progress(Progress("write", done, total))

        with writer.indexes_rebuilt_if_worth_it(conn, len(plan.new_rows)):
            totals = writer.insert_new(
                conn, self.actor, plan.new_rows, plan.cards, now, bulk, step
            )
        for done, (customer_id, changes) in enumerate(
            plan.updates.values(), start=len(plan.new_rows)
        ):
            if changes:
                writer.update_profile(conn, self.actor, customer_id, changes, now)
            if done % writer.BATCH == 0:
                step(done)
        if plan.card_rows:
            added = writer.insert_new(
                conn, self.actor, plan.card_rows, plan.cards, now, bulk, owners=plan.new_cards_for
            )
            for name in ("balance_fen", "bonus_fen", "points", "counts", "cards"):
                setattr(totals, name, getattr(totals, name) + getattr(added, name))
        step(total)
        return totals


def _require_identity(mapping: ColumnMapping) -> None:
    if mapping.missing_identity():
        raise ValidationError(
            "import.no_identity",
            "表头里需要有“姓名”列，以及“手机”或“卡号”列中的至少一列；请在导入向导中指定。",
            "The header needs a Name column and a Phone or Card number column; choose them in "
            "the import wizard.",
            field="mapping",
        )


def _report(
    check: RowCheck,
    mapping: ColumnMapping,
    plan: ImportPlan,
    options: ImportOptions,
    totals: writer.WriteTotals,
    *,
    dry_run: bool,
) -> ImportReport:
    money_rows = plan.new_rows + plan.card_rows
    if dry_run:
        totals = writer.WriteTotals(
            balance_fen=sum(r.balance_fen for r in money_rows if r.needs_card()),
            bonus_fen=sum(r.bonus_fen for r in money_rows if r.needs_card()),
            points=sum(r.points for r in money_rows if r.needs_card()),
            counts=sum(r.counts for r in money_rows if r.needs_card()),
        )
    # By row, each row's reasons in the order of its columns.
    rejected = sorted(check.rejected + plan.rejected, key=lambda r: r.row)
    joined = JoinedCounts(
        from_file=sum(1 for r in plan.new_rows if r.member_since),
        from_cards=sum(1 for r in plan.new_rows if r.issued_on and not r.member_since),
        today=sum(1 for r in plan.new_rows if not r.member_since and not r.issued_on),
    )
    return ImportReport(
        kind="customers",
        dry_run=dry_run,
        header_row=mapping.header_row,
        rows_read=check.rows_read,
        imported=len(plan.new_rows),
        updated=len(plan.updates),
        skipped=plan.skipped,
        totals_rows=check.totals_rows,
        duplicates=tuple(check.duplicates),
        rejected=tuple(rejected),
        matches=tuple(sorted(plan.matches)),
        balance_fen=totals.balance_fen + totals.bonus_fen,
        bonus_fen=totals.bonus_fen,
        points=totals.points,
        counts=totals.counts,
        new_tiers=tuple(plan.new_tiers),
        new_card_types=tuple(plan.new_card_types),
        optional_problems=tuple(plan.optional_problems),
        damaged=tuple(plan.damaged),
        likely=tuple(plan.likely),
        joined=joined,
    )
