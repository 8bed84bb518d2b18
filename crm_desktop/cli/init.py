"""``crm-desktop init``: create a new encrypted shop file and print its recovery key once."""

from __future__ import annotations

import argparse
from typing import Any

from crm_desktop.cli.common import EXIT_OK, add_db_argument, db_path, read_password
from crm_desktop.models.opening import create_store


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help="create a new shop file")
    add_db_argument(parser)
    parser.add_argument("--shop", required=True, help="the shop's name")
    parser.add_argument("--owner", required=True, help="the owner's user name")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    password = read_password("Owner password / 店主密码: ", confirm=True)
    store, recovery = create_store(path, args.shop, args.owner, password)
    store.close()
    print(f"已创建 / Created: {path}")
    print("恢复密钥（只显示这一次，请抄写并妥善保管）:")
    print("Recovery key (shown only this once; write it down and keep it safe):")
    print()
    print("    " + recovery)
    print()
    return EXIT_OK
