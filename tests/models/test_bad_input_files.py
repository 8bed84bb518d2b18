"""Everything a file handed to the import can get wrong: each gets one sentence, nothing changes.

Already proven in ``tests/models/excel/test_injection_and_safety.py`` and not
repeated here: a zip bomb, billion-laughs entities, a sparse sheet that expands to
billions of cells, an ODS repeat bomb, too many rows, a PNG renamed .xlsx, a
truncated workbook; in ``test_customer_import.py``: GBK and UTF-8-BOM CSV, an ID
number stored as a number, the messy member list. Here: what those leave out,
each run through the whole import with a digest of the tables before and after.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text
from table_digest import table_digest

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions, ImportReport
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.excel.safety import ReadLimits
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.rules.validation import id_check_digit
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.store.store import Store

REAL = ImportOptions(dry_run=False)
ID_17 = "11010519900307123"
ID_OK = ID_17 + id_check_digit(ID_17)
ID_BAD = ID_17 + ("0" if id_check_digit(ID_17) != "0" else "1")
NOT_A_SHEET = "文件已损坏或不是表格文件"
NO_HEADER = "在表格前 30 行里找不到表头"


def _import(store: Store, owner: Actor, path: Path, limits: ReadLimits | None = None,
            progress: ProgressReport = no_progress) -> ImportReport:
    table = open_table(path, limits=limits) if limits else open_table(path)
    return CustomerImport(store, owner).run(table, detect_header(table), REAL, progress=progress)


def _workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _names(store: Store) -> dict[str, tuple[Any, ...]]:
    with store.read() as session:
        return {r[0]: tuple(r[1:]) for r in session.execute(text(
            "SELECT name, phone, phone2, notes FROM customers ORDER BY id"))}


def _plain(tmp_path: Path) -> Path:
    return _workbook(tmp_path / "plain.xlsx", [["姓名", "手机"], ["张三", "13812345678"]])


def _with_sheet_xml(source: Path, target: Path, change: Any) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            out.writestr(name, change(data) if name == "xl/worksheets/sheet1.xml" else data)
    return target


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                         'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def _padded_entity(tmp_path: Path, used: bool) -> Path:
    """A DOCTYPE with an external entity hidden behind 6 kB of comment (past the first scan)."""
    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[-1]
        if used:
            body = body.replace("张三".encode(), b"&x;")
        return (b'<?xml version="1.0" encoding="UTF-8"?><!--' + b"x" * 6000 + b"-->"
                b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + body)
    return _with_sheet_xml(_plain(tmp_path), tmp_path / f"padded-{used}.xlsx", change)


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


REFUSED_FILES = {
    "empty": (lambda tmp: _file(tmp / "empty.xlsx", b""), "这个文件是空的"),
    "web page saved as .xls": (
        lambda tmp: _file(tmp / "page.xls", b"<html><table><tr><td>x</td></tr></table></html>"),
        NO_HEADER),
    "a Word document": (lambda tmp: _docx(tmp / "letter.xlsx"), "看起来是Word 文档"),
    "binary with NUL bytes as .csv": (
        lambda tmp: _file(tmp / "data.csv", b"\x00\x01\x02MZ\x90\x00" * 50), "不是表格文件"),
    "external entity behind a long comment": (lambda tmp: _padded_entity(tmp, True),
                                              "XML 实体声明"),
    "a zip cut in the middle of its first member": (
        lambda tmp: _file(tmp / "cut.xlsx", _plain(tmp).read_bytes()[:40]), NOT_A_SHEET),
}


@pytest.mark.parametrize("case", sorted(REFUSED_FILES))
def test_files_that_cannot_be_a_member_list_are_refused_with_a_sentence(
    store: Store, owner: Actor, tmp_path: Path, case: str
) -> None:
    make, words = REFUSED_FILES[case]
    path = make(tmp_path)
    before = table_digest(store)
    with pytest.raises(ValidationError) as caught:
        _import(store, owner, path)
    assert words in str(caught.value), str(caught.value)
    assert "Traceback" not in str(caught.value) and table_digest(store) == before


def test_an_unused_entity_declaration_reads_nothing_from_disk(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    report = _import(store, owner, _padded_entity(tmp_path, False))
    assert report.imported == 1
    assert _names(store) == {"张三": ("13812345678", None, None)}


def test_duplicate_headers_fill_the_second_phone_and_ignore_a_second_notes_column(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "dups.xlsx", [
        ["姓名", "手机", "手机", "备注", "备注"],
        ["张三", "13800001111", "13900002222", "老客户", "第二列备注"],
        ["李四", "13800003333", None, None, "只在第二列"],
        ["张三", "13800001111", None, "重复的一行", None],
    ])
    table = open_table(path)
    mapping = detect_header(table)
    assert mapping.notes == ("“备注”列重复，只导入第一列。",)
    report = CustomerImport(store, owner).run(table, mapping, REAL)
    assert report.imported == 2 and [d.row for d in report.duplicates] == [4]
    assert _names(store) == {"张三": ("13800001111", "13900002222", "老客户"),
                             "李四": ("13800003333", None, None)}


def test_bad_cells_reject_their_row_with_the_reason_and_the_rest_is_taken_as_typed(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    csv = tmp_path / "members.csv"
    csv.write_bytes((
        "姓名,手机,身份证号,卡内余额,备注\n"
        f"张\x07三,13800000001,,,\n"
        f"李四,13800000002,{ID_BAD},,\n"
        f"王五,13800000003,{ID_OK},1e30,\n"
        f"赵六,13800000004,,0.30000000000000004,\n"
        "\"Robert'); DROP TABLE customers;--\",13800000005,,,\"+cmd|' /C calc'!A0\"\n"
        "𠮷田😀,13800000006,,,@SUM(A1:A9)\n"
        "=1+1,13800000007,,-0.01,\n"
        "-2,13800000008,,88.50,=HYPERLINK(\"http://x\")\n"
    ).encode("utf-8-sig"))
    report = _import(store, owner, csv)
    assert [(r.row, r.column, r.reason) for r in report.rejected] == [
        (2, "姓名", "内容里有不可见的控制字符，请删掉后再输入。"),
        (3, "身份证号", "身份证号校验位不对，可能有一位输错了，请核对。"),
        (4, "卡内余额", "金额请写成普通数字，如 1000000（不要写成 1e6 这样的科学计数法）。"),
        (5, "卡内余额", "金额最多两位小数（精确到分）。"),
        (8, "卡内余额", "金额不能是负数。"),
    ]
    assert _names(store) == {
        "Robert'); DROP TABLE customers;--": ("13800000005", None, "+cmd|' /C calc'!A0"),
        "𠮷田😀": ("13800000006", None, "@SUM(A1:A9)"),
        "-2": ("13800000008", None, '=HYPERLINK("http://x")'),
    }


def test_an_id_number_cell_stored_as_a_number_is_refused_with_advice(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "ids.xlsx", [["姓名", "手机", "身份证号"],
                                             ["赵敏", "13800001111", 110105199003071237]])
    report = _import(store, owner, path)
    assert [r.reason for r in report.rejected] == [
        "身份证号被存成了数字，末尾几位已经丢失。请把该列设为“文本”格式后重新输入。"]
    assert report.imported == 0 and _names(store) == {}


def test_rare_characters_survive_a_gb18030_csv(store: Store, owner: Actor, tmp_path: Path) -> None:
    csv = tmp_path / "gb.csv"
    family = "林👨\u200d👩\u200d👧"
    csv.write_bytes(f"姓名,手机\n𠮷田,13800001111\n喆😀,13800002222\n{family},13800003333\n"
                    .encode("gb18030"))
    assert _import(store, owner, csv).imported == 3
    assert set(_names(store)) == {"𠮷田", "喆😀", family}


def test_a_sheet_at_the_row_limit_is_taken_and_one_row_more_is_refused(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    rows: list[list[Any]] = [["姓名", "手机"]]
    rows += [[f"客户{i}", f"1370000{i:04d}"] for i in range(10)]
    path = _workbook(tmp_path / "rows.xlsx", rows)  # a header and 10 members: 11 rows
    before = table_digest(store)
    with pytest.raises(ValidationError) as caught:
        _import(store, owner, path, ReadLimits(max_rows=10))
    assert str(caught.value) == "表格有 11 行，超过一次导入的上限 10 行。请把它拆成几个文件分别导入。"
    assert table_digest(store) == before
    seen: list[Progress] = []
    report = _import(store, owner, path, ReadLimits(max_rows=11), progress=seen.append)
    assert report.imported == 10 and len(_names(store)) == 10
    assert seen[0].stage == "check" and seen[-1] == Progress("write", 10, 10)
