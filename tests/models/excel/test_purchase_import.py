"""Purchase history import: customers found by phone or card, history only, twice adds nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from excel_builders import add_card, add_customer, counts, simple_workbook
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.customer_rows import Rejection
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportCancelled, ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.progress import Progress, cancelled_error
from crm_desktop.models.services.purchase_import import PurchaseImport
from crm_desktop.models.store.store import Store
from tests.stored_text import stored_row

pytestmark = pytest.mark.both_backends

REAL = ImportOptions(dry_run=False)


@pytest.fixture
def history(tmp_path: Path, store: Store) -> Path:
    zhang = add_customer(store, "张三", "13812345678")
    add_card(store, zhang, "880001")
    li = add_customer(store, "李四", "13912345678")
    add_card(store, li, "880002")
    return simple_workbook(tmp_path / "p.xlsx", ["消费日期", "会员手机", "会员卡号", "实付金额", "支付方式", "获得积分", "备注"], [
        [datetime(2024, 3, 1, 10, 30), 13812345678, None, 88.5, "微信", 88, "洗剪吹"],   # 2 by phone
        ["2024/3/2", None, "880002", "¥1,200.00", "储值卡", "1,200", None],              # 3 by card
        ["2024-03-03", "13700000000", None, 50, "现金", None, None],                     # 4 unknown
        ["2999-01-01", "13812345678", None, 50, "现金", None, None],                     # 5 future
        ["2024-03-04", "13812345678", None, 50, "花呗", None, None],                     # 6 method
        ["2024-03-05", "13812345678", None, -50, "现金", None, None],                    # 7 negative
        ["2024-03-06", "13812345678", "880002", 50, "现金", None, None],                 # 8 two people
        ["合计", None, None, 1438.5, None, 1288, None],                                  # 9 totals
    ], title="消费记录")


def test_purchase_history_rows_are_matched_checked_and_imported(
    history: Path, store: Store, owner: Actor
) -> None:
    table = open_table(history)
    mapping = detect_header(table, "purchases")
    assert mapping.fields == ("ts", "phone", "card_number", "amount", "payment_method", "points", "notes")
    before = counts(store)
    report = PurchaseImport(store, owner).run(table, mapping, REAL)
    assert (report.rows_read, report.imported, report.totals_rows) == (8, 2, 1)
    assert report.rejected == (
        Rejection(4, "会员手机", "本店没有这个手机号或卡号的客户；请先导入客户，再导入购买记录。"),
        Rejection(5, "消费日期", "日期在将来，请核对。"),
        Rejection(6, "支付方式", "支付方式无法识别：请写现金、微信、支付宝、银行卡、储值卡或其他。"),
        Rejection(7, "实付金额", "金额不能是负数。"),
        Rejection(8, "会员卡号", "卡号和手机号属于不同的客户，请核对。"),
    )
    assert (report.amount_fen, report.points) == (8850 + 120000, 88 + 1200)
    with store.read() as session:
        rows = session.execute(text(
            "SELECT c.name, k.number, p.ts, p.paid_fen, p.payment_method, p.points_earned, p.note "
            "FROM purchases p JOIN customers c ON c.id = p.customer_id LEFT JOIN cards k "
            "ON k.id = p.card_id ORDER BY p.ts")).all()
    assert [stored_row(r) for r in rows] == [
        ("张三", "880001", "2024-03-01 10:30:00.000000", 8850, "wechat", 88, "洗剪吹"),
        ("李四", "880002", "2024-03-02 00:00:00.000000", 120000, "stored_value", 1200, ""),
    ]
    after = counts(store)
    # History only: no ledger moves, one audit entry.
    assert after["value_entries"] == before["value_entries"]
    assert after["points_entries"] == before["points_entries"]
    assert after["audit_entries"] == before["audit_entries"] + 1


def test_importing_the_same_history_twice_adds_nothing(history: Path, store: Store, owner: Actor) -> None:
    table = open_table(history)
    mapping = detect_header(table, "purchases")
    PurchaseImport(store, owner).run(table, mapping, REAL)
    again = PurchaseImport(store, owner).run(table, mapping, ImportOptions())
    assert (again.imported, again.skipped) == (0, 2)
    assert again.matches[0].note.startswith("同一客户、同一时间、同一金额的购买记录已在账上")


def test_purchases_need_a_date_and_an_amount_column(tmp_path: Path, store: Store, owner: Actor) -> None:
    path = simple_workbook(tmp_path / "x.xlsx", ["手机", "备注"], [["13812345678", "x"]])
    table = open_table(path)
    with pytest.raises(ValidationError) as caught:
        PurchaseImport(store, owner).run(table, detect_header(table, "purchases"))
    assert "“日期”和“金额”列" in str(caught.value)


def test_a_cancel_after_the_rows_went_in_leaves_no_purchase(
    history: Path, store: Store, owner: Actor
) -> None:
    table = open_table(history)
    before = counts(store)
    seen: list[Progress] = []

    def cancel_after_writing(progress: Progress) -> None:
        seen.append(progress)
        if progress.stage == "write":
            raise cancelled_error()

    with pytest.raises(ImportCancelled) as caught:
        PurchaseImport(store, owner).run(
            table, detect_header(table, "purchases"), REAL, progress=cancel_after_writing)
    assert str(caught.value) == "导入已取消，数据没有任何改动。"
    assert seen[-1] == Progress("write", 2, 2)
    assert counts(store) == before
