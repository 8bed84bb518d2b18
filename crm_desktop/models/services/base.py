"""What every service shares: the store, the acting user, and the action frame.

``_action`` opens one write transaction, checks the role, lets the method do its
work, appends exactly one audit entry and commits; any exception rolls all of it
back. After the commit the change is broadcast once to whoever listens.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crm_desktop.models import audit
from crm_desktop.models.db import Actor, Change, Store
from crm_desktop.models.errors import ConflictError, DomainError, StoreError
from crm_desktop.models.permissions import require


@dataclass
class ActionRecord:
    """Filled in by a service method: what the audit entry and the broadcast will say."""

    session: Session
    entity: str
    entity_id: int | None = None
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    changed_ids: list[int] = field(default_factory=list)


class Service:
    """Base of every service; construct with an open store and the signed-in actor."""

    def __init__(self, store: Store, actor: Actor) -> None:
        self.store = store
        self.actor = actor

    @contextmanager
    def _read(self, permission: str) -> Iterator[Session]:
        require(self.actor, permission)
        try:
            with self.store.read() as session:
                yield session
        except OperationalError as exc:
            raise translate_operational_error(exc) from exc
        except DatabaseError as exc:
            raise damaged_page_error() from exc

    @contextmanager
    def _action(self, action: str, entity: str, permission: str) -> Iterator[ActionRecord]:
        require(self.actor, permission)
        try:
            with self.store.write() as session:
                record = ActionRecord(session=session, entity=entity)
                yield record
                session.flush()
                audit.append(
                    session,
                    self.actor,
                    action,
                    entity,
                    record.entity_id,
                    record.before,
                    record.after,
                )
        except StaleDataError as exc:
            raise ConflictError(
                "record.stale",
                "这条记录刚被别人修改过。请重新打开后再改，您输入的内容不会丢失。",
                "Someone else changed this record a moment ago. Reopen it and apply your "
                "change again; what you typed is kept.",
            ) from exc
        except IntegrityError as exc:
            raise ConflictError(
                "record.integrity",
                "保存失败：有重复或无效的关联数据，没有任何改动。",
                "Nothing was saved: a value is a duplicate or refers to a missing record.",
            ) from exc
        except OperationalError as exc:
            raise translate_operational_error(exc) from exc
        except DatabaseError as exc:
            raise damaged_page_error() from exc
        ids = tuple(record.changed_ids or ([record.entity_id] if record.entity_id else []))
        self.store.publish(Change(entity, ids, action))


def translate_operational_error(exc: OperationalError) -> DomainError:
    """Disk full, locked or I/O failure, as one sentence; the transaction was rolled back."""
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "full" in text:
        return StoreError(
            "store.full",
            "磁盘已满，操作没有保存，数据没有改动。请腾出空间后重试。",
            "The disk is full; nothing was saved and the data is unchanged. Free some space "
            "and try again.",
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            "store.busy",
            "数据文件正忙，操作没有保存。请稍后重试。",
            "The data file is busy; nothing was saved. Try again in a moment.",
        )
    return StoreError(
        "store.io",
        "读写数据文件时出错，操作没有保存，数据没有改动。",
        "The data file could not be read or written; nothing was saved and the data is "
        "unchanged.",
    )


def damaged_page_error() -> StoreError:
    """A page of the file failed its check while in use (a big file is fully checked later)."""
    return StoreError(
        "store.damaged",
        "数据文件有一部分已损坏，这些数据无法读取，操作没有保存。请从最近的备份恢复。",
        "Part of the data file is damaged and cannot be read; nothing was saved. Restore the "
        "latest backup.",
    )
