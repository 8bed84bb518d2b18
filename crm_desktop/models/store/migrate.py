"""Run the Alembic migrations shipped in the package when a file is opened.

A file whose schema revision this version does not know was written by a newer
version of the program and is refused rather than guessed at. The opener asks
``needs_backup_first`` and makes a verified backup of an existing file before
``upgrade_to_head`` changes its schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError, ProgrammingError

from crm_desktop.models.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

    from crm_desktop.models.store.store import Store

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# The newest revision shipped. Checked against the scripts by a test; lets an open of an
# up-to-date file skip importing Alembic and reading its scripts (~0.7 s at start-up).
HEAD_REVISION = "0007"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest revision according to the migration scripts themselves."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    """The file's schema revision, or None for a file with no schema yet."""
    try:
        with store.engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except (OperationalError, ProgrammingError) as exc:
        # SQLite says "no such table", PostgreSQL "relation … does not exist".
        if "no such table" in str(exc) or "does not exist" in str(exc):
            return None
        raise
    return None if found is None else str(found)


def needs_backup_first(store: Store) -> bool:
    """True when opening will change the schema of a file that already has one.

    Refuses a file written by a newer version before anything is copied.
    """
    current = current_revision(store)
    if current is None or current == HEAD_REVISION:
        return False
    _refuse_unknown(current)
    return True


def upgrade_to_head(store: Store, target: str = "head") -> None:
    """Bring the file's schema to ``target`` (normally the newest) in one transaction."""
    current = current_revision(store)
    if target == "head" and current == HEAD_REVISION:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    if target == "head" and current == script.get_current_head():
        return
    if current is not None:
        _refuse_unknown(current)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def _refuse_unknown(revision: str) -> None:
    """A revision the shipped scripts do not know was written by a newer program."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    if revision not in {rev.revision for rev in script.walk_revisions()}:
        raise newer_version_error()


def newer_version_error() -> StoreError:
    return StoreError(
        "store.newer",
        "这个数据文件是由更新版本的程序写入的，请先升级本程序再打开。",
        "This data file was written by a newer version of the program. "
        "Update the program before opening it.",
    )
