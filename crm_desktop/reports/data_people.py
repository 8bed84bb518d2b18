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
SELECT substr(c.member_since, 1, 7), count(*) FROM customers c
WHERE c.member_since >= :start AND c.member_since < :end
  AND c.id NOT IN (SELECT value FROM json_each(:merged)) {where}
GROUP BY 1
UNION ALL
SELECT substr(c.created_at, 1, 7), count(*) FROM customers c
WHERE c.member_since IS NULL AND c.created_at >= :start AND c.created_at < :end
  AND c.id NOT IN (SELECT value FROM json_each(:merged)) {where}
GROUP BY 1
"""


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
        _NEW_MEMBERS.format(where=where), {**request.bounds(), **params}
    ):
        joined[month] += count
    months = months_between(request.start, request.end)
    return ChartData(months, (Series("new", per_month(months, joined)),))


def age_and_gender(session: Session, request: ChartRequest) -> ChartData:
    """Active customers on file at the range's end, by age band (at that day) and gender."""
    where, params = request.filters.sql("c")
    at = request.end
    age = (
        f"({at.year} - CAST(substr(c.birthday, 1, 4) AS INTEGER)"
        f" - (substr(c.birthday, 6, 5) > '{at:%m-%d}'))"
    )
    band = (
        f"CASE WHEN c.birthday IS NULL THEN '?' WHEN {age} < 18 THEN '<18' "
        f"WHEN {age} < 25 THEN '18-24' WHEN {age} < 35 THEN '25-34' "
        f"WHEN {age} < 45 THEN '35-44' WHEN {age} < 55 THEN '45-54' "
        f"WHEN {age} < 65 THEN '55-64' ELSE '65+' END"
    )
    rows = session.connection().exec_driver_sql(
        f"SELECT {band}, COALESCE(c.gender, '?'), count(*) FROM customers c "
        f"WHERE c.status = 'active' AND {on_file_sql('c')} {where} GROUP BY 1, 2",
        {**request.bounds(), **params},
    )
    counts: dict[str, dict[str, float]] = defaultdict(dict)
    for band_key, gender, n in rows.fetchall():
        counts[gender if gender in GENDER_KEYS else "?"][band_key] = n
    return ChartData(
        AGE_BANDS,
        tuple(Series(g, tuple(float(counts[g].get(b, 0)) for b in AGE_BANDS)) for g in GENDER_KEYS),
    )


def customers_by_region(session: Session, request: ChartRequest, top: int = 12) -> ChartData:
    """Active customers on file at the range's end per province (per city when a province
    is filtered), largest first.

    Past ``top`` regions the rest are summed as "other" (key ``…``); unknown is ``?``.
    """
    where, params = request.filters.sql("c")
    column = "c.city" if request.filters.province else "c.province"
    rows = (
        session.connection()
        .exec_driver_sql(
            f"SELECT COALESCE(NULLIF({column}, ''), '?'), count(*) FROM customers c "
            f"WHERE c.status = 'active' AND {on_file_sql('c')} {where}"
            " GROUP BY 1 ORDER BY 2 DESC",
            {**request.bounds(), **params},
        )
        .fetchall()
    )
    known = [(r, n) for r, n in rows if r != "?"]
    unknown = sum(n for r, n in rows if r == "?")
    shown = known[:top]
    rest = sum(n for _, n in known[top:])
    labels = [r for r, _ in shown] + (["…"] if rest else []) + (["?"] if unknown else [])
    values = [float(n) for _, n in shown] + ([float(rest)] if rest else [])
    values += [float(unknown)] if unknown else []
    return ChartData(tuple(labels), (Series("customers", tuple(values)),))


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
