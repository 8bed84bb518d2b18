"""What every chart is drawn from: labelled series, the date range and the filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Series:
    """One line, bar group or stack layer; ``key`` names it (a payment method, a gender …)."""

    key: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartData:
    """Categories along the x axis (months, age bands, regions …) and the series over them.

    Money series hold fen; the drawing code shows yuan.
    """

    labels: tuple[str, ...]
    series: tuple[Series, ...]
    extra: tuple[Series, ...] = ()  # a second measure drawn on its own axis
    # Where the labels sit: "province", "city" or "district", inside the places in ``scope``.
    level: str = ""
    scope: tuple[str, ...] = ()

    @property
    def has_data(self) -> bool:
        return any(any(v and v == v for v in s.values) for s in self.series + self.extra)

    def values_of(self, key: str) -> tuple[float, ...]:
        for s in self.series + self.extra:
            if s.key == key:
                return s.values
        raise KeyError(key)


@dataclass(frozen=True)
class ChartFilter:
    """Filters over the customers a chart counts; None means all."""

    province: str | None = None
    gender: str | None = None
    source: str | None = None

    def sql(self, alias: str) -> tuple[str, dict[str, str]]:
        """An ``AND …`` fragment on customers ``alias`` and its parameters."""
        parts, params = [], {}
        for name in ("province", "gender", "source"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"AND {alias}.{name} = :f_{name}")
                params[f"f_{name}"] = value
        return " ".join(parts), params

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.province, self.gender, self.source))


@dataclass(frozen=True)
class ChartRequest:
    """The date range (both ends included) and filters the user chose."""

    start: date
    end: date
    filters: ChartFilter = field(default_factory=ChartFilter)

    def bounds(self) -> dict[str, str]:
        """SQL parameters: start day and the exclusive end (the day after ``end``)."""
        return {"start": self.start.isoformat(), "end": (self.end + timedelta(days=1)).isoformat()}


def months_between(start: date, end: date) -> tuple[str, ...]:
    """'YYYY-MM' of every month touched by the range."""
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(f"{day:%Y-%m}")
        day = (day + timedelta(days=32)).replace(day=1)
    return tuple(months)


def month_ends(start: date, end: date) -> tuple[date, ...]:
    """The last day of every month in the range (the range's end for the last one)."""
    out = []
    for month in months_between(start, end):
        first = date.fromisoformat(month + "-01")
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        out.append(min(last, end))
    return tuple(out)


def per_month(
    months: tuple[str, ...], rows: dict[str, float], missing: float = 0.0
) -> tuple[float, ...]:
    """Values in month order; ``missing`` (NaN for averages, so lines break) where none."""
    return tuple(float(rows.get(m, missing)) for m in months)
