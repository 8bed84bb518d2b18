"""Opening on a full disk or in a folder that cannot be written: the sentence says so (the
file is not damaged), names the folder, and the file opens again once space or permission
is back.

A full disk is a small tmpfs filled up, a read-only folder a tmpfs remounted read-only:
both need root (mount). Without root, the read-only folder is a folder without write
permission instead, and the full disk is skipped (``tests/models/test_store_errors.py``
covers its sentence with a real "no space" error).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_desktop.models.opening import create_store
from crm_desktop.models.store.lockfile import lock_path

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "owner-pass-1"
FULL = "磁盘已满，无法打开或写入 shop.crm。文件没有损坏，也没有改动：请腾出磁盘空间后重试。\n"


def crm(*args: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_DESKTOP_")}
    environ.update(CRM_DESKTOP_LANG="zh", CRM_DESKTOP_PASSWORD=PASSWORD, CRM_DESKTOP_USER="boss")
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *args],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=environ,
        stdin=subprocess.DEVNULL,
    )


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small file system of its own at ``where`` (root only; skips otherwise)."""
    where.mkdir()
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)):
        pytest.skip("needs root to mount a small file system")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb") as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 65536)
            out.flush()
    return filler


def test_a_full_disk_is_said_and_the_file_opens_once_there_is_room(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "4m") as disk:
        path = disk / "shop.crm"
        store, _ = create_store(path, "测试小店", "boss", PASSWORD)
        store.close()
        before = path.read_bytes()
        filler = _fill(disk)

        done = crm("check", "--db", str(path))
        assert (done.returncode, done.stderr) == (2, FULL)
        assert "损坏" not in done.stderr.replace("没有损坏", "")
        # The lock file too cannot be made on a full disk: same sentence, no traceback.
        lock_path(path).unlink()
        again = crm("check", "--db", str(path))
        assert (again.returncode, again.stderr) == (2, FULL)

        filler.unlink()
        assert path.read_bytes() == before
        opened = crm("check", "--db", str(path))
        assert opened.returncode == 0, opened.stderr
        assert "没有发现问题" in opened.stdout


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` cannot be written: remounted read-only (root), else without write permission."""
    if os.geteuid() == 0:
        if not _mount("-o", "remount,ro", str(folder)):
            pytest.skip("cannot remount read-only")
        try:
            yield
        finally:
            _mount("-o", "remount,rw", str(folder))
        return
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(0o755)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A folder of its own (a tmpfs under root, so it can be made read-only)."""
    if os.geteuid() != 0:
        own = tmp_path / "shop"
        own.mkdir()
        yield own
        return
    with tmpfs(tmp_path / "shop", "8m") as own:
        yield own


def test_a_read_only_folder_is_one_sentence_naming_it(folder: Path) -> None:
    path = folder / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    store.close()
    lock_path(path).unlink()
    said = (f"文件夹 {folder} 是只读的或没有写入权限，数据文件无法在这里打开（打开时要写入锁文件和日志）。"
            "文件没有改动：请把它复制到可以写入的文件夹，或取得写入权限后重试。\n")

    with read_only(folder):
        done = crm("check", "--db", str(path))
        made = crm("init", "--db", str(folder / "new.crm"), "--shop", "新店", "--owner", "boss")

    assert (done.returncode, done.stderr) == (2, said)
    assert made.returncode == 2 and made.stderr == said.replace("shop.crm", "new.crm")
    assert crm("check", "--db", str(path)).returncode == 0


def test_a_read_only_folder_with_a_writable_lock_file_is_not_called_damaged(
    folder: Path, tmp_path: Path
) -> None:
    """The lock can be taken but the log beside the file cannot be made: the driver says only
    "unable to open", which must not become "damaged"."""
    path = folder / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    store.close()
    lock = lock_path(path)
    elsewhere = tmp_path / "writable.lock"
    elsewhere.write_text("")
    with read_only(folder):
        if os.geteuid() == 0:
            # Only the lock file stays writable, as on a share where it was made earlier.
            assert _mount("--bind", str(elsewhere), str(lock))
        else:
            lock.chmod(0o666)
        try:
            done = crm("check", "--db", str(path))
        finally:
            if os.geteuid() == 0:
                subprocess.run(["umount", str(lock)], capture_output=True)

    assert done.returncode == 2
    assert done.stderr.startswith(f"文件夹 {folder} 是只读的或没有写入权限"), done.stderr
    assert "损坏" not in done.stderr
