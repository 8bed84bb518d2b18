"""`crm-desktop export … --full-numbers`: masked by default, full for the owner only, and logged."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.audit_log import AuditFilter, AuditService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from tests.integration.test_cli_excel import PASSWORD, crm

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models" / "excel"))
from excel_builders import read_sheets  # noqa: E402

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """The owner "boss", the accountant "xiaoli" and one customer with a phone and an ID number."""
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    owner = store.actor_for("boss")
    UserService(store, owner).add("xiaoli", "accountant", "acc-pass-11")
    CustomerService(store, owner).create(
        CustomerInput(name="张三", phone="13812345678", id_number=ID_NUMBER))
    store.close()
    return path


def _full_number_entries(path: Path) -> list[dict[str, object]]:
    store, _ = open_store(path, "boss", PASSWORD)
    try:
        found = AuditService(store, store.actor_for("boss")).find(
            AuditFilter(action="export.full_numbers"), None)
        return [dict(r.after) | {"by": r.username} for r in found]
    finally:
        store.close()


def test_the_owner_exports_masked_numbers_unless_full_numbers_is_asked(
    tmp_path: Path, shop: Path
) -> None:
    masked = crm("export", "customers", "--db", str(shop), "--out", str(tmp_path / "m.xlsx"))
    assert masked.returncode == 0, masked.stderr
    assert "电话和证件号码已部分隐藏" in masked.stdout
    row = read_sheets(tmp_path / "m.xlsx")["客户"][1]
    assert (row[1], row[11]) == ("138****5678", "110***********002X")
    assert _full_number_entries(shop) == []

    full = crm("export", "customers", "--db", str(shop), "--out", str(tmp_path / "f.xlsx"),
               "--full-numbers")
    assert full.returncode == 0, full.stderr
    assert "完整号码，已记入操作日志" in full.stdout
    row = read_sheets(tmp_path / "f.xlsx")["客户"][1]
    assert (row[1], row[11]) == ("13812345678", ID_NUMBER)
    assert _full_number_entries(shop) == [{"export": "customers", "rows": 1, "by": "boss"}]


def test_an_accountant_asking_for_full_numbers_gets_the_sentence_and_exit_2(
    tmp_path: Path, shop: Path
) -> None:
    refused = crm("export", "customers", "--db", str(shop), "--out", str(tmp_path / "a.xlsx"),
                  "--full-numbers", user="xiaoli", password="acc-pass-11")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "只有店主可以导出完整的电话和证件号码；其他账号导出的文件里，号码都部分隐藏。")
    assert not (tmp_path / "a.xlsx").exists()
    masked = crm("export", "customers", "--db", str(shop), "--out", str(tmp_path / "a.xlsx"),
                 user="xiaoli", password="acc-pass-11")
    assert masked.returncode == 0, masked.stderr
    assert read_sheets(tmp_path / "a.xlsx")["客户"][1][1] == "138****5678"
    assert _full_number_entries(shop) == []


def test_full_numbers_on_an_export_without_numbers_is_refused(tmp_path: Path, shop: Path) -> None:
    wrong = crm("export", "takings", "--db", str(shop), "--out", str(tmp_path / "t.xlsx"),
                "--full-numbers")
    assert wrong.returncode == 2
    assert "这种导出不含电话和证件号码" in wrong.stderr and "Traceback" not in wrong.stderr
    assert not (tmp_path / "t.xlsx").exists()
