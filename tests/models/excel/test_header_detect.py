"""Finding the header under title rows, recognising column names, presets the wizard saves."""

from __future__ import annotations

from pathlib import Path

import pytest
from excel_builders import MESSY_HEADER_ROW, messy_customers, simple_workbook

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.excel.header_detect import detect_header, detect_sheet, map_headers
from crm_desktop.models.excel.presets import PresetService
from crm_desktop.models.excel.readers import open_book, open_table
from crm_desktop.models.store.store import Store


def test_header_is_found_under_a_merged_title_an_export_time_line_and_a_blank_row(
    tmp_path: Path,
) -> None:
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    mapping = detect_header(table)
    assert mapping.header_row == MESSY_HEADER_ROW
    assert mapping.fields == (None, "name", "phone", "card_number", "tier", "balance", "points",
                              "birthday", "gender", "id_number", "notes")
    assert mapping.header_of("balance") == "卡内余额(元)"


@pytest.mark.parametrize(("header", "field"), [
    ("姓名", "name"), ("会员姓名", "name"), ("客户名称", "name"), ("Name", "name"),
    ("手机", "phone"), ("手机号码", "phone"), ("联系电话", "phone"), ("Mobile", "phone"),
    ("卡号", "card_number"), ("会员卡号", "card_number"), ("Card No.", "card_number"),
    ("等级", "tier"), ("会员等级", "tier"), ("余额", "balance"), ("卡内余额（元）", "balance"),
    ("积分", "points"), ("生日", "birthday"), ("出生日期", "birthday"), ("性别", "gender"),
    ("地址", "address"), ("备注", "notes"), ("开卡日期", "issued_on"), ("身份证号", "id_number"),
    ("邮箱", "email"), ("E-mail", "email"), ("*手机号码", "phone"), ("会员手机号", "phone"),
    ("赠送余额", "bonus_balance"), ("客户来源", None), ("序号", None),
])
def test_usual_header_names_are_recognised(header: str, field: str | None) -> None:
    assert map_headers("customers", 1, [header]).fields == (field,)


def test_a_repeated_header_fills_the_second_field_or_is_left_out_with_a_note() -> None:
    mapping = map_headers("customers", 1, ["姓名", "电话", "电话", "备注", "备注"])
    assert mapping.fields == ("name", "phone", "phone2", "notes", None)
    assert mapping.notes == ("“备注”列重复，只导入第一列。",)


def test_the_user_can_move_a_field_to_another_column() -> None:
    mapping = map_headers("customers", 1, ["姓名", "电话", "座机号"])
    changed = mapping.with_field(2, "phone")
    assert changed.fields == ("name", None, "phone")
    assert changed.with_field(0, None).missing_identity()


def test_no_header_gets_a_sentence_that_says_what_to_do(tmp_path: Path) -> None:
    path = simple_workbook(tmp_path / "x.xlsx", ["a", "b"], [["1", "2"]])
    with pytest.raises(ValidationError) as caught:
        detect_header(open_table(path))
    assert "找不到表头" in str(caught.value)
    assert "手动指定" in str(caught.value)


def test_the_sheet_with_the_member_list_is_picked_over_a_summary_sheet(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表由某系统导出"])
    members = wb.create_sheet("会员")
    members.append(["姓名", "手机"])
    members.append(["张三", "13812345678"])
    wb.save(tmp_path / "two.xlsx")
    table, mapping = detect_sheet(open_book(tmp_path / "two.xlsx"))
    assert table.sheet_name == "会员"
    assert mapping.fields == ("name", "phone")


def test_a_saved_preset_maps_odd_headers_next_time(store: Store, owner: Actor) -> None:
    odd = map_headers("customers", 1, ["VIP名", "通讯号", "备注"])
    assert odd.fields == (None, None, "notes")
    settled = odd.with_field(0, "name").with_field(1, "phone")
    presets = PresetService(store, owner)
    presets.save("旧收银系统", settled)
    saved = presets.list("customers")
    assert [p.name for p in saved] == ["旧收银系统"]
    again = map_headers("customers", 1, ["VIP名", "通讯号", "备注"], saved[0].columns)
    assert again.fields == ("name", "phone", "notes")
    assert store.setting("import_presets")["旧收银系统"]["kind"] == "customers"
    presets.delete("旧收银系统")
    assert presets.list() == []


def test_a_clerk_cannot_save_presets(store: Store, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied) as caught:
        PresetService(store, clerk).save("x", map_headers("customers", 1, ["姓名", "手机"]))
    assert "前台账号无权批量导入" in str(caught.value)
    assert store.setting("import_presets") is None
