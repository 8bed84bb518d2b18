"""`crm-desktop day-close --db PATH [--day D] [--out F.xlsx] [--close] [--json]`: the day's
figures in Chinese and English (or JSON), closed by the owner only, the workbook written."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from crm_desktop import __main__ as entry
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.shifts import ShiftService
from crm_desktop.models.services.users import UserService
from tests.integration.cli_runner import PASSWORD, crm
from tests.models.test_shifts import counter_day

Main = Callable[[list[str]], int]
VERB = "crm_desktop.cli.day_close"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A closed file with a day at the counter: two clerks' shifts, clerk2's still open."""
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    owner = store.actor_for("boss")
    UserService(store, owner).add("clerk1", "clerk", PASSWORD)
    UserService(store, owner).add("acct1", "accountant", PASSWORD)
    clerk = store.actor_for("clerk1")
    counter_day(store, owner, clerk)
    shifts = ShiftService(store, clerk)
    shifts.close(shifts.figures().expected_cash_fen - 100, "少了一元")
    store.close()
    return path


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., int]:
    """``main`` in this process, with the verb listed, signed in as ``user``."""
    if VERB not in entry.VERB_MODULES:
        monkeypatch.setattr(entry, "VERB_MODULES", (*entry.VERB_MODULES, VERB))
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh")
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", PASSWORD)

    def call(argv: list[str], user: str = "boss") -> int:
        monkeypatch.setenv("CRM_DESKTOP_USER", user)
        return entry.main(argv)

    return call


def test_the_day_prints_per_method_and_shift_and_json_ties(
    shop: Path, run: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["day-close", "--db", str(shop)], "acct1") == 0
    out = capsys.readouterr().out
    assert f"营业日 / Business day {date.today():%Y-%m-%d}: 未日结 / not closed" in out
    assert "  现金 / Cash: 185.00 · 215.00 · -30.00 (10.00 · 0.00)" in out
    assert "clerk1" in out and "少了一元" in out and "未交班 / still open" in out
    assert "现金差额合计 / Cash differences: -1.00" in out
    assert run(["day-close", "--db", str(shop), "--json"], "acct1") == 0
    body = json.loads(capsys.readouterr().out)
    assert body["status"] == "open" and body["transactions"] == 11
    assert body["methods"]["wechat"] == {"in_fen": 26_000, "out_fen": 0}
    for method, line in body["methods"].items():
        shifts = [c["methods"][method] for c in body["clerks"]]
        outside = body["outside_shifts"][method]
        assert line["in_fen"] == sum(s["in_fen"] for s in shifts) + outside["in_fen"]
    owed = body["liability"]
    assert owed["start_fen"] + owed["in_fen"] - owed["out_fen"] == owed["end_fen"]


def test_closing_is_refused_while_a_shift_is_open_and_for_a_clerk(
    shop: Path, run: Callable[..., int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(["day-close", "--db", str(shop), "--close"]) == 2
    assert "clerk2" in capsys.readouterr().err
    assert run(["day-close", "--db", str(shop)], "clerk1") == 2
    assert "无权" in capsys.readouterr().err
    store, clerk2 = open_store(shop, "clerk2", "staff-pass-1")
    other = ShiftService(store, clerk2)
    other.close(other.figures().expected_cash_fen)
    store.close()
    out = tmp_path / "day.xlsx"
    assert run(["day-close", "--db", str(shop), "--close", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "已日结 / closed（boss）" in printed and str(out) in printed
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [f"日结 {date.today():%Y-%m-%d}", "交易流水"]
    assert run(["day-close", "--db", str(shop), "--close"]) == 2
    assert "已经日结" in capsys.readouterr().err


@pytest.mark.skipif(VERB not in entry.VERB_MODULES, reason="the verb is not listed yet")
def test_the_installed_command_prints_the_day(shop: Path) -> None:
    done = crm("day-close", "--db", str(shop), "--day", f"{date.today():%Y-%m-%d}")
    assert done.returncode == 0, done.stderr
    assert "现金 / Cash" in done.stdout
