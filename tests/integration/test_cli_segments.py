"""`crm-desktop export segments`: one row per customer with R, F, M and the segment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CRM_DESKTOP_PASSWORD="owner-pass-1", CRM_DESKTOP_USER="boss",
               CRM_DESKTOP_LANG="zh")
    return subprocess.run([sys.executable, "-m", "crm_desktop", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_segments_workbook_has_a_row_per_buying_customer_in_chinese(tmp_path: Path) -> None:
    assert _run("init", "--db", "s.crm", "--shop", "小店", "--owner", "boss", cwd=tmp_path).returncode == 0
    assert _run("demo", "--db", "s.crm", "--customers", "60", "--seed", "3", cwd=tmp_path).returncode == 0
    done = _run("export", "segments", "--db", "s.crm", "--at", "2026-11-01", "--out", "seg.xlsx",
                cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "已导出" in done.stdout

    sheet = openpyxl.load_workbook(tmp_path / "seg.xlsx").worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "客户编号" or "客户" in str(header[0])
    assert any("R" in str(h) for h in header) and any("分群" in str(h) or "客户群" in str(h) for h in header)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows, "customers who bought in the window are listed"
    segment_column = next(i for i, h in enumerate(header) if "分群" in str(h) or "客户群" in str(h))
    r_column = next(i for i, h in enumerate(header) if str(h).endswith("R"))
    bought = [row for row in rows if row[r_column] is not None]
    assert bought, "some demo customers bought in the window"
    assert all(str(row[segment_column]).endswith("客户") for row in bought)


def test_segments_refuse_a_period_with_one_sentence(tmp_path: Path) -> None:
    _run("init", "--db", "s.crm", "--shop", "小店", "--owner", "boss", cwd=tmp_path)
    done = _run("export", "segments", "--db", "s.crm", "--from", "2026-01-01", "--out", "x.xlsx",
                cwd=tmp_path)
    assert done.returncode == 2
    assert "--at" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.xlsx").exists()
