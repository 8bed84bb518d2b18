"""`crm-desktop restore` as a shop owner, and as somebody else at the PC, runs it: no restore
without a proved owner, another shop's backup named and asked about, erasures kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.models.backup import make_backup
from crm_desktop.models.backup_records import list_backups
from crm_desktop.models.entities import Customer
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.keyslots import keyfile_path

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "owner-pass-1"
CLERK_PASSWORD = "clerk-pass-1"


def crm(*args: str, password: str = PASSWORD, answers: str = "") -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_DESKTOP_")}
    environ.update(CRM_DESKTOP_LANG="zh", CRM_DESKTOP_PASSWORD=password)
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *args],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=environ, input=answers,
    )


def people(path: Path) -> dict[int, tuple[str, str]]:
    store, _ = open_store(path, "boss", PASSWORD)
    try:
        with store.read() as session:
            rows = session.execute(select(Customer.id, Customer.name, Customer.status)).all()
        return {cid: (name, status) for cid, name, status in rows}
    finally:
        store.close()


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, Path]:
    """A closed shop file with 张三 and a clerk, and a backup of it; then 李四 joined."""
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    boss = store.actor_for("boss")
    customers = CustomerService(store, boss)
    customers.create(CustomerInput(name="张三", phone="13800138000"))
    UserService(store, boss).add("clerk1", "clerk", CLERK_PASSWORD)
    old = make_backup(store, tmp_path / "old.crmbak").path
    customers.create(CustomerInput(name="李四", phone="13912345678"))
    store.close()
    return path, old


def test_with_the_key_file_moved_away_nobody_restores(shop: tuple[Path, Path]) -> None:
    path, old = shop
    keyfile_path(path).rename(path.with_name("hidden.keys"))
    before = path.read_bytes()

    for user, password in (("nobody", "anything-1"), ("clerk1", CLERK_PASSWORD),
                           ("boss", "wrong-password")):
        done = crm("--user", user, "restore", "--db", str(path), "--from", str(old), "--yes",
                   password=password)
        assert done.returncode == 2, done.stdout
        assert "Traceback" not in done.stderr
        assert path.read_bytes() == before and not keyfile_path(path).exists()
    assert "只有店主" in done.stderr or "店主" in done.stderr or "不正确" in done.stderr
    assert not [i for i in list_backups(path.parent / "backups") if i.kind == "safety"]

    # The backup's owner signs in to the backup's own key slots, and the restore goes through.
    done = crm("--user", "boss", "restore", "--db", str(path), "--from", str(old), "--yes")
    assert done.returncode == 0, done.stderr
    assert "原样移到安全副本" in done.stderr
    assert [name for name, _ in people(path).values()] == ["张三"]


def test_a_clerk_cannot_restore_an_open_file(shop: tuple[Path, Path]) -> None:
    path, old = shop
    done = crm("--user", "clerk1", "restore", "--db", str(path), "--from", str(old), "--yes",
               password=CLERK_PASSWORD)
    assert done.returncode == 2 and "只有店主" in done.stderr
    assert len(people(path)) == 2

    done = crm("--user", "clerk1", "restore", "--db", str(path), "--undo", "--yes",
               password=CLERK_PASSWORD)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_another_shops_backup_is_named_and_needs_its_own_yes(
    tmp_path: Path, shop: tuple[Path, Path]
) -> None:
    path, _ = shop
    other, _ = create_store(tmp_path / "next-door" / "shop.crm", "隔壁小店", "boss", PASSWORD)
    theirs = make_backup(other, tmp_path / "theirs.crmbak").path
    other.close()
    args = ("--user", "boss", "restore", "--db", str(path), "--from", str(theirs))

    done = crm(*args, "--yes")
    assert done.returncode == 2
    assert "这个备份来自另一个店铺文件（“隔壁小店”，shop.crm）" in done.stdout
    assert "--other-shop" in done.stderr
    assert len(people(path)) == 2

    asked = crm(*args, answers="no\n")  # asked about the other shop first: no
    assert asked.returncode == 2 and "另一个店铺的备份恢复" in asked.stdout
    assert len(people(path)) == 2

    asked = crm(*args, answers="yes\nyes\n")
    assert asked.returncode == 0, asked.stderr
    assert people(path) == {}


def test_both_flags_restore_another_shops_backup(tmp_path: Path, shop: tuple[Path, Path]) -> None:
    path, _ = shop
    other, _ = create_store(tmp_path / "next-door" / "shop.crm", "隔壁小店", "boss", PASSWORD)
    theirs = make_backup(other, tmp_path / "theirs.crmbak").path
    other.close()
    done = crm("--user", "boss", "restore", "--db", str(path), "--from", str(theirs), "--yes",
               "--other-shop")
    assert done.returncode == 0, done.stderr
    assert "另一个店铺文件" in done.stdout and people(path) == {}


def test_restoring_a_backup_from_before_an_erasure_erases_the_person_again(
    shop: tuple[Path, Path],
) -> None:
    path, old = shop
    erased = crm("--user", "boss", "person", "anonymise", "--db", str(path), "--customer", "1",
                 "--reason", "本人要求删除", "--yes")
    assert erased.returncode == 0, erased.stderr

    done = crm("--user", "boss", "restore", "--db", str(path), "--from", str(old), "--yes")

    assert done.returncode == 0, done.stderr
    assert "这个备份中有 1 位之前已删除个人信息的客户，已重新删除" in done.stdout
    assert people(path) == {1: ("已匿名客户 #1", "anonymised")}

    # Undone, the later file comes back with its erasure; nothing more to erase.
    undone = crm("--user", "boss", "restore", "--db", str(path), "--undo", "--yes")
    assert undone.returncode == 0, undone.stderr
    assert "重新删除" not in undone.stdout
    assert people(path) == {1: ("已匿名客户 #1", "anonymised"), 2: ("李四", "active")}
