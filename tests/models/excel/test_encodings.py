"""Every encoding a shop's text file comes in is read right, and an unclear one is refused.

Each fixture is written here in its encoding: UTF-8 with and without BOM, GBK,
Big5 (Traditional headers and English ones), UTF-16 LE and BE (Excel's
"Unicode text", tab-separated). Each goes through the whole import into a real
encrypted file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from excel_builders import counts
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.encoding import decode_text
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.store.store import Store

REAL = ImportOptions(dry_run=False)
SIMPLIFIED = "姓名,手机,地址,备注\n王小明,13800001111,北京市朝阳区建国路88号,老客户\n李娜,13900002222,上海市浦东新区,\n"
TRADITIONAL = "姓名,手機,地址,備註\n陳大文,13800003333,香港九龍旺角彌敦道,老客戶\n黃美玲,13900004444,台北市信義區松仁路,\n"
ENGLISH = "Name,Phone,Notes\n陳大文,13800003333,老客戶\n黃美玲,13900004444,\n"

FIXTURES = {
    # name: (file name, text, encoding written, encoding told)
    "utf-8": ("members.csv", SIMPLIFIED, "utf-8", "utf-8"),
    "utf-8 with BOM": ("members.csv", SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
    "GBK": ("members.csv", SIMPLIFIED, "gbk", "gb18030"),
    "Big5, Traditional headers": ("members.csv", TRADITIONAL, "big5", "cp950"),
    "Big5, English headers": ("members.csv", ENGLISH, "big5", "cp950"),
    "UTF-16 LE (Unicode text)": ("members.txt", SIMPLIFIED.replace(",", "\t"), "utf-16", "utf-16"),
    "UTF-16 BE with BOM": ("members.csv", TRADITIONAL.replace(",", "\t"), "utf-16-be", "utf-16"),
}


def _names(store: Store) -> dict[str, tuple[str | None, str | None]]:
    with store.read() as session:
        return {r[0]: (r[1], r[2]) for r in session.execute(
            text("SELECT name, phone, notes FROM customers ORDER BY id"))}


def _write(tmp_path: Path, name: str, body: str, encoding: str) -> Path:
    path = tmp_path / name
    data = body.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(FIXTURES))
def test_each_encoding_is_read_right_and_imported(
    store: Store, owner: Actor, tmp_path: Path, case: str
) -> None:
    name, body, written, told = FIXTURES[case]
    table = open_table(_write(tmp_path, name, body, written))
    assert table.encoding == told
    report = CustomerImport(store, owner).run(table, detect_header(table), REAL)
    assert report.imported == 2 and report.rejected == ()
    delimiter = "\t" if "\t" in body else ","
    expected = {line.split(delimiter)[0] for line in body.splitlines()[1:]}
    assert set(_names(store)) == expected


def test_big5_names_are_not_turned_into_simplified_or_garbage(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    table = open_table(_write(tmp_path, "hk.csv", TRADITIONAL, "big5"))
    mapping = detect_header(table)
    assert mapping.fields == ("name", "phone", "address", "notes")  # 手機, 備註 map like 手机, 备注
    CustomerImport(store, owner).run(table, mapping, REAL)
    assert _names(store)["陳大文"] == ("13800003333", "老客戶")


def test_short_bytes_that_read_as_two_different_texts_are_refused_with_how_to_save_utf8(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    raw = "爱安".encode("gbk")  # as Big5 the same bytes are two other common characters
    assert raw.decode("gbk") != raw.decode("big5")
    path = tmp_path / "short.csv"
    path.write_bytes(raw + b"\n")
    before = counts(store)
    with pytest.raises(ValidationError) as caught:
        table = open_table(path)
        CustomerImport(store, owner).run(table, detect_header(table), REAL)
    message = str(caught.value)
    assert "无法确定 short.csv 的文字编码" in message
    assert "另存为" in message and "CSV UTF-8（逗号分隔）" in message and "WPS" in message
    assert counts(store) == before


def test_a_file_in_none_of_the_shop_encodings_is_refused_not_imported_as_garbage(tmp_path: Path) -> None:
    path = tmp_path / "sjis.csv"
    path.write_bytes("氏名,電話\nやまだたろう,09012345678\nすずきはなこ,08098765432\n".encode("shift_jis"))
    with pytest.raises(ValidationError) as caught:
        open_table(path)
    assert "文字编码" in str(caught.value)


def test_rare_characters_and_emoji_survive_gb18030(tmp_path: Path) -> None:
    body = "姓名,手机\n𠮷田,13800001111\n喆😀,13800002222\n"
    assert decode_text(body.encode("gb18030")).text == body


def test_utf8_with_one_broken_byte_stays_utf8_and_shows_the_break() -> None:
    raw = ("姓名,手机\n" + "王小明,13800001111\n" * 400).encode() + b"\xe5\n"
    decoded = decode_text(raw)
    assert decoded.encoding == "utf-8" and decoded.text.count("\ufffd") == 1


@pytest.mark.parametrize("rows", [1, 3, 30])
def test_gbk_and_big5_member_lists_of_any_length_are_told_apart(tmp_path: Path, rows: int) -> None:
    simplified = "姓名,手机\n" + "".join(f"{n},1380000{i:04d}\n" for i, n in
                                       zip(range(rows), ["张伟", "王芳", "李娜", "刘洋"] * 10, strict=False))
    traditional = "姓名,手機\n" + "".join(f"{n},1380000{i:04d}\n" for i, n in
                                         zip(range(rows), ["張偉", "王芳", "李娜", "劉洋"] * 10, strict=False))
    assert decode_text(simplified.encode("gbk")).text == simplified
    assert decode_text(traditional.encode("big5")).text == traditional
