"""Who an action is done for: the signed-in user every service and operation carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The signed-in user every service call acts for."""

    user_id: int
    username: str
    role: str
