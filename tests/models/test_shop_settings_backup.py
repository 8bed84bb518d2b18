"""The owner's backup folder setting: refused with a sentence when it is missing or not
writable (nothing changed), and the next automatic backup goes to a folder that is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import backup_folder, backup_if_due, backup_on_close
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store


def _unchanged(store: Store, owner: Actor, entries_before: int) -> None:
    assert CatalogService(store, owner).settings().backup_dir == ""
    assert backup_folder(store) == store.path.parent / "backups"
    assert len(AuditService(store, owner).recent(1000)) == entries_before


def test_a_missing_folder_is_refused_with_a_sentence(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    entries = len(AuditService(store, owner).recent(1000))
    missing = tmp_path / "没有插好的U盘"

    with pytest.raises(ValidationError) as refused:
        CatalogService(store, owner).update_settings({"backup_dir": str(missing)})

    assert "不存在" in str(refused.value) and str(missing) in str(refused.value)
    assert refused.value.field == "backup_dir"
    _unchanged(store, owner, entries)


def test_a_file_is_not_a_folder(store: Store, owner: Actor, tmp_path: Path) -> None:
    entries = len(AuditService(store, owner).recent(1000))
    a_file = tmp_path / "备份.txt"
    a_file.write_text("x")

    with pytest.raises(ValidationError, match="不存在"):
        CatalogService(store, owner).update_settings({"backup_dir": str(a_file)})

    _unchanged(store, owner, entries)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder nobody can write")
def test_a_folder_that_cannot_be_written_is_refused(store: Store, owner: Actor) -> None:
    entries = len(AuditService(store, owner).recent(1000))

    with pytest.raises(ValidationError) as refused:
        CatalogService(store, owner).update_settings({"backup_dir": "/proc/self"})

    assert "不能在备份文件夹" in str(refused.value)
    _unchanged(store, owner, entries)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused(store: Store, owner: Actor, tmp_path: Path) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ValidationError, match="不能在备份文件夹"):
            CatalogService(store, owner).update_settings({"backup_dir": str(folder)})
    finally:
        folder.chmod(0o700)


def test_a_good_folder_takes_the_next_backups_and_the_test_file_is_gone(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    catalog = CatalogService(store, owner)

    saved = catalog.update_settings({"backup_dir": str(usb), "backup_keep": 3})

    assert saved.backup_dir == str(usb.resolve()) and saved.backup_keep == 3
    assert list(usb.iterdir()) == []  # the write test left nothing behind
    assert backup_folder(store) == usb.resolve()
    made = backup_if_due(store)
    assert made is not None and made.path.parent == usb.resolve()
    CustomerService(store, owner).create(CustomerInput(name="孙七", phone="13500003333"))
    on_close = backup_on_close(store)
    assert on_close is not None and on_close.path.parent == usb.resolve()
    assert not (store.path.parent / "backups").exists() or not any(
        (store.path.parent / "backups").iterdir()
    )
    entry = AuditService(store, owner).recent(action="settings.update")[0]
    assert entry.before["backup_dir"] == "" and entry.after["backup_dir"] == str(usb.resolve())

    back = catalog.update_settings({"backup_dir": ""})
    assert back.backup_dir == "" and backup_folder(store) == store.path.parent / "backups"


def test_a_relative_folder_is_taken_beside_the_file(store: Store, owner: Actor) -> None:
    (store.path.parent / "copies").mkdir()
    saved = CatalogService(store, owner).update_settings({"backup_dir": "copies"})
    assert saved.backup_dir == str((store.path.parent / "copies").resolve())


def test_only_the_owner_chooses_the_folder(
    store: Store, owner: Actor, accountant: Actor, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        CatalogService(store, accountant).update_settings({"backup_dir": str(tmp_path)})
    assert CatalogService(store, owner).settings().backup_dir == ""
