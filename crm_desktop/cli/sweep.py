"""``crm-desktop sweep``: list every stored value today's rules refuse or find unusual.

One line per finding — customer number and name, the field, the value as stored
(phone and ID numbers masked) and the check's sentence in Chinese and English —
or, with ``--json``, one JSON document. Nothing is changed. The listing names
customers in bulk, so it is for the roles that may export (``export.bulk``) and
fix profiles (``customer.write``): the owner.

Exit status: 0 when every value passes, 1 when something was found, 2 when refused.
On a terminal, progress is one line on stderr, rewritten as the sweep goes.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from crm_desktop.cli.common import EXIT_FINDINGS, EXIT_OK, ProgressLine, file_verb, open_from_args
from crm_desktop.models.customer_fields import FIELDS_BY_NAME
from crm_desktop.models.permissions import require
from crm_desktop.models.progress import Progress
from crm_desktop.models.services.sweep import SweepReport, SweepService


def register(subparsers: Any) -> None:
    parser = file_verb(
        subparsers, "sweep",
        help="list stored values that today's rules refuse (ID, phone, birthday, email …)",
        description="Check every customer's stored values against today's rules and list "
        "each value refused or unusual, with the reason. Nothing is changed. Exit 0 when "
        "all pass, 1 when something was found. 资料体检：列出不符合现行规则的已存资料。",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store, actor = open_from_args(args)
    try:
        require(actor, "export.bulk")
        with ProgressLine(_progress_text) as progress:
            report = SweepService(store, actor).run(progress)
    finally:
        store.close()
    if args.json:
        print(json.dumps(as_json(report), ensure_ascii=False, indent=1))
    else:
        print_text(report)
    return EXIT_OK if report.clean else EXIT_FINDINGS


def as_json(report: SweepReport) -> dict[str, Any]:
    """The report as JSON-ready values (``--json``)."""
    return {
        "on_date": report.on_date.isoformat(),
        "checked": report.checked,
        "total": report.total,
        "by_field": dict(report.by_field),
        "findings": [
            {
                "customer_id": f.customer_id,
                "name": f.customer_name,
                "field": f.field,
                "value": f.shown,
                "severity": f.severity,
                "zh": f.zh,
                "en": f.en,
            }
            for f in report.findings
        ],
    }


def print_text(report: SweepReport) -> None:
    """The report as lines a person reads: Chinese first, English after."""
    print(f"已检查 {report.checked} 位客户 / Checked {report.checked} customers")
    if report.clean:
        print("所有资料都符合现行规则。 / Every stored value passes today's rules.")
        return
    print(f"发现 {report.total} 处需要核对 / {report.total} value(s) to look at:")
    for field, count in report.by_field:
        zh, en = _field_words(field)
        print(f"  {zh} / {en}: {count}")
    for f in report.findings:
        zh, en = _field_words(f.field)
        mark = "!" if f.severity == "refused" else "?"
        print(f"  {mark} #{f.customer_id} {f.customer_name} {zh} / {en} {f.shown}: "
              f"{f.zh} / {f.en}")


def _field_words(field: str) -> tuple[str, str]:
    declared = FIELDS_BY_NAME.get(field)
    return (declared.zh, declared.en) if declared is not None else (field, field)


def _progress_text(step: Progress) -> str:
    return f"资料体检 / sweep: {step.done}/{step.total}"
