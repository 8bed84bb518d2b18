"""The segment workbook, from the service and from ``crm-desktop export segments``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest
from analytics_builders import add_customer, add_sale
from openpyxl import load_workbook

from crm_desktop.cli.segments import export_segments_cli
from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Card, CardType
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.excel.export_segments import export_segments
from crm_desktop.models.opening import create_store
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

AT = date(2025, 6, 30)


def fill(store: Store) -> dict[str, int]:
    ids = {
        "big": add_customer(store, "大客户"),
        "small": add_customer(store, "小客户"),
        "never": add_customer(store, "没买过"),
    }
    add_sale(store, ids["big"], date(2025, 6, 20), 80000)
    add_sale(store, ids["big"], date(2025, 5, 20), 40000)
    add_sale(store, ids["small"], date(2025, 1, 1), 1000)
    with store.write() as session:
        kind = CardType(name="储值卡", kind="stored_value")
        session.add(kind)
        session.flush()
        session.add(Card(number="800000000018", customer_id=ids["big"], card_type_id=kind.id))
    return ids


def read_rows(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_one_row_per_customer_with_every_figure(store: Store, owner: Actor, tmp_path: Path) -> None:
    ids = fill(store)
    out = tmp_path / "segments.xlsx"
    result = export_segments(store, owner, out, AT)
    assert result.rows == 3
    rows = read_rows(out)
    assert rows[0][:4] == ["客户编号", "姓名", "卡号", "最近消费距今天数 R"]
    by_id = {r[0]: r for r in rows[1:]}
    big = by_id[ids["big"]]
    # R 10 days, F 2, ¥1,200; best of two is rank 2: 1 + floor(5 × 1 / 2) = 3.
    assert big[1:9] == ["大客户", "800000000018", 10, 2, 1200, 3, 3, 3]
    assert big[9:12] == ["重要价值客户", "高价值", "新客户"]
    assert big[12] == 1200
    assert by_id[ids["small"]][9:12] == ["一般挽留客户", "低价值", "流失风险"]
    never = by_id[ids["never"]]
    assert never[3:11] == [None] * 8 and never[11] == "潜在客户"


def test_clerk_may_not_export_segments(store: Store, clerk: Actor, tmp_path: Path) -> None:
    fill(store)
    out = tmp_path / "segments.xlsx"
    with pytest.raises(PermissionDenied, match="前台账号无权批量导出"):
        export_segments(store, clerk, out, AT)
    assert not out.exists()


def test_command_line_writes_the_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cli.crm"
    store, _recovery = create_store(path, "命令行店", "boss", "owner-pass-1")
    try:
        fill(store)
    finally:
        store.close()
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "owner-pass-1")
    out = tmp_path / "seg.xlsx"
    args = argparse.Namespace(
        db=path, user="boss", out=str(out), at="2025-06-30", start=None, end=None
    )
    assert export_segments_cli(args) == 0
    assert "已导出 3 位客户的分群（截至 2025-06-30）" in capsys.readouterr().out
    assert len(read_rows(out)) == 4
