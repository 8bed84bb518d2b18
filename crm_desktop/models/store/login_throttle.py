"""Failed logins slowed down: after three wrong passwords in a row, a growing wait.

The count must be known before the encrypted file can be opened, so it lives in
a small JSON file beside it (``<file>.attempts``): per user name, how many wrong
passwords in a row and when the last one came. Never a password, never a key.

After the 3rd wrong password the next try must wait 1 second, after the 4th 2
seconds, then 4, 8, 16 and at most 30. A try during the wait is refused with a
sentence saying how long is left (even with the right password, or the wait
would slow nobody); it does not count as a failure. The right password clears
the count; a run of failures is forgotten an hour after its last one.

What this is for: a person guessing at the counter. Somebody who copies the
file and its key slots guesses offline, where the memory-hard key derivation
of each slot is the defence (see ``keyslots``). A missing, unreadable or
unwritable attempts file never stops a login.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from crm_desktop.models.errors import AuthError

FREE_FAILURES = 3
MAX_WAIT_SECONDS = 30
FORGET_AFTER_SECONDS = 3600
MAX_NAMES = 200  # a flood of made-up user names cannot grow the file without bound


def attempts_path(db_path: Path) -> Path:
    """Where the wrong-password counts of ``db_path`` are kept."""
    return db_path.with_name(db_path.name + ".attempts")


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong passwords in a row: 0, 0, 1, 2, 4 … 30."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_FAILURES)))


class LoginThrottle:
    """The wrong-password counts of one file; ``clock`` gives the time in seconds."""

    def __init__(self, db_path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = attempts_path(Path(db_path))
        self.clock = clock

    # -- asking ------------------------------------------------------------------------------

    def failures(self, username: str) -> int:
        """Wrong passwords in a row for ``username`` (0 once forgotten)."""
        entry = self._entry(self._read(), username)
        return int(entry["failures"]) if entry else 0

    def seconds_left(self, username: str) -> int:
        """Whole seconds until ``username`` may try again (0: now)."""
        entry = self._entry(self._read(), username)
        if not entry:
            return 0
        wait = wait_after(int(entry["failures"]))
        now, last = self.clock(), float(entry["last"])
        # A clock set back must not turn a one-second wait into an hour.
        left = min(last + wait - now, wait) if now >= last else wait
        return max(0, math.ceil(left))

    def check(self, username: str) -> None:
        """Refuse with one sentence while ``username`` must still wait."""
        left = self.seconds_left(username)
        if left > 0:
            failures = self.failures(username)
            raise AuthError(
                "login.throttled",
                f"密码已连续输错 {failures} 次，请等 {left} 秒后再试。",
                f"The password was wrong {failures} times in a row; wait {left} seconds "
                "and try again.",
                field="password",
            )

    # -- recording ---------------------------------------------------------------------------

    def failed(self, username: str) -> None:
        """Count one more wrong password for ``username``."""
        data = self._read()
        entry = self._entry(data, username)
        failures = int(entry["failures"]) + 1 if entry else 1
        users = data.setdefault("users", {})
        users[username] = {"failures": failures, "last": self.clock()}
        if len(users) > MAX_NAMES:
            for name in sorted(users, key=lambda n: float(users[n]["last"]))[: len(users) - MAX_NAMES]:
                del users[name]
        self._write(data)

    def succeeded(self, username: str) -> None:
        """The right password: clear ``username``'s count (the file is only touched if needed)."""
        data = self._read()
        users = data.get("users", {})
        if username in users:
            del users[username]
            self._write(data)

    @contextmanager
    def attempt(self, username: str) -> Iterator[None]:
        """Check the wait, run the password check inside, count its outcome."""
        self.check(username)
        try:
            yield
        except AuthError as error:
            if error.code == "login.wrong":
                self.failed(username)
            raise
        self.succeeded(username)

    # -- the file ----------------------------------------------------------------------------

    def _entry(self, data: dict[str, Any], username: str) -> dict[str, Any] | None:
        entry = data.get("users", {}).get(username)
        if not isinstance(entry, dict):
            return None
        try:
            last = float(entry["last"])
            int(entry["failures"])
        except (KeyError, TypeError, ValueError):
            return None
        if abs(self.clock() - last) > FORGET_AFTER_SECONDS:
            return None
        return entry

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"format": 1, "users": {}}
        if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
            return {"format": 1, "users": {}}
        return data

    def _write(self, data: dict[str, Any]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        with suppress(OSError):
            tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
