"""The store's refusals as one sentence each, and the translation of driver errors into them.

A service never shows a driver's exception: a full disk, a busy file, an I/O
failure or a damaged page becomes one of these, and the transaction was rolled
back. An operating-system error (full disk, read-only folder, missing folder)
becomes one sentence the same way, through ``translate_os_error``.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from sqlalchemy.exc import OperationalError

from crm_desktop.models.errors import DomainError, StoreError

# Opening a file writes a little (the lock, the write-ahead log and its index): with less
# free space than this the open fails, and the disk is the reason, not the file.
FULL_BELOW_BYTES = 1024 * 1024
_NOT_PERMITTED = (errno.EROFS, errno.EACCES, errno.EPERM)
_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def damaged_file_error(path: Path) -> StoreError:
    """The file cannot be opened at all: not ours, or its first pages are damaged.

    A full disk and a folder that cannot be written make the open fail the same way
    (the driver says only "disk I/O error" or "unable to open"); when one of them is
    the case that is said instead, since the file itself is then not damaged.
    """
    path = Path(path)
    try:
        has_content = path.stat().st_size > 0
    except OSError:
        has_content = False
    if has_content:
        problem = folder_problem(path)
        if problem is not None:
            return problem
    return StoreError(
        "store.damaged",
        f"数据文件 {path.name} 已损坏或不是本软件的数据文件，无法打开。请从最近的备份恢复。",
        f"The data file {path.name} is damaged or is not a data file of this program. "
        "Restore the latest backup.",
    )


def disk_full_error(path: Path | None = None) -> StoreError:
    """The disk (holding ``path``, when known) has no room left: nothing was changed."""
    if path is None:
        return StoreError(
            "store.full",
            "磁盘已满，没有改动任何数据：请腾出磁盘空间后重试。",
            "The disk is full; no data was changed: free some disk space and try again.",
        )
    name = Path(path).name
    return StoreError(
        "store.full",
        f"磁盘已满，无法打开或写入 {name}。文件没有损坏，也没有改动：请腾出磁盘空间后重试。",
        f"The disk is full, so {name} cannot be opened or written. The file is not damaged "
        "and nothing was changed: free some disk space and try again.",
    )


def read_only_folder_error(folder: Path) -> StoreError:
    """``folder`` cannot be written (read-only drive or no permission), so no file opens there."""
    return StoreError(
        "store.read_only",
        f"文件夹 {folder} 是只读的或没有写入权限，数据文件无法在这里打开（打开时要写入锁文件和日志）。"
        "文件没有改动：请把它复制到可以写入的文件夹，或取得写入权限后重试。",
        f"The folder {folder} is read-only or not writable, so the data file cannot be opened "
        "there (opening writes a lock file and a log). Nothing was changed: copy it to a folder "
        "you can write to, or get write permission, and try again.",
    )


def folder_problem(path: Path) -> StoreError | None:
    """Why nothing can be written beside ``path``: a full disk or a read-only folder; None if neither."""
    folder = Path(path).absolute().parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    if free < FULL_BELOW_BYTES:
        return disk_full_error(path)
    if not os.access(folder, os.W_OK):
        return read_only_folder_error(folder)
    return None


def translate_os_error(exc: OSError) -> StoreError:
    """An operating-system error reading or writing a file, as one sentence."""
    name = Path(os.fsdecode(exc.filename)) if exc.filename is not None else None
    where = str(name) if name is not None else "?"
    if exc.errno in _FULL:
        return disk_full_error()
    if exc.errno in _NOT_PERMITTED:
        # A file that is there cannot be opened; one being made cannot be made in its folder.
        if name is not None and not name.exists():
            where = str(name.absolute().parent)
        return StoreError(
            "store.not_permitted",
            f"无法读写 {where}：它是只读的或没有权限。没有改动任何数据。",
            f"{where} cannot be read or written: it is read-only or not permitted. No data was "
            "changed.",
        )
    if exc.errno == errno.ENOENT:
        return StoreError(
            "store.not_found",
            f"找不到 {where}：文件或文件夹不存在（U 盘是否已插好？）。",
            f"{where} was not found: the file or folder does not exist (is the USB drive "
            "plugged in?).",
        )
    if exc.errno == errno.ENAMETOOLONG:
        return StoreError(
            "store.name_too_long",
            "文件名或路径太长，请换一个短一些的名字。",
            "The file name or path is too long; choose a shorter one.",
        )
    reason = exc.strerror or type(exc).__name__
    return StoreError(
        "store.os",
        f"读写 {where} 时出错（{reason}），没有改动任何数据。",
        f"{where} could not be read or written ({reason}); no data was changed.",
    )


def missing_file_error(path: Path) -> StoreError:
    """The data file is not where it was asked for."""
    return StoreError(
        "store.missing",
        f"找不到数据文件 {path}。",
        f"The data file {path} does not exist.",
    )


def suspended_error() -> StoreError:
    """The program is locked: nothing reads or writes until it is unlocked."""
    return StoreError(
        "store.suspended",
        "程序已锁定，请先解锁。",
        "The program is locked. Unlock it first.",
    )


# What the driver of a server says when the server went away (not a refused statement).
_SERVER_GONE = ("server closed the connection", "connection refused", "could not connect",
                "connection timeout", "timeout expired", "terminating connection",
                "could not receive data", "could not send data", "no route to host",
                "connection is closed", "the connection is lost", "consuming input failed",
                "network is unreachable")


def server_gone(exc: BaseException) -> bool:
    """True for a driver error that means the shop's server cannot be reached now."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc.orig if exc.orig is not None else exc).lower()
    return any(words in text for words in _SERVER_GONE)


def unreachable_error(saved: bool = False) -> StoreError:
    """The server could not be reached; whether the action in hand was saved, in words."""
    if saved:
        return StoreError(
            "server.unreachable_saved",
            "与服务器的连接断了，但这次操作已经保存。程序会自动重新连接。",
            "The connection to the server dropped, but this action was saved. The program "
            "reconnects by itself.",
        )
    return StoreError(
        "server.unreachable",
        "连不上服务器（网线、网络或服务器电脑），这次操作没有保存。您输入的内容还在，"
        "连接恢复后再点一次即可。",
        "The server cannot be reached (cable, network or the server PC); this action was "
        "not saved. What you typed is kept: try again once the connection is back.",
    )


def translate_operational_error(exc: OperationalError) -> DomainError:
    """Disk full, locked or I/O failure, as one sentence; the transaction was rolled back."""
    if server_gone(exc):
        return unreachable_error()
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "full" in text:
        return StoreError(
            "store.full",
            "磁盘已满，操作没有保存，数据没有改动。请腾出空间后重试。",
            "The disk is full; nothing was saved and the data is unchanged. Free some space "
            "and try again.",
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            "store.read_only",
            "数据文件是只读的（或它所在的文件夹不能写入），操作没有保存，数据没有改动。",
            "The data file is read-only (or its folder cannot be written); nothing was saved "
            "and the data is unchanged.",
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            "store.busy",
            "数据文件正忙，操作没有保存。请稍后重试。",
            "The data file is busy; nothing was saved. Try again in a moment.",
        )
    return StoreError(
        "store.io",
        "读写数据文件时出错，操作没有保存，数据没有改动。",
        "The data file could not be read or written; nothing was saved and the data is "
        "unchanged.",
    )


def damaged_page_error() -> StoreError:
    """A page of the file failed its check while in use (a big file is fully checked later)."""
    return StoreError(
        "store.damaged",
        "数据文件有一部分已损坏，这些数据无法读取，操作没有保存。请从最近的备份恢复。",
        "Part of the data file is damaged and cannot be read; nothing was saved. Restore the "
        "latest backup.",
    )


def replaced_file_error(path: Path) -> StoreError:
    """The file at the store's path is no longer the one it opened (moved, copied over)."""
    return StoreError(
        "store.replaced",
        f"数据文件 {path.name} 在程序打开期间被移动、改名或被别的文件覆盖了，这次操作没有保存。"
        "请关闭程序，确认文件后重新打开。",
        f"The data file {path.name} was moved, renamed or copied over while the program had "
        "it open; this action was not saved. Close the program, check the file, and open it "
        "again.",
    )


def no_file_key_error() -> StoreError:
    """A key change asked of a shop on a server, whose data no key of ours encrypts."""
    return StoreError(
        "server.no_file_key",
        "服务器上的店铺没有数据文件密钥可换：服务器上的数据靠服务器磁盘加密和数据库账号保护。",
        "A shop on a server has no file key to change: its data is protected by the "
        "server's disk encryption and the database's accounts.",
    )
