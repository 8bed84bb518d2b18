"""`crm-desktop import` says what it found about single rows, and its flags answer for every row.

Rows found on file (with the key), wrong optional values, damaged text and likely
duplicates are printed; --keep-without-wrong-optional, --add-new, --damaged and
--likely change what a real import into a real shop file does.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from crm_desktop.models.opening import create_store, open_store
from tests.integration.cli_runner import PASSWORD, crm

HEADER = "姓名,手机号,会员卡号,生日,邮箱,地址,卡内余额\n"
ON_FILE = HEADER + (
    "张三,13812345678,,1990-01-02,,,\n"
    "李四,13912345678,,1985-05-06,,,\n"
    "王芳,13700001111,,1992-03-04,,,\n"
)
SECOND = HEADER + (
    "张三,13812345678,,,zhang@example.cn,,\n"  # 2: on file by phone, with a new email
    "赵六,15800001111,,1988-02-30,,,200\n"  # 3: an impossible birthday, ¥200 on the card
    "钱七,15800002222,,,,北京市??区,\n"  # 4: an address a GBK export damaged
    "王芳,13600009999,,1992-03-04,,,\n"  # 5: same name and birthday as one on file
)




@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A shop file holding 张三, 李四 and 王芳, imported from a real CSV."""
    path = tmp_path / "shop.crm"
    create_store(path, "测试小店", "boss", PASSWORD)[0].close()
    first = tmp_path / "first.csv"
    first.write_text(ON_FILE, encoding="utf-8-sig")
    done = crm("import", str(first), "--db", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    return path


def _customers(path: Path) -> dict[str, dict[str, object]]:
    store, _ = open_store(path, "boss", PASSWORD)
    try:
        with store.read() as session:
            rows = session.execute(text(
                "SELECT name, phone, email, birthday, address, corrections FROM customers"
            )).mappings()
            return {str(r["name"]): dict(r) for r in rows}
    finally:
        store.close()


def test_dry_run_lists_every_finding_with_masked_numbers(tmp_path: Path, shop: Path) -> None:
    source = tmp_path / "second.csv"
    source.write_text(SECOND, encoding="utf-8-sig")
    dry = crm("import", str(source), "--db", str(shop), "--dry-run")
    out = dry.stdout
    assert "已在本店档案中的行 / rows already on file: 1" in out
    assert "第 2 行 / row 2 → #1 张三（手机 138****5678）：跳过 / skipped" in out
    assert "zhang@example.cn" in out and "--add-new" in out
    assert "选填项有误的行 / rows with wrong optional values: 1" in out
    assert "第 3 行 / row 3 赵六" in out and "1988-02-30" in out
    assert "--keep-without-wrong-optional" in out
    assert "文字看起来已损坏 / text that looks damaged: 1" in out
    assert "第 4 行 / row 4 钱七 [地址]" in out
    assert "可能与本店客户重复 / likely customers already on file: 1" in out
    assert "第 5 行 / row 5 王芳 ≈ #3 王芳" in out
    # No phone number is printed in full, in the text or in the JSON.
    for number in ("13812345678", "13600009999", "15800001111", "13700001111"):
        assert number not in out
    report = json.loads(crm("import", str(source), "--db", str(shop), "--dry-run", "--json").stdout)
    assert report["matches"][0]["key"] == "phone"
    assert report["matches"][0]["key_value"] == "138****5678"
    assert [p["row"] for p in report["optional_problems"]] == [3]
    assert [d["row"] for d in report["damaged"]] == [4]
    assert [m["row"] for m in report["likely"]] == [5]
    assert "13812345678" not in json.dumps(report, ensure_ascii=False)
    assert set(_customers(shop)) == {"张三", "李四", "王芳"}  # a dry run writes nothing


def test_default_answers_refuse_and_skip_what_they_should(tmp_path: Path, shop: Path) -> None:
    source = tmp_path / "second.csv"
    source.write_text(SECOND, encoding="utf-8-sig")
    done = crm("import", str(source), "--db", str(shop))
    assert done.returncode == 1, done.stdout + done.stderr  # rows were refused
    customers = _customers(shop)
    assert customers["张三"]["email"] is None  # the new email was listed, not added
    assert "赵六" not in customers and "钱七" not in customers
    assert "作为新客户导入 / imported as a new customer" in done.stdout
    store, _ = open_store(shop, "boss", PASSWORD)
    try:
        with store.read() as session:
            assert session.execute(text("SELECT count(*) FROM customers WHERE name = '王芳'")).scalar() == 2
    finally:
        store.close()


def test_flags_answer_for_every_row(tmp_path: Path, shop: Path) -> None:
    source = tmp_path / "second.csv"
    source.write_text(SECOND, encoding="utf-8-sig")
    done = crm(
        "import", str(source), "--db", str(shop), "--keep-without-wrong-optional", "--add-new",
        "--damaged", "clear", "--likely", "skip",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "补充新信息 / new details added" in done.stdout
    assert "不含这些值导入，标记待更正" in done.stdout
    assert "留空并标记待更正 / left empty, flagged for correction" in done.stdout
    customers = _customers(shop)
    assert customers["张三"]["email"] == "zhang@example.cn"
    zhao = customers["赵六"]
    assert zhao["birthday"] is None
    assert json.loads(str(zhao["corrections"])) == {"birthday": "1988-02-30"}
    qian = customers["钱七"]
    assert qian["address"] is None and "address" in json.loads(str(qian["corrections"]))
    store, _ = open_store(shop, "boss", PASSWORD)
    try:
        with store.read() as session:
            # The likely duplicate was skipped; 赵六's ¥200 was booked.
            assert session.execute(text("SELECT count(*) FROM customers WHERE name = '王芳'")).scalar() == 1
            assert session.execute(text(
                "SELECT sum(principal_fen + bonus_fen) FROM value_entries"
            )).scalar() == 20000
    finally:
        store.close()


def test_damaged_keep_stores_the_text_as_it_was(tmp_path: Path, shop: Path) -> None:
    source = tmp_path / "damaged.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "手机号", "地址"])
    ws.append(["钱七", "15800002222", "北京市??区"])
    wb.save(source)
    done = crm("import", str(source), "--db", str(shop), "--damaged", "keep")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "照原样导入 / imported as it is" in done.stdout
    assert _customers(shop)["钱七"]["address"] == "北京市??区"


def test_unknown_answer_is_refused_by_the_command_line(tmp_path: Path, shop: Path) -> None:
    source = tmp_path / "second.csv"
    source.write_text(SECOND, encoding="utf-8-sig")
    wrong = crm("import", str(source), "--db", str(shop), "--likely", "same")
    assert wrong.returncode == 2 and "--likely" in wrong.stderr
