"""``crm-desktop --self-test`` runs every step of a shop's day and says ok for each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STEPS = ("create encrypted file", "issue card", "top up", "consume", "export liability",
         "render chart")


def test_self_test_reports_every_step_ok(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CRM_DESKTOP_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "--self-test"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    for step in STEPS:
        line = next(line for line in lines if f" {step} " in f" {line} ")
        assert line.startswith("ok "), line
    assert "balance now 128.00" in done.stdout
    assert lines[-1] == "self-test passed"
    # The shop's own data folder is left alone.
    assert list(tmp_path.iterdir()) == []
