"""Files shaped the ways shops really save them are read right; what is not a table is named.

Line ends of every kind, Excel's "sep=" line and "Unicode text"; sheets whose
recorded size is far beyond their values; wide exports; ODS files indented the
way KSpread writes them; formulas saved without a result; and empty files, PDFs,
pictures, zips and Word documents renamed to look like spreadsheets.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from excel_builders import ods_file, simple_workbook
from openpyxl.styles import Font

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.header_detect import detect_header, detect_sheet
from crm_desktop.models.excel.readers import UncomputedFormula, open_book, open_table
from crm_desktop.models.excel.safety import ReadLimits


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _values(path: Path) -> list[list[object]]:
    return [values for _, values in open_table(path).rows()]


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n", "mixed"])
def test_every_kind_of_line_end_reads_the_same_rows(tmp_path: Path, end: str) -> None:
    lines = ["姓名,手机,备注", "张三,13800001111,\"两行\n的备注\"", "李四,13800002222,"]
    body = "\r".join(lines[:2]) + "\r\n" + lines[2] + "\n" if end == "mixed" else end.join(lines) + end
    rows = _values(_file(tmp_path / "mac.csv", body.encode("utf-8")))
    assert rows == [["姓名", "手机", "备注"], ["张三", "13800001111", "两行\n的备注"],
                    ["李四", "13800002222", ""]]


def test_excel_sep_line_and_semicolons_with_decimal_commas(tmp_path: Path) -> None:
    path = _file(tmp_path / "eu.csv", "sep=;\n姓名;手机;余额\n张三;13800001111;12,50\n".encode())
    table = open_table(path)
    assert table.delimiter == ";"
    assert [(n, v) for n, v in table.rows()] == [(2, ["姓名", "手机", "余额"]),
                                                 (3, ["张三", "13800001111", "12,50"])]
    assert detect_header(table).header_row == 2


def test_tab_separated_text_whose_cells_hold_commas(tmp_path: Path) -> None:
    path = _file(tmp_path / "export.txt", "会员名单\n姓名\t手机\t地址\n张三\t13800001111\t北京市,朝阳区\n"
                 .encode("utf-16"))
    table = open_table(path)
    assert (table.delimiter, table.encoding) == ("\t", "utf-16")
    assert detect_header(table).fields == ("name", "phone", "address")


def test_a_sheet_formatted_down_to_the_last_row_is_read_as_its_values(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    for row in (["姓名", "手机"], ["张三", "13800001111"], ["李四", "13800002222"], ["王五", "13800003333"]):
        wb.active.append(row)
    wb.active["A1048576"].font = Font(bold=True)  # one formatted, empty cell at the bottom
    wb.active["XFD2"].font = Font(bold=True)
    wb.save(tmp_path / "tall.xlsx")
    with zipfile.ZipFile(tmp_path / "tall.xlsx") as archive:
        assert b'r="A1048576"' in archive.read("xl/worksheets/sheet1.xml")
    table = open_table(tmp_path / "tall.xlsx")
    assert table.row_count == 4 and len(list(table.rows())) == 4


def test_a_250_column_export_is_read(tmp_path: Path) -> None:
    header = ["姓名", "手机"] + [f"自定义{i}" for i in range(248)]
    path = simple_workbook(tmp_path / "wide.xlsx", header, [["张三", "13800001111"] + ["x"] * 248])
    table, mapping = detect_sheet(open_book(path))
    assert mapping.fields[:2] == ("name", "phone") and len(mapping.headers) == 250
    assert [len(v) for _, v in table.rows()] == [250, 250]


def test_values_too_far_apart_are_still_refused_by_their_real_extent(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "姓名"
    wb.active["ZZ30000"] = "x"  # 30,000 rows × 702 columns of values: 21 million cells
    wb.save(tmp_path / "far.xlsx")
    with pytest.raises(ValidationError) as caught:
        open_table(tmp_path / "far.xlsx")
    assert "30,000 行 × 702 列" in str(caught.value)
    assert len(_values(simple_workbook(tmp_path / "ok.xlsx", ["姓名"], [["x"]] * 5))) == 6
    with pytest.raises(ValidationError):
        open_table(tmp_path / "ok.xlsx", limits=ReadLimits(max_rows=5))


def _indented_ods(path: Path, prefix: str = "table") -> Path:
    rows = [["会员名单"], ["姓名", "手機"], ["陳大文", "13800001111"]]
    cells = "".join(
        f"\n    <{prefix}:table-row>"
        + "".join(f'\n     <{prefix}:table-cell office:value-type="string">\n      <text:p>{v}</text:p>'
                  f"\n     </{prefix}:table-cell>" for v in row)
        + f"\n    </{prefix}:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">\n <office:body>\n'
        f'  <office:spreadsheet>\n   <{prefix}:table {prefix}:name="会员">{cells}\n   </{prefix}:table>\n'
        "  </office:spreadsheet>\n </office:body>\n</office:document-content>\n")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)  # no manifest, like some writers
    return path


@pytest.mark.parametrize("prefix", ["table", "t"])
def test_an_indented_ods_as_kspread_writes_it_is_read(tmp_path: Path, prefix: str) -> None:
    table = open_table(_indented_ods(tmp_path / "kspread.ods", prefix))
    assert table.kind == "ods" and table.sheet_name == "会员"
    mapping = detect_header(table)
    assert (mapping.header_row, mapping.fields) == (2, ("name", "phone"))
    assert [v for _, v in table.rows(3)] == [["陳大文", "13800001111"]]


def test_an_ods_bomb_spelt_with_another_prefix_is_refused(tmp_path: Path) -> None:
    bomb = ods_file(tmp_path / "b.ods", [["姓名", "手机"], ["x"]], repeat_rows=100_000, repeat_cols=1000)
    with zipfile.ZipFile(bomb) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["content.xml"] = (parts["content.xml"].replace(b"<table:", b"<q:").replace(b"</table:", b"</q:")
                            .replace(b" table:", b" q:").replace(b"xmlns:table=", b"xmlns:q="))
    with zipfile.ZipFile(tmp_path / "b2.ods", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(ValidationError) as caught:
        open_table(tmp_path / "b2.ods")
    assert "范围太大" in str(caught.value)


def test_formulas_without_a_saved_result_are_marked_not_read_as_empty(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()  # openpyxl writes formulas and never calculates them
    wb.active.append(["姓名", "手机", "备注"])
    wb.active.append(["张三", '="138"&"00001111"', "老客户"])
    wb.active.append(["李四", "13800002222", None])
    wb.save(tmp_path / "f.xlsx")
    rows = dict(open_table(tmp_path / "f.xlsx").rows())
    phone = rows[2][1]
    assert isinstance(phone, UncomputedFormula) and phone == ""
    assert (phone.formula, phone.ref) == ('"138"&"00001111"', "B2")
    assert rows[3] == ["李四", "13800002222", ""]

    book = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))  # xlsxwriter saves 0 unless told a value
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "手机", "积分"])
    sheet.write_row(1, 0, ["王五"])
    sheet.write_formula(1, 1, "=A1")
    sheet.write_formula(1, 2, "=1+1", None, 2)
    book.close()
    second = dict(open_table(tmp_path / "x.xlsx").rows())[2]
    assert isinstance(second[1], UncomputedFormula) and second[2] == 2


EMPTY = {"zero bytes": b"", "a BOM only": b"\xef\xbb\xbf", "blank lines": b" \r\n\r\n  \t\n",
         "UTF-16 BOM and a line end": "\r\n".encode("utf-16"), "only commas": b",,,\n,,,\n"}


@pytest.mark.parametrize("case", sorted(EMPTY))
def test_an_empty_file_says_it_is_empty(tmp_path: Path, case: str) -> None:
    with pytest.raises(ValidationError) as caught:
        open_table(_file(tmp_path / "members.xlsx", EMPTY[case]))
    assert str(caught.value).startswith("这个文件是空的")


def test_a_workbook_without_any_value_says_it_is_empty(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "blank.xlsx")
    with pytest.raises(ValidationError) as caught:
        detect_sheet(open_book(tmp_path / "blank.xlsx"))
    assert str(caught.value).startswith("这个文件是空的")


def _zip(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return path


RENAMED = {
    "a PDF": (lambda tmp: _file(tmp / "list.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "PDF 文件"),
    "a PNG": (lambda tmp: _file(tmp / "list.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "PNG 图片"),
    "a JPEG": (lambda tmp: _file(tmp / "list.csv", b"\xff\xd8\xff\xe0\x00\x10JFIF"), "JPEG 图片"),
    "a zip of photos": (lambda tmp: _zip(tmp / "list.xlsx", ["a.jpg", "b.jpg"]), "压缩包"),
    "a Word .docx": (lambda tmp: _zip(tmp / "list.xlsx", ["[Content_Types].xml", "word/document.xml"]),
                     "Word 文档"),
    "a Word .doc": (lambda tmp: _file(tmp / "list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
                                      + "WordDocument".encode("utf-16-le") + b"\x00" * 500), "Word 文档"),
    "a RAR": (lambda tmp: _file(tmp / "list.xlsx", b"Rar!\x1a\x07\x01\x00rest"), "RAR 压缩包"),
}


@pytest.mark.parametrize("case", sorted(RENAMED))
def test_something_else_renamed_as_a_spreadsheet_is_named_for_what_it_is(tmp_path: Path, case: str) -> None:
    make, words = RENAMED[case]
    with pytest.raises(ValidationError) as caught:
        open_table(make(tmp_path))
    message = str(caught.value)
    assert "不是表格文件，看起来是" in message and words in message, message
