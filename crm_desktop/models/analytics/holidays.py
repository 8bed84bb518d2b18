"""Holidays a shop sends greetings for, lunar and solar, on this year's solar dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from crm_desktop.models.analytics.lunar_calendar import lunar_to_solar
from crm_desktop.models.language import current_language


@dataclass(frozen=True)
class Holiday:
    key: str
    name_zh: str
    name_en: str
    on: date
    lunar: bool

    def name(self, language: str | None = None) -> str:
        return self.name_zh if (language or current_language()) == "zh" else self.name_en


_LUNAR = (
    ("spring_festival", "春节", "Spring Festival", 1, 1),
    ("lantern", "元宵节", "Lantern Festival", 1, 15),
    ("dragon_boat", "端午节", "Dragon Boat Festival", 5, 5),
    ("mid_autumn", "中秋节", "Mid-Autumn Festival", 8, 15),
)
_FIXED = (
    ("new_year", "元旦", "New Year's Day", 1, 1),
    ("womens_day", "妇女节", "Women's Day", 3, 8),
    ("national_day", "国庆节", "National Day", 10, 1),
)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (Monday 0 … Sunday 6) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def holidays_of_year(year: int) -> tuple[Holiday, ...]:
    """Every greeting holiday of solar ``year``, in date order."""
    found = [Holiday(k, zh, en, date(year, m, d), False) for k, zh, en, m, d in _FIXED]
    found.append(
        Holiday("mothers_day", "母亲节", "Mother's Day", nth_weekday(year, 5, 6, 2), False)
    )
    found.append(
        Holiday("fathers_day", "父亲节", "Father's Day", nth_weekday(year, 6, 6, 3), False)
    )
    # The Spring Festival of lunar year y is in Jan/Feb of solar year y.
    found += [Holiday(k, zh, en, lunar_to_solar(year, m, d), True) for k, zh, en, m, d in _LUNAR]
    return tuple(sorted(found, key=lambda h: h.on))


def holidays_between(start: date, end: date) -> tuple[Holiday, ...]:
    """Holidays from ``start`` to ``end``, both included."""
    return tuple(
        h
        for year in range(start.year, end.year + 1)
        for h in holidays_of_year(year)
        if start <= h.on <= end
    )


def holidays_ahead(today: date, days: int = 60) -> tuple[Holiday, ...]:
    """Holidays from today to ``days`` days ahead."""
    return holidays_between(today, today + timedelta(days=days))
