"""Shared command-line plumbing: which file, which user, the password, and errors.

Every verb prints one clear sentence and exits with status 2 on a refusal,
never a traceback. Numbers and dates typed on the command line are parsed here,
within the ranges the file (SQLite's 64-bit integers) and the calendar hold.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import DomainError
from crm_desktop.models.opening import open_store
from crm_desktop.models.progress import Progress
from crm_desktop.models.store.store import Store
from crm_desktop.paths import default_db_path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_REFUSED = 2

# SQLite stores whole numbers in 64 bits; a larger one cannot even be looked up.
LARGEST_NUMBER = 2**63 - 1
# Dates a verb accepts: far enough either way for any shop, and a few years of history
# before or after them still fit Python's calendar (years 1 to 9999).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


class CliExit(Exception):
    """Stop the command with ``code`` after printing ``message`` to stderr."""

    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.code = code


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=argparse.SUPPRESS, help="the shop file (default: user data)"
    )


def add_user_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user", default=argparse.SUPPRESS, help="user name (or CRM_DESKTOP_USER)"
    )


def file_verb(
    subparsers: Any, name: str, *, help: str, description: str | None = None  # noqa: A002
) -> argparse.ArgumentParser:
    """A verb that opens the shop file: its parser, already taking ``--db`` and ``--user``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=help, description=description
    )
    add_db_argument(parser)
    add_user_argument(parser)
    return parser


class ProgressLine:
    """Progress on stderr as one line rewritten in place, only when stderr is a terminal.

    ``describe`` turns a step into the line's text. Piped or scripted runs print nothing
    extra, so ``--json`` output and logs stay as they were.
    """

    def __init__(self, describe: Callable[[Progress], str]) -> None:
        self.describe = describe
        self.tty = sys.stderr.isatty()
        self._shown = False

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()

    def __call__(self, step: Progress) -> None:
        if not self.tty:
            return
        sys.stderr.write(f"\r{self.describe(step)}\033[K")
        sys.stderr.flush()
        self._shown = True


def day(text: str) -> date:
    """An argparse ``type``: a YYYY-MM-DD date from FIRST_DAY to LAST_DAY."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        value = None
    if value is None or not FIRST_DAY <= value <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"日期请写成 YYYY-MM-DD，在 {FIRST_DAY} 到 {LAST_DAY} 之间 / write the date as "
            f"YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}: {text}"
        )
    return value


def whole_number(low: int = 0, high: int = LARGEST_NUMBER) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"请写一个 {low} 到 {high} 之间的整数 / write a whole number from {low} to "
                f"{high}: {text}"
            )
        return value

    parse.__name__ = "whole_number"
    return parse


def customer_number(text: str) -> int:
    """An argparse ``type``: a customer number (1 and up, within the file's integers)."""
    try:
        value = int(text.strip())
    except ValueError:
        value = None
    if value is None or not 1 <= value <= LARGEST_NUMBER:
        raise argparse.ArgumentTypeError(
            f"客户编号是一个正整数 / a customer number is a whole number from 1: {text}"
        )
    return value


def check_values(args: argparse.Namespace) -> None:
    """Refuse any parsed number or date outside the ranges above, whichever verb took it.

    Verbs parse with ``day`` and ``whole_number``; this also covers a value a verb parsed
    its own way, so no odd value reaches the file or the calendar arithmetic.
    """
    for value in vars(args).values():
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and not -LARGEST_NUMBER <= value <= LARGEST_NUMBER:
            raise CliExit(
                f"数字 {value} 太大了，最大是 {LARGEST_NUMBER}。 / The number {value} is too "
                f"large; the largest is {LARGEST_NUMBER}."
            )
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date) and not FIRST_DAY <= value <= LAST_DAY:
            raise CliExit(
                f"日期 {value} 超出范围，请写 {FIRST_DAY} 到 {LAST_DAY} 之间的日期。 / The date "
                f"{value} is out of range; write a date from {FIRST_DAY} to {LAST_DAY}."
            )


def confirm(args: argparse.Namespace, question: str) -> None:
    """Ask ``question`` on the terminal unless ``--yes``; anything but yes cancels (exit 2).

    Without a terminal the answer is read from standard input, so a script says
    ``--yes`` (or pipes "yes") and an empty input never agrees.
    """
    if getattr(args, "yes", False):
        return
    print(f"{question} 输入 yes 继续 / type yes to go on: ", end="", flush=True)
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("yes", "y", "是"):
        print()
        raise CliExit("已取消，数据没有改动。 / Cancelled; nothing was changed.")


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def username(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None) or os.environ.get("CRM_DESKTOP_USER")
    if not name:
        raise CliExit("请用 --user 或 CRM_DESKTOP_USER 指定用户名。 / Name the user with --user.")
    return str(name)


def read_password(prompt: str = "Password / 密码: ", *, confirm: bool = False) -> str:
    """From CRM_DESKTOP_PASSWORD when set or without a terminal, else asked without echo."""
    env = os.environ.get("CRM_DESKTOP_PASSWORD")
    if env is not None:
        return env
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise CliExit("没有提供密码。 / No password was given (set CRM_DESKTOP_PASSWORD).")
        return line.rstrip("\n")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again / 再输一次: ") != first:
        raise CliExit("两次输入的密码不一致。 / The two passwords differ.")
    return first


def open_from_args(args: argparse.Namespace) -> tuple[Store, Actor]:
    """Open the file named by ``--db`` as ``--user``; refusals become CliExit.

    What an owner's sign-in found wrong with the key file is printed first, on stderr.
    """
    store, actor = open_store(db_path(args), username(args), read_password())
    warn_owner(store)
    return store, actor


def shop_name(args: argparse.Namespace) -> str:
    """The shop's name given with ``--shop``, refused when it is blank."""
    name = str(args.shop).strip()
    if not name:
        raise CliExit("请写上店名。 / Give the shop's name with --shop.")
    return name


def print_recovery_key(recovery: str) -> None:
    """A new shop's recovery key, shown this once with what to do with it."""
    print("恢复密钥（只显示这一次，请抄写并妥善保管）:")
    print("Recovery key (shown only this once; write it down and keep it safe):")
    print()
    print("    " + recovery)
    print()


def warn_owner(store: Store) -> None:
    """Print the key file's findings from the owner's sign-in (a planted slot, a swapped
    recovery key, a cut-short log), each as one line on stderr."""
    for finding in store.trust.findings:
        print(f"警告 / Warning: {finding.zh} / {finding.en}", file=sys.stderr)


def report_error(error: DomainError | CliExit) -> int:
    print(str(error), file=sys.stderr)
    return error.code if isinstance(error, CliExit) else EXIT_REFUSED
