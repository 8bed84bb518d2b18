"""The shop check: how it is stored, card balances, the audit chain and the signed ledgers.

``run_check`` proves what the rest of the program promises: the storage is sound
(a file's pages and structure, a server's history guard: ``check_storage``), each card's
stored value (paid and free), points and counts equal the sums of its ledger
entries, no running balance is negative, and the audit chain is unbroken. The
report says what was checked, with counts, and each finding as one sentence in
Chinese and English. Card sums are SQL aggregates: a full pass over millions of
entries stays a handful of scans.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from crm_desktop.models.check_lines import MAX_LISTED, CheckLine, CheckReport, more_line
from crm_desktop.models.check_storage import storage_steps
from crm_desktop.models.signed_history import HistoryFinding, verify_history
from crm_desktop.models.store.store import Store

__all__ = ["CheckLine", "CheckReport", "run_check"]


@dataclass(frozen=True)
class _Balance:
    """One running balance: the card's column, the ledger's change and balance-after columns."""

    card_col: str
    entry_col: str
    after_col: str
    name_zh: str
    name_en: str


# Each ledger table with the balances it carries; all of one table's are checked in one pass.
_LEDGERS: tuple[tuple[str, tuple[_Balance, ...]], ...] = (
    (
        "value_entries",
        (
            _Balance("principal_fen", "principal_fen", "principal_after_fen", "储值本金", "paid value"),
            _Balance("bonus_fen", "bonus_fen", "bonus_after_fen", "赠送金额", "bonus value"),
        ),
    ),
    ("points_entries", (_Balance("points", "points", "points_after", "积分", "points"),)),
    ("count_entries", (_Balance("counts_left", "counts", "counts_after", "剩余次数", "counts"),)),
)


def run_check(store: Store) -> CheckReport:
    """Check the open shop end to end; never raises for what it finds, only reports it.

    The signatures are verified against the root key of the user who opened the file.
    """
    report = CheckReport()
    with store.engine.connect() as conn:
        steps = storage_steps(conn) + (
            (_card_balances, "会员卡余额", "card balances"),
            (_ledger_running_values, "流水累计值", "ledger running values"),
        )
        for step, what_zh, what_en in steps:
            try:
                step(report, conn)
            except DBAPIError as exc:
                # A page the encryption check named as damaged can also stop a later read.
                report.findings.append(_unreadable(what_zh, what_en, exc))
                conn.rollback()
    _audit_chain(report, store)
    return report


def _unreadable(what_zh: str, what_en: str, exc: DBAPIError) -> CheckLine:
    reason = str(exc.orig) if exc.orig is not None else type(exc).__name__
    return CheckLine(
        "unreadable",
        f"检查{what_zh}时数据无法读取（{reason}），文件可能已损坏。请从最近的备份恢复。",
        f"Checking the {what_en}, the data could not be read ({reason}); the file may be "
        "damaged. Restore the latest backup.",
    )


def _card_balances(report: CheckReport, conn: Connection) -> None:
    cards = int(conn.exec_driver_sql("SELECT count(*) FROM cards").scalar() or 0)
    entries = sum(
        int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)
        for table in ("value_entries", "points_entries", "count_entries")
    )
    report.checked.append(
        CheckLine(
            "cards",
            f"会员卡余额：{cards} 张卡的储值本金、赠送金额、积分和次数与 {entries} 条流水合计一致，且不为负",
            f"Card balances: paid value, bonus value, points and counts of {cards} cards "
            f"equal the sums of {entries} ledger entries and are not negative",
        )
    )
    for table, balances in _LEDGERS:
        # Table and column names come from _LEDGERS above, never from input.
        sums = ", ".join(f"SUM({b.entry_col}) AS t{i}" for i, b in enumerate(balances))
        pairs = ", ".join(f"c.{b.card_col}, COALESCE(s.t{i}, 0)" for i, b in enumerate(balances))
        wrong = " OR ".join(
            f"c.{b.card_col} != COALESCE(s.t{i}, 0) OR c.{b.card_col} < 0"
            for i, b in enumerate(balances)
        )
        rows = conn.exec_driver_sql(
            f"SELECT c.id, c.number, {pairs} FROM cards AS c LEFT JOIN "
            f"(SELECT card_id, {sums} FROM {table} GROUP BY card_id) AS s ON s.card_id = c.id "
            f"WHERE {wrong} ORDER BY c.id"
        )
        counts = [0] * len(balances)
        for row in rows:
            for i, b in enumerate(balances):
                held, total = row[2 + 2 * i], row[3 + 2 * i]
                if held == total and held >= 0:
                    continue
                counts[i] += 1
                if counts[i] > MAX_LISTED:
                    continue
                if held != total:
                    zh = f"会员卡 {row[1]} 的{b.name_zh}记为 {held}，但流水合计为 {total}。"
                    en = f"Card {row[1]}: {b.name_en} is {held} but its ledger entries add up to {total}."
                else:
                    zh = f"会员卡 {row[1]} 的{b.name_zh}为负数（{held}）。"
                    en = f"Card {row[1]}: {b.name_en} is negative ({held})."
                report.findings.append(CheckLine("card.balance", zh, en, int(row[0])))
        for count, b in zip(counts, balances, strict=True):
            more_line(report, count, MAX_LISTED, "card.balance", f"张卡的{b.name_zh}有误", f"cards with {b.name_en} wrong")


def _ledger_running_values(report: CheckReport, conn: Connection) -> None:
    report.checked.append(
        CheckLine(
            "ledger",
            "流水中的“变动后余额”逐条与累计值一致，且不为负",
            "Each ledger entry's balance-after equals the running total and is not negative",
        )
    )
    for table, balances in _LEDGERS:
        running = ", ".join(
            f"{b.after_col} AS a{i}, SUM({b.entry_col}) OVER running AS r{i}"
            for i, b in enumerate(balances)
        )
        pairs = ", ".join(f"e.a{i}, e.r{i}" for i in range(len(balances)))
        wrong = " OR ".join(f"e.a{i} != e.r{i} OR e.a{i} < 0" for i in range(len(balances)))
        rows = conn.exec_driver_sql(
            f"SELECT e.id, c.number, {pairs} FROM (SELECT id, card_id, {running} FROM {table} "
            "WINDOW running AS (PARTITION BY card_id ORDER BY id ROWS UNBOUNDED PRECEDING)) AS e "
            f"JOIN cards AS c ON c.id = e.card_id WHERE {wrong} ORDER BY e.id"
        )
        counts = [0] * len(balances)
        for row in rows:
            for i, b in enumerate(balances):
                after, total = row[2 + 2 * i], row[3 + 2 * i]
                if after == total and after >= 0:
                    continue
                counts[i] += 1
                if counts[i] <= MAX_LISTED:
                    report.findings.append(_entry_finding(row[0], row[1], b, after, total))
        for count, b in zip(counts, balances, strict=True):
            more_line(report, count, MAX_LISTED, "ledger.after", f"条{b.name_zh}流水有误", f"{b.name_en} entries wrong")


def _entry_finding(entry_id: int, number: str, b: _Balance, after: int, total: int) -> CheckLine:
    if after != total:
        zh = (f"会员卡 {number} 的第 {entry_id} 号{b.name_zh}流水记录变动后为 {after}，"
              f"按流水累计应为 {total}。")
        en = (f"Card {number}: {b.name_en} entry {entry_id} says {after} afterwards, "
              f"but the entries up to it add up to {total}.")
    else:
        zh = f"会员卡 {number} 的第 {entry_id} 号{b.name_zh}流水之后余额为负数（{after}）。"
        en = f"Card {number}: after {b.name_en} entry {entry_id} the balance is negative ({after})."
    return CheckLine("ledger.after", zh, en, int(entry_id))


def _audit_chain(report: CheckReport, store: Store) -> None:
    try:
        history = verify_history(store)
    except DBAPIError as exc:
        report.findings.append(_unreadable("操作日志", "audit log", exc))
        return
    signers_zh = "，".join(f"{name or '（系统）'} {n} 条" for name, n in sorted(history.signed_by.items()))
    signers_en = ", ".join(f"{name or '(system)'} {n}" for name, n in sorted(history.signed_by.items()))
    report.checked.append(
        CheckLine(
            "audit",
            f"操作日志哈希链和签名：{history.entries} 条（签名人：{signers_zh or '无'}；"
            f"签名前沿用的 {history.carried_over} 条），{history.certificates} 个签名密钥证书",
            f"Audit log hash chain and signatures: {history.entries} entries (signed by: "
            f"{signers_en or 'nobody'}; {history.carried_over} carried over from before "
            f"signatures), {history.certificates} key certificates",
        )
    )
    report.checked.append(
        CheckLine(
            "ledger.signed",
            f"每条流水和消费记录都属于一条已签名的操作记录，且与签名时一致：{history.ledger_rows} 条",
            f"Every ledger entry and sale belongs to a signed audit entry and is as it was "
            f"signed: {history.ledger_rows} rows",
        )
    )
    report.checked.append(
        CheckLine(
            "keys",
            f"密钥文件：{len(store.keys.slots)} 个账号登录项"
            + ("和恢复密钥" if store.keys.recovery else "")
            + "，与店主签名的名单逐项比对",
            f"Key file: {len(store.keys.slots)} account entries"
            + (" and the recovery entry" if store.keys.recovery else "")
            + ", each compared with the owner-signed roster",
        )
    )
    for finding in history.key_file:
        report.findings.append(CheckLine(finding.code, finding.zh, finding.en))
    shown = Counter[str]()
    for item in history.findings:
        shown[item.kind] += 1
        if shown[item.kind] <= MAX_LISTED:
            zh, en = _history_words(item)
            report.findings.append(CheckLine("audit." + item.kind, zh, en, item.ref_id))
    for kind, total in shown.items():
        more_line(report, total, MAX_LISTED, "audit." + kind, "条同类日志问题", f"more of the same ({kind})")


def _history_words(item: HistoryFinding) -> tuple[str, str]:
    ref, who = item.ref_id, item.detail
    words: dict[str, tuple[str, str]] = {
        "link": (f"操作日志第 {ref} 条之前有记录被删除或插入，哈希链断开。",
                 f"Audit entry {ref}: an entry before it was removed or inserted."),
        "hash": (f"操作日志第 {ref} 条的内容被改动过。",
                 f"Audit entry {ref} was altered after it was written."),
        "unsigned": (f"操作日志第 {ref} 条（{who}）没有签名：它不是本程序写入的。",
                     f"Audit entry {ref} ({who}) is not signed: this program did not write it."),
        "forged": (f"操作日志第 {ref} 条以“{who}”的名义写入，但签名不是{who}的：是伪造的。",
                   f"Audit entry {ref} is in the name of '{who}' but is not signed by them: "
                   "it is forged."),
        "after_removal": (f"操作日志第 {ref} 条由已停用的账号“{who}”签名，写于停用之后。",
                          f"Audit entry {ref} is signed by '{who}' after that account was "
                          "removed."),
        "carry_over": (f"操作日志第 {ref} 条自称“签名前记录的沿用”，但不是第一次、或不是店主签的。",
                       f"Audit entry {ref} claims to carry over the history from before "
                       "signatures, but it is not the first such entry or not an owner's."),
        "not_carried": (f"有 {who} 条操作日志还没有店主签名：请店主登录一次。",
                        f"{who} audit entries are not yet signed by an owner: the owner should "
                        "sign in once."),
        "anchor": (f"操作日志被截短：店主上次确认时最新的第 {ref} 条（共 {who} 条）已不在或被改动。",
                   f"The audit log was cut short: entry {ref} (of {who}), the newest when an "
                   "owner last signed, is gone or altered."),
        "anchor.backup": (f"操作日志被截短：最近一份备份时最新的第 {ref} 条（共 {who} 条）已不在或被改动。",
                          f"The audit log was cut short: entry {ref} (of {who}), the newest "
                          "when the latest backup was made, is gone or altered."),
        "certificate": (f"账号“{who}”的签名密钥证书不是店主签发的（第 {ref} 条证书）。",
                        f"The signing-key certificate {ref} of '{who}' was not issued by an "
                        "owner."),
        "role.changed": _role_words(who),
        "role.unsigned": (f"账号“{who}”不在店主签名的名单中，却在账号表里是启用的。",
                          f"The account '{who}' is active in the table but not on the "
                          "owner-signed roster."),
        "ledger.untied": (f"从第 {ref} 号起有 {who} 条流水或消费记录不属于任何已签名的操作：是在程序之外写入的。",
                          f"{who} ledger entries or sales from number {ref} on belong to no "
                          "signed action: they were written outside the program."),
        "ledger.changed": (f"操作日志第 {ref} 条所签的流水和消费记录（{who} 条）被改动、增加或删除过。",
                           f"The ledger entries and sales signed with audit entry {ref} "
                           f"({who}) were changed, added to or removed."),
        "approval": (f"操作日志第 {ref} 条（{who}）写着经过批准，但没有批准人的签名：批准是伪造的。",
                     f"Audit entry {ref} ({who}) says it was approved, but carries no signature "
                     "of the approver: the approval was forged."),
        "ledger.removed": (f"操作日志第 {ref} 条所签的流水和消费记录已被全部删除。",
                           f"The ledger entries and sales signed with audit entry {ref} were "
                           "removed."),
    }
    return words[item.kind]


def _role_words(detail: str) -> tuple[str, str]:
    name, table_role, signed_role = (detail.split(":") + ["", "", ""])[:3]
    return (
        f"账号“{name}”在账号表中的角色是 {table_role}，但店主签名的是 {signed_role}：被改动过"
        f"（程序按 {signed_role} 对待）。",
        f"The account '{name}' has the role {table_role} in the table but the owner signed "
        f"{signed_role}: it was changed (the program treats it as {signed_role}).",
    )

