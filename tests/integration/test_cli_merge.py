"""``crm-desktop merge`` as an owner runs it on a closed shop file, and its undo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.users import UserService
from tests.integration.cli_runner import PASSWORD, crm
from tests.models.merge_shop import Pair, build_pair


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, Pair]:
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    owner = store.actor_for("boss")
    UserService(store, owner).add("clerk1", "clerk", "clerk-pass-1")
    pair = build_pair(store, owner)
    store.close()
    return path, pair


def _read(path: Path, sql: str, **params: int) -> list[tuple[object, ...]]:
    store, _ = open_store(path, "boss", PASSWORD)
    try:
        with store.read() as session:
            return [tuple(r) for r in session.execute(text(sql), params)]
    finally:
        store.close()


def test_a_dry_run_shows_both_and_changes_nothing(shop: tuple[Path, Pair]) -> None:
    path, pair = shop
    done = crm("merge", "--db", str(path), str(pair.keep), str(pair.other), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert f"保留 keep  #{pair.keep} 张三" in done.stdout
    assert f"并入 other #{pair.other} 张叁" in done.stdout
    assert "139****9000" in done.stdout and "13900139000" not in done.stdout
    assert "试运行" in done.stdout
    assert _read(path, "SELECT status FROM customers WHERE id = :id", id=pair.other) == [("active",)]


def test_merge_then_check_then_undo_then_check(shop: tuple[Path, Pair]) -> None:
    path, pair = shop
    done = crm("merge", "--db", str(path), str(pair.keep), str(pair.other), "--take", "手机号=other")
    assert done.returncode == 0, done.stderr
    assert f"#{pair.other} 已合并到 #{pair.keep}：转入会员卡 2 张、消费记录 5 条" in done.stdout
    entry = re.search(r"--undo (\d+)", done.stdout)
    assert entry is not None
    assert _read(path, "SELECT phone FROM customers WHERE id = :id", id=pair.keep) == [
        ("13900139000",)]
    assert _read(path, "SELECT count(*) FROM purchases WHERE customer_id = :id",
                 id=pair.other) == [(0,)]
    checked = crm("check", "--db", str(path))
    assert checked.returncode == 0, checked.stdout

    undone = crm("merge", "--db", str(path), "--undo", entry.group(1))
    assert undone.returncode == 0, undone.stderr
    assert f"已撤销操作日志第 {entry.group(1)} 条的合并" in undone.stdout
    assert _read(path, "SELECT phone, status FROM customers WHERE id IN (:a, :b) ORDER BY id",
                 a=pair.keep, b=pair.other) == [("13800138000", "active"),
                                                ("13900139000", "active")]
    assert crm("check", "--db", str(path)).returncode == 0
    again = crm("merge", "--db", str(path), "--undo", entry.group(1))
    assert again.returncode == 2 and "已经在第" in again.stderr


def test_an_undo_after_a_top_up_is_refused_in_one_sentence(shop: tuple[Path, Pair]) -> None:
    path, pair = shop
    done = crm("merge", "--db", str(path), str(pair.keep), str(pair.other))
    entry = re.search(r"--undo (\d+)", done.stdout)
    assert entry is not None
    store, owner = open_store(path, "boss", PASSWORD)
    CardService(store, owner).top_up(pair.other_card, 1000, "cash")
    store.close()
    refused = crm("merge", "--db", str(path), "--undo", entry.group(1))
    assert refused.returncode == 2
    assert "不能再撤销这次合并" in refused.stderr and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_refusals_are_one_sentence_and_change_nothing(shop: tuple[Path, Pair]) -> None:
    path, pair = shop
    clerk = crm("merge", "--db", str(path), str(pair.keep), str(pair.other),
                user="clerk1", password="clerk-pass-1")
    assert clerk.returncode == 2 and "合并客户档案" in clerk.stderr
    wrong = crm("merge", "--db", str(path), str(pair.keep), str(pair.other), "--take", "鞋码=other")
    assert wrong.returncode == 2 and "--take" in wrong.stderr
    same = crm("merge", "--db", str(path), str(pair.keep), str(pair.keep))
    assert same.returncode == 2 and "和自己合并" in same.stderr
    missing = crm("merge", "--db", str(path), str(pair.keep))
    assert missing.returncode == 2 and "两个客户编号" in missing.stderr
    for run in (clerk, wrong, same, missing):
        assert "Traceback" not in run.stderr
    assert _read(path, "SELECT status FROM customers WHERE id = :id", id=pair.other) == [("active",)]
