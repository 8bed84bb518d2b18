"""The command line as a script or a shop owner runs it: `python -m crm_desktop <verb>`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Card, CardType, Customer, ValueEntry
from crm_desktop.models.opening import create_store, open_store, open_store_with_recovery
from crm_desktop.models.operation import perform
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "owner-pass-1"


def crm(
    *args: str, password: str | None = PASSWORD, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_DESKTOP_")}
    environ.update(CRM_DESKTOP_LANG="zh", **env)
    if password is not None:
        environ["CRM_DESKTOP_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *args],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=environ, stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A closed shop file with the owner "boss"."""
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    store.close()
    return path


def test_init_prints_the_recovery_key_in_groups_once(tmp_path: Path) -> None:
    path = tmp_path / "new.crm"
    done = crm("init", "--db", str(path), "--shop", "新店", "--owner", "laoban")

    assert done.returncode == 0, done.stderr
    keys = re.findall(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}\b", done.stdout)
    assert len(keys) == 1
    assert "恢复密钥" in done.stdout
    store = open_store_with_recovery(path, keys[0])
    store.close()


def test_a_wrong_password_is_one_sentence_and_exit_2(shop: Path) -> None:
    before = shop.read_bytes()
    done = crm("check", "--db", str(shop), "--user", "boss", password="not-the-password")

    assert done.returncode == 2
    assert done.stderr == "用户名或密码不正确。\n"
    assert "Traceback" not in done.stdout + done.stderr
    assert shop.read_bytes() == before


def test_owner_adds_lists_and_removes_staff(shop: Path) -> None:
    db = ("--db", str(shop))
    added = crm("user", "add", "xiaoli", "--role", "clerk", *db, "--user", "boss",
                CRM_DESKTOP_NEW_PASSWORD="clerk-pass-1")
    assert added.returncode == 0, added.stderr
    assert "xiaoli" in added.stdout

    listed = crm("user", "list", *db, CRM_DESKTOP_USER="boss")
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^xiaoli\t前台 clerk\t在用 active", listed.stdout, re.M)

    # The clerk signs in with the new password but may not manage staff.
    refused = crm("user", "list", *db, "--user", "xiaoli", password="clerk-pass-1")
    assert (refused.returncode, refused.stderr) == (2, "前台账号无权管理员工账号。\n")

    removed = crm("user", "remove", "xiaoli", *db, "--user", "boss")
    assert removed.returncode == 0, removed.stderr
    listed = crm("user", "list", "--all", *db, "--user", "boss")
    assert re.search(r"^xiaoli\t前台 clerk\t停用 disabled", listed.stdout, re.M)
    locked_out = crm("check", *db, "--user", "xiaoli", password="clerk-pass-1")
    assert (locked_out.returncode, locked_out.stderr) == (2, "用户名或密码不正确。\n")


def test_the_last_owner_cannot_be_removed_from_the_command_line(shop: Path) -> None:
    done = crm("user", "remove", "boss", "--db", str(shop), "--user", "boss")
    assert done.returncode == 2
    assert "最后一个店主" in done.stderr and "Traceback" not in done.stderr


def test_a_user_changes_their_own_password(shop: Path) -> None:
    db = ("--db", str(shop))
    changed = crm("user", "passwd", *db, "--user", "boss", CRM_DESKTOP_NEW_PASSWORD="next-pass-2")
    assert changed.returncode == 0, changed.stderr

    assert crm("check", *db, "--user", "boss").returncode == 2
    assert crm("check", *db, "--user", "boss", password="next-pass-2").returncode == 0


def test_recover_sets_a_new_owner_password_with_the_recovery_key(tmp_path: Path) -> None:
    path = tmp_path / "lost.crm"
    store, recovery = create_store(path, "测试小店", "boss", PASSWORD)
    store.close()

    done = crm("recover", "--db", str(path), "--user", "boss", password=None,
               CRM_DESKTOP_RECOVERY_KEY=recovery.lower(), CRM_DESKTOP_NEW_PASSWORD="found-it-3")
    assert done.returncode == 0, done.stderr
    wrong = crm("recover", "--db", str(path), "--user", "boss", password=None,
                CRM_DESKTOP_RECOVERY_KEY="A" * 32, CRM_DESKTOP_NEW_PASSWORD="found-it-4")
    assert (wrong.returncode, wrong.stderr) == (2, "恢复密钥不正确。\n")

    assert crm("check", "--db", str(path), "--user", "boss", password="found-it-3").returncode == 0


def test_check_is_clean_then_finds_a_balance_changed_in_sql(shop: Path) -> None:
    store, boss = open_store(shop, "boss", PASSWORD)
    # Rows made by hand, but inside a signed operation, so the check starts clean.
    with perform(store, boss, "test.setup", Entity.CARD, "card.operate") as op:
        session = op.session
        kind = CardType(name="储值卡", kind="stored_value")
        customer = Customer(name="钱七", phone="13500002222", phone_rev="22220000531")
        session.add_all([kind, customer])
        session.flush()
        card = Card(number="800000000018", customer_id=customer.id, card_type_id=kind.id,
                    principal_fen=5000)
        session.add(card)
        session.flush()
        session.add(ValueEntry(card_id=card.id, customer_id=customer.id, kind="topup",
                               principal_fen=5000, principal_after_fen=5000))
    store.close()

    clean = crm("check", "--db", str(shop), "--user", "boss")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "1 张卡" in clean.stdout and "没有发现问题" in clean.stdout

    store, _ = open_store(shop, "boss", PASSWORD)
    with store.write() as session:
        session.execute(text("UPDATE cards SET principal_fen = 500000 WHERE number = '800000000018'"))
    store.close()

    found = crm("check", "--db", str(shop), "--user", "boss")
    assert found.returncode == 1
    assert "会员卡 800000000018 的储值本金记为 500000，但流水合计为 5000。" in found.stdout
    assert "Traceback" not in found.stderr


def test_a_planted_slot_is_named_by_user_list_and_check_and_dropped_by_rekey(
    shop: Path,
) -> None:
    keys = KeyFile.load(keyfile_path(shop))
    db_key = keys.unlock("boss", PASSWORD)
    keys.set_password("ghost", "ghost-pass-1", db_key)
    keys.save(keyfile_path(shop))

    listed = crm("user", "list", "--db", str(shop), "--user", "boss")
    assert listed.returncode == 0, listed.stderr
    assert "店主没有建立的登录项“ghost”" in listed.stderr  # warned at the owner's sign-in
    assert "密钥文件中的登录项 / Entries in the key file: boss、ghost" in listed.stdout
    assert "! 密钥文件中有一个店主没有建立的登录项“ghost”" in listed.stdout
    checked = crm("check", "--db", str(shop), "--user", "boss")
    assert checked.returncode == 1 and "ghost" in checked.stdout

    changed = crm("rekey", "--db", str(shop), "--user", "boss")
    assert changed.returncode == 0, changed.stderr
    assert "were dropped and got no new key: ghost" in changed.stdout
    assert "ghost" not in KeyFile.load(keyfile_path(shop)).slots
    assert crm("check", "--db", str(shop), "--user", "boss").returncode == 0
