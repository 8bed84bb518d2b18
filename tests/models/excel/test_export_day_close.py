"""The accountant's day-end workbook: the day's figures and its transactions, to the fen."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.excel.export_day_close import export_day_close
from crm_desktop.models.language import set_language
from crm_desktop.models.services.day_close import DayCloseService
from crm_desktop.models.store.store import Store
from tests.models.test_day_close import close_both
from tests.models.test_shifts import counter_day

pytestmark = pytest.mark.both_backends


def rows_of(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_holds_the_days_figures_and_every_transaction(
    tmp_path: Path, store: Store, owner: Actor, clerk: Actor, accountant: Actor
) -> None:
    day = counter_day(store, owner, clerk)
    close_both(store, day)
    DayCloseService(store, owner).close(date.today())
    figures = DayCloseService(store, accountant).figures(date.today())
    out = export_day_close(store, accountant, tmp_path / "day.xlsx")
    book = openpyxl.load_workbook(out.path)
    title = f"日结 {date.today():%Y-%m-%d}"
    assert book.sheetnames == [title, "交易流水"]
    sheet = rows_of(book[title])
    assert sheet[1][:2] == [f"{date.today():%Y-%m-%d}", "已日结"] and sheet[1][2] == "boss"
    cash = next(r for r in sheet if r[0] == "现金")
    line = figures.method("cash")
    assert cash[1:4] == [line.in_fen / 100, line.out_fen / 100, line.net_fen / 100]
    assert cash[4] == 10.0  # the owner's top-up with no shift open
    shifts = [r for r in sheet if r[0] in ("clerk1", "clerk2") and isinstance(r[1], datetime)]
    assert [r[3] for r in shifts] == [500.0, 300.0]  # floats
    assert shifts[0][6] == -1.0 and shifts[0][7] == "少了一点"
    differences = next(r for r in sheet if r[0] == "现金差额合计")
    assert [v for v in differences if v is not None] == ["现金差额合计", -1.0]
    owed = next(r for r in sheet if r[0] == "本金 + 赠送")
    assert owed[1:5] == [0.0, figures.liability_in_fen / 100, figures.liability_out_fen / 100,
                         figures.liability_end_fen / 100]
    cell = book[title].cell(row=sheet.index(cash) + 1, column=2)
    assert cell.number_format == "#,##0.00"

    listed = rows_of(book["交易流水"])
    assert listed[0] == ["流水号", "时间", "员工", "操作", "项目", "支付方式", "金额", "班次"]
    assert len({r[0] for r in listed[1:]}) == figures.transactions == 11
    assert all(isinstance(r[1], datetime) for r in listed[1:])
    cash_rows = [r[6] for r in listed[1:] if r[5] == "现金"]
    assert sum(x for x in cash_rows if x > 0) * 100 == pytest.approx(line.in_fen)
    assert -sum(x for x in cash_rows if x < 0) * 100 == pytest.approx(line.out_fen)
    assert any(r[3] == "退卡" and r[4] == "退卡退现" and r[6] == -200.0 for r in listed)


def test_headers_follow_the_language_and_the_clerk_gets_no_workbook(
    tmp_path: Path, store: Store, owner: Actor, clerk: Actor
) -> None:
    counter_day(store, owner, clerk)
    set_language("en")
    out = export_day_close(store, owner, tmp_path / "en.xlsx")
    book = openpyxl.load_workbook(out.path)
    assert book.sheetnames == [f"Day {date.today():%Y-%m-%d}", "Transactions"]
    assert rows_of(book["Transactions"])[0][:4] == ["Number", "Time", "Clerk", "Action"]
    assert any(r[0] == "Cash" for r in rows_of(book.worksheets[0]))
    set_language("zh")
    with pytest.raises(PermissionDenied):
        export_day_close(store, clerk, tmp_path / "no.xlsx")
    assert not (tmp_path / "no.xlsx").exists()
    with pytest.raises(ValidationError, match="31"):
        export_day_close(store, owner, tmp_path / "long.xlsx", date(2026, 1, 1), date(2026, 3, 1))
