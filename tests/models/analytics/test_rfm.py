"""RFM scores, segments, value classes, lifecycle, lifetime value and churn on hand-built files.

Reference date for every test: 2025-06-30; the 365-day window is 2024-07-01 … 2025-06-30.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from analytics_builders import add_customer, add_refund, add_sale

from crm_desktop.models.actor import Actor
from crm_desktop.models.analytics.churn import find_churn_warnings, win_back_results
from crm_desktop.models.analytics.lifecycle import STAGE_KEYS, customer_lifecycle
from crm_desktop.models.analytics.rfm import SEGMENTS, segment_customers
from crm_desktop.models.analytics.settings import (
    AnalyticsSettings,
    RfmThresholds,
    load_settings,
    save_settings,
)
from crm_desktop.models.entities import AuditEntry, Interaction
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.language import set_language
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

AT = date(2025, 6, 30)


def ago(days: int) -> date:
    return AT - timedelta(days=days)


@pytest.fixture
def six_buyers(store: Store) -> dict[str, int]:
    """Six customers who bought in the window, one who bought just before it, one never."""
    ids = {
        key: add_customer(store, name)
        for key, name in zip("ABCDEGFH", "甲乙丙丁戊庚己辛", strict=True)
    }
    # A: three visits of ¥100 in June, plus one long before the window.
    add_sale(store, ids["A"], date(2024, 1, 15), 9900)
    for day in (date(2025, 6, 30), date(2025, 6, 20), date(2025, 6, 10)):
        add_sale(store, ids["A"], day, 10000)
    # B: one big purchase today.
    add_sale(store, ids["B"], AT, 50000)
    # C: three purchases of ¥200, the last one 180 days ago.
    for day in (date(2025, 1, 1), date(2024, 12, 1), date(2024, 11, 1)):
        add_sale(store, ids["C"], day, 20000)
    # D: ¥10 181 days ago.  G: ¥10 on the first day of the window (364 days ago).
    add_sale(store, ids["D"], date(2024, 12, 31), 1000)
    add_sale(store, ids["G"], date(2024, 7, 1), 1000)
    # E: ¥80, then ¥40 with ¥10 given back (still a visit), then ¥30 given back in full.
    add_sale(store, ids["E"], date(2025, 6, 1), 8000)
    partial = add_sale(store, ids["E"], date(2025, 6, 5), 4000)
    add_refund(store, partial, date(2025, 6, 6), 1000)
    full = add_sale(store, ids["E"], date(2025, 6, 15), 3000)
    add_refund(store, full, date(2025, 6, 16), 3000)
    # F: bought the day before the window starts, so not segmented.  H never bought.
    add_sale(store, ids["F"], date(2024, 6, 30), 7000)
    return ids


def test_rfm_values_scores_with_ties_segments_and_value_classes(
    store: Store, six_buyers: dict[str, int]
) -> None:
    with store.read() as session:
        table = segment_customers(session, AT)
    rows = {key: table.for_customer(cid) for key, cid in six_buyers.items()}
    assert rows["F"] is None and rows["H"] is None  # outside the window / never bought
    assert len(table) == 6
    got = {k: (r.r_days, r.frequency, r.monetary_fen) for k, r in rows.items() if r}
    # E: the full refund takes back one visit; the partial one only money.
    assert got == {
        "A": (0, 3, 30000),
        "B": (0, 1, 50000),
        "C": (180, 3, 60000),
        "D": (181, 1, 1000),
        "E": (25, 2, 11000),
        "G": (364, 1, 1000),
    }
    # R sorted by days descending: G 1, D 2, C 3, E 4, A and B tie at rank 5 (not 6):
    # 1 + floor(5 × 4 / 6) = 4 for both; rank 6 would have scored 5.
    scores = {k: (r.r_score, r.f_score, r.m_score) for k, r in rows.items() if r}
    assert {k: s[0] for k, s in scores.items()} == {"G": 1, "D": 1, "C": 2, "E": 3, "A": 4, "B": 4}
    # F ascending: B, D, G share rank 1; E rank 4 → 3; A and C share rank 5 → 4.
    assert {k: s[1] for k, s in scores.items()} == {"B": 1, "D": 1, "G": 1, "E": 3, "A": 4, "C": 4}
    # M ascending: D and G share rank 1; E rank 3 → 2; A 4 → 3; B 5 → 4; C 6 → 5.
    assert {k: s[2] for k, s in scores.items()} == {"D": 1, "G": 1, "E": 2, "A": 3, "B": 4, "C": 5}
    # Means: 125 days, 11/6 purchases, ¥255.
    assert table.cut_r_days == 125.0
    assert table.cut_frequency == pytest.approx(11 / 6)
    assert table.cut_monetary_fen == 25500.0
    segs = {k: r.segment.name_zh for k, r in rows.items() if r}
    assert segs == {
        "A": "重要价值客户",
        "B": "重要发展客户",
        "C": "重要保持客户",
        "D": "一般挽留客户",
        "E": "一般价值客户",
        "G": "一般挽留客户",
    }
    assert rows["C"] is not None and rows["C"].segment.name_en == "Important retention customers"
    # Value: C and B have fewer than 20 % of six ahead of them; A fewer than 50 %.
    assert {k: r.value_class for k, r in rows.items() if r} == {
        "C": 0,
        "B": 0,
        "A": 1,
        "E": 2,
        "D": 2,
        "G": 2,
    }
    summary = {s.segment.key: (s.customers, s.spend_fen) for s in table.summary()}
    assert summary["general_win_back"] == (2, 2000)
    assert summary["important_value"] == (1, 30000)
    assert sum(s.share_of_spend for s in table.summary()) == pytest.approx(1.0)


def test_fixed_thresholds_replace_the_means(store: Store, six_buyers: dict[str, int]) -> None:
    settings = AnalyticsSettings(thresholds=RfmThresholds(30, 3, 50000))
    with store.read() as session:
        table = segment_customers(session, AT, settings)
    segs = {k: table.for_customer(cid) for k, cid in six_buyers.items()}
    names = {k: r.segment.name_zh for k, r in segs.items() if r}
    # A: 0 days, 3 purchases, ¥300 < ¥500; B: ¥500 reaches the threshold; E: 2 < 3 purchases.
    assert names["A"] == "一般价值客户"
    assert names["B"] == "重要发展客户"
    assert names["C"] == "重要保持客户"
    assert names["E"] == "一般发展客户"
    assert table.fixed_thresholds


def test_a_window_with_only_refunded_sales_has_no_purchase(store: Store) -> None:
    cid = add_customer(store, "退货客")
    sale = add_sale(store, cid, ago(3), 5000)
    add_refund(store, sale, ago(2), 5000)
    with store.read() as session:
        table = segment_customers(session, AT)
        life = customer_lifecycle(session, AT)
    assert table.for_customer(cid) is None
    assert life.stage_counts()[STAGE_KEYS.index("potential")] == 1


def test_lifecycle_boundaries_on_the_exact_day(store: Store) -> None:
    old = date(2024, 1, 1)
    people = {
        "new_90": [ago(90)],
        "at_risk_91": [ago(91)],
        "active_90": [old, ago(90)],
        "at_risk_365": [old, ago(365)],
        "churned_366": [old, ago(366)],
        "loyal_60": [old, *(ago(d) for d in (300, 250, 200, 150, 100, 60))],
        "active_61": [old, *(ago(d) for d in (300, 250, 200, 150, 100, 61))],
        "active_5": [old, *(ago(d) for d in (250, 200, 150, 100, 60))],
    }
    ids = {}
    for key, days in people.items():
        ids[key] = add_customer(store, key)
        for day in days:
            add_sale(store, ids[key], day, 1000)
    add_customer(store, "never")
    with store.read() as session:
        life = customer_lifecycle(session, AT)
    stage_of = {
        key: STAGE_KEYS[int(life.stage[int((life.customer_id == cid).argmax())])]
        for key, cid in ids.items()
    }
    assert stage_of == {
        "new_90": "new",
        "at_risk_91": "at_risk",
        "active_90": "active",
        "at_risk_365": "at_risk",
        "churned_366": "churned",
        "loyal_60": "loyal",
        "active_61": "active",
        "active_5": "active",
    }
    assert life.stage_counts() == (1, 1, 3, 1, 2, 1)


def test_lifetime_value_history_and_forecast(store: Store) -> None:
    veteran = add_customer(store, "老客")
    add_sale(store, veteran, ago(730), 30000)
    add_sale(store, veteran, ago(10), 43000)
    newcomer = add_customer(store, "新客")
    add_sale(store, newcomer, ago(10), 5000)
    with store.read() as session:
        life = customer_lifecycle(session, AT, AnalyticsSettings(expected_years=3))
    pairs = zip(life.historical_fen.tolist(), life.forecast_fen.tolist(), strict=True)
    values = dict(zip(life.customer_id.tolist(), pairs, strict=True))
    # ¥730 over 730 days is ¥365 a year; three years ahead: ¥1,095.
    assert values[veteran] == (73000, 109500)
    # Ten days of tenure count as a whole year (min_tenure_days), so ¥50 → ¥150.
    assert values[newcomer] == (5000, 15000)


def test_churn_warning_names_the_usual_gap_and_the_absence(store: Store) -> None:
    slipping = add_customer(store, "常客", phone="13800000001")
    for days in (200, 76, 64, 52, 52, 40):  # two on one day: gaps 124, 12, 12, 12
        add_sale(store, slipping, ago(days), 2000)
    steady = add_customer(store, "稳定客")
    for days in (200, 100, 70, 40):  # median gap 30, 40 days is not over 60
        add_sale(store, steady, ago(days), 2000)
    two_visits = add_customer(store, "两次客")
    for days in (80, 70):
        add_sale(store, two_visits, ago(days), 2000)
    with store.read() as session:
        warnings = find_churn_warnings(session, AT)
    assert [w.customer_id for w in warnings] == [slipping]
    warning = warnings[0]
    assert warning.median_gap_days == 12.0 and warning.days_since_last == 40
    assert warning.reason == "通常每 12 天来一次，已 40 天未到店"
    set_language("en")
    assert warning.reason == "usually every 12 days, not seen for 40"
    assert warning.stage == "loyal" and warning.purchases == 6


def test_win_back_outcomes(store: Store) -> None:
    won = add_customer(store, "回来了")
    lost = add_customer(store, "没回来")
    waiting = add_customer(store, "等待中")
    late = add_customer(store, "晚一天")
    with store.write() as session:
        for cid, when in (
            (won, datetime(2025, 5, 1, 10)),
            (lost, datetime(2025, 4, 1, 10)),
            (waiting, datetime(2025, 6, 20, 10)),
            (late, datetime(2025, 4, 1, 10)),
        ):
            session.add(Interaction(customer_id=cid, ts=when, channel="call", purpose="win_back"))
    add_sale(store, won, date(2025, 5, 31), 3000)  # day 30: in time
    add_sale(store, late, date(2025, 5, 2), 3000)  # day 31: too late
    with store.read() as session:
        summary = win_back_results(session, date(2025, 1, 1), AT)
    status = {o.customer_id: o.status for o in summary.outcomes}
    assert status == {won: "won", lost: "lost", waiting: "pending", late: "lost"}
    assert (summary.contacted, summary.won, summary.pending, summary.lost) == (4, 1, 1, 2)
    assert summary.win_rate == pytest.approx(1 / 3)


def test_settings_are_saved_by_the_owner_only(store: Store, owner: Actor, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied, match="前台账号无权修改店铺设置"):
        save_settings(store, clerk, AnalyticsSettings(window_days=180))
    with pytest.raises(ValidationError, match="统计窗口至少 1 天"):
        save_settings(store, owner, AnalyticsSettings(window_days=0))
    assert load_settings(store) == AnalyticsSettings()
    with store.read() as session:
        audits_before = session.query(AuditEntry).count()
    wanted = AnalyticsSettings(window_days=180, thresholds=RfmThresholds(30, 3, 50000))
    save_settings(store, owner, wanted)
    assert load_settings(store) == wanted
    with store.read() as session:
        assert session.query(AuditEntry).count() == audits_before + 1


def test_segment_list_is_complete_and_bilingual() -> None:
    assert [s.name_zh for s in SEGMENTS][::4] == ["重要价值客户", "一般价值客户"]
    assert len({s.key for s in SEGMENTS}) == 8
    assert all(s.name_en.endswith("customers") for s in SEGMENTS)


@pytest.mark.parametrize(("seed", "loyal_days"), [(5, 365), (11, 365), (23, 200)])
def test_fast_pass_with_corrections_equals_the_exact_rule_row_by_row(
    store: Store, seed: int, loyal_days: int
) -> None:
    """Random sales, free sales, partial and full refunds: the quick aggregate plus its
    corrections gives what resolving every customer's rows one by one gives."""
    import random

    import numpy as np

    from crm_desktop.models.analytics.history import _exact, bounds, load_history
    from crm_desktop.models.entities import Purchase

    rng = random.Random(seed)
    ids = [add_customer(store, f"客{i}") for i in range(40)]
    with store.write() as session:
        for cid in ids:
            for _ in range(rng.randint(1, 8)):
                day = ago(rng.randint(0, 500))
                paid = rng.choice([0, 500, 1200, 3000])
                sale = Purchase(
                    customer_id=cid,
                    ts=datetime.combine(day, datetime.min.time()),
                    kind="sale",
                    amount_fen=paid,
                    paid_fen=paid,
                    payment_method="cash",
                )
                session.add(sale)
                session.flush()
                if rng.random() < 0.35:
                    back = paid if rng.random() < 0.6 else paid // 3
                    later = min(day + timedelta(days=rng.randint(0, 3)), AT + timedelta(days=2))
                    session.add(
                        Purchase(
                            customer_id=cid,
                            ts=datetime.combine(later, datetime.min.time()),
                            kind="refund",
                            refund_of_id=sale.id,
                            amount_fen=-back,
                            paid_fen=-back,
                            payment_method="cash",
                        )
                    )
    with store.read() as session:
        fast = load_history(session, AT, 365, loyal_days)
        slow = _exact(session, fast.customer_id, bounds(AT, 365, loyal_days))
    columns = [
        "first_day",
        "last_day",
        "count_all",
        "net_all_fen",
        "window_last_day",
        "window_count",
        "window_net_fen",
        "loyal_count",
    ]
    for i, name in enumerate(columns):
        assert np.array_equal(getattr(fast, name), slow[:, i]), name
    assert fast.exact_pass.any() and not fast.exact_pass.all()


def test_weighted_median_of_gap_counts() -> None:
    import numpy as np

    from crm_desktop.models.analytics.churn import weighted_medians

    # Customer 1: gaps 3, 5, 5, 9 → median 5; customer 2: gaps 2, 10 → 6; customer 3: 7.
    ids, medians = weighted_medians(
        np.array([1, 1, 1, 2, 2, 3]), np.array([3, 5, 9, 2, 10, 7]), np.array([1, 2, 1, 1, 1, 1])
    )
    assert ids.tolist() == [1, 2, 3] and medians.tolist() == [5.0, 6.0, 7.0]


def test_a_refunded_visit_is_no_visit_for_churn(store: Store) -> None:
    regular = add_customer(store, "退过货")
    for days in (200, 100, 88, 76, 64):
        add_sale(store, regular, ago(days), 2000)
    # A visit 40 days ago, refunded in full: the last real visit was 64 days ago.
    returned = add_sale(store, regular, ago(40), 3000)
    add_refund(store, returned, ago(39), 3000)
    with store.read() as session:
        warnings = find_churn_warnings(session, AT)
    assert [(w.customer_id, w.days_since_last, w.median_gap_days) for w in warnings] == [
        (regular, 64, 12.0)
    ]
    assert warnings[0].reason_zh == "通常每 12 天来一次，已 64 天未到店"
