"""Run the Alembic migrations shipped in the package when a file is opened.

A file whose schema revision this version does not know was written by a newer
version of the program and is refused rather than guessed at. Before an existing
file is migrated a verified backup is made (kind "before-migration"); when that
fails the file is not migrated and not opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from crm_desktop.models.errors import StoreError

if TYPE_CHECKING:
    from crm_desktop.models.db import Store

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(store: Store, target: str = "head") -> None:
    """Bring the file's schema to ``target`` (normally the newest) in one transaction."""
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(store)
    if target == "head" and current == script.get_current_head():
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(
            "store.newer",
            "这个数据文件是由更新版本的程序写入的，请先升级本程序再打开。",
            "This data file was written by a newer version of the program. "
            "Update the program before opening it.",
        )
    if current is not None and current != target:
        # An existing file keeps a verified copy of its old schema; a new file has nothing to keep.
        from crm_desktop.models.backup import backup_before

        backup_before(store, "migration")
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
