"""A migrated shop asked about the past: every analysis counts people by member since.

The member list came from an old system today: 开卡日期 from 2021, one member dated
by their first purchase, one who joined after the history ends, one whose history
starts before their card, one merged into another; a customer typed at the counter
today brings two years of imported purchases. At 2025-06-30, where the history
ends, segments, lifecycle, churn, care lists, tier review and the charts must all
see the same shop.
"""

from __future__ import annotations

import argparse
from collections.abc import Generator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from crm_desktop.cli.segments import export_segments_cli
from crm_desktop.models.actor import Actor
from crm_desktop.models.analytics.history import load_history
from crm_desktop.models.analytics.lifecycle import customer_lifecycle, stage_name
from crm_desktop.models.analytics.population import customers_on_file
from crm_desktop.models.analytics.tiers import run_tier_review, set_review_schedule
from crm_desktop.models.bulk import (
    BulkWriter,
    CardBalance,
    CardRow,
    CustomerRow,
    PurchaseRow,
    run_bulk,
)
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Card
from crm_desktop.models.excel.export_segments import export_segments
from crm_desktop.models.opening import create_store
from crm_desktop.models.progress import Progress
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.care_service import CareService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.insights_service import InsightsService
from crm_desktop.models.store.store import Store
from crm_desktop.reports.chart_data import ChartRequest
from crm_desktop.reports.chart_service import ChartService
from crm_desktop.reports.data_members import segment_sizes
from crm_desktop.reports.data_people import (
    customers_by_region,
    lifecycle_over_time,
    new_members_per_month,
)
from crm_desktop.reports.export import save_png

pytestmark = pytest.mark.both_backends

AT = date(2025, 6, 30)  # where the imported history ends
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMPORTED = datetime.now().strftime("%Y-%m-%d %H:%M:%S.000000")  # the import ran today

# (name, member since as the import set it, birthday, province, status, purchases (day, ¥))
MONTHLY = [(date(2023 + (m // 12), m % 12 + 1, 1), 100) for m in range(28)]  # 2023-01 … 2025-04
MEMBERS = {
    "王芳": ("2021-03-05", "1990-06-30", "浙江", "active", MONTHLY),
    "李娜": ("2023-02-10", None, "江苏", "active", [(date(2023, 2, 10), 80),
                                                    (date(2025, 6, 20), 500)]),
    "赵敏": ("2022-05-01", None, "浙江", "active", []),
    "周芷若": ("2025-09-01", "1995-06-30", "上海", "active", []),
    "张无忌": ("2025-09-01", "1988-06-30", None, "active", [(date(2024, 11, 11), 300),
                                                          (date(2025, 5, 5), 200)]),
    "宋青书": ("2021-03-05", "1990-06-30", "浙江", "merged", []),
}
COUNTER = ("陈静", "13700001111", [(date(2024, 9, 9), 2000), (date(2025, 6, 29), 2000)])


def _migrate(store: Store, owner: Actor) -> dict[str, int]:
    """The member list and purchase history through the bulk writer, as an import writes them."""
    counter = CustomerService(store, owner).create(CustomerInput(name=COUNTER[0], phone=COUNTER[1]))
    ids: dict[str, int] = {COUNTER[0]: counter.id}

    def work(writer: BulkWriter) -> Generator[Progress, None, None]:
        first = writer.first_id("customers")
        for offset, (name, (since, birthday, province, status, _)) in enumerate(MEMBERS.items()):
            ids[name] = first + offset
            writer.add_customer(CustomerRow(
                id=ids[name], name=name, birthday=birthday, province=province, status=status,
                merged_into=ids["王芳"] if status == "merged" else None, created_at=IMPORTED,
                updated_at=IMPORTED, created_by=owner.user_id, updated_by=owner.user_id,
                member_since=since))
        writer.flush()
        sale_id = writer.first_id("purchases")
        history = {name: member[4] for name, member in MEMBERS.items()}
        history[COUNTER[0]] = COUNTER[2]
        for name, sales in history.items():
            for day, yuan in sales:
                writer.add_purchase(PurchaseRow(
                    sale_id, ids[name], None, f"{day} 15:00:00.000000", "sale", None,
                    yuan * 100, 0, yuan * 100, "cash"))
                sale_id += 1
        yield Progress("purchases", 1, 1)

    run_bulk(store, owner, "customer.import", Entity.CUSTOMER, work)
    return ids


@pytest.fixture
def shop(store: Store, owner: Actor) -> dict[str, int]:
    return _migrate(store, owner)


def _rows(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [[c.value for c in row] for row in sheet.iter_rows()]


ON_FILE = ("王芳", "李娜", "赵敏", "张无忌", "陈静")  # at AT
BUYERS = ("王芳", "李娜", "张无忌", "陈静")  # bought in the year ending AT


def test_segments_at_the_end_of_the_history_list_every_buyer(
    store: Store, owner: Actor, shop: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "segments.xlsx"
    result = export_segments(store, owner, out, AT)
    rows = _rows(out)[1:]
    by_name = {r[1]: r for r in rows}
    assert result.rows == len(ON_FILE) and sorted(by_name) == sorted(ON_FILE)
    assert {name for name, r in by_name.items() if r[9]} == set(BUYERS)
    # Typed in today, with imported purchases in 2024-09 and the day before AT.
    assert by_name["陈静"][3:6] == [1, 2, 4000]
    assert by_name["赵敏"][11] == stage_name(0) == "潜在客户"
    with store.read() as session:
        history = load_history(session, AT)
        assert customers_on_file(session, AT, history.customer_id) == len(ON_FILE)


def test_the_command_line_export_at_a_past_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cli.crm"
    store, _recovery = create_store(path, "命令行店", "boss", "owner-pass-1")
    try:
        _migrate(store, store.actor_for("boss"))
    finally:
        store.close()
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "owner-pass-1")
    out = tmp_path / "seg.xlsx"
    args = argparse.Namespace(db=path, user="boss", out=str(out), at="2025-06-30", start=None,
                              end=None)
    assert export_segments_cli(args) == 0
    assert "已导出 5 位客户的分群（截至 2025-06-30）" in capsys.readouterr().out
    assert len(_rows(out)) == 1 + len(ON_FILE)


def test_lifecycle_and_segments_at_a_past_date(store: Store, owner: Actor, shop: dict[str, int]) -> None:
    with store.read() as session:
        life = customer_lifecycle(session, AT)
        sizes = segment_sizes(session, ChartRequest(date(2025, 1, 1), AT), "zh")
        before = customer_lifecycle(session, date(2022, 12, 31))
    # potential 赵敏; 王芳 last bought 90 days before, the other three within it: all active.
    assert life.stage_counts() == (1, 0, 4, 0, 0, 0)
    assert sum(sizes.values_of("customers")) == len(BUYERS)
    # End of 2022: 王芳 and 赵敏 had joined, nobody had bought yet.
    assert before.stage_counts() == (2, 0, 0, 0, 0, 0)
    report = InsightsService(store, owner).segments()  # today: the history is old
    assert report.customers == 0


def test_churn_warning_at_a_past_date(store: Store, owner: Actor, shop: dict[str, int]) -> None:
    warnings = CareService(store, owner).churn_warnings(AT)
    assert [(w.name, w.days_since_last, w.last_purchase_on) for w in warnings] == [
        ("王芳", 90, date(2025, 4, 1))]
    assert warnings[0].reason.startswith("通常每 31 天来一次")


def test_birthdays_at_a_past_date_only_for_those_on_file(
    store: Store, owner: Actor, shop: dict[str, int]
) -> None:
    care = CareService(store, owner)
    then = care.birthdays("today", AT)
    # 周芷若 joined in September; 张无忌's card came later but he was buying already;
    # 宋青书 was merged into 王芳.
    assert sorted(b.name for b in then) == ["张无忌", "王芳"]
    assert [b.age for b in then if b.name == "王芳"] == [35]
    this_year = care.birthdays("today", AT.replace(year=2026))
    assert sorted(b.name for b in this_year) == ["周芷若", "张无忌", "王芳"]


def test_tier_review_at_a_past_date_rates_the_counter_customer_by_imported_spend(
    store: Store, owner: Actor, shop: dict[str, int]
) -> None:
    catalog = CatalogService(store, owner)
    base = catalog.create_tier("普通会员", 1)
    gold = catalog.create_tier("金卡", 2, threshold=300000)
    kind = catalog.create_card_type("储值卡", "stored_value")
    issued_today = CardService(store, owner).issue(shop["陈静"], kind.id, tier_id=base.id)

    def old_card(writer: BulkWriter) -> Generator[Progress, None, None]:
        card_id = writer.first_id("cards")
        writer.add_card(
            CardRow(card_id, "800000000018", shop["王芳"], kind.id, base.id, "active",
                    "2021-03-05 00:00:00.000000"),
            CardBalance(card_id, shop["王芳"]))
        yield Progress("cards", 1, 1)

    run_bulk(store, owner, "card.import", Entity.CARD, old_card)
    set_review_schedule(store, owner, AT)
    result = run_tier_review(store, owner, AT)
    # ¥4,000 in the year to AT (¥2,000 in 2024-09, ¥2,000 the day before): gold.
    assert (result.cards_rated, result.upgraded, result.downgraded) == (2, 1, 0)
    with store.read() as session:
        card = session.get(Card, issued_today.id)
        assert card is not None and card.tier_id == gold.id
    assert "消费 ¥4,000.00" in result.changes[0].reason


def test_new_members_per_month_puts_members_in_their_join_months(
    store: Store, owner: Actor, shop: dict[str, int], tmp_path: Path
) -> None:
    today = date.today()
    request = ChartRequest(date(2021, 1, 1), today)
    with store.read() as session:
        data = new_members_per_month(session, request)
    joined = {m: v for m, v in zip(data.labels, data.values_of("new"), strict=True) if v}
    assert joined == {"2021-03": 1, "2022-05": 1, "2023-02": 1, "2025-09": 2,
                      f"{today:%Y-%m}": 1}  # 宋青书 (merged) is not counted again
    figure = ChartService(store, owner).render("new_members", request)
    png = save_png(figure, tmp_path / "new_members.png", dpi=40)
    image = png.read_bytes()
    assert image.startswith(PNG_MAGIC) and len(image) > 5000
    bars = [p.get_height() for p in figure.axes[0].patches]
    assert sum(bars) == 6 and max(bars) == 2


def test_people_charts_at_a_past_date(store: Store, owner: Actor, shop: dict[str, int]) -> None:
    request = ChartRequest(date(2025, 1, 1), AT)
    with store.read() as session:
        regions = customers_by_region(session, request)
        stages = lifecycle_over_time(session, request)
    assert dict(zip(regions.labels, regions.values_of("customers"), strict=True)) == {
        "浙江": 2, "江苏": 1, "?": 2}
    last = [s.values[-1] for s in stages.series]
    assert sum(last) == len(ON_FILE) and last[0] == 1  # one potential customer at AT
    # At the end of January: 赵敏 potential; 张无忌 new (first bought 2024-11-11); 王芳
    # loyal; 陈静 at risk (last 2024-09-09); 李娜 churned (last 2023-02-10).
    assert tuple(s.values[0] for s in stages.series) == (1, 1, 0, 1, 1, 1)


def test_the_owner_correcting_member_since_moves_the_join_month(
    store: Store, owner: Actor, shop: dict[str, int]
) -> None:
    service = CustomerService(store, owner)
    record = service.get(shop["陈静"])
    service.update(record.id, replace(CustomerInput.from_record(record), member_since="2024-09-09"),
                   record.version)
    with store.read() as session:
        data = new_members_per_month(session, ChartRequest(date(2024, 9, 1), date.today()))
    assert data.values_of("new")[0] == 1 and sum(data.values_of("new")) == 3
