"""The shop moved onto a server and back by the command line, as an owner would do it."""

from __future__ import annotations

import uuid
from pathlib import Path

import openpyxl

from tests.integration.cli_runner import crm
from tests.server_shop import HOST, drop_server_shop, port_of, shop_authority

TODAY = "2026-06-30"


def _rows(path: Path) -> list[tuple[object, ...]]:
    """Every row of every sheet of the workbook but the line giving the time of export."""
    book = openpyxl.load_workbook(path, read_only=True)
    return [tuple(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
            if row and row[0] != "导出时间"]


def test_upload_check_download_and_the_exports_are_the_same(pg_url: str, tmp_path: Path) -> None:
    shop = tmp_path / "shop.crm"
    assert crm("init", "--db", str(shop), "--shop", "小店", "--owner", "boss").returncode == 0
    made = crm("demo", "--db", str(shop), "--customers", "40", "--seed", "5", "--today", TODAY)
    assert made.returncode == 0, made.stderr
    authority = tmp_path / "authority.pem"
    authority.write_text(shop_authority(pg_url).to_text())
    database = "cli_" + uuid.uuid4().hex[:10]
    conn = tmp_path / "shop.crmserver"
    try:
        up = crm("server", "upload", "--db", str(shop), "--url", pg_url, "--database", database,
                 "--host", HOST, "--port", str(port_of(pg_url)), "--out", str(conn),
                 "--authority", str(authority))
        assert up.returncode == 0, up.stderr
        assert "已上传" in up.stdout and conn.exists()

        checked = crm("check", "--db", str(conn))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "没有发现问题" in checked.stdout

        back = tmp_path / "back.crm"
        down = crm("server", "download", "--db", str(conn), "--out", str(back))
        assert down.returncode == 0, down.stderr
        assert crm("check", "--db", str(back)).returncode == 0

        for kind in ("customers", "ledger", "liability"):
            exports = []
            for source in (shop, conn, back):
                out = tmp_path / f"{kind}-{source.suffix[1:]}.xlsx"
                when = ("--at", TODAY) if kind == "liability" else ()
                done = crm("export", kind, "--db", str(source), "--out", str(out), *when)
                assert done.returncode == 0, done.stderr
                exports.append(_rows(out))
            assert exports[0] == exports[1] == exports[2], f"the {kind} export differs"
    finally:
        drop_server_shop(pg_url, database)
