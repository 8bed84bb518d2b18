"""Import customers from a sheet: dry run by default, the real import in one transaction.

The wizard calls, in order: ``readers.open_table`` → ``header_detect.detect_header``
(the user may change the mapping) → ``CustomerImport.run`` with
``ImportOptions(dry_run=True)`` to show what would happen → ``run`` again with
``dry_run=False``. The real import is one write transaction with one audit
entry: a cancel (raised from the progress report, in stage "check" or "write")
or any failure rolls back every row. Opening balances, points and visits become
ledger entries of kind "opening"; tiers and card types named in the file are
matched by name, or created when ``create_missing`` says the user agreed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel import customer_writer as writer
from crm_desktop.models.excel.customer_rows import (
    PROFILE_FIELDS,
    CustomerRow,
    Rejection,
    RowCheck,
    check_rows,
)
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.excel.import_frame import SpreadsheetImport
from crm_desktop.models.excel.import_plan import (
    ImportPlan,
    create_catalogue,
    lookup,
    number_cards,
    resolve_catalogue,
    zh_or_en,
)
from crm_desktop.models.excel.import_report import (
    ExistingMatch,
    ImportOptions,
    ImportReport,
)
from crm_desktop.models.excel.readers import Table
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
        totals = self._write(op.session, plan, progress)
        op.changed_ids = totals.customer_ids + [cid for cid, _ in plan.updates.values()]
        return _report(checked, mapping, plan, options, totals, dry_run=False)

    def audit_summary(self, report: ImportReport) -> dict[str, Any]:
        return {
            "rows_read": report.rows_read,
            "imported": report.imported,
            "updated": report.updated,
            "balance_fen": report.balance_fen,
            "points": report.points,
        }

    # -- planning ---------------------------------------------------------------------------

    def _plan(
        self, session: Session, check: RowCheck, mapping: ColumnMapping, options: ImportOptions
    ) -> ImportPlan:
        plan = ImportPlan()
        conn = session.connection()
        rows = resolve_catalogue(conn, check.accepted, mapping, options, plan)
        phones = dict(
            lookup(
                conn,
                "SELECT phone, id FROM customers WHERE phone IN ({marks})",
                (r.phone for r in rows if r.phone),
            )
        )
        ids = dict(
            lookup(
                conn,
                "SELECT id_number, id FROM customers WHERE id_number IN ({marks})",
                (r.id_number for r in rows if r.id_number),
            )
        )
        cards = {
            n: c
            for n, c in lookup(
                conn,
                "SELECT number, customer_id FROM cards WHERE number IN ({marks})",
                (r.card_number for r in rows if r.card_number),
            )
        }
        matched: dict[int, int] = {}
        if not (phones or ids or cards):
            rows, plan.new_rows = [], list(rows)  # nothing on file yet: every row is new
        for row in rows:
            owners = [
                (key, cid)
                for key, cid in (
                    ("phone", phones.get(row.phone or "")),
                    ("card_number", cards.get(row.card_number or "")),
                    ("id_number", ids.get(row.id_number or "")),
                )
                if cid is not None
            ]
            found = {cid for _, cid in owners}
            if len(found) > 1:
                column = next(k for k, cid in owners if cid != owners[0][1])
                plan.rejected.append(
                    Rejection(
                        row.row,
                        mapping.header_of(column),
                        zh_or_en(
                            "手机号、卡号、身份证号分别属于本店的不同客户，无法确定是哪一位，请核对。",
                            "The phone, card number and ID number belong to different customers on file; "
                            "check which one is meant.",
                        ),
                    )
                )
            elif found:
                matched[row.row] = found.pop()
            else:
                plan.new_rows.append(row)
        self._plan_existing(
            conn, [r for r in rows if r.row in matched], matched, cards, options, plan
        )
        number_cards(session, plan)
        return plan

    def _plan_existing(
        self,
        conn: Connection,
        rows: list[CustomerRow],
        matched: dict[int, int],
        cards: dict[str, int],
        options: ImportOptions,
        plan: ImportPlan,
    ) -> None:
        columns = ("id", "status", *PROFILE_FIELDS)
        existing = {
            r[0]: dict(zip(columns, r, strict=True))
            for r in lookup(
                conn,
                f"SELECT {', '.join(columns)} FROM customers WHERE id IN ({{marks}})",  # noqa: S608
                (str(v) for v in matched.values()),
            )
        }
        for row in rows:
            customer_id = matched[row.row]
            before = existing[customer_id]
            if before["status"] == "anonymised":
                plan.rejected.append(
                    Rejection(
                        row.row,
                        "",
                        zh_or_en(
                            "这位客户的档案已匿名化，不能再由导入更新。",
                            "This customer was anonymised and cannot be updated by an import.",
                        ),
                    )
                )
                continue
            if options.on_duplicate == "skip":
                plan.skipped += 1
                plan.matches.append(ExistingMatch(row.row, customer_id, "skip", ""))
                continue
            changes = _changes(row, before, options.on_duplicate)
            note = ""
            if row.needs_card() and row.card_number and row.card_number not in cards:
                plan.new_cards_for[row.row] = customer_id
                plan.card_rows.append(row)
            elif row.balance_fen or row.bonus_fen or row.points or row.counts:
                note = zh_or_en(
                    "已有客户的余额、积分和次数以本店账上为准，未改动。",
                    "Balances, points and visits of customers on file are kept as booked.",
                )
            if changes or row.row in plan.new_cards_for:
                plan.updates[row.row] = (customer_id, changes)
                plan.matches.append(ExistingMatch(row.row, customer_id, options.on_duplicate, note))
            else:
                plan.skipped += 1
                plan.matches.append(ExistingMatch(row.row, customer_id, "unchanged", note))

    # -- writing ----------------------------------------------------------------------------

    def _write(
        self,
        session: Session,
        plan: ImportPlan,
        progress: ProgressReport,
    ) -> writer.WriteTotals:
        now = datetime.now().replace(microsecond=0)
        conn = session.connection()
        create_catalogue(conn, plan)
        if plan.cards.generated:
            write_setting(session, CARD_SEQUENCE_KEY, plan.next_sequence)
            session.flush()
        total = len(plan.new_rows) + len(plan.updates)

        def step(done: int) -> None:
            progress(Progress("write", done, total))

        with writer.indexes_rebuilt_if_worth_it(conn, len(plan.new_rows)):
            totals = writer.insert_new(conn, self.actor, plan.new_rows, plan.cards, now, step)
        for done, (customer_id, changes) in enumerate(
            plan.updates.values(), start=len(plan.new_rows)
        ):
            if changes:
                writer.update_profile(conn, self.actor, customer_id, changes, now)
            if done % writer.BATCH == 0:
                step(done)
        if plan.card_rows:
            added = writer.insert_new(
                conn, self.actor, plan.card_rows, plan.cards, now, owners=plan.new_cards_for
            )
            for name in ("balance_fen", "bonus_fen", "points", "counts", "cards"):
                setattr(totals, name, getattr(totals, name) + getattr(added, name))
        step(total)
        return totals


def _changes(row: CustomerRow, before: dict[str, Any], policy: str) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        new = getattr(row, name)
        if new is None:
            continue
        old = before[name]
        if name == "birthday" and isinstance(old, str):
            old = datetime.strptime(old[:10], "%Y-%m-%d").date()
        if policy == "fill" and old not in (None, ""):
            continue
        if new != old:
            changes[name] = new
    return changes


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
    rejected = sorted(check.rejected + plan.rejected)
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
    )
