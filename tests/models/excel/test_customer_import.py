"""Customer import on real messy files: exact rows imported, refused with which reason, duplicates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from excel_builders import (
    add_card,
    add_customer,
    counts,
    messy_customers,
    ods_file,
    read_sheets,
    simple_workbook,
    write_csv,
)
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.excel.customer_rows import Duplicate, Rejection
from crm_desktop.models.excel.error_workbook import write_error_workbook
from crm_desktop.models.excel.header_detect import detect_header, detect_sheet
from crm_desktop.models.excel.import_report import ImportCancelled, ImportOptions
from crm_desktop.models.excel.readers import open_book, open_table
from crm_desktop.models.progress import Progress, ProgressReport, cancelled_error
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.store.store import Store

REAL = ImportOptions(dry_run=False, create_missing=True)
EXPECTED_REJECTED = (
    Rejection(12, "手机号码", "电话号码不正确：手机号是 1 开头的 11 位数字，座机请带区号（如 010-12345678）。"),
    Rejection(13, "出生日期", "生日不能是将来的日期。"),
    Rejection(14, "卡内余额(元)", "金额不能是负数。"),
    Rejection(15, "卡内余额(元)", "金额最多两位小数（精确到分）。"),
    Rejection(16, "积分", "积分不能是负数。"),
    Rejection(17, "身份证号", "身份证号被存成了数字，末尾几位已经丢失。请把该列设为“文本”格式后重新输入。"),
    Rejection(18, "会员姓名", "请填写姓名。"),
    Rejection(19, "手机号码", "缺少手机号或卡号：每位客户至少要有其中一项。"),
    Rejection(22, "出生日期", "这个日期不存在（例如 2 月 30 日），请核对年月日。"),
)


def cancel_at_write(asked: list[str]) -> ProgressReport:
    """A report that keeps each stage and cancels, as the user's Cancel would, at the first write."""

    def report(progress: Progress) -> None:
        asked.append(progress.stage)
        if progress.stage == "write":
            raise cancelled_error()

    return report


def _customers(store: Store) -> dict[str, Customer]:
    with store.read() as session:
        return {c.name: c for c in session.query(Customer)}


def _cards(store: Store) -> list[tuple[str, str, str | None, int, int, int]]:
    with store.read() as session:
        return [tuple(r) for r in session.execute(text(
            "SELECT k.number, c.name, t.name, k.principal_fen, k.bonus_fen, k.points FROM cards k "
            "JOIN customers c ON c.id = k.customer_id LEFT JOIN tiers t ON t.id = k.tier_id "
            "ORDER BY k.id"))]


@pytest.mark.both_backends
def test_messy_workbook_dry_run_reports_exact_rows_and_writes_nothing(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    before = counts(store)
    report = CustomerImport(store, owner).run(table, detect_header(table), ImportOptions(create_missing=True))
    assert report.dry_run
    assert (report.rows_read, report.imported, report.updated, report.totals_rows) == (19, 7, 0, 1)
    assert report.duplicates == (Duplicate(11, 5), Duplicate(21, 5))
    assert report.rejected == EXPECTED_REJECTED
    # Rows 13, 17 and 22 are wrong only in optional fields: the user may take them without.
    assert [(p.row, p.choice) for p in report.optional_problems] == [
        (13, "refuse"), (17, "refuse"), (22, "refuse")]
    assert (report.balance_fen, report.points) == (123450 + 123450 + 8800, 200 + 1000)
    assert report.new_tiers == ("金卡",)
    assert counts(store) == before


@pytest.mark.both_backends
def test_messy_workbook_real_import(tmp_path: Path, store: Store, owner: Actor) -> None:
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    audit_before = counts(store)["audit_entries"]
    report = CustomerImport(store, owner).run(table, detect_header(table), REAL)
    assert report.imported == 7 and report.rejected == EXPECTED_REJECTED
    people = _customers(store)
    assert sorted(people) == sorted(["张三", "李四", "王五", "赵六", "钱七", "𠮷田😀", "韩八"])
    zhang = people["张三"]
    assert (zhang.phone, zhang.birthday, zhang.gender, zhang.id_number, zhang.notes) == (
        "13812345678", date(1990, 1, 2), "M", "11010519491231002X", "老客户")
    assert zhang.phone_rev == "87654321831" and zhang.birthday_md == "01-02"
    assert people["李四"].birthday == date(1990, 5, 7)  # the bare serial 33000
    assert people["王五"].phone == "13700000000"
    assert people["赵六"].phone == "15800001111"
    assert people["钱七"].phone == "13900001111"
    assert people["𠮷田😀"].phone == "0755-12345678" and people["𠮷田😀"].notes == "🎉"
    assert people["韩八"].gender is None and people["韩八"].notes == "=1+2"  # text, kept as text
    assert _cards(store) == [
        ("880001", "张三", "金卡", 123450, 0, 200),
        ("800000000011", "李四", None, 123450, 0, 0),
        ("800000000029", "王五", None, 8800, 0, 1000),
        ("A1001", "𠮷田😀", None, 0, 0, 0),
    ]
    with store.read() as session:
        sql = session.execute
        assert sql(text("SELECT kind, principal_fen, principal_after_fen FROM value_entries "
                        "ORDER BY id")).all() == [("opening", 123450, 123450)] * 2 + [("opening", 8800, 8800)]
        assert sql(text("SELECT kind, points, points_after FROM points_entries ORDER BY id")).all() == [
            ("opening", 200, 200), ("opening", 1000, 1000)]
        # Running totals equal their ledgers.
        assert sql(text("SELECT count(*) FROM cards k WHERE k.principal_fen != (SELECT coalesce("
                        "sum(principal_fen), 0) FROM value_entries v WHERE v.card_id = k.id) OR "
                        "k.points != (SELECT coalesce(sum(points), 0) FROM points_entries p "
                        "WHERE p.card_id = k.id)")).scalar() == 0
        assert sql(text("SELECT value FROM settings WHERE key = 'card_number_next'")).scalar() == "3"
    found = CustomerSearch(store, owner).find("𠮷田").hits
    assert [hit.id for hit in found] == [people["𠮷田😀"].id]
    assert counts(store)["audit_entries"] == audit_before + 1


@pytest.mark.both_backends
def test_tiers_named_in_the_file_need_confirmation(tmp_path: Path, store: Store, owner: Actor) -> None:
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    report = CustomerImport(store, owner).run(table, detect_header(table), ImportOptions(dry_run=False))
    assert Rejection(5, "会员等级", "等级“金卡”在本店还没有；确认创建新等级后再导入。") in report.rejected
    assert report.imported == 6
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM tiers")).scalar() == 0


@pytest.mark.both_backends
def test_existing_tier_is_matched_by_name(tmp_path: Path, store: Store, owner: Actor) -> None:
    someone = add_customer(store, "老会员", "13600000000")
    add_card(store, someone, "990001", tier_name="金卡")
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    report = CustomerImport(store, owner).run(table, detect_header(table), ImportOptions(dry_run=False))
    assert report.new_tiers == () and report.imported == 7
    assert ("880001", "张三", "金卡", 123450, 0, 200) in _cards(store)


def _one_row(tmp_path: Path, row: list[object]) -> Path:
    return simple_workbook(tmp_path / "one.xlsx", ["姓名", "手机", "卡号", "生日", "性别", "地址"], [row])


@pytest.mark.both_backends
@pytest.mark.parametrize(("policy", "name", "birthday", "address", "updated"), [
    ("skip", "张三", None, "老地址", 0),
    ("fill", "张三", date(1990, 1, 2), "老地址", 1),
    ("overwrite", "张三丰", date(1990, 1, 2), "新地址", 1),
])
def test_rows_already_on_file_follow_the_policy(
    tmp_path: Path, store: Store, owner: Actor, policy: str, name: str, birthday: date | None,
    address: str, updated: int,
) -> None:
    cid = add_customer(store, "张三", "13812345678", address="老地址")
    path = _one_row(tmp_path, ["张三丰", "138-1234-5678", None, "1990-01-02", "男", "新地址"])
    table = open_table(path)
    report = CustomerImport(store, owner).run(
        table, detect_header(table), ImportOptions(dry_run=False, on_duplicate=policy))
    assert (report.imported, report.updated) == (0, updated)
    assert [m.customer_id for m in report.matches] == [cid]
    person = _customers(store)[name]
    assert (person.birthday, person.address) == (birthday, address)
    if policy == "overwrite":
        assert [hit.id for hit in CustomerSearch(store, owner).find("张三丰").hits] == [cid]


@pytest.mark.both_backends
def test_a_row_whose_phone_and_card_belong_to_two_customers_is_refused(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    add_customer(store, "甲", "13812345678")
    other = add_customer(store, "乙", "13900000000")
    add_card(store, other, "770001")
    table = open_table(_one_row(tmp_path, ["甲", "13812345678", "770001", None, None, None]))
    report = CustomerImport(store, owner).run(table, detect_header(table), ImportOptions(dry_run=False))
    assert report.rejected == (Rejection(2, "卡号", "手机号、卡号、身份证号分别属于本店的不同客户，无法确定是哪一位，请核对。"),)


@pytest.mark.both_backends
def test_cancel_during_the_write_leaves_the_file_unchanged(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    before = counts(store)
    asked: list[str] = []
    with pytest.raises(ImportCancelled) as caught:
        CustomerImport(store, owner).run(
            table, detect_header(table), REAL, progress=cancel_at_write(asked))
    assert "导入已取消，数据没有任何改动" in str(caught.value)
    assert asked == ["check", "write"]
    assert counts(store) == before


@pytest.mark.both_backends
def test_a_clerk_cannot_import(tmp_path: Path, store: Store, clerk: Actor) -> None:
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    with pytest.raises(PermissionDenied) as caught:
        CustomerImport(store, clerk).run(table, detect_header(table))
    assert "前台账号无权批量导入" in str(caught.value)


@pytest.mark.both_backends
def test_gbk_csv_and_utf8_bom_csv(tmp_path: Path, store: Store, owner: Actor) -> None:
    gbk = write_csv(tmp_path / "gbk.csv", "姓名,手机,余额\r\n王小明,13800001111,￥100.00\r\n", "gbk")
    bom = write_csv(tmp_path / "bom.csv", "姓名;手机号码;备注\n𠮷野家😀;13800002222;\"a;b\"\n", "utf-8-sig")
    quoted = write_csv(tmp_path / "q.csv", '姓名\t联系电话\n李雷\t="13800003333"\n', "gb18030")
    for path, encoding in ((gbk, "gb18030"), (bom, "utf-8-sig"), (quoted, "gb18030")):
        table = open_table(path)
        assert table.encoding == encoding
        report = CustomerImport(store, owner).run(table, detect_header(table), REAL)
        assert report.imported == 1 and report.rejected == ()
    people = _customers(store)
    assert people["王小明"].phone == "13800001111"
    assert people["𠮷野家😀"].notes == "a;b"
    assert people["李雷"].phone == "13800003333"
    assert ("800000000011", "王小明", None, 10000, 0, 0) in _cards(store)


@pytest.mark.both_backends
def test_ods_and_a_formula_with_its_cached_value(tmp_path: Path, store: Store, owner: Actor) -> None:
    ods = ods_file(tmp_path / "m.ods", [["会员名单"], ["姓名", "手机"], ["韩梅梅", "13800004444"]])
    table = open_table(ods)
    assert table.kind == "ods"
    mapping = detect_header(table)
    assert mapping.header_row == 2
    assert CustomerImport(store, owner).run(table, mapping, REAL).imported == 1
    book = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "手机"])
    sheet.write_string(1, 0, "林涛")
    sheet.write_formula(1, 1, '="138"&"00005555"', None, "13800005555")
    book.close()
    table = open_table(tmp_path / "f.xlsx")
    assert CustomerImport(store, owner).run(table, detect_header(table), REAL).imported == 1
    assert _customers(store)["林涛"].phone == "13800005555"


@pytest.mark.both_backends
def test_error_workbook_holds_original_columns_and_reasons(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    mapping = detect_header(table)
    report = CustomerImport(store, owner).run(table, mapping, ImportOptions(create_missing=True))
    written = write_error_workbook(tmp_path / "errors.xlsx", table, mapping, report)
    assert written == 11
    rows = read_sheets(tmp_path / "errors.xlsx")["未导入的行"]
    assert rows[0] == ["行号", "序号", "会员姓名", "手机号码", "会员卡号", "会员等级", "卡内余额(元)",
                       "积分", "出生日期", "性别", "身份证号", "备注", "错误原因"]
    by_row = {r[0]: r for r in rows[1:]}
    assert by_row["12"][2:4] == ["周九", "12345"]
    assert by_row["12"][-1].startswith("手机号码：电话号码不正确")
    assert by_row["11"][-1] == "与第 5 行重复（手机号、卡号或身份证号相同），未导入。"
    assert by_row["17"][10] == "110105194912310000"  # the digits Excel already lost
    table_again, mapping_again = detect_sheet(open_book(tmp_path / "errors.xlsx"))
    assert mapping_again.fields[1:4] == (None, "name", "phone")


def _indexes(store: Store) -> list[tuple[str, str]]:
    with store.read() as session:
        return [tuple(r) for r in session.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"))]


def test_a_large_import_rebuilds_the_indexes_exactly_and_a_cancel_restores_them(
    tmp_path: Path, store: Store, owner: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm_desktop.models.excel import customer_writer

    monkeypatch.setattr(customer_writer, "_REBUILD_FROM_ROWS", 1)  # treat this file as large
    before = _indexes(store)
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    asked: list[str] = []
    with pytest.raises(ImportCancelled):
        CustomerImport(store, owner).run(  # after the inserts, with the indexes dropped
            table, detect_header(table), REAL, progress=cancel_at_write(asked))
    assert _indexes(store) == before and counts(store)["customers"] == 0
    report = CustomerImport(store, owner).run(table, detect_header(table), REAL)
    assert report.imported == 7
    assert _indexes(store) == before
    with store.read() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        plan = " ".join(str(r) for r in session.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM customers WHERE phone = '13812345678'")))
        assert "uq_customers_phone" in plan
