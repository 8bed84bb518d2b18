"""Finishing what an unlock finds half done: a key change cut short, a slot in an old format.

A key change writes the key file twice (see ``models.rekey``): first with the
next key beside the current one in every slot, then, after the file's rekey
committed, with the next key alone. An unlock that finds the first state tries
both keys against the file and finishes or forgets the change, so a crash at any
moment leaves a file its users can still open.
"""

from __future__ import annotations

from pathlib import Path

from crm_desktop.models.store.keyed_connection import opens_with
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from crm_desktop.models.store.lockfile import FileLock


def after_unlock(
    path: Path, keys: KeyFile, current: bytes, staged: bytes | None, *, lock_held: bool = False
) -> bytes:
    """The key that opens ``path``, after finishing what an unlock left to do.

    A key change cut short (``staged`` is the next key) is completed or forgotten,
    whichever the file says; a slot an unlock rewrote in the current format is saved.
    Called between unlocking a slot and opening the file, and when a locked app is
    unlocked (``lock_held``: this program holds the file's lock already).
    """
    path = Path(path)
    key = current
    if keys.changing and staged is not None:
        if opens_with(path, staged):
            keys.commit_staged()
            key = staged
        elif opens_with(path, current):
            keys.drop_staged()
        else:
            return current  # neither opens: the opener reports the damaged file
    elif not keys.upgraded:
        return current
    lock = None if lock_held else FileLock(path)
    if lock is not None:
        lock.acquire()
    try:
        keys.save(keyfile_path(path))
    except OSError:
        pass  # the file still opens; the key file is finished at the next unlock
    finally:
        if lock is not None:
            lock.release()
    return key
