"""Erasing from the command line asks first (``--yes`` skips the question), and the retention
list is never erased by a day still to come."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "owner-pass-1"


def crm(*args: str, answer: str | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_DESKTOP_")}
    environ.update(CRM_DESKTOP_LANG="zh", CRM_DESKTOP_PASSWORD=PASSWORD, CRM_DESKTOP_USER="boss")
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *args],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=environ,
        input=answer if answer is not None else "",
    )


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, int, int]:
    """A customer on file, and one terminated in 2024 (past the 3 years only in 2027)."""
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    customers = CustomerService(store, store.actor_for("boss"))
    kept = customers.create(CustomerInput(name="欧阳娜娜", phone="13912345678"))
    recent = customers.create(CustomerInput(name="钱老板", phone="13800005555"))
    customers.terminate(recent.id, "搬走了")
    with store.write() as session:
        session.execute(text("UPDATE customers SET terminated_at = :at WHERE id = :id"),
                        {"at": datetime.now().replace(year=datetime.now().year - 1),
                         "id": recent.id})
    store.close()
    return path, kept.id, recent.id


def _name(path: Path, customer_id: int) -> str:
    store, _ = open_store(path, "boss", PASSWORD)
    try:
        with store.read() as session:
            return str(session.execute(text("SELECT name FROM customers WHERE id = :id"),
                                       {"id": customer_id}).scalar_one())
    finally:
        store.close()


def test_a_future_day_lists_but_never_erases(shop: tuple[Path, int, int]) -> None:
    path, _kept, recent = shop
    future = f"{datetime.now().year + 5}-01-01"

    listed = crm("retention", "--db", str(path), "--at", future)
    assert listed.returncode == 0, listed.stderr
    assert "只列出，不删除" in listed.stdout and "钱老板" in listed.stdout

    refused = crm("retention", "--db", str(path), "--at", future, "--anonymise", "--yes")
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"不能按将来的日期 {future} 删除")
    assert "Traceback" not in refused.stderr
    assert _name(path, recent) == "钱老板"


def test_retention_anonymise_without_yes_and_without_an_answer_erases_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    customers = CustomerService(store, store.actor_for("boss"))
    gone = customers.create(CustomerInput(name="钱老板", phone="13800005555"))
    customers.terminate(gone.id, "搬走了")
    with store.write() as session:
        session.execute(text("UPDATE customers SET terminated_at = :at WHERE id = :id"),
                        {"at": datetime(2019, 3, 1), "id": gone.id})
    store.close()

    unanswered = crm("retention", "--db", str(path), "--anonymise")
    assert unanswered.returncode == 2
    assert "永久删除以上 1 位客户的个人信息？" in unanswered.stdout
    assert "钱老板" in unanswered.stdout, "whoever answers sees whom"
    assert unanswered.stderr == "已取消，数据没有改动。 / Cancelled; nothing was changed.\n"
    assert _name(path, gone.id) == "钱老板"

    declined = crm("retention", "--db", str(path), "--anonymise", answer="no\n")
    assert declined.returncode == 2 and _name(path, gone.id) == "钱老板"

    agreed = crm("retention", "--db", str(path), "--anonymise", answer="yes\n")
    assert agreed.returncode == 0, agreed.stderr
    assert "已删除以上 1 位客户的个人信息" in agreed.stdout
    assert _name(path, gone.id) == f"已匿名客户 #{gone.id}"


def test_retention_anonymise_with_yes_keeps_names_out_of_the_output(tmp_path: Path) -> None:
    path = tmp_path / "old.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    customers = CustomerService(store, store.actor_for("boss"))
    gone = customers.create(CustomerInput(name="钱老板", phone="13800005555"))
    customers.terminate(gone.id, "搬走了")
    with store.write() as session:
        session.execute(text("UPDATE customers SET terminated_at = :at WHERE id = :id"),
                        {"at": datetime(2019, 3, 1), "id": gone.id})
    store.close()

    done = crm("retention", "--db", str(path), "--anonymise", "--yes")
    assert done.returncode == 0, done.stderr
    assert "钱老板" not in done.stdout, "a script's log keeps no names"
    assert _name(path, gone.id) == f"已匿名客户 #{gone.id}"


def test_person_anonymise_names_the_customer_and_asks(shop: tuple[Path, int, int]) -> None:
    path, kept, _recent = shop
    unanswered = crm("person", "anonymise", "--db", str(path), "--customer", str(kept),
                     "--reason", "本人要求删除")
    assert unanswered.returncode == 2
    assert f"将永久删除客户 #{kept}（欧阳娜娜）的个人信息" in unanswered.stdout
    assert unanswered.stderr.startswith("已取消，数据没有改动。")
    assert _name(path, kept) == "欧阳娜娜"

    missing = crm("person", "anonymise", "--db", str(path), "--customer", "999",
                  "--reason", "本人要求删除", answer="yes\n")
    assert missing.returncode == 2 and "找不到编号为 999 的客户" in missing.stderr

    agreed = crm("person", "anonymise", "--db", str(path), "--customer", str(kept),
                 "--reason", "本人要求删除", answer="是\n")
    assert agreed.returncode == 0, agreed.stderr
    assert _name(path, kept) == f"已匿名客户 #{kept}"
