"""``crm-desktop check``: prove the file is sound, say what was checked, exit 1 on any finding.

Exit status: 0 clean, 1 when something is wrong (each finding printed as a
sentence), 2 when the file cannot be opened at all (wrong password, locked,
damaged beyond opening).
"""

from __future__ import annotations

import argparse
from typing import Any

from crm_desktop.cli.common import EXIT_FINDINGS, EXIT_OK, file_verb, open_from_args
from crm_desktop.models.check import run_check


def register(subparsers: Any) -> None:
    parser = file_verb(
        subparsers, "check",
        help="verify encryption, card balances and the audit chain",
        description="Verify the file: encrypted pages, database structure, every card's "
        "balances against its ledger entries, and the audit chain. Exit 0 when clean, 1 on "
        "any finding, 2 when the file cannot be opened. 检查数据文件。",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store, _ = open_from_args(args)
    try:
        report = run_check(store)
    finally:
        store.close()
    print("已检查 / Checked:")
    for line in report.checked:
        print(f"  - {line}")
    if report.clean:
        print("没有发现问题。 / No problems found.")
        return EXIT_OK
    print(f"发现 {len(report.findings)} 个问题 / {len(report.findings)} problem(s) found:")
    for line in report.findings:
        print(f"  ! {line}")
    return EXIT_FINDINGS
