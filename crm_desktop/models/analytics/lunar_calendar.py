"""Chinese lunar calendar (农历) dates on the solar calendar, through the lunar-python library.

Only month tables are read from the library (first day and length of each lunar
month), cached per year; the day arithmetic is ours and cheap.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# Julian day number (as lunar-python counts it) minus this = date.toordinal().
_JD_TO_ORDINAL = 1721425


@dataclass(frozen=True)
class LunarMonth:
    """One month of a lunar year; ``leap`` marks an intercalary month (闰月)."""

    year: int
    month: int
    leap: bool
    days: int
    first: date


@dataclass(frozen=True)
class LunarDay:
    year: int
    month: int
    day: int
    leap: bool
    month_days: int


@lru_cache(maxsize=64)
def lunar_months(year: int) -> tuple[LunarMonth, ...]:
    """The months of lunar year ``year`` in order, leap month included."""
    from lunar_python import LunarYear

    months = []
    for m in LunarYear.fromYear(year).getMonths():
        if m.getYear() != year:
            continue
        first = date.fromordinal(int(m.getFirstJulianDay()) - _JD_TO_ORDINAL)
        months.append(LunarMonth(year, abs(m.getMonth()), m.getMonth() < 0, m.getDayCount(), first))
    return tuple(months)


def lunar_to_solar(year: int, month: int, day: int) -> date:
    """Solar date of lunar ``year-month-day`` (the regular month, not a leap one).

    A 30th in a month of 29 days falls on the 29th, as families keep such birthdays.
    """
    for m in lunar_months(year):
        if m.month == month and not m.leap:
            return date.fromordinal(m.first.toordinal() + min(day, m.days) - 1)
    raise ValueError(f"lunar month {year}-{month} does not exist")


def solar_to_lunar(day: date) -> LunarDay:
    """The lunar date of a solar ``day``."""
    for year in (day.year, day.year - 1):
        months = lunar_months(year)
        starts = [m.first for m in months]
        i = bisect_right(starts, day) - 1
        if i >= 0:
            m = months[i]
            offset = (day - m.first).days
            if offset < m.days:
                return LunarDay(year, m.month, offset + 1, m.leap, m.days)
    raise ValueError(f"{day} is outside the lunar calendar's range")
