"""Who is on file at a date: member since, a purchase by then, never anonymised or merged."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from analytics_builders import add_customer, add_sale

from crm_desktop.models.actor import Actor
from crm_desktop.models.analytics.history import load_history
from crm_desktop.models.analytics.lifecycle import customer_lifecycle
from crm_desktop.models.analytics.population import (
    counted_sql,
    customers_on_file,
    on_file_sql,
)
from crm_desktop.models.analytics.rfm import segment_customers
from crm_desktop.models.excel.export_segments import export_segments
from crm_desktop.models.report_sql import report_sql
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store
from crm_desktop.reports.chart_data import ChartRequest
from crm_desktop.reports.data_money import takings_per_month
from crm_desktop.reports.data_people import age_and_gender, new_members_per_month

AT = date(2025, 6, 30)
STATUSES = ("active", "active", "active", "terminated", "anonymised", "merged")


@pytest.mark.both_backends
def test_on_file_by_member_since_or_by_a_purchase_whatever_the_date(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    """Random shops: the fast count, the SQL rule and the export agree with the rule read plainly."""
    rng = random.Random(14)
    expected: list[tuple[int, date, str, list[date]]] = []
    for i in range(60):
        created = datetime(2025, 1, 1) + timedelta(days=rng.randrange(700))
        since = rng.choice([None, created.date() - timedelta(days=rng.randrange(1500))])
        status = rng.choice(STATUSES)
        cid = add_customer(store, f"客户{i}", created_at=created, member_since=since, status=status)
        days = sorted(date(2023, 1, 1) + timedelta(days=rng.randrange(1000))
                      for _ in range(rng.choice([0, 0, 1, 3])))
        for day in days:
            add_sale(store, cid, day, 1000 * rng.randrange(1, 9))
        expected.append((cid, since or created.date(), status, days))

    counts = {}
    for at in (date(2023, 6, 1), date(2024, 2, 29), AT, date(2026, 1, 1)):
        plain = sorted(
            cid for cid, joined, status, days in expected
            if status not in ("anonymised", "merged")
            and (joined <= at or any(d <= at for d in days))
        )
        with store.read() as session:
            history = load_history(session, at)
            fast = customers_on_file(session, at, history.customer_id)
            on_file = report_sql(session).named(
                f"SELECT c.id FROM customers c WHERE {counted_sql('c')} AND {on_file_sql('c')}"
                " ORDER BY c.id")
            by_sql = [int(r[0]) for r in session.connection().exec_driver_sql(
                on_file, {"end": (at + timedelta(days=1)).isoformat()})]
        assert fast == len(plain) and by_sql == plain, at
        assert set(history.customer_id.tolist()) <= set(plain)
        counts[at] = fast
    assert export_segments(store, owner, tmp_path / "seg.xlsx", AT).rows == counts[AT]


@pytest.mark.both_backends
def test_a_customer_without_member_since_joined_the_day_it_was_created(store: Store) -> None:
    """Rows written outside the program (no member since): the bulk writer's and migration's rule."""
    add_customer(store, "老客户", created_at=datetime(2024, 3, 9, 18, 30))
    add_customer(store, "新客户", created_at=datetime(2024, 4, 1, 8, 0),
                 member_since=date(2019, 7, 1))
    with store.read() as session:
        months = new_members_per_month(session, ChartRequest(date(2019, 7, 1), date(2024, 4, 30)))
        on_march_9 = customers_on_file(session, date(2024, 3, 9), load_history(
            session, date(2024, 3, 9)).customer_id)
        on_march_8 = customers_on_file(session, date(2024, 3, 8), load_history(
            session, date(2024, 3, 8)).customer_id)
    joined = {m: v for m, v in zip(months.labels, months.values_of("new"), strict=True) if v}
    assert joined == {"2019-07": 1, "2024-03": 1}
    assert (on_march_8, on_march_9) == (1, 2)


def test_an_anonymised_buyer_is_in_no_analysis_but_the_money_stays(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    kept = add_customer(store, "留下的", member_since=date(2024, 1, 1), gender="F",
                        birthday=date(1990, 1, 1))
    gone = add_customer(store, "要删除的", member_since=date(2024, 1, 1), gender="F",
                        birthday=date(1990, 1, 1))
    add_sale(store, kept, date(2025, 6, 1), 10000)
    add_sale(store, gone, date(2025, 6, 2), 50000)
    PrivacyService(store, owner).anonymise(gone, "本人要求删除")
    with store.read() as session:
        table = segment_customers(session, AT)
        life = customer_lifecycle(session, AT)
        ages = age_and_gender(session, ChartRequest(date(2025, 1, 1), AT))
        takings = takings_per_month(session, ChartRequest(date(2025, 6, 1), AT))
    assert table.customer_id.tolist() == [kept] and sum(life.stage_counts()) == 1
    assert sum(ages.values_of("F")) == 1
    assert takings.values_of("cash") == (60000,)  # both sales were taken
    out = export_segments(store, owner, tmp_path / "seg.xlsx", AT)
    assert out.rows == 1


@pytest.mark.both_backends
def test_a_merged_customer_is_not_counted_even_with_a_row_left_behind(store: Store) -> None:
    survivor = add_customer(store, "王芳", member_since=date(2021, 3, 5))
    merged = add_customer(store, "王 芳", member_since=date(2020, 1, 1), status="merged",
                          merged_into=survivor)
    add_sale(store, survivor, date(2025, 5, 1), 10000)
    add_sale(store, merged, date(2025, 5, 2), 10000)
    with store.read() as session:
        table = segment_customers(session, AT)
        life = customer_lifecycle(session, AT)
        joined = new_members_per_month(session, ChartRequest(date(2020, 1, 1), AT))
    assert table.customer_id.tolist() == [survivor]
    assert life.stage_counts()[0] == 0 and sum(life.stage_counts()) == 1
    assert sum(joined.values_of("new")) == 1
