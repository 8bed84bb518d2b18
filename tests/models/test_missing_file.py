"""The key file is here but the data file is gone: a found file is put back only when the key
file here opens it, the file's backups are listed newest first, and a backup is restored only
for its owner. Real encrypted files throughout, as a shop owner would meet them."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.models.backup_copy import make_backup
from crm_desktop.models.backup_records import backup_name, default_folder, remember_folder
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import AuthError, StoreError
from crm_desktop.models.missing_file import (
    backups_of_missing_file,
    put_back_found_file,
    restore_missing_file,
)
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.store import Store
from tests.conftest import OWNER_PASSWORD


def _add(store: Store, name: str) -> None:
    CustomerService(store, store.actor_for("boss")).create(CustomerInput(name=name))


def _backup(store: Store, folder: Path, made_at: datetime) -> Path:
    folder.mkdir(exist_ok=True)
    return make_backup(store, folder / backup_name(store.path, made_at, "manual")).path


def _customers(path: Path) -> list[str]:
    store, _actor = open_store(path, "boss", OWNER_PASSWORD)
    try:
        with store.read() as session:
            return list(session.scalars(select(Customer.name).order_by(Customer.id)))
    finally:
        store.close()


def _other_shop(tmp_path: Path) -> Store:
    store, _recovery = create_store(tmp_path / "other" / "shop.crm", "别的店", "boss", OWNER_PASSWORD)
    _add(store, "别家的客人")
    return store


@pytest.fixture
def gone(tmp_path: Path) -> tuple[Path, Path]:
    """A shop file with one customer and one backup, its data file then moved to a "USB
    drive" folder: (where the shop file belongs, where it went)."""
    path = tmp_path / "shop" / "shop.crm"
    store, _recovery = create_store(path, "测试小店", "boss", OWNER_PASSWORD)
    _add(store, "欧阳娜娜")
    _backup(store, default_folder(path), datetime(2024, 5, 1, 9, 30))
    store.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    moved = usb / "shop.crm"
    shutil.move(path, moved)
    assert keyfile_path(path).exists() and not path.exists()
    return path, moved


# -- a found file put back ----------------------------------------------------------------------


def test_the_found_file_is_put_back_and_opens_with_the_old_password(
    gone: tuple[Path, Path],
) -> None:
    path, moved = gone
    keys_before = keyfile_path(path).read_bytes()
    found_before = moved.read_bytes()

    assert put_back_found_file(moved, path, "boss", OWNER_PASSWORD) == path.absolute()

    assert keyfile_path(path).read_bytes() == keys_before, "the key file here is kept"
    assert moved.read_bytes() == found_before, "the file chosen stays where it was, unchanged"
    assert not list(path.parent.glob("*.placing*"))
    assert _customers(path) == ["欧阳娜娜"]


def test_a_wrong_password_puts_nothing_back(gone: tuple[Path, Path]) -> None:
    path, moved = gone

    with pytest.raises(AuthError) as refused:
        put_back_found_file(moved, path, "boss", "not-the-password")

    assert str(refused.value) == "用户名或密码不正确。"
    assert not path.exists()
    assert not list(path.parent.glob("*.placing*"))


def test_another_shops_file_is_refused_and_nothing_is_copied(
    gone: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _moved = gone
    other = _other_shop(tmp_path)
    other_path = other.path
    other.close()
    other_before = other_path.read_bytes()

    with pytest.raises(StoreError) as refused:
        put_back_found_file(other_path, path, "boss", OWNER_PASSWORD)

    assert refused.value.code == "found.not_this_file"
    assert str(refused.value).startswith("shop.crm 不能用这里的密钥文件打开：它不是这家店的数据文件")
    assert not path.exists()
    assert not list(path.parent.glob("*.placing*"))
    assert other_path.read_bytes() == other_before


def test_a_file_that_is_not_there_is_named(gone: tuple[Path, Path], tmp_path: Path) -> None:
    path, _moved = gone
    nowhere = tmp_path / "usb" / "nothing.crm"

    with pytest.raises(StoreError) as refused:
        put_back_found_file(nowhere, path, "boss", OWNER_PASSWORD)

    assert str(refused.value) == f"找不到文件 {nowhere}。"
    assert not path.exists()


def test_a_file_already_back_is_not_overwritten(gone: tuple[Path, Path], tmp_path: Path) -> None:
    path, moved = gone
    put_back_found_file(moved, path, "boss", OWNER_PASSWORD)
    placed = path.read_bytes()
    other = _other_shop(tmp_path)
    other.close()

    assert put_back_found_file(other.path, path, "boss", OWNER_PASSWORD) == path.absolute()

    assert path.read_bytes() == placed
    assert _customers(path) == ["欧阳娜娜"]


def test_a_log_left_by_the_missing_file_is_kept_aside_not_replayed(
    gone: tuple[Path, Path],
) -> None:
    path, moved = gone
    stale = Path(f"{path}-wal")
    stale.write_bytes(b"left behind by the file that went away")

    put_back_found_file(moved, path, "boss", OWNER_PASSWORD)

    aside = list(path.parent.glob("shop.crm-wal.left-behind-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == b"left behind by the file that went away"
    assert _customers(path) == ["欧阳娜娜"]


# -- the missing file's backups ----------------------------------------------------------------


def test_the_backups_are_listed_newest_first_across_folders_and_only_this_shops(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shop" / "shop.crm"
    store, _recovery = create_store(path, "测试小店", "boss", OWNER_PASSWORD)
    usb = tmp_path / "usb-backups"
    oldest = _backup(store, default_folder(path), datetime(2024, 5, 1, 9, 30))
    _add(store, "欧阳娜娜")
    middle = _backup(store, usb, datetime(2024, 5, 2, 9, 30))
    remember_folder(path, usb)
    _add(store, "张三")
    newest = _backup(store, default_folder(path), datetime(2024, 5, 3, 9, 30))
    store.close()
    other = _other_shop(tmp_path)
    _backup(other, default_folder(path), datetime(2024, 5, 4, 9, 30))  # beside ours, not ours
    other.close()
    path.unlink()

    listed = backups_of_missing_file(path)

    assert [info.path for info in listed] == [newest, middle, oldest]
    assert [info.count("customers") for info in listed] == [2, 1, 0]


def test_no_backup_anywhere_lists_nothing(gone: tuple[Path, Path]) -> None:
    path, _moved = gone
    shutil.rmtree(default_folder(path))

    assert backups_of_missing_file(path) == []


# -- a backup restored --------------------------------------------------------------------------


def test_a_backup_is_restored_for_its_owner_and_the_key_file_here_is_kept(
    gone: tuple[Path, Path],
) -> None:
    path, moved = gone
    keys_before = keyfile_path(path).read_bytes()
    [backup] = backups_of_missing_file(path)

    result, kept = restore_missing_file(path, backup.path, "boss", OWNER_PASSWORD)

    assert result.restored.path == backup.path
    assert _customers(path) == ["欧阳娜娜"]
    assert kept.parent == default_folder(path.absolute()) and kept.name.endswith(".kept")
    assert kept.read_bytes() == keys_before, "the missing file still opens should it turn up"
    assert moved.exists()


def test_a_wrong_owner_password_restores_nothing_and_keeps_no_copy(
    gone: tuple[Path, Path],
) -> None:
    path, _moved = gone
    keys_before = keyfile_path(path).read_bytes()
    [backup] = backups_of_missing_file(path)

    with pytest.raises(AuthError) as refused:
        restore_missing_file(path, backup.path, "boss", "not-the-password")

    assert str(refused.value) == "用户名或密码不正确。"
    assert not path.exists()
    assert keyfile_path(path).read_bytes() == keys_before
    assert not list(default_folder(path).glob("*.kept"))


def test_another_shops_backup_is_refused_with_its_sentence(
    gone: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _moved = gone
    keys_before = keyfile_path(path).read_bytes()
    other = _other_shop(tmp_path)
    theirs = _backup(other, tmp_path / "their-backups", datetime(2024, 5, 4, 9, 30))
    other.close()

    with pytest.raises(StoreError) as refused:
        restore_missing_file(path, theirs, "boss", OWNER_PASSWORD)

    assert refused.value.code == "restore.other_shop"
    assert str(refused.value).startswith("这个备份来自另一个店铺文件（“别的店”")
    assert not path.exists()
    assert keyfile_path(path).read_bytes() == keys_before
    assert not list(default_folder(path).glob("*.kept"))
