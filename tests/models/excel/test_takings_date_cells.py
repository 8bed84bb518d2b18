"""The daily takings sheet writes each day as a date cell, so Excel sorts and filters by date."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from excel_builders import add_card, add_customer, post

from crm_desktop.models.actor import Actor
from crm_desktop.models.excel.export_takings import export_takings
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def test_days_are_date_cells_and_months_stay_month_text(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    card = add_card(store, add_customer(store, "张三", "13812345678"), "880001")
    post(store, card, datetime(2024, 1, 10, 9), "topup", 50000, 0, "wechat")
    post(store, card, datetime(2024, 2, 3, 9), "topup", 20000, 0, "cash")
    out = export_takings(store, owner, tmp_path / "t.xlsx", date(2024, 1, 1), date(2024, 2, 29))
    book = openpyxl.load_workbook(out.path)
    daily = book["每日收款"]
    cells = [daily.cell(row, 1) for row in (2, 3)]
    assert all(c.is_date for c in cells), [c.value for c in cells]
    assert [c.value.date() for c in cells] == [date(2024, 1, 10), date(2024, 2, 3)]
    assert cells[0].number_format == "yyyy-mm-dd"
    assert daily.cell(2, 3).value == 500 and daily.cell(2, 3).number_format == "#,##0.00"
    monthly = book["每月收款"]
    assert [monthly.cell(row, 1).value for row in (2, 3)] == ["2024-01", "2024-02"]
