"""``crm-desktop demo``: fill a new, empty shop file with a reproducible demo shop (owner only).

The same ``--seed`` (and ``--today``) gives the same file content. Progress goes
to stderr; the summary of what was written to stdout. Ctrl+C, like any error,
leaves the file exactly as it was.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from crm_desktop.cli.common import (
    EXIT_OK,
    CliExit,
    add_db_argument,
    add_user_argument,
    day,
    db_path,
    open_from_args,
    whole_number,
)
from crm_desktop.models.demo import generate_demo
from crm_desktop.models.demo.generator import MAX_CUSTOMERS
from crm_desktop.models.permissions import require
from crm_desktop.models.progress import Progress

# From this size on, a helper process making the rows saves more than it costs to start.
HELPER_FROM = 50_000
STAGES = {"customers": "客户 / customers", "indexes": "索引 / indexes"}
TABLES = (
    ("customers", "客户", "customers"),
    ("cards", "会员卡", "cards"),
    ("purchases", "消费记录", "purchases"),
    ("value_entries", "储值流水", "stored-value entries"),
    ("points_entries", "积分流水", "points entries"),
    ("count_entries", "次数流水", "count entries"),
    ("interactions", "互动记录", "interactions"),
    ("feedback", "反馈", "feedback items"),
    ("survey_answers", "问卷", "survey answers"),
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="fill a new file with demo customers and two years of history (owner only)",
        description="Fill a new, empty shop file with realistic demo data: customers, cards, "
        "two years of purchases ending today, top-ups, points, complaints, surveys. The same "
        "seed gives the same file. 生成演示数据（仅限店主，仅限新建的空文件）。",
    )
    add_db_argument(parser)
    add_user_argument(parser)
    parser.add_argument("--customers", type=whole_number(1, MAX_CUSTOMERS), default=1000,
                        help="how many customers")
    parser.add_argument("--seed", type=whole_number(0), default=1,
                        help="random seed (same seed, same file)")
    parser.add_argument("--purchases", type=whole_number(0), default=None,
                        help="about how many purchases (default: five per customer)")
    parser.add_argument("--today", type=day, default=None,
                        help="last day of the history, YYYY-MM-DD (default: today)")
    parser.add_argument("--workers", type=int, choices=(1, 2), default=None,
                        help="2: make rows in a helper process while this one writes "
                        "(default: 2 from 50,000 customers on)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.exists():
        raise CliExit(
            f"找不到数据文件 {path}。请先用 crm-desktop init 创建。 / The data file {path} does "
            "not exist; create it first with crm-desktop init."
        )
    store, actor = open_from_args(args)
    try:
        require(actor, "data.bulk_load")
        reporter = _ProgressLine()
        try:
            workers = args.workers or (2 if args.customers >= HELPER_FROM else 1)
            result = generate_demo(store, actor, args.customers, args.seed, reporter,
                                   purchases=args.purchases, today=args.today, workers=workers)
        except KeyboardInterrupt:
            reporter.end()
            raise CliExit("已取消，数据没有任何改动。 / Cancelled; nothing was changed.",
                          130) from None
        reporter.end()
    finally:
        store.close()
    print(f"已生成演示数据 / Demo data written: {path}（种子 / seed {args.seed}，"
          f"用时 / took {reporter.elapsed():.1f} s）")
    for table, zh, en in TABLES:
        print(f"  {zh} / {en}: {result.rows.get(table, 0)}")
    return EXIT_OK


class _ProgressLine:
    """Progress on stderr: one line rewritten on a terminal, a line per step otherwise."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.tty = sys.stderr.isatty()
        self._last = ""
        self._stage = ""
        self._printed = 0.0

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def __call__(self, step: Progress) -> None:
        percent = 100 * step.done // max(step.total, 1)
        line = (f"{STAGES.get(step.stage, step.stage)}: {step.done}/{step.total} "
                f"({percent}%) {self.elapsed():.0f} s")
        if self.tty:
            sys.stderr.write("\r" + line)
        elif (step.stage != self._stage or step.done == step.total
              or time.monotonic() - self._printed >= 2):
            sys.stderr.write(line + "\n")
            self._printed = time.monotonic()
        self._stage, self._last = step.stage, line
        sys.stderr.flush()

    def end(self) -> None:
        if self.tty and self._last:
            sys.stderr.write("\n")
            sys.stderr.flush()
