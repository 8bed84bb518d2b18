"""One application signal carrying every ``Change`` an operation published, on the GUI thread.

Operations publish after their commit, often on the worker thread; the bus hands
each change to the GUI thread and emits ``changed`` once. A view subscribes to
the kinds of record it shows (``subscribe``) and is called only for changes of
data of those kinds; audited reads (a logged reveal) change no data and reach
nobody. Widgets never call each other to refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal, Slot

from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.store.store import Store

ChangeCallback = Callable[[Change], None]


class _Subscription(QObject):
    """Lives as a child of the subscribing widget, so it goes when the widget goes."""

    def __init__(self, kinds: frozenset[Entity], callback: ChangeCallback, owner: QObject):
        super().__init__(owner)
        self.kinds = kinds
        self.callback = callback

    @Slot(object)
    def deliver(self, change: Change) -> None:
        if change.touches(self.kinds):
            self.callback(change)


class ChangeBus(QObject):
    """Bridges ``Store.subscribe`` to the ``changed(Change)`` signal and typed subscriptions."""

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

    def subscribe(
        self, owner: QObject, kinds: Iterable[Entity], callback: ChangeCallback
    ) -> None:
        """Call ``callback(change)`` for each change of data of ``kinds``, while ``owner`` lives."""
        subscription = _Subscription(frozenset(kinds), callback, owner)
        self.changed.connect(subscription.deliver)

    def _from_store(self, change: Change) -> None:
        if self._attached:
            self._arrived.emit(change)

    @Slot(object)
    def _deliver(self, change: Change) -> None:
        self.changed.emit(change)
