"""Backups a shop can trust: encrypted, verified, openable with the same passwords, rotated,
restored with a safety copy and undone; damaged files named, and the latest good backup found."""

from __future__ import annotations

import itertools
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from old_schema import create_at_revision
from sqlalchemy import select

from crm_desktop.__main__ import main
from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import (
    backup_before,
    backup_if_due,
    backup_on_close,
    latest_good_backup,
    make_backup,
)
from crm_desktop.models.backup_records import (
    backup_files,
    describe_backup,
    list_backups,
)
from crm_desktop.models.check import run_check
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import DomainError, StoreError
from crm_desktop.models.opening import open_store, open_store_with_recovery
from crm_desktop.models.progress import cancelled_error
from crm_desktop.models.restore import OwnerPassword, restore, undo_restore
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.shop_settings import write_setting
from crm_desktop.models.store import integrity
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.store import Store

PASSWORD = "owner-pass-1"
DAMAGED = "已损坏或不是本软件的数据文件，无法打开。请从最近的备份恢复。"


_PHONES = itertools.count(13900000000)


def add_customers(store: Store, *names: str) -> None:
    with store.write() as session:
        for name in names:
            session.add(Customer(name=name, phone=str(next(_PHONES))))


def names(store: Store) -> list[str]:
    with store.read() as session:
        return list(session.scalars(select(Customer.name).order_by(Customer.id)))


def stocked(store: Store, owner: Actor) -> int:
    """Customers and a stored-value card with two top-ups; returns the card id."""
    add_customers(store, *(f"客户{i}" for i in range(30)))
    kind = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    cards = CardService(store, owner)
    card = cards.issue(1, kind.id, first_topup_fen=10000)
    cards.top_up(card.id, 5000)
    return card.id


def reopen(path: Path) -> Store:
    return open_store(path, "boss", PASSWORD)[0]


# The owner of a backup's time, proved against its key slots (the current file is closed).
BOSS = OwnerPassword("boss", PASSWORD)


# -- making a backup ---------------------------------------------------------------------------


def test_a_backup_opens_with_the_same_password_and_the_recovery_key_with_equal_counts(
    tmp_path: Path, store_and_recovery: tuple[Store, str], owner: Actor
) -> None:
    store, recovery = store_and_recovery
    stocked(store, owner)
    out = tmp_path / "usb" / "shop.crmbak"
    out.parent.mkdir()

    info = make_backup(store, out)

    assert info.verified and info.count("customers") == 30 and info.count("value_entries") == 2
    data = out.read_bytes()
    assert not data.startswith(b"SQLite format 3") and "客户1".encode() not in data
    assert describe_backup(out).sha256 == info.sha256
    copy, _ = open_store(out, "boss", PASSWORD)
    try:
        assert len(names(copy)) == 30
        assert run_check(copy).clean
    finally:
        copy.close()
    open_store_with_recovery(out, recovery).close()


def test_a_backup_while_the_counter_writes_is_one_moment_of_the_file(
    tmp_path: Path, store: Store
) -> None:
    add_customers(store, "甲", "乙")
    written: list[int] = []

    def write_meanwhile(step: object) -> None:
        if not written:  # another connection commits while the copy is under way
            add_customers(store, "丙")
            written.append(1)

    info = make_backup(store, tmp_path / "b.crmbak", write_meanwhile)

    assert written and info.count("customers") == 2
    assert names(store) == ["甲", "乙", "丙"]


@pytest.mark.parametrize("where", ["missing folder", "folder is a file"])
def test_a_backup_to_a_folder_that_cannot_take_it_leaves_nothing(
    tmp_path: Path, store: Store, where: str
) -> None:
    (tmp_path / "plain.txt").write_text("x")
    out = (tmp_path / "no-usb" if where == "missing folder" else tmp_path / "plain.txt") / "b.crmbak"
    before = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(StoreError) as refused:
        make_backup(store, out)

    assert str(refused.value).startswith(f"无法在文件夹 {out.parent} 中写入备份")
    assert "没有留下不完整的备份" in str(refused.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_full_disk_during_the_copy_leaves_no_file_and_says_so(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    stocked(store, owner)
    folder = tmp_path / "usb"
    folder.mkdir()

    with pytest.raises(StoreError) as refused:
        make_backup(store, folder / "b.crmbak", max_pages=10)

    assert str(refused.value).startswith("磁盘已满，备份没有完成")
    assert list(folder.iterdir()) == []  # not even a zero-byte file
    assert list_backups(folder) == []


def test_a_cancelled_backup_leaves_nothing_and_an_existing_one_is_never_overwritten(
    tmp_path: Path, store: Store
) -> None:
    def cancel(step: object) -> None:
        raise cancelled_error()

    with pytest.raises(DomainError):
        make_backup(store, tmp_path / "b.crmbak", cancel)
    assert not any(p.exists() for p in backup_files(tmp_path / "b.crmbak"))

    first = make_backup(store, tmp_path / "b.crmbak")
    with pytest.raises(StoreError, match="备份文件 b.crmbak 已存在，不会覆盖它"):
        make_backup(store, tmp_path / "b.crmbak")
    assert describe_backup(tmp_path / "b.crmbak").sha256 == first.sha256


# -- automatic backups -------------------------------------------------------------------------


def test_rotation_keeps_the_newest_n_and_deletes_only_after_a_verified_backup(
    db_path: Path, store: Store
) -> None:
    with store.write() as session:
        write_setting(session, "backup_keep", 3)
    made = [backup_before(store, "import") for _ in range(5)]
    folder = db_path.parent / "backups"

    kept = list_backups(folder)
    # made_at, not the name: five backups in one second may reuse a rotated-away name.
    assert [b.made_at for b in kept] == [b.made_at for b in reversed(made[2:])]
    assert len(list(folder.iterdir())) == 3 * 3  # copy, key slots, manifest each

    def cancel(step: object) -> None:
        raise cancelled_error()

    with pytest.raises(DomainError):
        backup_before(store, "import", cancel)
    assert list_backups(folder) == kept


def test_backup_on_close_only_when_something_changed_and_daily_when_a_day_old(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with store.write() as session:
        write_setting(session, "backup_dir", str(usb))

    first = backup_on_close(store)
    assert first is not None and first.path.parent == usb
    assert backup_on_close(store) is None  # nothing done since
    CatalogService(store, owner).create_card_type("次卡", "count", count_total=10)
    assert backup_on_close(store) is not None

    assert backup_if_due(store) is None
    assert backup_if_due(store, datetime.now() + timedelta(hours=25)) is not None
    # A clock set back (the newest backup seems to be in the future): back up again.
    assert backup_if_due(store, datetime.now() - timedelta(hours=3)) is not None
    assert len(list_backups(usb)) == 4


def _create_at_first_schema(path: Path) -> None:
    create_at_revision(path, "0001", "boss", PASSWORD).close()


def test_a_migration_is_preceded_by_a_verified_backup_of_the_old_schema(db_path: Path) -> None:
    _create_at_first_schema(db_path)
    assert list_backups(db_path.parent / "backups") == []

    reopen(db_path).close()

    (before,) = list_backups(db_path.parent / "backups")
    assert before.kind == "before-migration" and before.schema_revision == "0001"
    assert before.verified and before.count("users") == 1
    reopen(db_path).close()  # already migrated: no second backup
    assert len(list_backups(db_path.parent / "backups")) == 1


# -- restore and undo --------------------------------------------------------------------------


def test_restore_keeps_a_verified_safety_copy_and_undo_brings_the_later_data_back(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor
) -> None:
    add_customers(store, "甲")
    taken = make_backup(store, tmp_path / "monday.crmbak")
    add_customers(store, "乙")

    shown = describe_backup(taken.path)
    assert shown.count("customers") == 1
    assert shown.summary().endswith("1 位客户，0 张会员卡，0 条消费记录，0 条储值流水，0 条积分流水，1 个账号")
    result = restore(db_path, taken.path, signed_in=owner, store=store)

    assert result.safety is not None and result.safety_verified
    assert result.safety.count("customers") == 2
    again = reopen(db_path)
    try:
        assert names(again) == ["甲"]
        assert run_check(again).clean
    finally:
        again.close()

    again, boss = open_store(db_path, "boss", PASSWORD)
    undone = undo_restore(db_path, signed_in=boss, store=again)
    assert again.closed
    assert undone.restored.path == result.safety.path
    again = reopen(db_path)
    try:
        assert names(again) == ["甲", "乙"]
    finally:
        again.close()


def test_restore_is_refused_while_the_file_is_open_and_with_a_damaged_backup(
    tmp_path: Path, db_path: Path, store: Store
) -> None:
    taken = make_backup(store, tmp_path / "b.crmbak")
    add_customers(store, "甲")

    with pytest.raises(StoreError, match="已经在另一个窗口或程序中打开"):
        restore(db_path, taken.path, signed_in=BOSS)
    assert names(store) == ["甲"]

    data = bytearray(taken.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    taken.path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="备份 b.crmbak 不完整或已损坏"):
        restore(db_path, taken.path, signed_in=BOSS)
    keyfile_path(taken.path).unlink()
    with pytest.raises(StoreError, match="不完整或已损坏"):
        describe_backup(taken.path)
    assert names(store) == ["甲"]


# -- damaged files -----------------------------------------------------------------------------


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated mid-page":
        del data[len(data) // 2 + 100 :]
    elif how == "truncated at a page":
        del data[(len(data) // 4096 // 2) * 4096 :]
    elif how == "flipped byte":
        # A byte among the customers' rows, past the pages the schema and a sign-in read.
        data[len(data) * 3 // 4 + 7] ^= 0x40
    elif how == "wrong salt":
        data[:16] = os.urandom(16)
    elif how == "zero bytes":
        data = bytearray()
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "how", ["truncated mid-page", "truncated at a page", "flipped byte", "wrong salt", "zero bytes"]
)
def test_a_damaged_file_gets_one_sentence_and_the_latest_good_backup_restores_it(
    db_path: Path, store: Store, owner: Actor, how: str
) -> None:
    stocked(store, owner)
    older = backup_before(store, "import")
    add_customers(store, "最后一位")
    newer = backup_before(store, "import")
    newest = backup_before(store, "import")
    store.close()
    _damage(newest.path, "flipped byte")  # the newest backup went bad on its disk too
    assert not Path(f"{db_path}-wal").exists()
    _damage(db_path, how)

    with pytest.raises(StoreError) as refused:
        reopen(db_path)
    assert str(refused.value) == f"数据文件 shop.crm {DAMAGED}"
    assert refused.value.code == "store.damaged"

    good = latest_good_backup(db_path)
    assert good is not None and good.path == newer.path != older.path
    result = restore(db_path, good.path, signed_in=BOSS)
    assert result.safety is not None and not result.safety_verified
    again = reopen(db_path)
    try:
        assert names(again)[-1] == "最后一位" and len(names(again)) == 31
        assert run_check(again).clean
    finally:
        again.close()


def test_latest_good_backup_without_the_key_file_matches_by_name(
    db_path: Path, store: Store
) -> None:
    made = backup_before(store, "import")
    store.close()
    keyfile_path(db_path).unlink()
    good = latest_good_backup(db_path)
    assert good is not None and good.path == made.path
    assert latest_good_backup(db_path.with_name("other.crm")) is None


# -- the command line --------------------------------------------------------------------------


def test_cli_backup_restore_and_undo(
    tmp_path: Path, db_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_customers(store, "甲")
    store.close()
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", PASSWORD)
    out = tmp_path / "b.crmbak"
    base = ["--db", str(db_path), "--user", "boss"]

    assert main(["backup", *base, "--out", str(out)]) == 0
    assert "备份已写入并校验通过" in capsys.readouterr().out
    again = reopen(db_path)
    add_customers(again, "乙")
    again.close()

    assert main(["restore", *base, "--from", str(out), "--yes"]) == 0
    printed = capsys.readouterr().out
    assert "1 位客户" in printed and "恢复前的数据保存在" in printed
    assert names(again := reopen(db_path)) == ["甲"]
    again.close()

    assert main(["restore", *base, "--undo", "--yes"]) == 0
    assert names(again := reopen(db_path)) == ["甲", "乙"]
    again.close()

    assert main(["restore", "--db", str(db_path), "--latest", "--yes", "--user", "clerk"]) == 2
    assert "用户名或密码不正确" in capsys.readouterr().err


def test_cli_restores_a_damaged_file_from_the_latest_backup(
    db_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_customers(store, "甲")
    backup_before(store, "import")
    store.close()
    _damage(db_path, "wrong salt")
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", PASSWORD)

    assert main(["check", "--db", str(db_path), "--user", "boss"]) == 2
    assert DAMAGED in capsys.readouterr().err
    assert main(["restore", "--db", str(db_path), "--user", "boss", "--latest", "--yes"]) == 0
    captured = capsys.readouterr()
    assert "当前文件无法打开：先用备份中的店主账号和密码确认身份" in captured.err
    assert "原样移到安全副本" in captured.err
    assert "原样移入" in captured.out
    again = reopen(db_path)
    try:
        assert names(again) == ["甲"]
    finally:
        again.close()


@pytest.mark.parametrize("how", ["truncated mid-page", "truncated at a page", "wrong salt"])
def test_a_big_file_gets_the_quick_open_check_which_still_finds_whole_file_damage(
    db_path: Path, store: Store, owner: Actor, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stocked(store, owner)
    store.close()
    monkeypatch.setattr(integrity, "FULL_CHECK_MAX_BYTES", 0)  # every file counts as big
    _damage(db_path, how)

    with pytest.raises(StoreError, match=DAMAGED):
        reopen(db_path)


def test_a_big_file_with_a_flipped_byte_opens_and_the_background_check_finds_it(
    db_path: Path, store: Store, owner: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    stocked(store, owner)
    store.close()
    monkeypatch.setattr(integrity, "FULL_CHECK_MAX_BYTES", 0)
    _damage(db_path, "flipped byte")

    again = reopen(db_path)
    try:
        assert integrity.needs_background_check(db_path)
        report = run_check(again)
        assert not report.clean
        assert "请从最近的备份恢复" in str(report.findings[0])
    finally:
        again.close()
