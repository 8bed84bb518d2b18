"""``crm-desktop import`` and ``crm-desktop export``: spreadsheets in and out without the GUI.

``import FILE`` is a real import unless ``--dry-run``; with ``--json`` it prints
exactly one JSON object (rows_read, imported, updated, duplicates, rejected,
balance_fen, points, matches, optional_problems, damaged, likely …). Tiers and
card types the file names are created (the command line is the confirmation).
The answers a dry run asks about single rows are flags, one answer for every row:
``--keep-without-wrong-optional``, ``--add-new``, ``--damaged``, ``--likely``.
Exit status 1 when rows were refused.
On a terminal, progress is one line on stderr, rewritten as the job goes.

``export`` writes phone and ID numbers masked, as the screens show them;
``--full-numbers`` (owner only, on the exports that carry numbers) writes them in
full and leaves one audit entry.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from crm_desktop.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    CliExit,
    ProgressLine,
    add_db_argument,
    add_user_argument,
    open_from_args,
)
from crm_desktop.models.excel.export_common import EXPORTS_WITH_NUMBERS
from crm_desktop.models.excel.import_report import ON_DUPLICATE, QUESTIONS, ImportOptions
from crm_desktop.models.progress import Progress

EXPORT_KINDS = (
    "customers", "purchases", "ledger", "liability", "rollforward", "takings", "points", "segments",
    "audit",
)
# How the import's stages read on the progress line; an export's stage is its kind.
STAGES = {"check": "检查 / checking", "write": "写入 / writing"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import", help="import customers or purchases from xlsx/xls/ods/csv"
    )
    add_db_argument(parser)
    add_user_argument(parser)
    parser.add_argument("file", help="the spreadsheet to import")
    parser.add_argument("--kind", choices=("customers", "purchases"), default="customers")
    parser.add_argument(
        "--sheet", default=None, help="sheet name (default: the one with the best header)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    parser.add_argument(
        "--on-duplicate",
        choices=ON_DUPLICATE,
        default="skip",
        help="rows already on file: skip, fill empty fields, or overwrite",
    )
    parser.add_argument(
        "--keep-without-wrong-optional",
        action="store_true",
        help="import rows whose only problems are optional values (a birthday, an email …) "
        "without those values, flagged for correction (default: refuse the row)",
    )
    parser.add_argument(
        "--add-new",
        action="store_true",
        help="rows already on file: fill the customer's empty fields with what the row has "
        "new (with --on-duplicate skip; nothing is overwritten)",
    )
    parser.add_argument(
        "--damaged",
        choices=QUESTIONS["damaged"],
        default=QUESTIONS["damaged"][0],
        help="text that looks damaged (??, replacement or private-use characters): skip the "
        "row, clear the field (flagged for correction) or keep it as it is",
    )
    parser.add_argument(
        "--likely",
        choices=("new", "skip"),
        default="new",
        help="rows that are likely a customer on file: import as new, or skip them",
    )
    parser.add_argument("--errors", default=None, help="write refused rows to this .xlsx")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run_import)

    parser = subparsers.add_parser("export", help="export a styled workbook")
    add_db_argument(parser)
    add_user_argument(parser)
    parser.add_argument("kind", choices=EXPORT_KINDS)
    parser.add_argument("--out", required=True, help="the .xlsx file to write")
    parser.add_argument("--from", dest="start", type=_date, default=None, help="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=_date, default=None, help="YYYY-MM-DD")
    parser.add_argument("--at", type=_date, default=None, help="YYYY-MM-DD (liability, points)")
    # --user names who signs in, so the audit log's user filter is --by.
    parser.add_argument("--by", default=None, help="audit: only entries by this user name")
    parser.add_argument(
        "--action", default=None, help="audit: an action or its prefix, e.g. card. or card.top_up"
    )
    parser.add_argument(
        "--full-numbers",
        action="store_true",
        help="owner only: full phone and ID numbers instead of masked ones "
        f"({', '.join(EXPORTS_WITH_NUMBERS)}); logged in the audit log",
    )
    parser.set_defaults(run=run_export)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期请写成 YYYY-MM-DD / write the date as YYYY-MM-DD: {text}"
        ) from None


def answers_from_args(args: argparse.Namespace) -> dict[str, str]:
    """The answers every row gets (``ImportOptions.defaults``) from the import's flags."""
    return {
        "optional": "drop" if args.keep_without_wrong_optional else "refuse",
        "new_info": "add_new" if args.add_new else "skip",
        "damaged": args.damaged,
        "likely": args.likely,
    }


def run_import(args: argparse.Namespace) -> int:
    from crm_desktop.cli.import_printout import print_import_report
    from crm_desktop.models.excel.error_workbook import write_error_workbook
    from crm_desktop.models.excel.header_detect import detect_sheet
    from crm_desktop.models.excel.readers import open_book
    from crm_desktop.models.services.customer_import import CustomerImport
    from crm_desktop.models.services.purchase_import import PurchaseImport

    book = open_book(args.file)
    if args.sheet:
        from crm_desktop.models.excel.header_detect import detect_header

        table = book.table(args.sheet)
        mapping = detect_header(table, args.kind)
    else:
        table, mapping = detect_sheet(book, args.kind)
    options = ImportOptions(
        on_duplicate=args.on_duplicate,
        create_missing=True,
        dry_run=args.dry_run,
        defaults=answers_from_args(args),
    )
    store, actor = open_from_args(args)
    try:
        service = (
            CustomerImport(store, actor)
            if args.kind == "customers"
            else PurchaseImport(store, actor)
        )
        with ProgressLine(_stage_text) as progress:
            report = service.run(table, mapping, options, progress=progress)
    finally:
        store.close()
    if args.errors and (report.rejected or report.duplicates):
        write_error_workbook(args.errors, table, mapping, report)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        print_import_report(report, mapping.header_row)
    return EXIT_FINDINGS if report.rejected or report.duplicates else EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    full = bool(getattr(args, "full_numbers", False))
    if full and args.kind not in EXPORTS_WITH_NUMBERS:
        raise CliExit(
            "这种导出不含电话和证件号码，不用 --full-numbers。 / "
            "This export carries no phone or ID numbers; --full-numbers does not apply."
        )
    if args.kind == "segments":
        from crm_desktop.cli.segments import export_segments_cli

        return export_segments_cli(args)
    from crm_desktop.models.excel import (
        export_customers,
        export_ledger,
        export_liability,
        export_points,
        export_takings,
    )

    if args.kind in ("liability", "points") and (args.start or args.end):
        raise CliExit("这种导出只用 --at 日期。 / This export takes --at only.")
    if args.kind != "audit" and (args.by or args.action):
        raise CliExit(
            "--by 和 --action 只用于导出操作日志。 / --by and --action are for the audit export only."
        )
    if args.kind == "audit":
        return _export_audit(args)
    store, actor = open_from_args(args)
    out, start, end, at = args.out, args.start, args.end, args.at
    try:
        with ProgressLine(_stage_text) as progress:
            if args.kind == "customers":
                result = export_customers.export_customers(
                    store, actor, out, progress=progress, full_numbers=full
                )
            elif args.kind == "purchases":
                result = export_ledger.export_purchases(
                    store, actor, out, start, end, progress=progress, full_numbers=full
                )
            elif args.kind == "ledger":
                result = export_ledger.export_ledger(store, actor, out, start, end, progress=progress)
            elif args.kind == "liability":
                result = export_liability.export_liability(
                    store, actor, out, at, progress=progress, full_numbers=full
                )
            elif args.kind == "rollforward":
                result = export_liability.export_rollforward(
                    store, actor, out, start, end, progress=progress
                )
            elif args.kind == "takings":
                result = export_takings.export_takings(
                    store, actor, out, start, end, progress=progress
                )
            else:
                result = export_points.export_points(
                    store, actor, out, at, progress=progress, full_numbers=full
                )
    finally:
        store.close()
    print(
        f"已导出 {result.rows} 行到 {result.path} / Exported {result.rows} rows to {result.path}",
        file=sys.stdout,
    )
    if args.kind in EXPORTS_WITH_NUMBERS:
        print(
            "电话和证件号码为完整号码，已记入操作日志。 / Full phone and ID numbers; "
            "logged in the audit log."
            if full
            else "电话和证件号码已部分隐藏。 / Phone and ID numbers are masked."
        )
    return EXIT_OK


def _export_audit(args: argparse.Namespace) -> int:
    from crm_desktop.models.excel.export_audit import export_audit
    from crm_desktop.models.services.audit_log import AuditFilter

    if args.start and args.end and args.end < args.start:
        raise CliExit("结束日期不能早于开始日期。 / The end date cannot be before the start date.")
    wanted = AuditFilter(
        username=args.by or None, action=args.action or None, since=args.start, until=args.end
    )
    store, actor = open_from_args(args)
    try:
        with ProgressLine(_stage_text) as progress:
            result = export_audit(store, actor, args.out, wanted, progress=progress)
    finally:
        store.close()
    print(f"已导出 {result.rows} 条日志到 {result.path} / Exported {result.rows} entries to {result.path}")
    return EXIT_OK


def _stage_text(step: Progress) -> str:
    stage = STAGES.get(step.stage, step.stage)
    done = f"{step.done}/{step.total}" if step.total else str(step.done)
    return f"{stage}: {done}"
