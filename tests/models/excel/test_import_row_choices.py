"""Every problem of a row, optional values left out and flagged, matched rows with their keys."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from excel_builders import add_card, add_customer, counts, read_sheets, simple_workbook
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import backup_folder
from crm_desktop.models.backup_records import list_backups
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.error_workbook import write_error_workbook
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.excel.row_findings import BadField, Rejection
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

HEADER = ["姓名", "手机", "卡号", "余额", "生日", "邮箱", "身份证号"]
GOOD_ID = "11010519491231002X"
BAD_ID = "110105194912310021"  # the check digit is wrong


def _sheet(tmp_path: Path, rows: list[list[object]]) -> Path:
    return simple_workbook(tmp_path / "members.xlsx", HEADER, rows)


def _run(store: Store, owner: Actor, path: Path, **options: object):  # type: ignore[no-untyped-def]
    table = open_table(path)
    return CustomerImport(store, owner).run(table, detect_header(table), ImportOptions(**options))  # type: ignore[arg-type]


def test_every_problem_of_a_row_is_reported_with_its_sentence(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    path = _sheet(tmp_path, [
        ["", "12345", None, None, "1988-02-30", "not-an-email", BAD_ID],  # 2: five problems
        ["孙八", None, None, "-5", "2999-01-01", None, None],                # 3: three
    ])
    report = _run(store, owner, path)
    by_row: dict[int, list[tuple[str, str]]] = {}
    for rejection in report.rejected:
        by_row.setdefault(rejection.row, []).append((rejection.column, rejection.reason))
    assert [column for column, _ in by_row[2]] == ["姓名", "手机", "生日", "邮箱", "身份证号"]
    assert by_row[2][0][1] == "请填写姓名。"
    assert "电话号码不正确" in by_row[2][1][1]
    assert "这个日期不存在" in by_row[2][2][1]
    assert [column for column, _ in by_row[3]] == ["余额", "生日", "手机"]
    assert by_row[3][0][1] == "金额不能是负数。"
    assert by_row[3][2][1] == "缺少手机号或卡号：每位客户至少要有其中一项。"
    # A wrong name or phone refuses the row outright: no choice is offered for it.
    assert report.optional_problems == ()
    # The error workbook gives every reason of the row in one cell.
    write_error_workbook(tmp_path / "errors.xlsx", open_table(path), detect_header(open_table(path)), report)
    rows = read_sheets(tmp_path / "errors.xlsx")["未导入的行"]
    assert rows[1][0] == "2" and rows[1][-1].count("；") == 4


def test_a_member_with_a_balance_and_a_wrong_birthday_is_imported_without_it_when_chosen(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    path = _sheet(tmp_path, [
        ["张三", "13800000001", "A001", 200, "1988-02-30", "zhang@", BAD_ID],  # 2
        ["李四", "13800000002", None, None, "1990-01-02", None, GOOD_ID],      # 3 clean
    ])
    before = counts(store)
    refused = _run(store, owner, path)
    problem = refused.optional_problems[0]
    assert (problem.row, problem.name, problem.choice) == (2, "张三", "refuse")
    assert problem.fields == (
        BadField("birthday", "生日", "1988-02-30", "这个日期不存在（例如 2 月 30 日），请核对年月日。"),
        BadField("email", "邮箱", "zhang@", problem.fields[1].reason),
        BadField("id_number", "身份证号", "110***********0021", problem.fields[2].reason),
    )
    assert {r.row for r in refused.rejected} == {2} and refused.imported == 1
    assert counts(store) == before  # a dry run writes nothing

    report = _run(store, owner, path, dry_run=False, choices={(2, "optional"): "drop"})
    assert report.imported == 2 and report.rejected == ()
    assert report.optional_problems[0].choice == "drop"
    with store.read() as session:
        stored = session.execute(text(
            "SELECT c.id, c.birthday, c.email, c.id_number, c.corrections, k.principal_fen "
            "FROM customers c JOIN cards k ON k.customer_id = c.id WHERE c.name = '张三'")).one()
    assert stored[1:4] == (None, None, None)
    assert json.loads(stored[4]) == {"birthday": "1988-02-30", "email": "zhang@", "id_number": BAD_ID}
    assert stored[5] == 20000  # the ¥200 balance came in
    record = CustomerService(store, owner).get(stored[0])
    assert dict(record.corrections) == {"birthday": "1988-02-30", "email": "zhang@", "id_number": BAD_ID}
    assert CustomerService(store, owner).get(stored[0] + 1).corrections == ()


def test_the_full_wrong_id_number_is_never_shown_in_the_report(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    report = _run(store, owner, _sheet(tmp_path, [["张三", "13800000001", None, None, None, None, BAD_ID]]))
    assert BAD_ID not in json.dumps(report.as_json(), ensure_ascii=False)


def test_rows_on_file_are_listed_with_their_key_and_add_what_is_new_fills_only_empty_fields(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    by_phone = add_customer(store, "张三", "13800000001")
    by_card = add_customer(store, "李四", None, email="li@old.cn")
    add_card(store, by_card, "A002")
    by_id = add_customer(store, "王五", "13800000003", id_number=GOOD_ID)
    path = _sheet(tmp_path, [
        ["张三丰", "13800000001", None, None, None, "zhang@new.cn", None],     # 2 new email; name differs
        ["李四", "13900000002", "A002", 50, "1991-02-03", "li@new.cn", None],  # 3 new phone, birthday
        ["王五", None, "B004", None, "1949-12-31", None, GOOD_ID],             # 4 new birthday, card
        ["赵六", "13800000004", None, None, None, None, None],                 # 5 new customer
    ])
    report = _run(store, owner, path)
    assert (report.imported, report.updated, report.skipped) == (1, 0, 3)
    matches = {m.row: m for m in report.matches}
    assert [(m.customer_id, m.key, m.key_value, m.customer_name, m.action) for m in report.matches] == [
        (by_phone, "phone", "138****0001", "张三", "skip"),
        (by_card, "card_number", "A002", "李四", "skip"),
        (by_id, "id_number", "110***********002X", "王五", "skip"),
    ]
    assert matches[2].new_values == (("email", "zhang@new.cn"),)
    assert matches[2].differs == ("name",)
    assert matches[3].new_values == (("phone", "139****0002"), ("birthday", "1991-02-03"))
    assert matches[3].differs == ("email",)
    assert matches[4].new_values == (("birthday", "1949-12-31"), ("card_number", "B004"))

    # "Add what is new" for 李四 only.
    one = _run(store, owner, path, dry_run=False, choices={(3, "new_info"): "add_new"})
    assert (one.imported, one.updated) == (1, 1)
    people = CustomerService(store, owner)
    li = people.get(by_card)
    assert (li.birthday, li.email) == (date(1991, 2, 3), "li@old.cn")  # filled, never overwritten
    assert people.get(by_phone).email is None  # its row was skipped
    # Found by the last digits of the phone the file added.
    with store.read() as session:
        assert session.execute(text("SELECT id FROM customers WHERE phone = '13900000002'")).scalar() == by_card

    # The same for every row: 张三's name stays as it is on file.
    every = _run(store, owner, path, dry_run=False, defaults={"new_info": "add_new"})
    assert every.updated == 2 and every.imported == 0
    zhang = people.get(by_phone)
    assert (zhang.name, zhang.email) == ("张三", "zhang@new.cn")
    assert people.get(by_id).birthday == date(1949, 12, 31)
    with store.read() as session:
        assert session.execute(text("SELECT customer_id FROM cards WHERE number = 'B004'")).scalar() == by_id


def test_a_match_on_a_customer_merged_away_is_a_match_on_the_survivor(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    survivor = add_customer(store, "张三", "13800000001")
    add_customer(store, "张三", "13800000099", status="merged", merged_into=survivor)
    report = _run(store, owner, _sheet(tmp_path, [["张三", "13800000099", None, None, None, None, None]]))
    assert [(m.customer_id, m.key) for m in report.matches] == [(survivor, "phone")]


def test_a_refused_file_leaves_the_store_unchanged(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    before = counts(store)
    no_keys = simple_workbook(tmp_path / "k.xlsx", ["姓名", "生日"], [["张三", "1990-01-01"]])
    with pytest.raises(ValidationError):
        _run(store, owner, no_keys, dry_run=False)
    every_row_bad = _sheet(tmp_path, [["", "123", None, None, None, None, None],
                                      ["李四", "abc", None, None, None, None, None]])
    report = _run(store, owner, every_row_bad, dry_run=False)
    assert not report.dry_run and report.imported == 0
    assert {r.row for r in report.rejected} == {2, 3}
    assert counts(store) == before  # not even an audit entry
    assert list_backups(backup_folder(store)) == []  # nor a backup


def test_answers_must_be_ones_the_question_has() -> None:
    with pytest.raises(ValueError):
        ImportOptions(choices={(2, "optional"): "overwrite"})
    with pytest.raises(ValueError):
        ImportOptions(defaults={"likely": "merge"})


def test_the_reasons_stay_in_english_for_an_english_user(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    from crm_desktop.models.language import set_language

    set_language("en")
    report = _run(store, owner, _sheet(tmp_path, [["张三", "13800000001", None, None, "1988-02-30", None, None]]))
    assert report.optional_problems[0].fields[0].reason.startswith("That date does not exist")
    assert Rejection(2, "生日", report.optional_problems[0].fields[0].reason) in report.rejected


def test_a_formula_saved_without_its_result_is_reported_as_such_not_as_no_phone(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    path = simple_workbook(tmp_path / "f.xlsx", ["姓名", "手机", "生日"], [
        ["张三", '="138"&"00000001"', None],    # 2: openpyxl saves formulas without results
        ["李四", "13800000002", "=DATE(1990,1,2)"],  # 3: an optional field
    ])
    report = _run(store, owner, path)
    assert [(r.row, r.column) for r in report.rejected] == [(2, "手机"), (3, "生日")]
    assert all("公式" in r.reason and "保存" in r.reason for r in report.rejected)
    assert "缺少手机号" not in " ".join(r.reason for r in report.rejected)
    # The birthday is optional: 李四 may come in without it.
    assert [p.row for p in report.optional_problems] == [3]


def test_a_likely_duplicate_is_flagged_with_its_reason_and_the_user_chooses_per_row(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    zhang = add_customer(store, "张三", "13800000001", birthday=date(1990, 1, 2))
    path = simple_workbook(tmp_path / "m.xlsx", ["姓名", "手机", "生日", "邮箱"], [
        ["張三", "13900000009", "1990-01-02", "zs@example.cn"],  # 2 traditional name, same birthday
        ["张三", "13800000010", None, None],                    # 3 two digits swapped
        ["李四", "13700000000", None, None],                    # 4 nobody like her on file
    ])
    preview = _run(store, owner, path)
    assert [(m.row, m.customer_id, m.customer_name, m.choice) for m in preview.likely] == [
        (2, zhang, "张三", "new"), (3, zhang, "张三", "new")]
    assert any("繁" in reason and "张三" in reason for reason in preview.likely[0].reasons)
    assert any("生日" in reason for reason in preview.likely[0].reasons)
    assert preview.imported == 3  # by default each is imported as a new customer
    before = counts(store)

    report = _run(store, owner, path, dry_run=False, choices={
        (2, "likely"): "same", (2, "new_info"): "add_new", (3, "likely"): "skip"})
    assert (report.imported, report.updated, report.skipped) == (1, 1, 1)
    assert [(m.row, m.customer_id, m.key, m.action) for m in report.matches] == [
        (2, zhang, "likely", "add_new")]
    assert counts(store)["customers"] == before["customers"] + 1  # only 李四 is new
    person = CustomerService(store, owner).get(zhang)
    assert (person.name, person.email) == ("张三", "zs@example.cn")  # the name stays as on file


def test_damaged_text_is_not_stored_without_a_word_and_the_user_decides_per_row(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    path = simple_workbook(tmp_path / "m.xlsx", ["姓名", "手机", "余额", "地址", "备注"], [
        ["王?明", "13800000001", 100, None, None],                   # 2 a GBK export's "?"
        ["李四", "13800000002", None, None, "锟斤拷锟斤拷"],             # 3 UTF-8 read as GBK
        ["赵六", "13800000003", None, "北京市\ufffd\ufffd路 1 号", None],  # 4 lost characters
        ["钱七", "13800000004", None, None, "下次还来吗??"],              # 5 a real question
    ])
    before = counts(store)
    preview = _run(store, owner, path)
    assert [(d.row, d.field, d.column, d.preview, d.choice) for d in preview.damaged] == [
        (2, "name", "姓名", "王?明", "skip"),
        (3, "notes", "备注", "锟斤拷锟斤拷", "skip"),
        (4, "address", "地址", "北京市\ufffd\ufffd路 1 号", "skip"),
    ]
    assert "问号" in preview.damaged[0].why and "乱码" in preview.damaged[1].why
    assert preview.imported == 1 and {r.row for r in preview.rejected} == {2, 3, 4}
    assert "看起来已损坏（王?明）" in preview.rejected[0].reason
    assert counts(store) == before

    report = _run(store, owner, path, dry_run=False, choices={
        (2, "damaged"): "clear", (3, "damaged"): "clear", (4, "damaged"): "keep"})
    assert report.imported == 4 and report.rejected == ()
    with store.read() as session:
        stored = {r[0]: r[1:] for r in session.execute(text(
            "SELECT phone, name, address, notes, corrections FROM customers"))}
    # A name cannot be left empty: it is kept, and flagged for correction.
    assert stored["13800000001"] == ("王?明", None, None, '{"name": "王?明"}')
    assert stored["13800000002"] == ("李四", None, None, '{"notes": "锟斤拷锟斤拷"}')
    assert stored["13800000003"] == ("赵六", "北京市\ufffd\ufffd路 1 号", None, None)
    assert stored["13800000004"] == ("钱七", None, "下次还来吗??", None)
