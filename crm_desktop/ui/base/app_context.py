"""What every window and dialog of a signed-in session shares: store, user, runner, bus.

Views get one ``AppContext`` instead of a handful of arguments; they reach
services through ``context.service(CustomerService)`` (one instance per class,
acting for the signed-in user) and never open sessions themselves.
"""

from __future__ import annotations

from typing import Any, TypeVar

from crm_desktop.models.actor import Actor
from crm_desktop.models.permissions import allowed
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.change_bus import ChangeBus
from crm_desktop.ui.base.task_runner import TaskRunner

ServiceT = TypeVar("ServiceT")


class AppContext:
    """The open file, the signed-in actor, the task runner and the change bus."""

    def __init__(self, store: Store, actor: Actor, runner: TaskRunner, bus: ChangeBus) -> None:
        self.store = store
        self.actor = actor
        self.runner = runner
        self.bus = bus
        self._services: dict[type, Any] = {}

    def service(self, cls: type[ServiceT]) -> ServiceT:
        """The one ``cls(store, actor)`` of this session (services hold no session state)."""
        found = self._services.get(cls)
        if found is None:
            found = cls(self.store, self.actor)  # type: ignore[call-arg]
            self._services[cls] = found
        return found

    def can(self, permission: str) -> bool:
        """Whether the signed-in role may do ``permission`` (to show or hide a control)."""
        return allowed(self.actor, permission)

    def setting(self, key: str, default: Any = None) -> Any:
        return self.store.setting(key, default)
