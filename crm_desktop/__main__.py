"""``crm-desktop`` / ``python -m crm_desktop``: the GUI by default, verbs for headless jobs.

A verb's refusal, and an error of the disk or the folders it works in, is one
sentence on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError

from crm_desktop import __version__
from crm_desktop.cli.common import (
    CliExit,
    add_db_argument,
    add_user_argument,
    check_values,
    report_error,
)
from crm_desktop.models.errors import DomainError
from crm_desktop.models.store.errors import translate_operational_error, translate_os_error

# Each module exposes register(subparsers); the handler is set with set_defaults(run=...).
VERB_MODULES = (
    "crm_desktop.cli.init",
    "crm_desktop.cli.demo",
    "crm_desktop.cli.check",
    "crm_desktop.cli.users",
    "crm_desktop.cli.excel",
    "crm_desktop.cli.backup",
    "crm_desktop.cli.privacy",
    "crm_desktop.cli.duplicates",
    "crm_desktop.cli.merge",
    "crm_desktop.cli.sweep",
    "crm_desktop.cli.day_close",
    "crm_desktop.cli.server",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crm-desktop", description="Shop customer files and membership cards."
    )
    parser.add_argument("--version", action="version", version=__version__)
    add_db_argument(parser)
    add_user_argument(parser)
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="interface language")
    parser.add_argument("--self-test", action="store_true", help="check this installation works")
    subparsers = parser.add_subparsers(dest="verb")
    for name in VERB_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        from crm_desktop.models.language import set_language

        set_language(args.lang)
    if args.self_test:
        from crm_desktop.self_test import run_self_test

        return run_self_test()
    if args.verb is None:
        from crm_desktop.app import run_gui

        return run_gui(args)
    try:
        check_values(args)
        return int(args.run(args))
    except (DomainError, CliExit) as error:
        return report_error(error)
    except OSError as error:  # the disk or a folder: full, read-only, missing
        return report_error(translate_os_error(error))
    except OperationalError as error:  # the driver's side of the same
        return report_error(translate_operational_error(error))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
