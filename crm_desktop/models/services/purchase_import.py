"""Import purchase history: customer by phone or card number, date, amount, payment method, points.

History only: the imported purchases are listed in each customer's history and
in the reports, but they move no balance and no points, because the opening
balances and points imported with the customers already hold their effect.
A row naming a customer who is not on file, a future date, a bad amount or an
unknown payment method is rejected with its row number, column and reason. A
row identical to a purchase already on file (same customer, time, amount and
method) is skipped, so importing the same file twice adds nothing.

A migrated history must be a true history: a purchase earlier than its
customer's member-since date moves that date back to the purchase's day, in
the same transaction. A purchase dated with a day only is that day at 00:00.
Every purchase matched to a customer is listed with the key that found it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel import normalise as norm
from crm_desktop.models.excel.customer_writer import iso_dt, lookup
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.excel.import_frame import SpreadsheetImport
from crm_desktop.models.excel.import_report import ImportOptions, ImportReport
from crm_desktop.models.excel.member_since_writes import lower_member_since, would_lower
from crm_desktop.models.excel.readers import Table
from crm_desktop.models.excel.row_findings import ExistingMatch, Rejection, shown_value
from crm_desktop.models.excel.totals_rows import looks_like_totals
from crm_desktop.models.language import current_language
from crm_desktop.models.operation import Operation
from crm_desktop.models.progress import Progress, ProgressReport

_INSERT = (
    "INSERT INTO purchases (customer_id, card_id, ts, kind, amount_fen, discount_fen, paid_fen, "
    "payment_method, points_earned, counts_used, user_id, note) "
    "VALUES (?, ?, ?, 'sale', ?, 0, ?, ?, ?, 0, ?, ?)"
)


def _zh(zh: str, en: str) -> str:
    return zh if current_language() == "zh" else en


@dataclass(slots=True)
class PurchaseRow:
    row: int
    phone: str | None
    card_number: str | None
    ts: datetime
    amount_fen: int
    payment_method: str
    points: int
    notes: str | None


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "phone": norm.phone,
    "card_number": norm.card_number,
    "name": lambda v: None,
    "ts": lambda v: norm.timestamp(v, "ts"),
    "amount": lambda v: norm.money_fen(v, "amount"),
    "payment_method": norm.payment_method,
    "points": lambda v: norm.whole_number(v, "points") or 0,
    "notes": lambda v: norm.text(v, "notes", 200),
}


Checked = tuple[list[PurchaseRow], list[Rejection], int, int]


class PurchaseImport(SpreadsheetImport[Checked]):
    """Bring in a shop's purchase history; the owner's job (permission data.bulk_load)."""

    action = "purchase.import"
    entity = Entity.PURCHASE

    def require_columns(self, mapping: ColumnMapping) -> None:
        if (
            mapping.missing_identity()
            or "ts" not in mapping.fields
            or "amount" not in mapping.fields
        ):
            raise ValidationError(
                "import.no_identity",
                "购买记录的表头需要“手机”或“卡号”列，以及“日期”和“金额”列；请在导入向导中指定。",
                "Purchase history needs a Phone or Card number column, a Date and an Amount "
                "column; choose them in the import wizard.",
                field="mapping",
            )

    def check(self, table: Table, mapping: ColumnMapping, progress: ProgressReport) -> Checked:
        return self._check(table, mapping, progress)

    def nothing_to_write(self, checked: Checked) -> bool:
        return not checked[0]

    def preview(
        self, session: Session, checked: Checked, mapping: ColumnMapping, options: ImportOptions
    ) -> ImportReport:
        rows, rejected, rows_read, totals = checked
        conn = session.connection()
        plan = _match(conn, rows, mapping, rejected)
        lowered = would_lower(conn, _first_days(plan))
        return _report(rows_read, plan, rejected, mapping, totals, dry_run=True, lowered=lowered)

    def write(
        self,
        op: Operation,
        checked: Checked,
        mapping: ColumnMapping,
        options: ImportOptions,
        progress: ProgressReport,
    ) -> ImportReport:
        rows, rejected, rows_read, totals = checked
        op.also.add(Entity.CARD)
        conn = op.session.connection()
        plan = _match(conn, rows, mapping, rejected)
        params = [
            (
                customer_id,
                card_id,
                iso_dt(r.ts),
                r.amount_fen,
                r.amount_fen,
                r.payment_method,
                r.points,
                self.actor.user_id,
                r.notes or "",
            )
            for r, customer_id, card_id in plan.new
        ]
        for start in range(0, len(params), 5000):
            conn.exec_driver_sql(_INSERT, params[start : start + 5000])
            progress(Progress("write", min(start + 5000, len(params)), len(params)))
        moved = lower_member_since(conn, self.actor, _first_days(plan), datetime.now())
        if moved:
            op.changed_ids = moved
            op.customer_ids.update(moved)
        return _report(rows_read, plan, rejected, mapping, totals, dry_run=False, lowered=len(moved))

    def audit_summary(self, report: ImportReport) -> dict[str, Any]:
        return {
            "rows_read": report.rows_read,
            "imported": report.imported,
            "amount_fen": report.amount_fen,
            "member_since_lowered": report.member_since_lowered,
        }

    def _check(
        self,
        table: Table,
        mapping: ColumnMapping,
        progress: ProgressReport,
    ) -> tuple[list[PurchaseRow], list[Rejection], int, int]:
        columns = [
            (i, k, h)
            for i, (k, h) in enumerate(zip(mapping.fields, mapping.headers, strict=True))
            if k
        ]
        now = datetime.now()
        rows: list[PurchaseRow] = []
        rejected: list[Rejection] = []
        rows_read = totals = 0
        for number, values in table.rows(start=mapping.header_row + 1):
            if all(norm.is_blank(v) for v in values):
                continue
            rows_read += 1
            if looks_like_totals(values):
                totals += 1
                continue
            if rows_read % 2000 == 0:
                progress(Progress("check", rows_read, table.row_count))
            parsed: dict[str, Any] = {}
            problem: Rejection | None = None
            for index, key, header in columns:
                value = values[index] if index < len(values) else ""
                try:
                    parsed[key] = _PARSERS[key](value)
                except ValidationError as error:
                    problem = Rejection(number, header, error.message)
                    break
            if problem is None:
                problem = _required(number, parsed, mapping, now)
            if problem is not None:
                rejected.append(problem)
                continue
            rows.append(
                PurchaseRow(
                    number,
                    parsed.get("phone"),
                    parsed.get("card_number"),
                    parsed["ts"],
                    parsed["amount"],
                    parsed.get("payment_method", "other"),
                    parsed.get("points", 0),
                    parsed.get("notes"),
                )
            )
        return rows, rejected, rows_read, totals


def _required(
    number: int, parsed: dict[str, Any], mapping: ColumnMapping, now: datetime
) -> Rejection | None:
    if not (parsed.get("phone") or parsed.get("card_number")):
        return Rejection(
            number,
            mapping.header_of("phone") or mapping.header_of("card_number"),
            _zh(
                "缺少手机号或卡号，无法找到客户。",
                "No phone and no card number: the customer cannot be found.",
            ),
        )
    if parsed.get("ts") is None:
        return Rejection(number, mapping.header_of("ts"), _zh("缺少日期。", "The date is missing."))
    if parsed["ts"] > now:
        return Rejection(
            number,
            mapping.header_of("ts"),
            _zh("日期在将来，请核对。", "The date is in the future; please check it."),
        )
    if parsed.get("amount") is None:
        return Rejection(
            number, mapping.header_of("amount"), _zh("缺少金额。", "The amount is missing.")
        )
    return None


@dataclass
class _Matched:
    new: list[tuple[PurchaseRow, int, int | None]]
    skipped: list[ExistingMatch]


def _match(
    conn: Connection, rows: list[PurchaseRow], mapping: ColumnMapping, rejected: list[Rejection]
) -> _Matched:
    phones = dict(
        lookup(
            conn,
            "SELECT phone, id FROM customers WHERE phone IN ({marks})",
            (r.phone for r in rows if r.phone),
        )
    )
    cards = {
        n: (cid, card)
        for n, cid, card in lookup(
            conn,
            "SELECT number, customer_id, id FROM cards WHERE number IN ({marks})",
            (r.card_number for r in rows if r.card_number),
        )
    }
    live = dict(
        lookup(
            conn,
            "SELECT customer_id, max(id) FROM cards WHERE status IN ('active', 'frozen') "
            "AND customer_id IN ({marks}) GROUP BY customer_id",
            (str(c) for c in phones.values()),
        )
    )
    matched: list[tuple[PurchaseRow, int, int | None]] = []
    keys: dict[int, tuple[str, str]] = {}
    for row in rows:
        by_card = cards.get(row.card_number or "")
        by_phone = phones.get(row.phone or "")
        if (
            row.card_number
            and by_card is None
            or row.phone
            and by_phone is None
            and by_card is None
        ):
            column = (
                mapping.header_of("card_number")
                if row.card_number and by_card is None
                else mapping.header_of("phone")
            )
            rejected.append(
                Rejection(
                    row.row,
                    column,
                    _zh(
                        "本店没有这个手机号或卡号的客户；请先导入客户，再导入购买记录。",
                        "No customer on file has this phone or card number; import the customers first.",
                    ),
                )
            )
        elif by_card is not None and by_phone is not None and by_card[0] != by_phone:
            rejected.append(
                Rejection(
                    row.row,
                    mapping.header_of("card_number"),
                    _zh(
                        "卡号和手机号属于不同的客户，请核对。",
                        "The card number and the phone belong to different customers.",
                    ),
                )
            )
        elif by_card is not None:
            matched.append((row, by_card[0], by_card[1]))
            keys[row.row] = ("card_number", row.card_number or "")
        else:
            assert by_phone is not None
            matched.append((row, by_phone, live.get(by_phone)))
            keys[row.row] = ("phone", shown_value("phone", row.phone))
    return _skip_known(conn, matched, keys)


def _skip_known(
    conn: Connection,
    matched: list[tuple[PurchaseRow, int, int | None]],
    keys: dict[int, tuple[str, str]],
) -> _Matched:
    # A file hands stored times back as text, a server as datetimes.
    on_file = {
        (int(c), ts if isinstance(ts, str) else iso_dt(ts), int(a), str(m))
        for c, ts, a, m in lookup(
            conn,
            "SELECT customer_id, ts, amount_fen, payment_method FROM purchases "
            "WHERE customer_id IN ({marks})",
            (str(c) for _, c, _ in matched),
        )
    }
    result = _Matched([], [])
    for row, customer_id, card_id in matched:
        if (customer_id, iso_dt(row.ts), row.amount_fen, row.payment_method) in on_file:
            result.skipped.append(
                ExistingMatch(
                    row.row,
                    customer_id,
                    "skip",
                    _zh(
                        "同一客户、同一时间、同一金额的购买记录已在账上，未重复导入。",
                        "The same purchase (customer, time, amount) is already on file; not imported again.",
                    ),
                    *keys[row.row],
                )
            )
        else:
            result.new.append((row, customer_id, card_id))
    return result


def _first_days(plan: _Matched) -> dict[int, date]:
    """Each matched customer's earliest purchase day among the rows to import."""
    first: dict[int, date] = {}
    for row, customer_id, _ in plan.new:
        day = row.ts.date()
        if customer_id not in first or day < first[customer_id]:
            first[customer_id] = day
    return first


def _report(
    rows_read: int,
    plan: _Matched,
    rejected: list[Rejection],
    mapping: ColumnMapping,
    totals: int,
    *,
    dry_run: bool,
    lowered: int = 0,
) -> ImportReport:
    return ImportReport(
        kind="purchases",
        dry_run=dry_run,
        header_row=mapping.header_row,
        rows_read=rows_read,
        imported=len(plan.new),
        updated=0,
        skipped=len(plan.skipped),
        totals_rows=totals,
        duplicates=(),
        rejected=tuple(sorted(rejected)),
        matches=tuple(plan.skipped),
        points=sum(r.points for r, _, _ in plan.new),
        amount_fen=sum(r.amount_fen for r, _, _ in plan.new),
        member_since_lowered=lowered,
    )
