"""What every service shares: the store, the acting user, and the operation frame.

``_action`` is ``models.operation.perform`` for this service's store and actor:
one write transaction, the role check, exactly one audit entry, one broadcast
change. ``_read`` is the read frame beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.operation import Operation, perform, reading
from crm_desktop.models.store.store import Store


class Service:
    """Base of every service; construct with an open store and the signed-in actor."""

    def __init__(self, store: Store, actor: Actor) -> None:
        self.store = store
        self.actor = actor

    @contextmanager
    def _read(self, permission: str) -> Iterator[Session]:
        with reading(self.store, self.actor, permission) as session:
            yield session

    @contextmanager
    def _action(
        self, action: str, entity: Entity, permission: str, *, audited_read: bool = False
    ) -> Iterator[Operation]:
        with perform(
            self.store, self.actor, action, entity, permission, audited_read=audited_read
        ) as op:
            yield op
