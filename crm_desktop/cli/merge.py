"""``crm-desktop merge``: fold one customer file into another, or undo such a merge (owner only).

    crm-desktop merge --db PATH KEEP OTHER [--take FIELD=other ...] [--dry-run]
    crm-desktop merge --db PATH --undo ENTRY

KEEP survives; every card, ledger entry, purchase, contact, feedback, survey answer,
tag and referral of OTHER moves to it in one transaction. For each field the
survivor keeps its own value unless it has none (see ``models.merge_fields``);
``--take phone=other`` (or ``--take 手机号=other``) takes the other customer's.
The fields that differ are printed first; ``--dry-run`` stops there. A merge can
be undone with ``--undo`` and the audit entry number it prints, while nothing
has happened to the survivor since.
"""

from __future__ import annotations

import argparse
from typing import Any

from crm_desktop.cli.common import (
    EXIT_OK,
    CliExit,
    add_db_argument,
    add_user_argument,
    customer_number,
    db_path,
    open_from_args,
)
from crm_desktop.models.customer_fields import FIELDS_BY_NAME
from crm_desktop.models.merge_fields import CHOICES, FIELD_GROUPS
from crm_desktop.models.rules.validation import format_fen
from crm_desktop.models.services.merge import MergeService
from crm_desktop.models.services.merge_preview import MergePreview, MergeResult, MergeSide

# A field may be named as the program does (phone) or as a person reads it (手机号, 手机).
_FIELD_NAMES = {
    word: g.name
    for g in FIELD_GROUPS
    for word in (g.name, FIELDS_BY_NAME[g.name].zh, FIELDS_BY_NAME[g.name].en.lower(),
                 *FIELDS_BY_NAME[g.name].short)
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "merge",
        help="merge two customer files of one person, or undo a merge (owner only)",
        description="Merge customer OTHER into customer KEEP: cards, ledgers, purchases, "
        "contacts, feedback, surveys, tags and referrals move to KEEP in one transaction, "
        "balances unchanged. --undo ENTRY undoes the merge recorded by that audit entry. "
        "合并两位客户的档案，或撤销合并（仅限店主）。",
    )
    add_db_argument(parser)
    add_user_argument(parser)
    parser.add_argument("keep", nargs="?", type=customer_number, metavar="KEEP",
                        help="the customer number that survives")
    parser.add_argument("other", nargs="?", type=customer_number, metavar="OTHER",
                        help="the customer number merged into KEEP")
    parser.add_argument("--take", action="append", default=[], metavar="FIELD=other",
                        help="take this field's value from OTHER (or =keep); repeatable")
    parser.add_argument("--dry-run", action="store_true",
                        help="only show both customers and what would move")
    parser.add_argument("--undo", metavar="ENTRY",
                        help="undo the merge recorded by this audit entry (number or operation id)")
    parser.set_defaults(run=run)


def _choices(pairs: list[str]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for pair in pairs:
        field, _eq, choice = pair.partition("=")
        name = _FIELD_NAMES.get(field.strip()) or _FIELD_NAMES.get(field.strip().lower())
        choice = choice.strip().lower()
        if name is None or choice not in CHOICES:
            names = ", ".join(g.name for g in FIELD_GROUPS)
            raise CliExit(
                f"--take 请写成 字段=other 或 字段=keep，字段可以是：{names} / write --take as "
                f"FIELD=other or FIELD=keep, FIELD one of: {names}: {pair}"
            )
        chosen[name] = choice
    return chosen


def run(args: argparse.Namespace) -> int:
    if args.undo is not None:
        if args.keep is not None or args.take or args.dry_run:
            raise CliExit("--undo 只需要操作日志编号。 / --undo takes only the audit entry number.")
        return _run_undo(args)
    if args.keep is None or args.other is None:
        raise CliExit("请给出两个客户编号：保留的 KEEP 和并入的 OTHER。 / Give two customer "
                      "numbers: KEEP (survives) and OTHER (merged into it).")
    take = _choices(args.take)
    store, actor = open_from_args(args)
    try:
        service = MergeService(store, actor)
        preview = service.preview(args.keep, args.other)
        _print_preview(preview, take)
        if args.dry_run:
            print("（试运行，没有改动。） / (Dry run: nothing was changed.)")
            return EXIT_OK
        result = service.merge(args.keep, args.other, take,
                               expected_versions=(preview.keep.version, preview.other.version))
    finally:
        store.close()
    _print_result(result, args)
    return EXIT_OK


def _run_undo(args: argparse.Namespace) -> int:
    ref: int | str = int(args.undo) if str(args.undo).strip().isdigit() else str(args.undo).strip()
    store, actor = open_from_args(args)
    try:
        result = MergeService(store, actor).undo(ref)
    finally:
        store.close()
    print(f"已撤销操作日志第 {result.undone_entry_id} 条的合并：客户 #{result.other_id} 和 "
          f"#{result.keep_id} 已恢复为合并前的样子（操作日志第 {result.entry_id} 条）。")
    print(f"Undid the merge of audit entry {result.undone_entry_id}: customers "
          f"#{result.other_id} and #{result.keep_id} are as they were before it "
          f"(audit entry {result.entry_id}).")
    return EXIT_OK


def _side(label: str, side: MergeSide) -> str:
    return (f"{label} #{side.id} {side.name}  {side.phone or ''}  会员卡 cards {side.cards}"
            f"（储值 balance ¥{format_fen(side.balance_fen)}，积分 points {side.points}，"
            f"次数 visits {side.counts_left}），消费 purchases {side.purchases}，"
            f"联系 contacts {side.interactions}，反馈 feedback {side.feedback}，"
            f"满意度 surveys {side.surveys}")


def _print_preview(preview: MergePreview, take: dict[str, str]) -> None:
    print(_side("保留 keep ", preview.keep))
    print(_side("并入 other", preview.other))
    if not preview.differing:
        print("两位客户的资料完全相同。 / Both files hold the same details.")
        return
    print("不同的资料（* 为合并后保留的值） / Details that differ (* survives):")
    for field in preview.differing:
        chosen = take.get(field.name, field.default)
        mine = ("* " if chosen == "keep" else "  ") + (field.keep_text or "—")
        theirs = ("* " if chosen == "other" else "  ") + (field.other_text or "—")
        print(f"  {field.name:<18}{field.label:<10} {mine:<28} {theirs}")


def _print_result(result: MergeResult, args: argparse.Namespace) -> None:
    print(f"#{result.other_id} 已合并到 #{result.keep_id}：转入会员卡 {result.cards} 张、"
          f"消费记录 {result.purchases} 条；余额和积分合计不变（操作日志第 {result.entry_id} 条）。")
    print(f"#{result.other_id} merged into #{result.keep_id}: {result.cards} cards and "
          f"{result.purchases} purchases moved; balances and points add up as before "
          f"(audit entry {result.entry_id}).")
    print(f"撤销 / to undo: crm-desktop merge --db {db_path(args)} --undo {result.entry_id}")
