"""`crm-desktop import` and `crm-desktop export` as a shop owner or a script runs them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.users import UserService

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models" / "excel"))
from excel_builders import messy_customers, read_sheets  # noqa: E402

from tests.integration.cli_runner import PASSWORD, crm


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A closed shop file with the owner "boss" and the clerk "clerk1"."""
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    UserService(store, store.actor_for("boss")).add("clerk1", "clerk", "clerk-pass-1")
    store.close()
    return path


def _customer_count(path: Path) -> int:
    store, _ = open_store(path, "boss", PASSWORD)
    try:
        with store.read() as session:
            return int(session.execute(text("SELECT count(*) FROM customers")).scalar() or 0)
    finally:
        store.close()


def test_import_json_prints_one_object_and_writes_the_error_workbook(tmp_path: Path, shop: Path) -> None:
    source = messy_customers(tmp_path / "members.xlsx")
    dry = crm("import", str(source), "--db", str(shop), "--dry-run", "--json")
    assert dry.returncode == 1, dry.stderr
    assert json.loads(dry.stdout)["imported"] == 7
    assert _customer_count(shop) == 0
    done = crm("import", str(source), "--db", str(shop), "--json", "--errors", str(tmp_path / "err.xlsx"))
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)  # exactly one JSON object, nothing else on stdout
    assert {k: report[k] for k in ("rows_read", "imported", "updated", "balance_fen", "points")} == {
        "rows_read": 19, "imported": 7, "updated": 0, "balance_fen": 255700, "points": 1200}
    assert report["duplicates"] == [{"row": 11, "first_row": 5}, {"row": 21, "first_row": 5}]
    assert report["rejected"][0] == {
        "row": 12, "column": "手机号码",
        "reason": "电话号码不正确：手机号是 1 开头的 11 位数字，座机请带区号（如 010-12345678）。"}
    assert [r["row"] for r in report["rejected"]] == [12, 13, 14, 15, 16, 17, 18, 19, 22]
    assert _customer_count(shop) == 7
    assert len(read_sheets(tmp_path / "err.xlsx")["未导入的行"]) == 12
    again = crm("import", str(source), "--db", str(shop), "--on-duplicate", "fill")
    assert "新增 0；更新 0；跳过 7" in again.stdout


def test_export_every_kind(tmp_path: Path, shop: Path) -> None:
    crm("import", str(messy_customers(tmp_path / "m.xlsx")), "--db", str(shop))
    for kind in ("customers", "rollforward"):
        out = tmp_path / f"{kind}.xlsx"
        result = crm("export", kind, "--db", str(shop), "--out", str(out), "--from", "2020-01-01")
        assert result.returncode == 0, result.stderr
        assert out.exists() and "已导出" in result.stdout
    result = crm("export", "liability", "--db", str(shop), "--out", str(tmp_path / "l.xlsx"))
    assert result.returncode == 0
    assert read_sheets(tmp_path / "l.xlsx")["汇总"][5] == ["余额总计（元）", 2557.0]
    assert len(read_sheets(tmp_path / "customers.xlsx")["客户"]) == 8


def test_refusals_are_one_sentence_and_exit_2(tmp_path: Path, shop: Path) -> None:
    clerk = crm("export", "customers", "--db", str(shop), "--out", str(tmp_path / "c.xlsx"),
                user="clerk1", password="clerk-pass-1")
    assert clerk.returncode == 2
    assert clerk.stderr.strip() == "前台账号无权批量导出。"
    assert not (tmp_path / "c.xlsx").exists()
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01not a workbook")
    bad = crm("import", str(junk), "--db", str(shop))
    assert bad.returncode == 2 and "不是表格文件" in bad.stderr and "Traceback" not in bad.stderr
    wrong = crm("export", "points", "--db", str(shop), "--out", str(tmp_path / "p.xlsx"), "--from", "2024-01-01")
    assert wrong.returncode == 2 and "--at" in wrong.stderr
