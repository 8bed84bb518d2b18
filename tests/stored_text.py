"""Values read back with raw SQL, in the text form a shop file stores them in.

A file hands dates and times back as text ("2024-03-01", "2024-03-01 10:30:00.000000");
a server hands back ``date`` and ``datetime`` objects. Tests that compare raw rows
on both backends compare them in the file's form.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any


def as_stored(value: Any) -> Any:
    """``value`` as a shop file stores it (dates and times as text; anything else unchanged)."""
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def stored_row(row: Iterable[Any]) -> tuple[Any, ...]:
    """A row with each value ``as_stored``."""
    return tuple(as_stored(value) for value in row)
