"""Shared command-line plumbing: which file, which user, the password, and errors.

Every verb prints one clear sentence and exits with status 2 on a refusal,
never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import DomainError
from crm_desktop.models.opening import open_store
from crm_desktop.models.store.store import Store
from crm_desktop.paths import default_db_path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_REFUSED = 2


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
    """Open the file named by ``--db`` as ``--user``; refusals become CliExit."""
    return open_store(db_path(args), username(args), read_password())


def report_error(error: DomainError | CliExit) -> int:
    print(str(error), file=sys.stderr)
    return error.code if isinstance(error, CliExit) else EXIT_REFUSED
