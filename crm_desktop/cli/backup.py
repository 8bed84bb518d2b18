"""``crm-desktop backup`` and ``crm-desktop restore``: verified backups and safe restores.

``backup --out FILE`` writes an encrypted, verified backup (FILE, FILE.keys and
FILE.manifest.json); without ``--out`` it goes to the file's backup folder.
``backup --list`` shows the backups found for the file, no password needed.
``restore --from FILE`` (or ``--latest``) shows the backup's date and counts, asks
for confirmation unless ``--yes``, keeps a safety copy of the current file and
says where; ``restore --undo`` puts that safety copy back. Both need an owner:
signed in to the current file, or, when it cannot be opened, an owner of the
backup's own key slots. Another shop's backup is named and asked about again
(with ``--yes``, ``--other-shop`` too). Afterwards the restored file is opened
with the same sign-in and anyone erased earlier whom the backup brought back is
erased again, and counted.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from crm_desktop.cli.common import (
    EXIT_OK,
    CliExit,
    add_db_argument,
    add_user_argument,
    db_path,
    open_from_args,
    read_password,
    username,
)
from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import (
    backup_folder,
    known_folders,
    latest_good_backup,
    make_backup,
)
from crm_desktop.models.backup_records import (
    BackupInfo,
    backup_name,
    default_folder,
    describe_backup,
    list_backups,
    other_shop_error,
)
from crm_desktop.models.errors import DomainError, StoreError
from crm_desktop.models.opening import open_store
from crm_desktop.models.progress import Progress
from crm_desktop.models.restore import (
    OwnerPassword,
    RestoreResult,
    is_other_shop,
    require_owner,
    restore,
    undo_restore,
)
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.privacy_records import read_erasures
from crm_desktop.models.store.store import Store

# Refusals on opening after which the current file can only be moved aside, not backed up;
# the owner is then proved against the backup's own key slots.
UNOPENABLE = ("store.damaged", "keys.missing", "keys.damaged", "keys.roster_forged",
              "keys.slot_damaged")


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="write a verified encrypted backup (owner only)",
        description="Write an encrypted backup of the file, check it after writing and keep "
        "its key slots beside it. 备份数据文件（仅限店主）。",
    )
    add_db_argument(backup)
    add_user_argument(backup)
    backup.add_argument("--out", type=Path, default=None,
                        help="the backup file (default: a dated file in the backup folder)")
    backup.add_argument("--list", action="store_true",
                        help="list the backups of the file instead (no password needed)")
    backup.set_defaults(run=run_backup)

    again = subparsers.add_parser(
        "restore",
        help="replace the file by a backup, keeping a safety copy (owner only)",
        description="Show a backup's date and counts, then replace the file by it; the "
        "current file is kept as a safety copy, and --undo puts it back. 从备份恢复。",
    )
    add_db_argument(again)
    add_user_argument(again)
    source = again.add_mutually_exclusive_group(required=True)
    source.add_argument("--from", dest="source", type=Path, help="the backup file to restore")
    source.add_argument("--latest", action="store_true",
                        help="the newest backup that is whole")
    source.add_argument("--undo", action="store_true",
                        help="put back the file as it was before the last restore")
    again.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    again.add_argument("--other-shop", action="store_true",
                       help="with --yes: also restore a backup of another shop file")
    again.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    path = db_path(args)
    if args.list:
        return _print_list(path)
    store, actor = open_from_args(args)
    try:
        require_owner(actor)
        out = args.out
        if out is None:
            folder = backup_folder(store)
            if folder == default_folder(store.path):
                folder.mkdir(exist_ok=True)
            out = folder / backup_name(path, datetime.now(), "manual")
        info = make_backup(store, out, _ProgressLine())
    finally:
        store.close()
    print(f"备份已写入并校验通过 / Backup written and verified: {info.path}")
    print(f"  {info.summary()}")
    print(f"  密钥文件 / key slots: {info.path}.keys（恢复后用备份时的密码登录 / "
          "the restored file opens with the passwords of the backup's time）")
    return EXIT_OK


def _print_list(path: Path) -> int:
    shown = 0
    for folder in known_folders(path.absolute()):
        for info in list_backups(folder):
            if info.source_name != path.name:
                continue
            shown += 1
            print(f"{info.path}  [{info.kind}]")
            print(f"  {info.summary()}")
    if not shown:
        print(f"没有找到 {path.name} 的备份。 / No backups of {path.name} were found.")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    path = db_path(args).absolute()
    if args.undo:
        _confirm(args, "撤销上一次恢复，换回恢复前的数据？ / Undo the last restore?")
        store, signed_in, password = _owner_proof(args, path)
        result = undo_restore(path, signed_in=signed_in, store=store)
        _print_result(path, result, undo=True)
        _erase_again(path, signed_in, password)
        return EXIT_OK
    if args.latest:
        latest = latest_good_backup(path)
        if latest is None:
            raise CliExit(f"没有找到 {path.name} 的完好备份。 / No whole backup of {path.name} "
                          "was found.")
        chosen = latest.path
    else:
        chosen = Path(args.source)
    info = describe_backup(chosen)
    print(f"将用这个备份替换当前数据 / This backup will replace the current data: {chosen}")
    print(f"  {info.summary()}")
    other = is_other_shop(path, info)
    if other:
        warning = other_shop_error(info, path)
        print(f"注意 / Note: {warning.zh}\n  {warning.en}")
        if args.yes and not args.other_shop:
            raise CliExit("这是另一个店铺的备份：确认无误请同时加上 --other-shop。 / This is "
                          "another shop's backup: add --other-shop as well if that is meant.")
        if not args.other_shop:
            _confirm(args, "仍然用另一个店铺的备份恢复？ / Restore another shop's backup anyway?")
    _confirm(args, "确认恢复？ / Restore it?")
    store, signed_in, password = _owner_proof(args, path)
    result = restore(path, chosen, signed_in=signed_in, store=store, other_shop=other,
                     progress=_ProgressLine())
    _print_result(path, result, undo=False)
    _erase_again(path, signed_in, password)
    return EXIT_OK


def _owner_proof(
    args: argparse.Namespace, path: Path
) -> tuple[Store | None, Actor | OwnerPassword, str]:
    """The open file and its owner (so its state is kept as a verified backup), or, when it
    cannot be opened, the name and password to prove against the backup's key slots."""
    name = username(args)
    password = read_password()
    if path.exists():
        try:
            store, actor = open_store(path, name, password)
        except StoreError as error:
            if error.code not in UNOPENABLE:
                raise
            print(f"{error}\n当前文件无法打开：先用备份中的店主账号和密码确认身份，恢复时再把它原样"
                  "移到安全副本。 / The current file cannot be opened: an owner of the backup "
                  "signs in to it first, then the file is moved aside unchanged.",
                  file=sys.stderr)
        else:
            try:
                require_owner(actor)
            except BaseException:
                store.close()
                raise
            return store, actor, password
    return None, OwnerPassword(name, password), password


def _erase_again(path: Path, signed_in: Actor | OwnerPassword, password: str) -> None:
    """Open the restored file with the same sign-in and erase anyone it brought back."""
    if not read_erasures(path):
        return  # no erasure was ever noted beside this file: nothing can have come back
    later = ("店主下次在程序中登录时会检查并重新删除被恢复回来的已删除客户。 / The owner's next "
             "sign-in in the program checks for erased customers the backup brought back and "
             "erases them again.")
    try:
        store, actor = open_store(path, signed_in.username, password)
    except DomainError as error:
        print(f"  {error}\n  {later}")
        return
    try:
        again = PrivacyService(store, actor).erase_again()
    except DomainError as error:
        print(f"  {error}\n  {later}")
        return
    finally:
        store.close()
    if again.customer_ids:
        count = len(again.customer_ids)
        print(f"注意 / Note: 这个备份中有 {count} 位之前已删除个人信息的客户，已重新删除。 / "
              f"{count} customer(s) erased earlier were back in this backup; they were "
              "erased again.")


def _confirm(args: argparse.Namespace, question: str) -> None:
    if args.yes:
        return
    print(f"{question} 输入 yes 继续 / type yes to go on: ", end="", flush=True)
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("yes", "y", "是"):
        raise CliExit("已取消，数据没有改动。 / Cancelled; nothing was changed.")


def _print_result(path: Path, result: RestoreResult, *, undo: bool) -> None:
    done = "已撤销上一次恢复 / The last restore was undone" if undo else "已恢复 / Restored"
    print(f"{done}: {path}")
    if result.restored.counts:
        print(f"  {result.restored.summary()}")
    safety: BackupInfo | None = result.safety
    if safety is None:
        print("  之前没有数据文件，没有安全副本。 / There was no file before, so no safety copy.")
    else:
        how = ("已校验的备份 / verified backup" if result.safety_verified
               else "原样移入 / moved aside unchanged")
        print(f"  恢复前的数据保存在 / The previous data is kept at: {safety.path}（{how}）")
        print(f"  撤销 / To undo: crm-desktop restore --undo --db {path}")
    print("  请用备份时的密码登录。 / Sign in with the passwords of the backup's time.")


class _ProgressLine:
    """Percent done on stderr, one line per ten percent."""

    def __init__(self) -> None:
        self._last = -1

    def __call__(self, step: Progress) -> None:
        percent = 100 * step.done // max(step.total, 1)
        if step.stage == "verify" or percent // 10 != self._last // 10:
            sys.stderr.write(f"{step.stage}: {percent}%\n")
            sys.stderr.flush()
            self._last = percent
