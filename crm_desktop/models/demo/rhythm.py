"""When a demo shop is busy: the week, the seasons, the Spring Festival, the hour of day.

Weekends bring more customers than weekdays; the weeks before the Spring Festival
are the busiest of the year (a clean car for the trip home) and its first days
the quietest; summer and the days before the National Day holiday are busy too.
``Calendar`` turns this into a cumulative weight per day, so drawing a purchase
day between two dates is one random number and one bisection.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate

# 正月初一 by year; years outside the table fall back to early February.
SPRING_FESTIVAL = {
    2018: date(2018, 2, 16), 2019: date(2019, 2, 5), 2020: date(2020, 1, 25),
    2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
    2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17),
    2027: date(2027, 2, 6), 2028: date(2028, 1, 26), 2029: date(2029, 2, 13),
    2030: date(2030, 2, 3), 2031: date(2031, 1, 23), 2032: date(2032, 2, 11),
    2033: date(2033, 1, 31), 2034: date(2034, 2, 19), 2035: date(2035, 2, 8),
}
# Monday … Sunday
WEEKDAY_WEIGHT = (0.80, 0.75, 0.80, 0.85, 1.05, 1.60, 1.50)
# Opening hours 9:00–21:00 with a lunch dip and an after-work peak.
HOUR_WEIGHT = {9: 5, 10: 9, 11: 10, 12: 6, 13: 7, 14: 9, 15: 10, 16: 10, 17: 11, 18: 12,
               19: 10, 20: 6}


def spring_festival(year: int) -> date:
    return SPRING_FESTIVAL.get(year, date(year, 2, 1))


def season_weight(day: date) -> float:
    """How much busier (or quieter) than usual the shop is on ``day``, weekday aside."""
    festival = spring_festival(day.year)
    if day.month >= 11:
        festival = spring_festival(day.year + 1)
    offset = (day - festival).days
    if -21 <= offset < 0:
        return 1.9
    if 0 <= offset < 5:
        return 0.25
    if 5 <= offset < 15:
        return 0.8
    if day.month in (7, 8):
        return 1.2
    if day.month == 9 and day.day >= 22:
        return 1.3
    if day.month == 10 and day.day <= 7:
        return 0.7
    return 1.0


class Calendar:
    """The days of the demo history (``first`` … ``last``) with their weights."""

    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.days = (last - first).days + 1
        # Day numbers of the last day (today) and of the last day with business: nothing
        # is booked today, so no demo row lies in the future of the moment it was made.
        self.today = self.days - 1
        self.yesterday = self.days - 2
        dates = [first + timedelta(days=i) for i in range(self.days)]
        self.day_text = tuple(d.isoformat() + " " for d in dates)
        weights = [WEEKDAY_WEIGHT[d.weekday()] * season_weight(d) for d in dates]
        # cum[i] = total weight of days before day i
        self.cum = (0.0, *accumulate(weights))
        # One slot per weight unit of an hour: a random number picks the slot (the hour)
        # and its fraction the second within the hour.
        self._slot_hours = tuple(h for h, w in HOUR_WEIGHT.items() for _ in range(w))
        self._clock = tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
                            for s in range(86_400))

    def iso_date(self, day: int) -> str:
        """"YYYY-MM-DD" of a day number (it may lie beyond the last day)."""
        return (self.first + timedelta(days=day)).isoformat()

    def weight(self, start: int, end: int) -> float:
        """Total weight of days start … end (inclusive)."""
        return self.cum[end + 1] - self.cum[start]

    def draw_day(self, rng: random.Random, start: int, end: int) -> int:
        """A day in start … end, busy days more likely than quiet ones."""
        low, high = self.cum[start], self.cum[end + 1]
        day = bisect_right(self.cum, low + rng.random() * (high - low)) - 1
        return min(max(day, start), end)

    def _second(self, draw: float) -> int:
        """Second of the day within opening hours for a random number in [0, 1)."""
        slots = self._slot_hours
        position = draw * len(slots)
        slot = int(position)
        return slots[slot] * 3600 + int((position - slot) * 3600)

    def draw_time(self, rng: random.Random) -> str:
        """A time of day "HH:MM:SS" within opening hours, busy hours more likely."""
        return self._clock[self._second(rng.random())]

    def draw_visits(
        self, rng: random.Random, start: int, end: int, count: int
    ) -> list[tuple[int, str]]:
        """``count`` visits on days start … end in time order: (day number, datetime text)."""
        cum, rand, second = self.cum, rng.random, self._second
        low = cum[start]
        width = cum[end + 1] - low
        keys = sorted(
            min(bisect_right(cum, low + rand() * width) - 1, end) * 100_000 + second(rand())
            for _ in range(count)
        )
        day_text, clock = self.day_text, self._clock
        return [(key // 100_000, f"{day_text[key // 100_000]}{clock[key % 100_000]}.000000")
                for key in keys]

    def stamp(self, day: int, time_of_day: str) -> str:
        """SQLite datetime text of a day number and "HH:MM:SS"."""
        return self.day_text[day] + time_of_day + ".000000"
