"""A shop file as an older version of the program left it: made new, then migrated down."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from crm_desktop.models.opening import create_store
from crm_desktop.models.store.migrate import alembic_config, current_revision
from crm_desktop.models.store.store import Store


def create_at_revision(path: Path, revision: str, owner: str, password: str) -> Store:
    """A new file (shop 老店, ``owner``) brought down to schema ``revision``; still open."""
    store, _recovery = create_store(path, "老店", owner, password)
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    assert current_revision(store) == revision
    return store
