"""The check's first steps, which depend on where the shop is kept.

A file: every encrypted page decrypts and authenticates (``cipher_integrity_check``)
and SQLite's structure is sound (``quick_check``). A server keeps its own pages and
structure; there the check confirms that the server still guards the history (the
triggers of ``server_schema``: rows added only by an operation holding the writers'
lock, never rewritten), which the ledger and audit checks that follow rely on.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from crm_desktop.models.check_lines import MAX_LISTED, CheckLine, CheckReport, more_line
from crm_desktop.models.store.server_schema import APPEND_ONLY, MOVABLE

Step = Callable[[CheckReport, Connection], None]


def storage_steps(conn: Connection) -> tuple[tuple[Step, str, str], ...]:
    """The steps that check how the shop is stored, each with what it checks in two languages."""
    if conn.dialect.name == "sqlite":
        return (
            (_cipher_pages, "加密页", "encrypted pages"),
            (_structure, "数据库结构", "database structure"),
        )
    return ((_server_guard, "服务器的历史保护", "the server's history guard"),)


def _cipher_pages(report: CheckReport, conn: Connection) -> None:
    pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    problems = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
    report.checked.append(
        CheckLine(
            "cipher",
            f"加密页完整性（cipher_integrity_check）：{pages} 页",
            f"Encrypted page integrity (cipher_integrity_check): {pages} pages",
        )
    )
    for problem in problems[:MAX_LISTED]:
        report.findings.append(
            CheckLine(
                "cipher",
                f"加密校验失败：{problem}。文件被改动或损坏，请从最近的备份恢复。",
                f"Encryption check failed: {problem}. The file was altered or damaged; "
                "restore the latest backup.",
            )
        )
    more_line(report, len(problems), MAX_LISTED, "cipher", "条加密校验错误", "encryption errors")


def _structure(report: CheckReport, conn: Connection) -> None:
    rows = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA quick_check")]
    report.checked.append(
        CheckLine("structure", "数据库结构（quick_check）", "Database structure (quick_check)")
    )
    problems = [row for row in rows if row != "ok"]
    for problem in problems[:MAX_LISTED]:
        report.findings.append(
            CheckLine(
                "structure",
                f"数据库结构有问题：{problem}。请从最近的备份恢复。",
                f"The database structure is damaged: {problem}. Restore the latest backup.",
            )
        )
    more_line(report, len(problems), MAX_LISTED, "structure", "条结构错误", "structure errors")


def _server_guard(report: CheckReport, conn: Connection) -> None:
    found = {
        (str(row[0]), str(row[1])) for row in conn.exec_driver_sql(
            "SELECT t.tgname, c.relname FROM pg_trigger AS t JOIN pg_class AS c "
            "ON c.oid = t.tgrelid WHERE t.tgname IN ('crm_append_only', 'crm_one_writer') "
            "AND t.tgenabled <> 'D'"
        )
    }
    wanted = {("crm_one_writer", table) for table in APPEND_ONLY}
    wanted |= {("crm_append_only", table) for table in MOVABLE}
    report.checked.append(
        CheckLine(
            "server.guard",
            f"服务器只让程序的操作追加流水、消费和操作日志，不许改写：{len(APPEND_ONLY)} 张表",
            f"The server lets only the program's operations add ledger entries, sales and "
            f"audit entries, and refuses rewrites: {len(APPEND_ONLY)} tables",
        )
    )
    for table in sorted({table for _trigger, table in wanted - found}):
        report.findings.append(
            CheckLine(
                "server.guard",
                f"服务器上的 {table} 表失去了历史保护：记录可以被改写。请让管理员重新运行 server init。",
                f"The table {table} on the server has lost its history guard: its rows can be "
                "rewritten. Ask the administrator to run server init again.",
            )
        )
