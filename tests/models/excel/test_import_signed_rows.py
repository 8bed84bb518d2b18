"""An import's opening ledger rows are signed as they were written, without reading them back.

The import tags its rows with its operation as it inserts them and hands their
digest lines to the frame; the signed digest must be exactly what ``check``
recomputes from the file, or every imported balance would show as tampered.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from excel_builders import simple_workbook
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.check import run_check
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.ledger_digest import operation_digest
from crm_desktop.models.operation import perform
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

REAL = ImportOptions(dry_run=False, create_missing=True)


def _import(tmp_path: Path, store: Store, owner: Actor, rows: list[list[object]]) -> str:
    path = simple_workbook(tmp_path / "members.xlsx",
                           ["姓名", "手机", "卡号", "余额", "赠送余额", "积分", "剩余次数", "等级"], rows)
    table = open_table(path)
    report = CustomerImport(store, owner).run(table, detect_header(table), REAL)
    assert report.imported == len(rows)
    with store.read() as session:
        found = session.execute(text(
            "SELECT operation_id FROM audit_entries WHERE action = 'customer.import' "
            "ORDER BY id DESC LIMIT 1")).scalar()
    assert isinstance(found, str)
    return found


def test_an_imports_signed_digest_is_what_the_rows_read_back_give(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    operation_id = _import(tmp_path, store, owner, [
        ["张三", "13800000001", "A001", 200, 20, 150, 0, "金卡"],
        ["李四", "13800000002", "A002", 0, 0, 0, 10, None],
        ["王五", "13800000003", "A003", 0.5, 0, 3, 2, "银卡"],
        ["赵六", "13800000004", None, None, None, None, None, None],
    ])
    with store.read() as session:
        conn = session.connection()
        signed = session.execute(text(
            "SELECT ledger_digest FROM audit_entries WHERE operation_id = :op"),
            {"op": operation_id}).scalar()
        tagged = [conn.exec_driver_sql(
            f"SELECT count(*) FROM {table} WHERE operation_id = ?", (operation_id,)).scalar()
            for table in ("value_entries", "points_entries", "count_entries")]
        read_back = operation_digest(conn, operation_id)
    assert tagged == [2, 2, 2]  # balances of 张三 and 王五; points; visits of 李四 and 王五
    assert signed is not None and signed == read_back
    assert run_check(store).findings == []


def test_a_row_written_beside_the_bulk_rows_is_read_back_into_the_digest(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    _import(tmp_path, store, owner, [["李四", "13800000002", "A002", 0, 0, 0, 10, None]])
    with store.read() as session:
        card, customer = session.execute(text(
            "SELECT id, customer_id FROM cards WHERE number = 'A002'")).one()
    sql = ("INSERT INTO count_entries (id, card_id, customer_id, ts, kind, counts, counts_after, "
           "user_id, note, operation_id) VALUES (?, ?, ?, '2024-01-01 00:00:00.000000', 'use', "
           "?, ?, NULL, ?, ?)")
    with perform(store, owner, "test.write", Entity.CUSTOMER, "customer.write") as op:
        conn = op.session.connection()
        reported = (9001, card, customer, "2024-01-01 00:00:00.000000", "use", -1, 9, None,
                    None, None, "bulk", op.operation_id)
        conn.exec_driver_sql(sql, (9001, card, customer, -1, 9, "bulk", op.operation_id))
        op.bulk_ledger_rows().add("count_entries", [reported])
        # A second row, not reported to the bulk lines: the digest must still cover it.
        conn.exec_driver_sql(sql, (9002, card, customer, -1, 8, "other", None))
        operation_id = op.operation_id
    with store.read() as session:
        conn = session.connection()
        signed = session.execute(text(
            "SELECT ledger_digest FROM audit_entries WHERE operation_id = :op"),
            {"op": operation_id}).scalar()
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM count_entries WHERE operation_id = ?", (operation_id,)
        ).scalar() == 2
        assert signed == operation_digest(conn, operation_id)
