"""Aggregations about the people on file: new members, age and gender, region, lifecycle.

Members join on their member-since day (入会日期), not the day their record was made
here; who is on file at a date follows ``population`` (joined by then or bought by
then; anonymised and merged customers are never on file).
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy.orm import Session

from crm_desktop.models.analytics.history import load_history
from crm_desktop.models.analytics.lifecycle import STAGE_KEYS, compute_lifecycle
from crm_desktop.models.analytics.population import customers_on_file, on_file_sql
from crm_desktop.models.analytics.settings import read_settings
from crm_desktop.models.report_sql import ReportSql, report_sql
from crm_desktop.reports.chart_data import (
    ChartData,
    ChartRequest,
    Series,
    month_ends,
    months_between,
    per_month,
)

AGE_BANDS = ("<18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "?")
GENDER_KEYS = ("F", "M", "?")


# Each half walks one index; with no filter neither reads a table row (the rowid is
# in the index entry, so leaving out merged ids needs none either).
_NEW_MEMBERS = """
SELECT {joined}, count(*) FROM customers c
WHERE c.member_since >= :start AND c.member_since < :end
  AND c.id NOT IN ({merged}) {where}
GROUP BY 1
UNION ALL
SELECT {created}, count(*) FROM customers c
WHERE c.member_since IS NULL AND c.created_at >= :start AND c.created_at < :end
  AND c.id NOT IN ({merged}) {where}
GROUP BY 1
"""


def _new_members(words: ReportSql, where: str) -> str:
    return words.named(_NEW_MEMBERS.format(
        joined=words.month("c.member_since"), created=words.month("c.created_at"),
        merged=words.json_ids(":merged"), where=where,
    ))


def new_members_per_month(session: Session, request: ChartRequest) -> ChartData:
    """Customers whose member-since day falls in each month of the range.

    A merged customer is the survivor's duplicate and is not counted again; an
    anonymised one did join that month and still counts.
    """
    where, params = request.filters.sql("c")
    merged = session.connection().exec_driver_sql(
        "SELECT id FROM customers WHERE status = 'merged'"
    )
    params["merged"] = json.dumps([int(r[0]) for r in merged])
    joined: dict[str, float] = defaultdict(float)
    for month, count in session.connection().exec_driver_sql(
        _new_members(report_sql(session), where), {**request.bounds(), **params}
    ):
        joined[month] += count
    months = months_between(request.start, request.end)
    return ChartData(months, (Series("new", per_month(months, joined)),))


def age_and_gender(session: Session, request: ChartRequest) -> ChartData:
    """Active customers on file at the range's end, by age band (at that day) and gender."""
    where, params = request.filters.sql("c")
    at = request.end
    words = report_sql(session)
    not_yet = words.as_int(f"({words.month_day('c.birthday')} > '{at:%m-%d}')")
    age = f"({at.year} - {words.year('c.birthday')} - {not_yet})"
    band = (
        f"CASE WHEN c.birthday IS NULL THEN {words.unknown} WHEN {age} < 18 THEN '<18' "
        f"WHEN {age} < 25 THEN '18-24' WHEN {age} < 35 THEN '25-34' "
        f"WHEN {age} < 45 THEN '35-44' WHEN {age} < 55 THEN '45-54' "
        f"WHEN {age} < 65 THEN '55-64' ELSE '65+' END"
    )
    rows = session.connection().exec_driver_sql(
        words.named(
            f"SELECT {band}, COALESCE(c.gender, {words.unknown}), count(*) FROM customers c "
            f"WHERE c.status = 'active' AND {on_file_sql('c')} {where} GROUP BY 1, 2"
        ),
        {**request.bounds(), **params},
    )
    counts: dict[str, dict[str, float]] = defaultdict(dict)
    for band_key, gender, n in rows.fetchall():
        counts[gender if gender in GENDER_KEYS else "?"][band_key] = n
    return ChartData(
        AGE_BANDS,
        tuple(Series(g, tuple(float(counts[g].get(b, 0)) for b in AGE_BANDS)) for g in GENDER_KEYS),
    )


LEVELS = ("province", "city", "district")
# One place holding this share of the located customers says nothing as a single bar:
# the chart zooms into it (a one-city shop sees its districts, not one bar for its province).
ZOOM_SHARE = 0.8


def customers_by_region(session: Session, request: ChartRequest, top: int = 12) -> ChartData:
    """Active customers on file at the range's end by place, largest first, at the finest
    level that varies: by province, unless one province holds most (``ZOOM_SHARE``) of
    those whose place is known, then by its cities, and so on down to districts. A province
    filter starts at its cities.

    ``ChartData.level`` names the level, ``scope`` the places zoomed into. Customers outside
    the scope, and regions past ``top``, are summed as "other" (key ``…``); unknown is ``?``.
    """
    where, params = request.filters.sql("c")
    rows = session.connection().exec_driver_sql(
        report_sql(session).named(
            "SELECT COALESCE(c.province, ''), COALESCE(c.city, ''), COALESCE(c.district, ''),"
            f" count(*) FROM customers c WHERE c.status = 'active' AND {on_file_sql('c')} {where}"
            " GROUP BY 1, 2, 3"
        ),
        {**request.bounds(), **params},
    ).fetchall()
    places = [((str(p), str(ci), str(d)), int(n)) for p, ci, d, n in rows]
    level = 1 if request.filters.province else 0
    scope: list[str] = [request.filters.province] if request.filters.province else []
    while level < len(LEVELS) - 1:
        counts = _count_at(places, scope, level)
        located = sum(counts.values())
        if not counts:
            break
        biggest, n = max(counts.items(), key=lambda kv: kv[1])
        finer = _count_at(places, [*scope, biggest], level + 1)
        if n < ZOOM_SHARE * located or not finer:
            break
        scope.append(biggest)
        level += 1
    counts = _count_at(places, scope, level)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ranked[:top]
    inside_unknown = _unknown_inside(places, scope, level)
    located = sum(n for path, n in places if path[0])
    outside = located - sum(counts.values()) - inside_unknown
    rest = outside + sum(n for _, n in ranked[top:])
    unknown = sum(n for path, n in places if not path[0]) + inside_unknown
    labels = [r for r, _ in shown] + (["…"] if rest else []) + (["?"] if unknown else [])
    values = [float(n) for _, n in shown] + ([float(rest)] if rest else [])
    values += [float(unknown)] if unknown else []
    return ChartData(tuple(labels), (Series("customers", tuple(values)),),
                     level=LEVELS[level], scope=tuple(s for s in scope if s))


def _count_at(
    places: list[tuple[tuple[str, str, str], int]], scope: list[str], level: int
) -> dict[str, int]:
    """Customers per named place at ``level`` among those inside ``scope``."""
    counts: dict[str, int] = defaultdict(int)
    for path, n in places:
        if path[: len(scope)] == tuple(scope) and path[level]:
            counts[path[level]] += n
    return dict(counts)


def _unknown_inside(
    places: list[tuple[tuple[str, str, str], int]], scope: list[str], level: int
) -> int:
    """Customers inside ``scope`` (with a province) whose place at ``level`` is not known."""
    return sum(n for path, n in places
               if path[0] and path[: len(scope)] == tuple(scope) and not path[level])


def lifecycle_over_time(session: Session, request: ChartRequest) -> ChartData:
    """Customers in each lifecycle stage at the end of every month of the range.

    One aggregate pass per month end; filters do not apply (the whole shop).
    """
    settings = read_settings(session)
    ends = month_ends(request.start, request.end)
    counts = []
    for at in ends:
        history = load_history(
            session, at, settings.window_days, settings.lifecycle.loyal_window_days
        )
        total = customers_on_file(session, at, history.customer_id)
        counts.append(compute_lifecycle(history, settings, total).stage_counts())
    labels = tuple(f"{d:%Y-%m}" for d in ends)
    return ChartData(
        labels,
        tuple(Series(key, tuple(float(c[i]) for c in counts)) for i, key in enumerate(STAGE_KEYS)),
    )
