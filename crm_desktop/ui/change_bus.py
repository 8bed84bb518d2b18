"""One application signal carrying every ``Change`` a service published, on the GUI thread.

Services publish after their commit, often on the worker thread; the bus hands
each change to the GUI thread and emits ``changed`` once. Each view connects to
``changed`` and decides whether the change concerns it; widgets never call each
other to refresh.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from crm_desktop.models.db import Change, Store


class ChangeBus(QObject):
    """Bridges ``Store.subscribe`` to the ``changed(Change)`` signal."""

    changed = Signal(object)
    # Emitted on whichever thread published; queued onto the bus's (GUI) thread.
    _arrived = Signal(object)

    def __init__(self, store: Store | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._attached = False
        self._arrived.connect(self._deliver)
        if store is not None:
            self.attach(store)

    def attach(self, store: Store) -> None:
        """Start relaying the changes ``store`` publishes."""
        store.subscribe(self._from_store)
        self._attached = True

    def detach(self) -> None:
        """Stop relaying (the store is closing); later publications are ignored."""
        self._attached = False

    def _from_store(self, change: Change) -> None:
        if self._attached:
            self._arrived.emit(change)

    @Slot(object)
    def _deliver(self, change: Change) -> None:
        self.changed.emit(change)
