"""``crm-desktop user add|remove|passwd|list|recovery-key`` and ``crm-desktop recover``.

Staff accounts from the command line. The acting user (``--user`` or
CRM_DESKTOP_USER, password from CRM_DESKTOP_PASSWORD or a prompt) must be an
owner, except for ``passwd`` of one's own account. A new password comes from
CRM_DESKTOP_NEW_PASSWORD, or is asked for twice; without a terminal it is read
as the next line of standard input.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from crm_desktop.cli.common import (
    EXIT_OK,
    CliExit,
    add_db_argument,
    add_user_argument,
    db_path,
    read_password,
    username,
    warn_owner,
)
from crm_desktop.models.entities.user import ROLES
from crm_desktop.models.opening import open_store
from crm_desktop.models.permissions import require
from crm_desktop.models.services.users import ROLE_NAMES_ZH, UserService, recover_with_key
from crm_desktop.models.store.store import Store

ENV_HELP = """\
environment:
  CRM_DESKTOP_USER          the acting user (instead of --user)
  CRM_DESKTOP_PASSWORD      the acting user's password (instead of a prompt)
  CRM_DESKTOP_NEW_PASSWORD  the new password for add, passwd and recover
  CRM_DESKTOP_RECOVERY_KEY  the recovery key for recover
Without a terminal and without these, passwords are read one per line from
standard input: the acting user's first, then the new one.
"""


def register(subparsers: Any) -> None:
    user = subparsers.add_parser(
        "user",
        help="manage staff accounts (owner only)",
        description="Manage staff accounts (owner only). 管理员工账号（仅限店主）。",
        epilog=ENV_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(user)
    verbs = user.add_subparsers(dest="user_verb", required=True, metavar="ACTION")

    add = _verb(verbs, "add", "add a staff account / 添加账号")
    add.add_argument("name", help="the new user name")
    add.add_argument("--role", required=True, choices=ROLES, help="owner, clerk or accountant")
    add.add_argument("--display-name", default="", help="name shown on screen")
    add.set_defaults(run=run_add)

    remove = _verb(verbs, "remove", "disable an account and delete its key / 停用账号")
    remove.add_argument("name")
    remove.set_defaults(run=run_remove)

    passwd = _verb(verbs, "passwd", "set a password; without NAME your own / 修改密码")
    passwd.add_argument("name", nargs="?", help="whose password (owner only for others)")
    passwd.set_defaults(run=run_passwd)

    listing = _verb(verbs, "list", "list staff accounts / 列出账号")
    listing.add_argument("--all", action="store_true", help="include disabled accounts")
    listing.set_defaults(run=run_list)

    recovery = _verb(verbs, "recovery-key", "make a new recovery key / 生成新的恢复密钥")
    recovery.set_defaults(run=run_new_recovery_key)

    recover = subparsers.add_parser(
        "recover",
        help="every password lost: set a new owner password with the recovery key",
        description="Open the file with its recovery key and set a new password for an "
        "owner (--user). 用恢复密钥为店主设置新密码。",
        epilog=ENV_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(recover)
    recover.set_defaults(run=run_recover)


def _common(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_user_argument(parser)


def _verb(verbs: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = verbs.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=ENV_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser)
    return parser


def read_new_password(prompt: str = "New password / 新密码: ") -> str:
    """The new password: CRM_DESKTOP_NEW_PASSWORD, else asked twice, else a line of stdin."""
    env = os.environ.get("CRM_DESKTOP_NEW_PASSWORD")
    if env is not None:
        return env
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise CliExit(
                "没有提供新密码。 / No new password was given (set CRM_DESKTOP_NEW_PASSWORD)."
            )
        return line.rstrip("\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("Again / 再输一次: ") != first:
        raise CliExit("两次输入的密码不一致。 / The two passwords differ.")
    return first


def _open(args: argparse.Namespace) -> tuple[Store, UserService, str]:
    password = read_password()
    store, actor = open_store(db_path(args), username(args), password)
    warn_owner(store)
    return store, UserService(store, actor), password


def run_add(args: argparse.Namespace) -> int:
    store, users, _ = _open(args)
    try:
        require(users.actor, "user.manage")  # refuse before asking for a new password
        added = users.add(args.name, args.role, read_new_password(), args.display_name)
    finally:
        store.close()
    print(f"已添加账号 / Added: {added.username} ({ROLE_NAMES_ZH[added.role]} / {added.role})")
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    store, users, _ = _open(args)
    try:
        removed = users.remove(args.name)
    finally:
        store.close()
    print(f"已停用账号并删除其密钥 / Disabled, key removed: {removed.username}")
    print(f"请尽快更换密钥：{removed.username} 手里若还有旧的 .keys 文件副本，凭旧密码仍能打开数据，"
          "直到运行 `crm-desktop rekey`。")
    print(f"Change the key soon: an old copy of the .keys file still opens the data with "
          f"{removed.username}'s old password until you run `crm-desktop rekey`.")
    return EXIT_OK


def run_passwd(args: argparse.Namespace) -> int:
    store, users, password = _open(args)
    try:
        own = args.name is None or args.name == users.actor.username
        if own:
            users.change_own_password(password, read_new_password())
        else:
            require(users.actor, "user.manage")  # refuse before asking for a new password
            users.reset_password(args.name, read_new_password())
    finally:
        store.close()
    who = users.actor.username if own else args.name
    print(f"密码已修改 / Password changed: {who}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    store, users, _ = _open(args)
    try:
        records = users.list(include_inactive=args.all)
        problems = users.key_file_problems()
        due = users.rekey_due()
        slots = sorted(store.keys.slots)
    finally:
        store.close()
    print("用户名 user\t角色 role\t状态 status\t显示名 name")
    for rec in records:
        status = "在用 active" if rec.active else "停用 disabled"
        if rec.active and not rec.has_password:
            status += "（无密码 no password）"
        print(f"{rec.username}\t{ROLE_NAMES_ZH[rec.role]} {rec.role}\t{status}\t{rec.display_name}")
    print(f"密钥文件中的登录项 / Entries in the key file: {'、'.join(slots)}")
    for problem in problems:
        print(f"! {problem.zh} / {problem.en}")
    if due:
        print(f"! 停用后还没有更换密钥 / Key not changed since removing: {'、'.join(due)}"
              "（`crm-desktop rekey`）")
    return EXIT_OK


def run_new_recovery_key(args: argparse.Namespace) -> int:
    store, users, _ = _open(args)
    try:
        recovery = users.new_recovery_key()
    finally:
        store.close()
    _print_recovery(recovery)
    return EXIT_OK


def run_recover(args: argparse.Namespace) -> int:
    owner = username(args)
    key = os.environ.get("CRM_DESKTOP_RECOVERY_KEY")
    if key is None:
        if sys.stdin.isatty():
            key = getpass.getpass("Recovery key / 恢复密钥: ")
        else:
            key = sys.stdin.readline().strip()
    store, _ = recover_with_key(db_path(args), key, owner, read_new_password())
    store.close()
    print(f"已为店主 {owner} 设置新密码。 / A new password is set for the owner {owner}.")
    print("旧的恢复密钥仍然有效；如已泄露，请用 `crm-desktop user recovery-key` 换一个。")
    print("The recovery key still works; if it may have leaked, make a new one with "
          "`crm-desktop user recovery-key`.")
    return EXIT_OK


def _print_recovery(recovery: str) -> None:
    print("新的恢复密钥（只显示这一次，旧的已失效。请抄写并妥善保管）:")
    print("New recovery key (shown only this once; the old one no longer works):")
    print()
    print("    " + recovery)
    print()
