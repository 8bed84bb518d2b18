"""The text ``crm-desktop import`` prints: counts, then every row the import has something to say about.

Refused and repeated rows, rows found on file (with the key that found them and
what the row has new), wrong optional values, damaged text and likely duplicates,
each with the answer this run applied and the flag that changes it. Fixed words
are Chinese first, then English; reasons come in the current language. Phone and
ID numbers are masked, as the screens show them.
"""

from __future__ import annotations

from crm_desktop.models.excel.fields import field_by_key
from crm_desktop.models.excel.import_report import ImportReport
from crm_desktop.models.excel.row_findings import ExistingMatch, shown_value
from crm_desktop.models.rules.validation import format_fen

# What became of a row on file, by ExistingMatch.action.
MATCH_ACTIONS = {
    "skip": "跳过 / skipped",
    "add_new": "补充新信息 / new details added",
    "fill": "填写空白字段 / empty fields filled",
    "overwrite": "按文件覆盖 / overwritten from the file",
    "unchanged": "没有新信息 / nothing new",
}
OPTIONAL_ACTIONS = {
    "refuse": "未导入 / not imported",
    "drop": "不含这些值导入，标记待更正 / imported without them, flagged for correction",
}
DAMAGED_ACTIONS = {
    "skip": "未导入 / not imported",
    "clear": "留空并标记待更正 / left empty, flagged for correction",
    "keep": "照原样导入 / imported as it is",
}
LIKELY_ACTIONS = {
    "new": "作为新客户导入 / imported as a new customer",
    "skip": "跳过 / skipped",
    "same": "视为这位客户 / taken as this customer",
}
_NUMBERS = ("phone", "phone2", "id_number")


def field_label(kind: str, key: str) -> str:
    """A field's words as the import names it, in the current language."""
    for source in (kind, "customers"):
        try:
            return field_by_key(source, key).label
        except KeyError:
            continue
    return key


def print_import_report(report: ImportReport, header_row: int) -> None:
    """Print the counts and every finding of ``report``, one row per line."""
    head = "试导入（未写入） / Dry run (nothing written)" if report.dry_run else "已导入 / Imported"
    print(head)
    print(f"表头在第 {header_row} 行 / header on row {header_row}")
    print(
        f"读取 {report.rows_read} 行；新增 {report.imported}；更新 {report.updated}；跳过 {report.skipped}；"
        f"重复 {len(report.duplicates)}；拒绝 {len({r.row for r in report.rejected})}；合计行 {report.totals_rows}"
    )
    if report.kind == "customers":
        print(
            f"期初余额 {format_fen(report.balance_fen)} 元（其中赠送 {format_fen(report.bonus_fen)}）；"
            f"积分 {report.points}；次数 {report.counts}"
        )
    else:
        print(f"金额 {format_fen(report.amount_fen)} 元；积分 {report.points}")
    for name in report.new_tiers:
        print(f"新等级 / new tier: {name}")
    for duplicate in report.duplicates:
        print(
            f"第 {duplicate.row} 行与第 {duplicate.first_row} 行重复 / row {duplicate.row} repeats row {duplicate.first_row}"
        )
    for rejection in report.rejected:
        column = f"[{rejection.column}] " if rejection.column else ""
        print(f"第 {rejection.row} 行 / row {rejection.row}: {column}{rejection.reason}")
    _print_matches(report)
    _print_optional(report)
    _print_damaged(report)
    _print_likely(report)


def _print_matches(report: ImportReport) -> None:
    if not report.matches:
        return
    print(f"已在本店档案中的行 / rows already on file: {len(report.matches)}")
    for match in report.matches:
        print(f"  {_match_line(report.kind, match)}")
    if any(m.action == "skip" and m.new_values for m in report.matches):
        print(
            "  加 --add-new 可把新信息补进空白字段（不覆盖已有内容）。 / "
            "Add --add-new to fill empty fields with what is new (nothing is overwritten)."
        )


def _match_line(kind: str, match: ExistingMatch) -> str:
    if match.key == "likely":
        key = "可能是同一人（你的选择） / likely the same person (your answer)"
    else:
        key = f"{field_label(kind, match.key)} {match.key_value}" if match.key else ""
    found = f"#{match.customer_id} {match.customer_name}".rstrip()
    parts = [
        f"第 {match.row} 行 / row {match.row} → {found}"
        + (f"（{key}）" if key else "")
        + f"：{MATCH_ACTIONS.get(match.action, match.action)}"
    ]
    if match.new_values:
        new = "、".join(
            f"{field_label('customers', name)} {_masked(name, value)}"
            for name, value in match.new_values
        )
        parts.append(f"新信息 / new: {new}")
    if match.differs:
        differs = "、".join(field_label("customers", name) for name in match.differs)
        parts.append(f"与档案不同 / differs from the file: {differs}")
    if match.note:
        parts.append(match.note)
    return "；".join(parts)


def _print_optional(report: ImportReport) -> None:
    if not report.optional_problems:
        return
    print(f"选填项有误的行 / rows with wrong optional values: {len(report.optional_problems)}")
    for problem in report.optional_problems:
        fields = "；".join(
            f"{field_label(report.kind, f.field)} {_masked(f.field, f.value)}：{f.reason}"
            for f in problem.fields
        )
        print(
            f"  第 {problem.row} 行 / row {problem.row} {problem.name}：{fields} → "
            f"{OPTIONAL_ACTIONS.get(problem.choice, problem.choice)}"
        )
    if any(p.choice == "refuse" for p in report.optional_problems):
        print(
            "  加 --keep-without-wrong-optional 可不含这些值导入，并标记待更正。 / Add "
            "--keep-without-wrong-optional to import these rows without them, flagged for correction."
        )


def _print_damaged(report: ImportReport) -> None:
    if not report.damaged:
        return
    print(f"文字看起来已损坏 / text that looks damaged: {len(report.damaged)}")
    for cell in report.damaged:
        print(
            f"  第 {cell.row} 行 / row {cell.row} {cell.name} [{cell.column}]："
            f"{_masked(cell.field, cell.preview)}（{cell.why}） → "
            f"{DAMAGED_ACTIONS.get(cell.choice, cell.choice)}"
        )
    print(
        "  用 --damaged skip|clear|keep 选择：不导入、留空并标记待更正、照原样导入。 / "
        "Choose with --damaged skip|clear|keep: leave the row out, leave the text empty "
        "flagged for correction, or import it as it is."
    )


def _print_likely(report: ImportReport) -> None:
    if not report.likely:
        return
    print(f"可能与本店客户重复 / likely customers already on file: {len(report.likely)}")
    for match in report.likely:
        reasons = "；".join(match.reasons)
        print(
            f"  第 {match.row} 行 / row {match.row} {match.name} ≈ #{match.customer_id} "
            f"{match.customer_name}（{reasons}；{match.score:.0f} 分 / score）→ "
            f"{LIKELY_ACTIONS.get(match.choice, match.choice)}"
        )
    print(
        "  用 --likely new|skip 选择：作为新客户导入或跳过；合并请用 crm-desktop merge。 / "
        "Choose with --likely new|skip: import as new customers or skip them; "
        "to merge, use crm-desktop merge."
    )


def _masked(field: str, value: str) -> str:
    """A value as the report gives it, masked again if a phone or ID number came in full."""
    if field in _NUMBERS and any(ch.isdigit() for ch in value) and "*" not in value:
        return shown_value(field, value)
    return value
