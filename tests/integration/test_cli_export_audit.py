"""`crm-desktop export audit`: the filtered audit log to a workbook, from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.users import UserService
from tests.integration.test_cli_excel import PASSWORD, crm

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models" / "excel"))
from excel_builders import read_sheets  # noqa: E402


def test_export_audit_with_filters_and_the_clerks_refusal(tmp_path: Path) -> None:
    path = tmp_path / "shop.crm"
    store, _recovery = create_store(path, "测试小店", "boss", PASSWORD)
    owner = store.actor_for("boss")
    UserService(store, owner).add("xiaoli", "accountant", "acc-pass-11")
    UserService(store, store.actor_for("boss")).add("clerk1", "clerk", "clerk-pass-1")
    store.close()
    out = tmp_path / "日志.xlsx"

    done = crm("export", "audit", "--db", str(path), "--out", str(out), "--action", "user.",
               "--by", "boss", "--from", "2020-01-01")

    assert done.returncode == 0, done.stderr
    assert "已导出 2 条日志" in done.stdout  # the accountant and the clerk were added
    rows = read_sheets(out)["操作日志"]
    assert [row[1:3] for row in rows[1:]] == [["boss", "添加账号"]] * 2
    assert any("角色：会计" in row[5] for row in rows[1:])

    refused = crm("export", "audit", "--db", str(path), "--out", str(tmp_path / "c.xlsx"),
                  user="clerk1", password="clerk-pass-1")
    assert refused.returncode == 2 and "无权查看操作日志" in refused.stderr
    assert not (tmp_path / "c.xlsx").exists()
    wrong = crm("export", "customers", "--db", str(path), "--out", str(tmp_path / "x.xlsx"),
                "--by", "boss")
    assert wrong.returncode == 2 and "只用于导出操作日志" in wrong.stderr

    store, owner = open_store(path, "boss", PASSWORD)
    try:
        exports = AuditService(store, owner).recent(action="audit.export")
    finally:
        store.close()
    assert len(exports) == 1 and exports[0].after["rows"] == 2
