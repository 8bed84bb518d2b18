"""``crm-desktop day-close``: a business day's figures (日结), closing it, the accountant's workbook.

Prints the day's money per payment method (with what was taken outside any
shift), per clerk, every shift's float, expected and counted cash and
difference, and the stored-value liability's movement; ``--json`` prints the
same as one JSON document. ``--close`` closes the day first (the owner only;
refused while a shift of the day is open); ``--out`` writes the workbook.
Reading is for the owner and the accountant.

Exit status: 0 when done, 2 when refused.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from crm_desktop.cli.common import EXIT_OK, day, file_verb, open_from_args
from crm_desktop.models.excel.export_day_close import export_day_close
from crm_desktop.models.rules.validation import format_fen
from crm_desktop.models.services.counter_records import DayFigures, MethodLine, method_word
from crm_desktop.models.services.day_close import DayCloseService

_STATUS = {"open": "未日结 / not closed", "closed": "已日结 / closed",
           "reopened": "已重新打开 / reopened"}


def register(subparsers: Any) -> None:
    parser = file_verb(
        subparsers, "day-close",
        help="a business day's figures per payment method, clerk and shift; close it (日结)",
        description="Print a business day's money per payment method, clerk and shift, cash "
        "differences and the stored-value liability's movement; close the day with --close "
        "(owner), write the accountant's workbook with --out. 日结：查看、关闭营业日并导出。",
    )
    parser.add_argument("--day", type=day, default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--out", type=Path, default=None, help="write the workbook (.xlsx)")
    parser.add_argument("--close", action="store_true", help="close the day (owner only)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store, actor = open_from_args(args)
    the_day: date = args.day or date.today()
    try:
        service = DayCloseService(store, actor)
        figures = service.close(the_day) if args.close else service.figures(the_day)
        written = export_day_close(store, actor, args.out, the_day) if args.out else None
    finally:
        store.close()
    if args.json:
        body = as_json(figures)
        if written is not None:
            body["workbook"] = str(written.path)
        print(json.dumps(body, ensure_ascii=False, indent=1))
        return EXIT_OK
    print_text(figures)
    if written is not None:
        print(f"已导出到 {written.path} / Workbook written to {written.path}")
    return EXIT_OK


def _lines(methods: tuple[MethodLine, ...]) -> dict[str, dict[str, int]]:
    return {m.method: {"in_fen": m.in_fen, "out_fen": m.out_fen} for m in methods}


def as_json(figures: DayFigures) -> dict[str, Any]:
    """The day's figures as JSON-ready values (``--json``); money in fen."""
    return {
        "day": figures.day.isoformat(),
        "status": figures.status,
        "closed_by": figures.closed_by,
        "closed_at": figures.closed_at.isoformat(timespec="seconds")
        if figures.closed_at else None,
        "reopen_reason": figures.reopen_reason,
        "transactions": figures.transactions,
        "methods": _lines(figures.methods),
        "outside_shifts": _lines(figures.outside_shifts),
        "clerks": [
            {"user": c.username, "shifts": c.shifts, "methods": _lines(c.methods),
             "difference_fen": c.difference_fen}
            for c in figures.clerks
        ],
        "shifts": [
            {"id": s.shift.id, "user": s.shift.username, "status": s.shift.status,
             "float_fen": s.shift.float_fen, "expected_cash_fen": s.expected_cash_fen,
             "counted_cash_fen": s.shift.counted_cash_fen,
             "difference_fen": s.shift.difference_fen, "note": s.shift.note}
            for s in figures.shifts
        ],
        "cash_difference_fen": figures.cash_difference_fen,
        "liability": {
            "start_fen": figures.liability_start_fen, "in_fen": figures.liability_in_fen,
            "out_fen": figures.liability_out_fen, "end_fen": figures.liability_end_fen,
        },
    }


def print_text(figures: DayFigures) -> None:
    """The day as lines a person reads: Chinese first, English after; amounts in yuan."""
    print(f"营业日 / Business day {figures.day:%Y-%m-%d}: "
          f"{_STATUS.get(figures.status, figures.status)}"
          + (f"（{figures.closed_by}）" if figures.closed_by else ""))
    if figures.reopen_reason:
        print(f"重新打开原因 / Reopened because: {figures.reopen_reason}")
    print(f"交易 {figures.transactions} 笔 / {figures.transactions} transaction(s)")
    print("支付方式 / Payment method: 收入 in · 支出 out · 净额 net (班外 outside shifts)")
    outside = {m.method: m for m in figures.outside_shifts}
    for line in figures.methods:
        away = outside.get(line.method, MethodLine(line.method, 0, 0))
        print(f"  {method_word(line.method)} / {method_word(line.method, True)}: "
              f"{format_fen(line.in_fen)} · {format_fen(line.out_fen)} · "
              f"{format_fen(line.net_fen)} ({format_fen(away.in_fen)} · "
              f"{format_fen(away.out_fen)})")
    print("班次 / Shifts: 备用金 float · 应有 expected · 实点 counted · 差额 difference")
    for shift in figures.shifts:
        view = shift.shift
        counted = format_fen(view.counted_cash_fen) if view.counted_cash_fen is not None \
            else "未交班 / still open"
        difference = format_fen(view.difference_fen) if view.difference_fen is not None else "-"
        note = f" {view.note}" if view.note else ""
        print(f"  {view.username} {view.opened_at:%H:%M}: {format_fen(view.float_fen)} · "
              f"{format_fen(shift.expected_cash_fen)} · {counted} · {difference}{note}")
    print(f"现金差额合计 / Cash differences: {format_fen(figures.cash_difference_fen)}")
    print(f"储值余额 / Stored value owed: 日初 start {format_fen(figures.liability_start_fen)} "
          f"+ {format_fen(figures.liability_in_fen)} − {format_fen(figures.liability_out_fen)} "
          f"= 日末 end {format_fen(figures.liability_end_fen)}")
