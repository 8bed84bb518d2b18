"""Exports follow the screens' privacy rule: numbers masked unless the owner asks, and then logged.

Every workbook that carries phone or ID numbers writes them masked (138****5678)
for everyone by default; the owner may choose full numbers for one export, which
leaves exactly one audit entry naming the export and its row count, never a
number. An accountant asking for full numbers is refused before anything is
written. Workbooks without numbers (ledger, roll-forward, takings, segments) work
as before for the accountant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from excel_builders import add_card, add_customer, add_purchase, post, post_points, read_sheets

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import ConflictError, PermissionDenied
from crm_desktop.models.excel.export_common import ExportResult
from crm_desktop.models.excel.export_customers import export_customers
from crm_desktop.models.excel.export_ledger import export_ledger, export_purchases
from crm_desktop.models.excel.export_liability import export_liability, export_rollforward
from crm_desktop.models.excel.export_points import export_points
from crm_desktop.models.excel.export_segments import export_segments
from crm_desktop.models.excel.export_takings import export_takings
from crm_desktop.models.operation import asked_as
from crm_desktop.models.services.audit_log import AuditFilter, AuditRecord, AuditService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

PHONE, PHONE_MASKED = "13812345678", "138****5678"
PHONE2 = "13900001111"
ID_NUMBER, ID_MASKED = "11010519491231002X", "110***********002X"
START, END = date(2024, 1, 1), date(2024, 3, 31)

Export = Callable[..., ExportResult]
# Each export that carries numbers: how to call it, the sheet holding rows, the row count.
WITH_NUMBERS: dict[str, tuple[Export, str, int]] = {
    "customers": (lambda s, a, p, **kw: export_customers(s, a, p, **kw), "客户", 1),
    "purchases": (lambda s, a, p, **kw: export_purchases(s, a, p, START, END, **kw), "购买记录", 1),
    "liability": (lambda s, a, p, **kw: export_liability(s, a, p, END, **kw), "预收款余额", 1),
    "points": (lambda s, a, p, **kw: export_points(s, a, p, END, **kw), "未兑换积分", 1),
}
WITHOUT_NUMBERS: dict[str, Export] = {
    "ledger": lambda s, a, p: export_ledger(s, a, p, START, END),
    "rollforward": lambda s, a, p: export_rollforward(s, a, p, START, END),
    "takings": lambda s, a, p: export_takings(s, a, p, START, END),
    "segments": lambda s, a, p: export_segments(s, a, p),  # customers on file today
}


@pytest.fixture
def shop(store: Store) -> Store:
    """张三 with both phones and an ID number, a card with money and points, one purchase."""
    zhang = add_customer(store, "张三", PHONE, id_number=ID_NUMBER, phone2=PHONE2)
    card = add_card(store, zhang, "880001", tier_name="金卡")
    post(store, card, datetime(2024, 1, 10, 9), "topup", 50000, 5000, "wechat")
    add_purchase(store, zhang, card, datetime(2024, 1, 20, 9), 12000, "stored_value")
    post_points(store, card, datetime(2024, 1, 20, 9), "earn", 120)
    return store


def cells(path: Path) -> list[Any]:
    return [c for rows in read_sheets(path).values() for row in rows for c in row]


def full_number_entries(store: Store, owner: Actor) -> list[AuditRecord]:
    return AuditService(store, owner).find(AuditFilter(action="export.full_numbers"), None)


def every_entry_text(store: Store, owner: Actor) -> str:
    return repr([(r.action, dict(r.before), dict(r.after))
                 for r in AuditService(store, owner).find(AuditFilter(), None)])


@pytest.mark.parametrize("kind", list(WITH_NUMBERS))
def test_the_owner_gets_masked_numbers_unless_asking_and_no_audit_entry(
    tmp_path: Path, shop: Store, owner: Actor, kind: str
) -> None:
    export, sheet, _rows = WITH_NUMBERS[kind]
    before = len(AuditService(shop, owner).find(AuditFilter(), None))
    out = export(shop, owner, tmp_path / "masked.xlsx").path
    written = cells(out)
    assert PHONE_MASKED in written
    assert not any(PHONE in str(c) or ID_NUMBER in str(c) or PHONE2 in str(c) for c in written)
    assert ["电话和证件号码", "部分隐藏"] in read_sheets(out)["汇总"]
    assert read_sheets(out)[sheet][1:], "the masked file still lists the rows"
    assert len(AuditService(shop, owner).find(AuditFilter(), None)) == before


@pytest.mark.parametrize("kind", list(WITH_NUMBERS))
def test_full_numbers_are_one_audit_entry_saying_which_export_and_how_many_rows(
    tmp_path: Path, shop: Store, owner: Actor, kind: str
) -> None:
    export, _sheet, rows = WITH_NUMBERS[kind]
    out = export(shop, owner, tmp_path / "full.xlsx", full_numbers=True)
    written = cells(out.path)
    assert PHONE in written and PHONE_MASKED not in written
    assert ["电话和证件号码", "完整（已记入操作日志）"] in read_sheets(out.path)["汇总"]
    entries = full_number_entries(shop, owner)
    assert len(entries) == 1
    assert entries[0].username == "boss"
    assert dict(entries[0].after) == {"export": kind, "rows": rows} and out.rows == rows
    log = every_entry_text(shop, owner)
    assert PHONE not in log and ID_NUMBER not in log and "full.xlsx" not in log


def test_the_owners_full_customer_export_holds_every_number(
    tmp_path: Path, shop: Store, owner: Actor
) -> None:
    row = read_sheets(export_customers(shop, owner, tmp_path / "c.xlsx", full_numbers=True).path)[
        "客户"][1]
    assert (row[1], row[11], row[22]) == (PHONE, ID_NUMBER, PHONE2)
    masked = read_sheets(export_customers(shop, owner, tmp_path / "m.xlsx").path)["客户"][1]
    assert (masked[1], masked[11], masked[22]) == (PHONE_MASKED, ID_MASKED, "139****1111")


@pytest.mark.parametrize("kind", list(WITH_NUMBERS))
def test_an_accountant_asking_for_full_numbers_is_refused_and_nothing_is_written(
    tmp_path: Path, shop: Store, owner: Actor, accountant: Actor, kind: str
) -> None:
    export, _sheet, _rows = WITH_NUMBERS[kind]
    before = len(AuditService(shop, owner).find(AuditFilter(), None))
    with pytest.raises(PermissionDenied) as refused:
        export(shop, accountant, tmp_path / "no.xlsx", full_numbers=True)
    assert str(refused.value) == (
        "只有店主可以导出完整的电话和证件号码；其他账号导出的文件里，号码都部分隐藏。")
    assert not (tmp_path / "no.xlsx").exists()
    assert len(AuditService(shop, owner).find(AuditFilter(), None)) == before
    masked = export(shop, accountant, tmp_path / "masked.xlsx").path
    assert PHONE_MASKED in cells(masked) and PHONE not in cells(masked)


def test_a_clerk_still_cannot_export_at_all(tmp_path: Path, shop: Store, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied, match="前台账号无权批量导出"):
        export_customers(shop, clerk, tmp_path / "c.xlsx", full_numbers=True)
    assert not (tmp_path / "c.xlsx").exists()


def test_a_full_number_file_whose_audit_entry_is_refused_is_removed(
    tmp_path: Path, shop: Store, owner: Actor
) -> None:
    """The same operation asked twice is refused by the log; its file must not stay behind."""
    with asked_as("export-once"):
        first = export_customers(shop, owner, tmp_path / "first.xlsx", full_numbers=True)
    with asked_as("export-once"), pytest.raises(ConflictError):
        export_customers(shop, owner, tmp_path / "again.xlsx", full_numbers=True)
    assert first.path.exists() and not (tmp_path / "again.xlsx").exists()
    assert len(full_number_entries(shop, owner)) == 1


@pytest.mark.parametrize("kind", list(WITHOUT_NUMBERS))
def test_the_accountants_money_workbooks_carry_no_numbers_and_still_work(
    tmp_path: Path, shop: Store, owner: Actor, accountant: Actor, kind: str
) -> None:
    before = len(AuditService(shop, owner).find(AuditFilter(), None))
    out = WITHOUT_NUMBERS[kind](shop, accountant, tmp_path / f"{kind}.xlsx")
    assert out.path.exists() and out.rows > 0
    written = [str(c) for c in cells(out.path)]
    assert not any("138" in c and "5678" in c for c in written)
    assert not any("110" in c and "002X" in c for c in written)
    assert len(AuditService(shop, owner).find(AuditFilter(), None)) == before
