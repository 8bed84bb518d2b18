"""``crm-desktop init``: create a new encrypted shop file and print its recovery key once.

It never writes over an existing data file or key file. A key file without its
data file means the data file is missing (moved, on a USB drive not plugged in,
quarantined by an antivirus program): a new key file there would lock the old
data out for good once it comes back, so ``init`` refuses before asking anything.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crm_desktop.cli.common import (
    EXIT_OK,
    CliExit,
    add_db_argument,
    db_path,
    print_recovery_key,
    read_password,
    shop_name,
)
from crm_desktop.models.opening import create_store
from crm_desktop.models.store.keyslots import keyfile_path


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("init", help="create a new shop file")
    add_db_argument(parser)
    parser.add_argument("--shop", required=True, help="the shop's name")
    parser.add_argument("--owner", required=True, help="the owner's user name")
    parser.set_defaults(run=run)


def refuse_existing(path: Path) -> None:
    """Refuse (one sentence) when a data file or a key file is already at ``path``."""
    keys = keyfile_path(path)
    if path.exists() and path.stat().st_size > 0:
        raise CliExit(f"文件 {path} 已存在，不会覆盖它。 / The file {path} already exists; it will "
                      "not be overwritten.")
    if keys.exists():
        raise CliExit(
            f"数据文件 {path} 不见了，但它的密钥文件 {keys.name} 还在，所以不会新建文件覆盖它"
            "（新的密钥文件会让原来的数据再也打不开）。请把数据文件放回原处，或从备份恢复："
            f"crm-desktop restore --latest --db {path} / The data file {path} is missing but "
            f"its key file {keys.name} is still there, so no new file is made over it (a new "
            "key file would lock the old data out for good). Put the data file back, or "
            f"restore a backup: crm-desktop restore --latest --db {path}"
        )


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    refuse_existing(path)
    name = shop_name(args)
    password = read_password("Owner password / 店主密码: ", confirm=True)
    store, recovery = create_store(path, name, args.owner, password)
    store.close()
    print(f"已创建 / Created: {path}")
    print_recovery_key(recovery)
    return EXIT_OK
