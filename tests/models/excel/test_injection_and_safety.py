"""Hostile files are refused with a clear sentence; exported text never turns into a formula."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from excel_builders import (
    add_customer,
    ods_file,
    read_sheets,
    rewrite_member,
    simple_workbook,
    write_csv,
)

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.export_customers import export_customers
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.excel.safety import ReadLimits
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

RISKY = ['=HYPERLINK("http://evil.example","点我")', "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
         "=cmd|' /C calc'!A0"]


def test_risky_text_is_exported_as_text_with_a_quote_prefix(tmp_path: Path, store: Store, owner: Actor) -> None:
    for index, name in enumerate(RISKY):
        add_customer(store, name, f"1380000{index:04d}", notes=name)
    out = export_customers(store, owner, tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(out.path)["客户"]
    for row in range(2, len(RISKY) + 2):
        for column in ("A", "V"):
            cell = sheet[f"{column}{row}"]
            assert cell.data_type == "s" and cell.quotePrefix
    values = read_sheets(out.path)["客户"][1:]
    assert [(r[0], r[21]) for r in values] == [(name, name) for name in RISKY]
    with zipfile.ZipFile(out.path) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in xml  # the data sheet holds no formula at all


def test_a_formula_looking_name_is_imported_as_plain_text(tmp_path: Path, store: Store, owner: Actor) -> None:
    path = write_csv(tmp_path / "c.csv", '姓名,手机\n"=1+2",13800001111\n', "utf-8")
    table = open_table(path)
    CustomerImport(store, owner).run(table, detect_header(table), ImportOptions(dry_run=False))
    sheet = openpyxl.load_workbook(export_customers(store, owner, tmp_path / "o.xlsx").path)["客户"]
    assert sheet["A2"].value == "=1+2" and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix


def _plain(tmp_path: Path) -> Path:
    return simple_workbook(tmp_path / "plain.xlsx", ["姓名", "手机"], [["张三", "13812345678"]])


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(_plain(tmp_path)) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            out.writestr(name, source.read(name))
        out.writestr("xl/media/huge.bin", b"\0" * (40 * 1024 * 1024))
    assert bomb.stat().st_size < 200_000
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        open_table(bomb)
    assert "压缩炸弹" in str(caught.value)
    assert time.perf_counter() - started < 5
    with pytest.raises(ValidationError) as caught:
        open_table(_plain(tmp_path), limits=ReadLimits(max_unpacked_bytes=2000))
    assert "解压后异常巨大" in str(caught.value)


def test_xml_entity_expansion_is_refused(tmp_path: Path) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "哈哈哈哈哈哈哈哈">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    hostile = rewrite_member(_plain(tmp_path), tmp_path / "lol.xlsx", "xl/worksheets/sheet1.xml",
                             lambda xml: laughs + xml.replace("张三", "&c;"))
    with pytest.raises(ValidationError) as caught:
        open_table(hostile)
    assert "XML 实体声明" in str(caught.value) and "已拒绝读取" in str(caught.value)
    # The reader underneath refuses it too: it never expands an entity.
    with pytest.raises(python_calamine.XmlError, match="entity"):
        python_calamine.CalamineWorkbook.from_path(str(hostile)).get_sheet_by_index(0)


def test_a_sparse_sheet_that_would_expand_to_billions_of_cells_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "姓名"
    wb.active["XFD1048576"] = "x"
    wb.save(tmp_path / "sparse.xlsx")
    with pytest.raises(ValidationError) as caught:
        open_table(tmp_path / "sparse.xlsx")
    assert "可能已损坏或是恶意文件" in str(caught.value) or "超过一次导入的上限" in str(caught.value)


def test_an_ods_whose_repeated_cells_expand_enormously_is_refused(tmp_path: Path) -> None:
    bomb = ods_file(tmp_path / "b.ods", [["姓名", "手机"], ["x"]], repeat_rows=100_000, repeat_cols=1000)
    with pytest.raises(ValidationError) as caught:
        open_table(bomb)
    assert "范围太大" in str(caught.value)


def test_too_many_rows_get_a_clear_sentence(tmp_path: Path) -> None:
    path = simple_workbook(tmp_path / "rows.xlsx", ["姓名", "手机"],
                           [[f"客户{i}", f"1380000{i:04d}"] for i in range(20)])
    with pytest.raises(ValidationError) as caught:
        open_table(path, limits=ReadLimits(max_rows=10))
    assert str(caught.value) == "表格有 21 行，超过一次导入的上限 10 行。请把它拆成几个文件分别导入。"


def test_files_that_are_not_spreadsheets_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "photo.xlsx"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ValidationError) as caught:
        open_table(binary)
    assert "不是表格文件" in str(caught.value)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(_plain(tmp_path).read_bytes()[:300])
    with pytest.raises(ValidationError) as caught:
        open_table(broken)
    assert "文件已损坏" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        open_table(tmp_path / "missing.xlsx")
    assert "找不到文件 missing.xlsx" in str(caught.value)
