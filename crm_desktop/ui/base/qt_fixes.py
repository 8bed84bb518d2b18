"""Work around Qt binding defects found on the versions we ship with, each detected, not assumed.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a
reference, so every signal emitted from Python steals one reference to ``True``.
After a few thousand emits (a morning at the counter) the interpreter aborts with
"bool_dealloc: deallocating True or False". 6.11.x is not affected. The fix gives
the returned object its missing reference; it is applied only when a probe shows
the leak, so a corrected PySide6 runs untouched.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBE_EMITS = 8
_applied: list[bool] = []


class _Probe(QObject):
    fired = Signal()


def emit_steals_a_reference() -> bool:
    """Whether emitting a signal from Python loses a reference to the value it returns."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    # Give back what the probe itself took, so detecting costs nothing.
    for _ in range(max(0, lost)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= _PROBE_EMITS


def apply() -> None:
    """Install the needed work-arounds once (called when ``crm_desktop.ui`` is imported)."""
    if _applied:
        return
    _applied.append(True)
    if emit_steals_a_reference():
        original = SignalInstance.emit

        def emit(self: SignalInstance, *args: Any) -> Any:
            result = original(self, *args)
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
            return result

        SignalInstance.emit = emit  # type: ignore[method-assign]


def emit_is_patched() -> bool:
    return getattr(SignalInstance.emit, "__module__", "") == __name__
