"""What one operation changed: a typed, serialisable description every screen refreshes from.

An operation names the kinds of record it touched (``Entity``), their ids, the
action it was (``card.top_up``), the id it was asked under, and whether data
changed at all: an audited read (a logged reveal, a person's data export) writes
only its audit entry and changes nothing a view shows.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Entity(StrEnum):
    """A kind of record an operation can change; views subscribe to the kinds they show."""

    CUSTOMER = "customer"
    CARD = "card"
    PURCHASE = "purchase"
    CARD_TYPE = "card_type"
    TIER = "tier"
    SETTING = "setting"
    USER = "user"
    INTERACTION = "interaction"
    FEEDBACK = "feedback"
    SURVEY = "survey"
    FILE = "file"
    AUDIT = "audit"
    ITEM = "item"
    SHIFT = "shift"
    DAY = "day"


ENGAGEMENT = frozenset({Entity.INTERACTION, Entity.FEEDBACK, Entity.SURVEY})


def new_operation_id() -> str:
    """A fresh id for an operation, made where it is asked for (the button, the CLI verb)."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Change:
    """What one committed operation changed, broadcast once after its commit."""

    action: str
    entities: frozenset[Entity]
    ids: tuple[int, ...] = ()
    # The customers whose file shows the change (their profile reloads), when known.
    customer_ids: tuple[int, ...] = ()
    data_changed: bool = True
    operation_id: str = field(default_factory=new_operation_id)

    def touches(self, kinds: frozenset[Entity] | set[Entity]) -> bool:
        """True when data of one of ``kinds`` changed (audited reads touch nothing)."""
        return self.data_changed and not self.entities.isdisjoint(kinds)

    def to_json(self) -> str:
        """The change as JSON text (to queue it, or send it to another counter)."""
        body: dict[str, Any] = {
            "action": self.action,
            "entities": sorted(self.entities),
            "ids": list(self.ids),
            "customer_ids": list(self.customer_ids),
            "data_changed": self.data_changed,
            "operation_id": self.operation_id,
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Change:
        """The change ``to_json`` wrote; refuses unknown entity kinds with ValueError."""
        body = json.loads(text)
        return cls(
            action=str(body["action"]),
            entities=frozenset(Entity(kind) for kind in body["entities"]),
            ids=tuple(int(i) for i in body["ids"]),
            customer_ids=tuple(int(i) for i in body.get("customer_ids", ())),
            data_changed=bool(body["data_changed"]),
            operation_id=str(body["operation_id"]),
        )
