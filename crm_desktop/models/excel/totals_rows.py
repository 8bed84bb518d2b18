"""A totals line (合计/总计/Total …) at the foot of a sheet: neither a customer nor a purchase."""

from __future__ import annotations

import re

from crm_desktop.models.excel import normalise as norm
from crm_desktop.models.excel.readers import Cell

_TOTALS = re.compile(r"^(合计|总计|小计|共计|总数|累计|total|grandtotal|subtotal|sum)\b", re.I)


def is_totals(values: list[Cell], name_at: int | None) -> bool:
    """A totals line: 合计 in the name column (``name_at``) or in its first filled cell."""
    if name_at is not None and name_at < len(values) and _totals_text(values[name_at]):
        return True
    return looks_like_totals(values)


_TOTALS_FIRST = frozenset("合总小共累TtGgSs")


def _totals_text(value: Cell) -> bool:
    if not isinstance(value, str) or value.lstrip()[:1] not in _TOTALS_FIRST:
        return False
    return bool(_TOTALS.match(value.strip().replace(" ", "")))


def looks_like_totals(values: list[Cell]) -> bool:
    """A totals line (合计/总计/Total …) in its first filled cell: not a customer or purchase."""
    if values and not norm.is_blank(values[0]):
        return _totals_text(values[0])
    leading = next((v for v in values if not norm.is_blank(v)), "")
    return _totals_text(leading)
