"""The store's refusals as one sentence each, and the translation of driver errors into them.

A service never shows a driver's exception: a full disk, a busy file, an I/O
failure or a damaged page becomes one of these, and the transaction was rolled
back.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import OperationalError

from crm_desktop.models.errors import DomainError, StoreError


def damaged_file_error(path: Path) -> StoreError:
    """The file cannot be opened at all: not ours, or its first pages are damaged."""
    return StoreError(
        "store.damaged",
        f"数据文件 {path.name} 已损坏或不是本软件的数据文件，无法打开。请从最近的备份恢复。",
        f"The data file {path.name} is damaged or is not a data file of this program. "
        "Restore the latest backup.",
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


def translate_operational_error(exc: OperationalError) -> DomainError:
    """Disk full, locked or I/O failure, as one sentence; the transaction was rolled back."""
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "full" in text:
        return StoreError(
            "store.full",
            "磁盘已满，操作没有保存，数据没有改动。请腾出空间后重试。",
            "The disk is full; nothing was saved and the data is unchanged. Free some space "
            "and try again.",
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
