"""`crm-desktop sweep --db PATH [--json]`: stored values today's rules refuse, one per line in
Chinese and English (or as JSON), numbers masked, exit 1 when something is found."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from crm_desktop import __main__ as entry
from crm_desktop.models.entities import Customer
from crm_desktop.models.opening import create_store
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from tests.integration.cli_runner import PASSWORD, crm

Main = Callable[[list[str]], int]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A closed file: 张三 clean, 李四 with a phone prefix that does not exist, 王五 with an
    ID number whose check digit is wrong (both stored before today's rules), and a clerk."""
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    owner = store.actor_for("boss")
    customers = CustomerService(store, owner)
    customers.create(CustomerInput(name="张三", phone="13800138000"))
    li = customers.create(CustomerInput(name="李四", phone="13912345678")).id
    wang = customers.create(CustomerInput(name="王五", phone="13700001111")).id
    UserService(store, owner).add("clerk1", "clerk", "clerk-pass-1")
    with store.write() as session:
        li_row, wang_row = session.get(Customer, li), session.get(Customer, wang)
        assert li_row is not None and wang_row is not None
        li_row.phone = "12012345678"
        wang_row.id_number = "110105194912310020"
    store.close()
    return path


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Main:
    """``main`` in this process."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh")
    monkeypatch.setenv("CRM_DESKTOP_USER", "boss")
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", PASSWORD)
    return lambda argv: entry.main(argv)


def test_text_lists_each_finding_in_chinese_and_english(
    shop: Path, run: Main, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["sweep", "--db", str(shop)]) == 1
    out = capsys.readouterr().out
    assert "已检查 3 位客户 / Checked 3 customers" in out
    assert "发现 2 处需要核对 / 2 value(s) to look at" in out
    phone_line = next(line for line in out.splitlines() if "#2 李四" in line)
    assert "手机号 / Phone 120****5678" in phone_line
    assert "电话号码不正确" in phone_line and "Not a valid phone number" in phone_line
    id_line = next(line for line in out.splitlines() if "#3 王五" in line)
    assert "校验位" in id_line and "check digit" in id_line
    assert "110105194912310020" not in out, "ID numbers are masked"
    assert "张三" not in out


def test_json_is_one_document_for_scripts(
    shop: Path, run: Main, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["sweep", "--db", str(shop), "--json"]) == 1
    body = json.loads(capsys.readouterr().out)
    assert body["checked"] == 3 and body["total"] == 2
    assert body["by_field"] == {"phone": 1, "id_number": 1}
    first = body["findings"][0]
    assert first == {
        "customer_id": 2, "name": "李四", "field": "phone", "value": "120****5678",
        "severity": "refused", "zh": first["zh"], "en": first["en"],
    }
    assert first["zh"].startswith("电话号码不正确")


def test_a_clean_file_exits_0_and_a_clerk_is_refused(
    tmp_path: Path, shop: Path, run: Main, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clean = tmp_path / "clean.crm"
    store, _ = create_store(clean, "新店", "boss", PASSWORD)
    store.close()
    assert run(["sweep", "--db", str(clean)]) == 0
    assert "所有资料都符合现行规则" in capsys.readouterr().out

    monkeypatch.setenv("CRM_DESKTOP_USER", "clerk1")
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "clerk-pass-1")
    assert run(["sweep", "--db", str(shop)]) == 2
    captured = capsys.readouterr()
    assert "无权" in captured.err and "李四" not in captured.out + captured.err


def test_the_installed_command(shop: Path) -> None:
    done = crm("sweep", "--db", str(shop))
    assert done.returncode == 1, done.stderr
    assert "120****5678" in done.stdout and "Traceback" not in done.stderr
