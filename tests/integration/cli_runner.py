"""The installed command run as a shop owner or a script runs it: a fresh process, the
answers in the environment, no terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "owner-pass-1"


def crm(*args: str, user: str = "boss", password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    """``crm-desktop ARGS`` in Chinese, signed in as ``user``; its output and exit status."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_DESKTOP_")}
    environ.update(CRM_DESKTOP_LANG="zh", CRM_DESKTOP_USER=user, CRM_DESKTOP_PASSWORD=password)
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *args],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=environ, stdin=subprocess.DEVNULL,
    )
