"""`crm-desktop person export|anonymise`, `retention` and `rekey` as an owner runs them."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from crm_desktop.models.opening import create_store, open_store, open_store_with_recovery
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.keyed_connection import opens_with
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from tests.integration.cli_runner import PASSWORD, crm


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, int, int]:
    """A closed shop file: a clerk, a customer on file, one terminated in 2019."""
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    owner = store.actor_for("boss")
    UserService(store, owner).add("clerk1", "clerk", "clerk-pass-1")
    customers = CustomerService(store, owner)
    kept = customers.create(CustomerInput(name="欧阳娜娜", phone="13912345678", notes="常客"))
    gone = customers.create(CustomerInput(name="钱老板", phone="13800005555"))
    customers.terminate(gone.id, "搬走了")
    with store.write() as session:
        session.execute(text("UPDATE customers SET terminated_at = :at WHERE id = :id"),
                        {"at": datetime(2019, 3, 1), "id": gone.id})
    store.close()
    return path, kept.id, gone.id


def _name(path: Path, customer_id: int) -> str:
    store, _ = open_store(path, "boss", PASSWORD)
    try:
        with store.read() as session:
            return str(session.execute(text("SELECT name FROM customers WHERE id = :id"),
                                       {"id": customer_id}).scalar_one())
    finally:
        store.close()


def test_person_export_writes_the_workbook_and_a_clerk_is_refused(
    shop: tuple[Path, int, int], tmp_path: Path
) -> None:
    path, kept, _ = shop
    out = tmp_path / "access.xlsx"
    done = crm("person", "export", "--db", str(path), "--customer", str(kept), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"已导出客户 #{kept} 的全部信息" in done.stdout
    profile = openpyxl.load_workbook(out)["档案"]
    assert [profile["B3"].value, profile["B7"].value] == ["欧阳娜娜", "13912345678"]

    refused = crm("person", "export", "--db", str(path), "--customer", str(kept),
                  "--out", str(tmp_path / "clerk.xlsx"), user="clerk1", password="clerk-pass-1")
    assert refused.returncode == 2
    assert refused.stderr == "前台账号无权查看完整的电话和证件号码。\n"
    assert not (tmp_path / "clerk.xlsx").exists()


def test_person_anonymise_erases_and_bad_input_gets_one_sentence(shop: tuple[Path, int, int]) -> None:
    path, kept, _ = shop
    named = crm("person", "anonymise", "--yes", "--db", str(path), "--customer", str(kept),
                "--reason", "欧阳娜娜要求删除")
    assert named.returncode == 2
    assert named.stderr == "原因会永久留在操作日志里，请不要写客户的姓名、电话或证件号。\n"
    missing = crm("person", "anonymise", "--yes", "--db", str(path), "--customer", "999",
                  "--reason", "本人要求")
    assert missing.returncode == 2 and "找不到编号为 999 的客户" in missing.stderr
    assert _name(path, kept) == "欧阳娜娜"

    done = crm("person", "anonymise", "--yes", "--db", str(path), "--customer", str(kept),
               "--reason", "本人要求删除")
    assert done.returncode == 0, done.stderr
    assert "个人信息已删除，账务记录保留" in done.stdout
    assert _name(path, kept) == f"已匿名客户 #{kept}"


def test_retention_lists_then_erases_the_customers_kept_too_long(
    shop: tuple[Path, int, int]
) -> None:
    path, kept, gone = shop
    listed = crm("retention", "--db", str(path))
    assert listed.returncode == 0, listed.stderr
    assert "保存期限 1095 天；超期的已注销客户 1 位" in listed.stdout
    assert re.search(rf"^{gone}\t钱老板\t2019-03-01\t2022-02-28$", listed.stdout, re.M)

    erased = crm("retention", "--db", str(path), "--anonymise", "--yes")
    assert erased.returncode == 0, erased.stderr
    assert _name(path, gone) == f"已匿名客户 #{gone}" and _name(path, kept) == "欧阳娜娜"
    again = crm("retention", "--db", str(path))
    assert "超期的已注销客户 0 位" in again.stdout


def test_rekey_changes_the_key_and_can_make_a_new_recovery_key(shop: tuple[Path, int, int]) -> None:
    path, _, _ = shop
    old_key = KeyFile.load(keyfile_path(path)).unlock("boss", PASSWORD)

    done = crm("rekey", "--db", str(path), "--new-recovery-key")

    assert done.returncode == 0, done.stderr
    assert "数据库密钥已更换，2 个账号可继续登录：boss、clerk1。" in done.stdout
    assert not opens_with(path, old_key)
    keys = re.findall(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}\b", done.stdout)
    assert len(keys) == 1
    open_store_with_recovery(path, keys[0]).close()
    store, actor = open_store(path, "clerk1", "clerk-pass-1")
    store.close()
    assert old_key.hex() not in done.stdout + done.stderr
    refused = crm("rekey", "--db", str(path), user="clerk1", password="clerk-pass-1")
    assert refused.returncode == 2 and "前台账号无权管理员工账号" in refused.stderr
