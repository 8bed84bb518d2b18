"""A migrated member list and purchase history keep their real dates: member since, card issue days."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from excel_builders import add_customer, counts, simple_workbook
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.excel.row_findings import JoinedCounts
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.purchase_import import PurchaseImport
from crm_desktop.models.store.store import Store
from tests.stored_text import as_stored, stored_row

pytestmark = pytest.mark.both_backends

REAL = ImportOptions(dry_run=False, create_missing=True)


def _members(tmp_path: Path) -> Path:
    """An old system's list: 入会日期 for some, 开卡日期 (text, a date cell, a serial) for others."""
    return simple_workbook(tmp_path / "members.xlsx", ["会员姓名", "手机号码", "会员卡号", "卡内余额", "入会日期", "开卡日期"], [
        ["张三", "13800000001", "A001", 200, "2021-03-05", datetime(2021, 3, 5)],  # 2 both
        ["李四", "13800000002", "A002", 0, None, "2023-03-30"],                   # 3 card only
        ["王五", "13800000003", None, None, None, None],                          # 4 nothing
        ["赵六", "13800000004", "A004", 50, date(2022, 6, 1), 45000],             # 5 file + serial
        ["钱七", "13800000005", "A005", None, "2020-01-01", "2019-05-04"],        # 6 card earlier
    ])


def _history(tmp_path: Path) -> Path:
    return simple_workbook(tmp_path / "history.xlsx", ["消费日期", "会员手机", "实付金额", "支付方式"], [
        ["2021-04-01", "13800000001", 10, "现金"],       # after 张三 joined: no change
        ["2023-01-15", "13800000003", 20, "微信"],       # 王五's first purchase
        ["2023-06-01 14:30", "13800000003", 30, "微信"],
        [datetime(2021, 12, 24), "13800000004", 40, "现金"],  # before 赵六's 入会日期
    ], title="消费")


def _people(store: Store) -> dict[str, tuple[str | None, str, str | None]]:
    """name → (member_since, created day, first card's issued_at) as stored."""
    with store.read() as session:
        rows = session.execute(text(
            "SELECT c.name, c.member_since, date(c.created_at), "
            "(SELECT min(k.issued_at) FROM cards k WHERE k.customer_id = c.id) FROM customers c"))
        return {r[0]: stored_row((r[1], r[2], r[3])) for r in rows}


def test_member_since_comes_from_the_file_the_card_or_the_day_of_the_import(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    table = open_table(_members(tmp_path))
    mapping = detect_header(table)
    assert mapping.fields == ("name", "phone", "card_number", "balance", "member_since", "issued_on")
    report = CustomerImport(store, owner).run(table, mapping, REAL)
    assert report.imported == 5 and report.rejected == ()
    assert report.joined == JoinedCounts(from_file=3, from_cards=1, today=1)
    today = date.today().isoformat()
    people = _people(store)
    assert people["张三"] == ("2021-03-05", today, "2021-03-05 00:00:00.000000")
    # A date-only issue date is that day, not the clock time of the import.
    assert people["李四"] == ("2023-03-30", today, "2023-03-30 00:00:00.000000")
    assert people["王五"] == (today, today, None)
    # 45000 is 2023-03-15 in Excel's calendar; the member joined earlier, as the file says.
    assert people["赵六"] == ("2022-06-01", today, "2023-03-15 00:00:00.000000")
    # Nobody holds a card before joining: the earlier card issue day wins.
    assert people["钱七"][0] == "2019-05-04"


def test_the_purchase_history_moves_member_since_back_to_the_first_purchase(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    members = open_table(_members(tmp_path))
    CustomerImport(store, owner).run(members, detect_header(members), REAL)
    history = open_table(_history(tmp_path))
    mapping = detect_header(history, "purchases")
    before = counts(store)
    preview = PurchaseImport(store, owner).run(history, mapping, ImportOptions())
    assert preview.member_since_lowered == 2
    assert counts(store) == before and _people(store)["王五"][0] == date.today().isoformat()

    report = PurchaseImport(store, owner).run(history, mapping, ImportOptions(dry_run=False))
    assert report.imported == 4 and report.member_since_lowered == 2
    people = _people(store)
    assert people["王五"][0] == "2023-01-15"  # joined with nothing in the file: its first purchase
    assert people["赵六"][0] == "2021-12-24"  # a purchase before the file's 入会日期
    assert people["张三"][0] == "2021-03-05"  # a later purchase moves nothing
    with store.read() as session:
        stamps = {amount: as_stored(ts) for amount, ts in session.execute(text(
            "SELECT amount_fen, ts FROM purchases ORDER BY id"))}
        audit = session.execute(text(
            "SELECT after FROM audit_entries WHERE action = 'purchase.import'")).scalar()
    assert stamps[2000] == "2023-01-15 00:00:00.000000"  # a day only: that day at 00:00
    assert stamps[3000] == "2023-06-01 14:30:00.000000"
    assert '"member_since_lowered": 2' in str(audit)
    # Importing the same history again finds nothing earlier.
    again = PurchaseImport(store, owner).run(history, mapping, ImportOptions(dry_run=False))
    assert (again.imported, again.member_since_lowered) == (0, 0)


def test_a_customer_typed_at_the_counter_joins_today_and_an_import_only_moves_it_earlier(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    typed = CustomerService(store, owner).create(CustomerInput(name="孙八", phone="13800000009"))
    assert typed.member_since == date.today()
    path = simple_workbook(tmp_path / "m.xlsx", ["姓名", "手机", "入会日期"], [
        ["孙八", "13800000009", "2018-08-08"],
    ])
    table = open_table(path)
    skip = CustomerImport(store, owner).run(table, detect_header(table), ImportOptions())
    assert skip.matches[0].new_values == (("member_since", "2018-08-08"),)
    CustomerImport(store, owner).run(
        table, detect_header(table), ImportOptions(dry_run=False, on_duplicate="fill"))
    assert CustomerService(store, owner).get(typed.id).member_since == date(2018, 8, 8)


def test_an_old_customer_who_joined_before_any_file_date_keeps_the_earlier_day(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    cid = add_customer(store, "周九", "13800000010", member_since=date(2010, 1, 1))
    path = simple_workbook(tmp_path / "m.xlsx", ["姓名", "手机", "入会日期"], [
        ["周九", "13800000010", "2018-08-08"],
    ])
    table = open_table(path)
    report = CustomerImport(store, owner).run(
        table, detect_header(table), ImportOptions(dry_run=False, on_duplicate="overwrite"))
    assert report.matches[0].new_values == ()
    assert CustomerService(store, owner).get(cid).member_since == date(2010, 1, 1)
