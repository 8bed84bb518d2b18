"""``crm-desktop duplicates --db PATH [--json] [--limit N]``: the likely duplicate customers.

Lists the likely pairs of the whole file, best first: both customers (numbers
masked as on screen), the score (0–100) and why each pair was flagged, in
Chinese and English. ``--json`` prints the same as one JSON document for a
script. ``--dismiss A B`` remembers that customers A and B are not the same person
(the owner's; logged), ``--undismiss A B`` takes that back. Exit status 0 (also
when pairs were found), 2 on a refusal.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from crm_desktop.cli.common import (
    EXIT_OK,
    add_db_argument,
    add_user_argument,
    customer_number,
    open_from_args,
    whole_number,
)
from crm_desktop.models.language import current_language
from crm_desktop.models.progress import Progress
from crm_desktop.models.services.duplicates import DuplicateList, DuplicateService, PairSide

_GENDER = {"M": ("男", "male"), "F": ("女", "female")}
_STATUS = {"active": ("正常", "active"), "terminated": ("已终止", "terminated")}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "duplicates",
        help="list likely duplicate customers, with the reasons and a score",
        description="List the likely duplicate customers of the whole file, best first: the "
        "same phone or ID number, the same name with the same birthday or a phone one digit "
        "off, a name written differently. 查找可能重复的客户档案。",
    )
    add_db_argument(parser)
    add_user_argument(parser)
    parser.add_argument("--json", action="store_true", help="print JSON for a script")
    parser.add_argument(
        "--limit", type=whole_number(1), default=None,
        help="show at most N pairs, best first (default: all)",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--dismiss", nargs=2, type=customer_number, metavar=("A", "B"),
        help="remember that customers A and B are not the same person",
    )
    what.add_argument(
        "--undismiss", nargs=2, type=customer_number, metavar=("A", "B"),
        help="take back --dismiss for customers A and B",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store, actor = open_from_args(args)
    try:
        service = DuplicateService(store, actor)
        if args.dismiss:
            service.dismiss(*args.dismiss)
            low, high = sorted(args.dismiss)
            print(f"已记下：客户 #{low} 和 #{high} 不是同一人。 / Noted: customers #{low} and "
                  f"#{high} are not the same person.")
            return EXIT_OK
        if args.undismiss:
            service.undismiss(*args.undismiss)
            low, high = sorted(args.undismiss)
            print(f"已撤销：客户 #{low} 和 #{high} 可能再次列为重复。 / Undone: customers #{low} "
                  f"and #{high} may be listed as duplicates again.")
            return EXIT_OK
        found = service.find(limit=args.limit, progress=_progress(args.json))
    finally:
        store.close()
    if args.json:
        json.dump(_document(found), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print(found)
    return EXIT_OK


def _progress(quiet: bool) -> Any:
    """A report that tells a person at a terminal the search is under way (stderr)."""
    if quiet or not sys.stderr.isatty():
        return lambda _p: None

    def report(progress: Progress) -> None:
        print(f"\r查找中 / searching … {progress.done}/{progress.total}", end="", file=sys.stderr,
              flush=True)
        if progress.done == progress.total:
            print(file=sys.stderr)

    return report


def _document(found: DuplicateList) -> dict[str, Any]:
    return {
        "customers": found.customers,
        "total": found.total,
        "shown": len(found.pairs),
        "pairs": [pair.as_dict() for pair in found.pairs],
    }


def _side(side: PairSide) -> str:
    zh = current_language() == "zh"
    facts = [f"#{side.id} {side.name}"]
    facts += [value for value in (side.phone, side.phone2, side.id_number) if value]
    if side.birthday:
        facts.append(("生日 " if zh else "born ") + side.birthday.isoformat())
    if side.gender in _GENDER:
        facts.append(_GENDER[side.gender][0 if zh else 1])
    if side.status != "active":
        facts.append(_STATUS.get(side.status, (side.status, side.status))[0 if zh else 1])
    return "  ".join(facts)


def _print(found: DuplicateList) -> None:
    if not found.total:
        print(f"在 {found.customers} 位客户中没有发现可能重复的档案。 / No likely duplicates "
              f"among {found.customers} customers.")
        return
    shown = "" if len(found.pairs) == found.total else (
        f"（显示分数最高的 {len(found.pairs)} 对） / (the {len(found.pairs)} best shown)")
    print(f"在 {found.customers} 位客户中发现 {found.total} 对可能重复的档案{shown} / "
          f"{found.total} likely duplicate pair(s) among {found.customers} customers:")
    for pair in found.pairs:
        print()
        print(f"[{pair.score:3d}] {_side(pair.low)}")
        print(f"      {_side(pair.high)}")
        for reason in pair.reasons:
            sign = "-" if reason.points < 0 else "+"
            print(f"      {sign} {reason.zh} / {reason.en}")
    print()
    print("不是同一人？用 --dismiss A B 记下。 / Not the same person? Note it with --dismiss A B.")

