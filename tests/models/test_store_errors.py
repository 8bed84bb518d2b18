"""The store's sentences for real operating-system and driver errors: a full disk says so, a
read-only file or folder says so, and only a file that really is damaged is called damaged."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from crm_desktop.models.errors import StoreError
from crm_desktop.models.opening import open_store
from crm_desktop.models.store.errors import (
    damaged_file_error,
    translate_operational_error,
    translate_os_error,
)
from crm_desktop.models.store.store import Store

OWNER_PASSWORD = "owner-pass-1"


def _driver_error(statement: str, conn: sqlite3.Connection) -> OperationalError:
    try:
        conn.execute(statement)
    except sqlite3.OperationalError as exc:
        return OperationalError(statement, {}, exc)
    raise AssertionError(f"{statement} did not fail")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_real_no_space_error_says_the_disk_is_full() -> None:
    with open("/dev/full", "wb", buffering=0) as full, pytest.raises(OSError) as raised:
        full.write(b"x" * 8192)
    assert raised.value.errno == errno.ENOSPC

    said = translate_os_error(raised.value)

    assert said.code == "store.full"
    assert str(said) == "磁盘已满，没有改动任何数据：请腾出磁盘空间后重试。"


def test_the_driver_saying_full_says_the_disk_is_full(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "small.db")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("PRAGMA max_page_count = 2")
    error = _driver_error("INSERT INTO t VALUES (hex(randomblob(100000)))", conn)
    conn.close()

    said = translate_operational_error(error)

    assert said.code == "store.full" and str(said).startswith("磁盘已满")


def test_a_read_only_database_is_not_an_io_error(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    error = _driver_error("INSERT INTO t VALUES (1)", conn)
    conn.close()

    said = translate_operational_error(error)

    assert said.code == "store.read_only"
    assert str(said).startswith("数据文件是只读的")


def test_a_missing_folder_and_a_denied_file_are_named(tmp_path: Path) -> None:
    missing = tmp_path / "usb" / "backup.crmbak"
    with pytest.raises(OSError) as raised:
        missing.write_bytes(b"x")
    said = translate_os_error(raised.value)
    assert said.code == "store.not_found" and str(missing) in str(said)

    denied = translate_os_error(PermissionError(errno.EACCES, "Permission denied", str(missing)))
    assert denied.code == "store.not_permitted"
    assert str(missing.parent) in str(denied), "a file not yet made: its folder is named"


def test_a_damaged_file_in_a_writable_folder_is_still_called_damaged(
    store: Store, db_path: Path
) -> None:
    store.close()
    with open(db_path, "r+b") as fh:
        fh.seek(0)
        fh.write(b"\xff" * 4096)
    with pytest.raises(StoreError) as refused:
        open_store(db_path, "boss", OWNER_PASSWORD)
    assert refused.value.code == "store.damaged"
    assert damaged_file_error(db_path).code == "store.damaged"
