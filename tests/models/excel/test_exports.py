"""The accountant's workbooks: values to the fen, formats Excel shows, masked numbers, round trip."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from excel_builders import (
    add_card,
    add_customer,
    add_purchase,
    messy_customers,
    post,
    post_points,
    read_sheets,
)
from sqlalchemy import select, text, update

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.excel.export_common import ExportCancelled
from crm_desktop.models.excel.export_customers import export_customers
from crm_desktop.models.excel.export_ledger import export_ledger, export_purchases
from crm_desktop.models.excel.export_liability import export_liability, export_rollforward
from crm_desktop.models.excel.export_points import export_points
from crm_desktop.models.excel.export_takings import export_takings
from crm_desktop.models.excel.header_detect import detect_header, detect_sheet
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_book, open_table
from crm_desktop.models.language import set_language
from crm_desktop.models.opening import create_store
from crm_desktop.models.progress import Progress, cancelled_error
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def books(store: Store) -> Store:
    """Two customers, two cards and a quarter of ledger entries and purchases (2024-01 … 03)."""
    zhang = add_customer(store, "张三", "13812345678", id_number=ID_NUMBER, birthday=date(1990, 1, 2),
                         gender="M")
    a = add_card(store, zhang, "880001", tier_name="金卡")
    li = add_customer(store, "李四", "13912345678")
    b = add_card(store, li, "880002")
    post(store, a, datetime(2024, 1, 5, 9), "opening", 10000)
    post(store, a, datetime(2024, 1, 10, 9), "topup", 50000, 5000, "wechat")
    post(store, a, datetime(2024, 1, 20, 9), "consume", -11000, -1000, "stored_value")
    post(store, b, datetime(2024, 2, 3, 9), "topup", 20000, 0, "cash")
    post(store, a, datetime(2024, 2, 10, 9), "refund", 1100, 100)
    post(store, b, datetime(2024, 2, 15, 9), "expiry", -2000)
    post(store, b, datetime(2024, 2, 28, 9), "cancel_refund", -18000, 0, "cash")
    post(store, a, datetime(2024, 3, 1, 9), "adjust", 500)
    add_purchase(store, zhang, a, datetime(2024, 1, 20, 9), 12000, "stored_value")
    add_purchase(store, zhang, None, datetime(2024, 1, 21, 9), 3000, "cash")
    add_purchase(store, zhang, a, datetime(2024, 2, 10, 9), -1200, "stored_value", kind="refund")
    add_purchase(store, li, b, datetime(2024, 2, 11, 9), 5000, "wechat")
    post_points(store, a, datetime(2024, 1, 5, 9), "opening", 100)
    post_points(store, a, datetime(2024, 1, 20, 9), "earn", 120)
    post_points(store, b, datetime(2024, 2, 11, 9), "earn", 50)
    post_points(store, b, datetime(2024, 2, 20, 9), "redeem", -50)
    return store


def test_liability_at_a_date_per_card_with_paid_and_bonus_apart(
    tmp_path: Path, books: Store, owner: Actor
) -> None:
    out = export_liability(books, owner, tmp_path / "l.xlsx", date(2024, 1, 31))
    sheets = read_sheets(out.path)
    assert list(sheets) == ["汇总", "预收款余额"]
    assert sheets["预收款余额"][1:] == [["880001", "张三", "138****5678", "储值卡", "正常", 490.0, 40.0, 530.0]]
    feb = read_sheets(export_liability(books, owner, tmp_path / "f.xlsx", date(2024, 2, 29)).path)
    assert feb["预收款余额"][1][5:] == [501.0, 41.0, 542.0]  # 李四's card is empty by then
    assert feb["汇总"][3] == ["本金余额合计（元，预收款）", 501.0]
    assert feb["汇总"][5] == ["余额总计（元）", 542.0]
    summary = openpyxl.load_workbook(tmp_path / "f.xlsx")["汇总"]
    assert summary["B4"].value == "=SUM('预收款余额'!$F$2:$F$2)"


def test_rollforward_ties_to_the_ledger_every_month(tmp_path: Path, books: Store, owner: Actor) -> None:
    out = export_rollforward(books, owner, tmp_path / "r.xlsx", date(2024, 1, 1), date(2024, 3, 31))
    sheets = read_sheets(out.path)
    total = sheets["滚动表-合计"]
    assert total[0] == ["月份", "期初余额", "导入期初", "充值", "赠送", "消费", "退卡退款", "过期",
                        "调整", "换卡转移", "期末余额", "核对差额"]
    assert total[1:] == [
        ["2024-01", 0.0, 100.0, 500.0, 50.0, 120.0, 0.0, 0.0, 0.0, 0.0, 530.0, 0.0],
        ["2024-02", 530.0, 0.0, 200.0, 0.0, -12.0, 180.0, 20.0, 0.0, 0.0, 542.0, 0.0],
        ["2024-03", 542.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5.0, 0.0, 547.0, 0.0],
    ]
    assert sheets["滚动表-本金"][1] == ["2024-01", 0.0, 100.0, 500.0, 0.0, 110.0, 0.0, 0.0, 0.0, 0.0, 490.0, 0.0]
    assert sheets["滚动表-赠送"][2][-2] == 41.0
    book = openpyxl.load_workbook(out.path)
    assert book["滚动表-合计"]["L2"].value == "=B2+C2+D2+E2-F2-G2-H2+I2+J2-K2"
    assert ["合计：核对差额合计（应为 0）", 0.0] in sheets["汇总"]


def test_takings_by_day_and_month_per_payment_method(tmp_path: Path, books: Store, owner: Actor) -> None:
    out = export_takings(books, owner, tmp_path / "t.xlsx", date(2024, 1, 1), date(2024, 2, 29))
    sheets = read_sheets(out.path)
    daily = sheets["每日收款"]
    assert daily[0] == ["日期", "现金", "微信支付", "支付宝", "银行卡", "其他", "收款合计",
                        "其中：充值收款", "储值卡支付的消费"]
    assert daily[1:] == [
        [date(2024, 1, 10), 0.0, 500.0, 0.0, 0.0, 0.0, 500.0, 500.0, 0.0],
        [date(2024, 1, 20), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 120.0],
        [date(2024, 1, 21), 30.0, 0.0, 0.0, 0.0, 0.0, 30.0, 0.0, 0.0],
        [date(2024, 2, 3), 200.0, 0.0, 0.0, 0.0, 0.0, 200.0, 200.0, 0.0],
        [date(2024, 2, 10), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -12.0],
        [date(2024, 2, 11), 0.0, 50.0, 0.0, 0.0, 0.0, 50.0, 0.0, 0.0],
        [date(2024, 2, 28), -180.0, 0.0, 0.0, 0.0, 0.0, -180.0, 0.0, 0.0],
    ]
    assert sheets["每月收款"][1:] == [
        ["2024-01", 30.0, 500.0, 0.0, 0.0, 0.0, 530.0, 500.0, 120.0],
        ["2024-02", 20.0, 50.0, 0.0, 0.0, 0.0, 70.0, 200.0, -12.0],
    ]
    assert ["收款合计（元）", 600.0] in sheets["汇总"]


def test_ledger_purchases_and_points(tmp_path: Path, books: Store, owner: Actor) -> None:
    ledger = read_sheets(export_ledger(books, owner, tmp_path / "v.xlsx", date(2024, 2, 1),
                                       date(2024, 2, 29)).path)["储值流水"]
    assert [r[3] for r in ledger[1:]] == ["充值", "消费退回", "过期", "退卡退款"]
    assert ledger[1][4:9] == [200.0, 0.0, 200.0, 200.0, 0.0]
    purchases = read_sheets(export_purchases(books, owner, tmp_path / "p.xlsx", date(2024, 1, 1),
                                             date(2024, 1, 31)).path)
    assert [(r[1], r[4], r[7], r[8]) for r in purchases["购买记录"][1:]] == [
        ("张三", "消费", 120.0, "储值卡"), ("张三", "消费", 30.0, "现金")]
    assert purchases["汇总"][3] == ["实付合计（元）", 150.0]
    points = read_sheets(export_points(books, owner, tmp_path / "pt.xlsx", date(2024, 2, 29)).path)
    assert points["未兑换积分"][1:] == [["880001", "张三", "138****5678", "金卡", "正常", 220.0]]


EXPORTS = {
    "customers": lambda s, a, p, r: export_customers(s, a, p, progress=r),
    "purchases": lambda s, a, p, r: export_purchases(
        s, a, p, date(2024, 1, 1), date(2024, 3, 31), progress=r),
    "ledger": lambda s, a, p, r: export_ledger(s, a, p, date(2024, 1, 1), date(2024, 3, 31), progress=r),
    "liability": lambda s, a, p, r: export_liability(s, a, p, date(2024, 3, 31), progress=r),
    "rollforward": lambda s, a, p, r: export_rollforward(
        s, a, p, date(2024, 1, 1), date(2024, 3, 31), progress=r),
    "takings": lambda s, a, p, r: export_takings(
        s, a, p, date(2024, 1, 1), date(2024, 3, 31), progress=r),
    "points": lambda s, a, p, r: export_points(s, a, p, date(2024, 3, 31), progress=r),
}


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_every_export_reports_its_stage_and_a_cancel_leaves_no_file(
    tmp_path: Path, books: Store, owner: Actor, kind: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[Progress] = []
    done = EXPORTS[kind](books, owner, folder / "done.xlsx", seen.append)
    assert seen and {p.stage for p in seen} == {kind}
    assert seen[-1].done == seen[-1].total and done.path.exists()

    def cancel(progress: Progress) -> None:
        raise cancelled_error()

    with pytest.raises(ExportCancelled) as caught:
        EXPORTS[kind](books, owner, folder / "cancelled.xlsx", cancel)
    assert str(caught.value) == "导出已取消，没有生成文件。"
    assert list(folder.iterdir()) == [done.path]  # nor its temporary parts


def test_customer_export_formats_as_excel_should_show_them(
    tmp_path: Path, books: Store, owner: Actor
) -> None:
    out = export_customers(books, owner, tmp_path / "c.xlsx", full_numbers=True)
    assert out.rows == 2
    book = openpyxl.load_workbook(out.path)
    sheet = book["客户"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:X3"
    assert sheet["B2"].value == "13812345678" and sheet["B2"].data_type == "s"
    assert sheet["B2"].number_format == "@"
    assert sheet["L2"].value == ID_NUMBER
    assert sheet["F2"].value == 506.0 and sheet["F2"].number_format == "#,##0.00"
    assert sheet["J2"].is_date and sheet["J2"].value == datetime(1990, 1, 2)
    assert book.sheetnames == ["汇总", "客户"]
    assert book["汇总"]["B2"].value == "=COUNTA('客户'!$A$2:$A$3)"
    assert book["汇总"]["B3"].value == "=SUM('客户'!$F$2:$F$3)"


def test_accountant_gets_masked_numbers_and_a_clerk_cannot_export(
    tmp_path: Path, books: Store, accountant: Actor, clerk: Actor
) -> None:
    rows = read_sheets(export_customers(books, accountant, tmp_path / "a.xlsx").path)["客户"]
    assert rows[1][1] == "138****5678" and rows[1][11] == "110***********002X"
    with pytest.raises(PermissionDenied) as caught:
        export_liability(books, clerk, tmp_path / "no.xlsx")
    assert "前台账号无权批量导出" in str(caught.value)
    assert not (tmp_path / "no.xlsx").exists()


def test_english_headers_when_the_interface_is_english(tmp_path: Path, books: Store, owner: Actor) -> None:
    set_language("en")
    sheets = read_sheets(export_customers(books, owner, tmp_path / "e.xlsx").path)
    assert list(sheets) == ["Summary", "Customers"]
    assert sheets["Customers"][0][:3] == ["Name", "Phone", "Card number"]
    assert sheets["Customers"][1][10] == "male"


def test_round_trip_into_an_empty_file(tmp_path: Path, store: Store, owner: Actor) -> None:
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    CustomerImport(store, owner).run(table, detect_header(table), ImportOptions(dry_run=False, create_missing=True))
    with store.write() as session:  # members who joined years before their current card
        for cid in session.scalars(select(Customer.id)).all():
            session.execute(update(Customer).where(Customer.id == cid).values(
                member_since=date(2019, 3, 1) + timedelta(days=cid)))
    exported = export_customers(store, owner, tmp_path / "out.xlsx", full_numbers=True)
    copy, _ = create_store(tmp_path / "copy.crm", "新店", "boss", "owner-pass-1")
    try:
        table, mapping = detect_sheet(open_book(exported.path))
        report = CustomerImport(copy, copy.actor_for("boss")).run(
            table, mapping, ImportOptions(dry_run=False, create_missing=True))
        assert (report.imported, report.rejected, report.duplicates) == (7, (), ())
        assert _snapshot(copy) == _snapshot(store)
        assert _joined(copy) == _joined(store)
        assert {day for _, day in _joined(copy)} <= {f"2019-03-{d:02d}" for d in range(2, 10)}
    finally:
        copy.close()


def _joined(store: Store) -> list[tuple[object, ...]]:
    """Each customer's member-since day (入会日期), by name."""
    with store.read() as session:
        rows = session.execute(text("SELECT name, member_since FROM customers ORDER BY name"))
        return [(name, str(day)[:10]) for name, day in rows]


def _snapshot(store: Store) -> tuple[list[tuple[object, ...]], ...]:
    with store.read() as session:
        people = session.execute(text(
            "SELECT name, phone, birthday, gender, id_number, email, address, notes FROM customers "
            "ORDER BY name")).all()
        cards = session.execute(text(
            "SELECT c.name, k.number, t.name, tier.name, k.principal_fen, k.bonus_fen, k.points, "
            "k.counts_left FROM cards k JOIN customers c ON c.id = k.customer_id JOIN card_types t "
            "ON t.id = k.card_type_id LEFT JOIN tiers tier ON tier.id = k.tier_id ORDER BY k.number")).all()
        tiers = session.execute(text("SELECT name FROM tiers ORDER BY name")).all()
        ledger = session.execute(text(
            "SELECT k.number, v.kind, v.principal_fen, v.bonus_fen FROM value_entries v JOIN cards k "
            "ON k.id = v.card_id ORDER BY k.number")).all()
    return [_plain(r) for r in people], [_plain(r) for r in cards], [_plain(r) for r in tiers], [
        _plain(r) for r in ledger]


def _plain(row: Sequence[object]) -> tuple[object, ...]:
    """A row as a file's driver gives it: days as ISO text (a server's gives dates)."""
    return tuple(v.isoformat() if isinstance(v, date) else v for v in row)
