"""One writer per file: an OS lock on ``<file>.lock`` held while the file is open.

The lock dies with the process (also on a crash or kill -9), so a stale lock file
never blocks the next start. A lock file that cannot be made or written (read-only
folder, full disk) is refused with the sentence saying so, not a driver's error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import IO

from crm_desktop.models.errors import StoreError
from crm_desktop.models.store.errors import (
    disk_full_error,
    read_only_folder_error,
    translate_os_error,
)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class FileLock:
    """An exclusive, non-blocking lock; ``acquire`` refuses with a clear sentence."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        except OSError as exc:
            raise self._unwritable(exc) from exc
        try:
            _lock(handle)
        except OSError as exc:
            handle.close()
            raise StoreError(
                "store.locked",
                "这个数据文件已经在另一个窗口或程序中打开。请先关闭那边，再打开这里。",
                "This data file is already open in another window or program. "
                "Close it there first.",
            ) from exc
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        except OSError as exc:
            with contextlib.suppress(OSError):
                _unlock(handle)
            with contextlib.suppress(OSError):  # closing flushes again, and fails again
                handle.close()
            raise self._unwritable(exc) from exc
        self._handle = handle

    def _unwritable(self, exc: OSError) -> StoreError:
        """The lock file cannot be made or written: say why (read-only folder, full disk)."""
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            return read_only_folder_error(self.path.absolute().parent)
        if exc.errno == errno.ENOSPC:
            return disk_full_error(self.db_path)
        if isinstance(exc, FileNotFoundError):  # the folder is gone (a drive not plugged in)
            folder = self.path.absolute().parent
            return translate_os_error(FileNotFoundError(errno.ENOENT, exc.strerror, str(folder)))
        return translate_os_error(exc)

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
