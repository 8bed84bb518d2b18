"""`crm-desktop duplicates` as an owner or a script runs it: text, JSON, dismissing a pair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crm_desktop.models.opening import create_store
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from tests.integration.cli_runner import PASSWORD, crm


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A closed shop file with one likely pair (李梅 twice, phones one digit apart),
    a common name that is two people (王伟), and the clerk "clerk1"."""
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    owner = store.actor_for("boss")
    UserService(store, owner).add("clerk1", "clerk", "clerk-pass-1")
    customers = CustomerService(store, owner)
    customers.create(CustomerInput(name="李梅", phone="13812345678", birthday="1992-02-02"))
    customers.create(CustomerInput(name="李梅", phone="13812345679"))
    customers.create(CustomerInput(name="王伟", phone="13711112222", birthday="1980-01-01"))
    customers.create(CustomerInput(name="王伟", phone="13733334444", birthday="1985-02-02"))
    store.close()
    return path


def test_the_text_lists_both_customers_the_score_and_why(shop: Path) -> None:
    done = crm("duplicates", "--db", str(shop))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "在 4 位客户中发现 1 对可能重复的档案" in out
    assert "[ 55] #1 李梅  138****5678  生日 1992-02-02" in out
    assert "#2 李梅  138****5679" in out
    assert "+ 电话号码只差一位数字（第 11 位） / Phone numbers one digit apart (digit 11)" in out
    assert "+ 姓名相同 / Same name" in out
    assert "王伟" not in out  # two people who share a common name
    assert "13812345678" not in out  # numbers masked as on screen
    assert "Traceback" not in done.stderr


def test_json_is_one_document_a_script_can_read(shop: Path) -> None:
    done = crm("duplicates", "--db", str(shop), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["customers"], report["total"], report["shown"]) == (4, 1, 1)
    (pair,) = report["pairs"]
    assert (pair["low_id"], pair["high_id"], pair["score"]) == (1, 2, 55)
    assert [c["name"] for c in pair["customers"]] == ["李梅", "李梅"]
    assert pair["customers"][0]["phone"] == "138****5678"
    assert pair["customers"][0]["birthday"] == "1992-02-02"
    assert {r["code"] for r in pair["reasons"]} == {"near_phone", "same_name"}
    assert all(r["zh"] and r["en"] for r in pair["reasons"])


def test_a_dismissed_pair_is_not_listed_again(shop: Path) -> None:
    done = crm("duplicates", "--db", str(shop), "--dismiss", "2", "1")
    assert done.returncode == 0, done.stderr
    assert "#1 和 #2 不是同一人" in done.stdout
    listed = crm("duplicates", "--db", str(shop), "--json")
    assert json.loads(listed.stdout)["pairs"] == []
    text = crm("duplicates", "--db", str(shop))
    assert "没有发现可能重复的档案" in text.stdout
    again = crm("duplicates", "--db", str(shop), "--dismiss", "1", "2")
    assert again.returncode == 2 and "已经标记为不是同一人" in again.stderr
    assert "Traceback" not in again.stderr
    undone = crm("duplicates", "--db", str(shop), "--undismiss", "1", "2")
    assert undone.returncode == 0, undone.stderr
    assert json.loads(crm("duplicates", "--db", str(shop), "--json").stdout)["total"] == 1


def test_a_clerk_is_refused_with_one_sentence(shop: Path) -> None:
    done = crm("duplicates", "--db", str(shop), user="clerk1", password="clerk-pass-1")
    assert done.returncode == 2
    assert "无权合并客户档案" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
