"""Emitting signals from Python must not wear down the interpreter's ``True`` (PySide6 6.12.0)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import crm_desktop.ui  # noqa: F401 - importing the package applies the work-arounds


class _Emitter(QObject):
    plain = Signal()
    flag = Signal(bool)


def test_a_morning_of_signals_leaves_true_and_false_as_they_were(qapp: object) -> None:
    emitter = _Emitter()
    received: list[bool] = []
    emitter.flag.connect(received.append)
    true_before, false_before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(5000):
        emitter.plain.emit()
        emitter.flag.emit(False)
    received.clear()
    # Unpatched, True loses 10,000 references here; a stray one held elsewhere is no leak.
    assert abs(sys.getrefcount(True) - true_before) < 10
    assert abs(sys.getrefcount(False) - false_before) < 10
