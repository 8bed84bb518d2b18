"""``crm-desktop person export|anonymise``, ``crm-desktop retention`` and ``crm-desktop rekey``.

A person's access request and erasure, the list of terminated customers kept
longer than the retention period (and their erasure), and a new database key
after a member of staff left. All are the owner's; the acting user and password
come as for every verb (``--user`` or CRM_DESKTOP_USER, CRM_DESKTOP_PASSWORD or
a prompt). An erasure cannot be undone: it asks first (``--yes`` skips the
question), and the retention list is never erased by a day still to come.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from crm_desktop.cli.common import (
    EXIT_OK,
    CliExit,
    add_db_argument,
    add_user_argument,
    confirm,
    customer_number,
    day,
    open_from_args,
)
from crm_desktop.models.permissions import require
from crm_desktop.models.rekey import rekey
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.privacy_records import RetentionEntry


def register(subparsers: Any) -> None:
    person = subparsers.add_parser(
        "person",
        help="one customer's access request or erasure (owner only)",
        description="Export everything held about one customer, or erase their personal "
        "details for good while the money ledger keeps its amounts. "
        "导出或删除一位客户的个人信息（仅限店主）。",
    )
    _common(person)
    verbs = person.add_subparsers(dest="person_verb", required=True, metavar="ACTION")

    export = verbs.add_parser("export", help="write everything about one customer to a workbook "
                              "/ 导出个人信息")
    _common(export)
    export.add_argument("--customer", type=customer_number, required=True,
                        help="the customer number")
    export.add_argument("--out", type=Path, required=True, help="the workbook to write (.xlsx)")
    export.set_defaults(run=run_export)

    erase = verbs.add_parser("anonymise", aliases=["anonymize"],
                             help="erase one customer's personal details / 匿名化删除")
    _common(erase)
    erase.add_argument("--customer", type=customer_number, required=True,
                       help="the customer number")
    erase.add_argument("--reason", required=True,
                       help="why (kept in the audit log: no name or number in it)")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(run=run_anonymise)

    retention = subparsers.add_parser(
        "retention",
        help="terminated customers kept longer than the retention period",
        description="List terminated customers whose file is older than the retention "
        "period (setting retention_days, 3 years by default); with --anonymise, erase them. "
        "列出超过保存期限的已注销客户。",
    )
    _common(retention)
    retention.add_argument("--at", type=day, default=None,
                           help="the day to judge by (YYYY-MM-DD, default today; a later day "
                           "only lists)")
    retention.add_argument("--anonymise", action="store_true", help="erase every one listed")
    retention.add_argument("--reason", default="超过保存期限",
                           help="reason kept in the audit log (with --anonymise)")
    retention.add_argument("--yes", action="store_true",
                           help="with --anonymise: do not ask for confirmation")
    retention.set_defaults(run=run_retention)

    change = subparsers.add_parser(
        "rekey",
        help="give the file a new database key (after a member of staff left)",
        description="Encrypt the file under a new random key and hand it to every remaining "
        "account; a removed account's old password and old key file then open nothing. "
        "A verified backup is made first. 更换数据库密钥。",
    )
    _common(change)
    change.add_argument("--new-recovery-key", action="store_true",
                        help="also make a new recovery key (the old one stops working)")
    change.set_defaults(run=run_rekey)


def _common(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_user_argument(parser)


def run_export(args: argparse.Namespace) -> int:
    from xlsxwriter.exceptions import FileCreateError

    out = Path(args.out)
    if out.exists():
        raise CliExit(f"文件 {out} 已存在，不会覆盖它。 / {out} already exists; it is not overwritten.")
    folder = out.absolute().parent
    if not folder.is_dir():
        raise CliExit(f"文件夹 {folder} 不存在。 / The folder {folder} does not exist.")
    if not os.access(folder, os.W_OK):
        raise CliExit(f"文件夹 {folder} 不能写入（只读或没有权限）。 / The folder {folder} cannot "
                      "be written (read-only or not permitted).")
    store, actor = open_from_args(args)
    try:
        done = PrivacyService(store, actor).export_person(args.customer, out)
    except FileCreateError as error:
        raise CliExit(f"无法写入 {out}，没有导出任何内容。 / {out} could not be written; nothing "
                      "was exported.") from error
    finally:
        store.close()
    rows = sum(done.rows.values())
    print(f"已导出客户 #{args.customer} 的全部信息：{len(done.rows)} 个工作表，{rows} 行。")
    print(f"Exported everything about customer #{args.customer}: {len(done.rows)} sheets, "
          f"{rows} rows.")
    print(f"→ {done.path}")
    print("文件里有完整的个人信息，请妥善交付后删除。 / The file holds full personal data: "
          "hand it over safely, then delete it.")
    return EXIT_OK


def run_anonymise(args: argparse.Namespace) -> int:
    store, actor = open_from_args(args)
    try:
        require(actor, "customer.delete")
        # Named before the question, so a mistyped number is noticed (and a missing one refused).
        name = CustomerService(store, actor).get(args.customer).name
        print(f"将永久删除客户 #{args.customer}（{name}）的个人信息，账务记录保留，无法撤销。 / The "
              f"personal details of customer #{args.customer} ({name}) will be erased for good; "
              "the money ledger is kept. This cannot be undone.")
        confirm(args, "确认删除？ / Erase them?")
        result = PrivacyService(store, actor).anonymise(args.customer, args.reason)
    finally:
        store.close()
    print(f"客户 #{args.customer} 的个人信息已删除，账务记录保留。 / The personal details of "
          f"customer #{args.customer} are erased; the money ledger is kept.")
    if not result.reclaimed:
        print("旧数据会在文件关闭时彻底清除。 / The old bytes are cleared when the file closes.")
    return EXIT_OK


def run_retention(args: argparse.Namespace) -> int:
    today = date.today()
    if args.anonymise and args.at is not None and args.at > today:
        raise CliExit(
            f"不能按将来的日期 {args.at} 删除：到那天才超过保存期限的客户，现在还不能删除。"
            f"只想看名单请去掉 --anonymise。 / Erasing by a day still to come ({args.at}) is "
            "refused: customers who pass the retention period only then may not be erased "
            "now. Leave out --anonymise to see the list."
        )
    store, actor = open_from_args(args)
    try:
        privacy = PrivacyService(store, actor)
        days = privacy.retention_days()
        due = privacy.retention_due(args.at)
        _print_due(days, due, args.at, today, names=not (args.anonymise and args.yes))
        if args.anonymise and due:
            confirm(args, f"永久删除以上 {len(due)} 位客户的个人信息？ / Erase the personal details "
                          f"of these {len(due)} customer(s) for good?")
            privacy.anonymise_many([entry.customer_id for entry in due], args.reason)
    finally:
        store.close()
    if args.anonymise and due:
        print(f"已删除以上 {len(due)} 位客户的个人信息，账务记录保留。 / Erased the personal details "
              f"of these {len(due)} customer(s); the money ledger is kept.")
    return EXIT_OK


def _print_due(
    days: int, due: Sequence[RetentionEntry], at: date | None, today: date, *, names: bool
) -> None:
    """The retention list; names left out when a script erases without asking (its log)."""
    if at is not None and at > today:
        print(f"按将来的日期 {at} 列出（只列出，不删除）。 / Listed as of {at}, a day still to "
              "come (listed only, nothing erased).")
    print(f"保存期限 {days} 天；超期的已注销客户 {len(due)} 位。 / Retention {days} days; "
          f"{len(due)} terminated customer(s) past it.")
    if due:
        print("编号 number\t姓名 name\t注销时间 terminated\t到期日 due since")
    for entry in due:
        shown = entry.name if names else "—"
        print(f"{entry.customer_id}\t{shown}\t{entry.terminated_at:%Y-%m-%d}\t{entry.due_since}")


def run_rekey(args: argparse.Namespace) -> int:
    store, actor = open_from_args(args)
    try:
        result = rekey(store, actor, new_recovery_key=args.new_recovery_key)
    finally:
        store.close()
    print(f"数据库密钥已更换，{len(result.accounts)} 个账号可继续登录：{'、'.join(result.accounts)}。")
    print(f"The database key was changed; {len(result.accounts)} account(s) can still sign in: "
          f"{', '.join(result.accounts)}.")
    if result.dropped:
        print(f"密钥文件中没有店主签名的登录项已删除，没有拿到新密钥 / Entries no owner signed were "
              f"dropped and got no new key: {'、'.join(result.dropped)}")
    if result.backup_path is not None:
        print(f"更换前的备份（仍用旧密钥）/ Backup made before, under the old key: "
              f"{result.backup_path}")
    if result.recovery_key is not None:
        print("新的恢复密钥（只显示这一次，旧的已失效。请抄写并妥善保管）:")
        print("New recovery key (shown only this once; the old one no longer works):")
        print(f"    {result.recovery_key}")
    return EXIT_OK
