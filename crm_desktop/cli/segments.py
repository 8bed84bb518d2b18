"""``crm-desktop export segments --db PATH --at DATE --out F.xlsx``: the segment workbook.

The ``export`` verb itself is registered by ``cli/excel.py``; it hands KIND
"segments" to ``export_segments_cli``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from crm_desktop.cli.common import EXIT_OK, CliExit, day, open_from_args


def _at(value: object) -> date | None:
    """``--at`` as parsed by the export verb (or text): a date within the accepted range."""
    if value is None:
        return None
    try:
        return day(value.isoformat() if isinstance(value, date) else str(value))
    except argparse.ArgumentTypeError as error:
        raise CliExit(str(error)) from None


def export_segments_cli(args: argparse.Namespace) -> int:
    """Write one row per customer (RFM, segment, value class, lifecycle, lifetime value)."""
    from crm_desktop.models.excel.export_segments import export_segments

    if getattr(args, "start", None) or getattr(args, "end", None):
        raise CliExit("客户分群导出只用 --at 日期。 / The segments export takes --at only.")
    at = _at(getattr(args, "at", None)) or date.today()
    store, actor = open_from_args(args)
    try:
        result = export_segments(store, actor, args.out, at)
    finally:
        store.close()
    print(
        f"已导出 {result.rows} 位客户的分群（截至 {at}）到 {result.path} / "
        f"Exported segments of {result.rows} customers (at {at}) to {result.path}",
        file=sys.stdout,
    )
    return EXIT_OK
