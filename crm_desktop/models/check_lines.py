"""The check's report: what was checked and what is wrong, one sentence in two languages each."""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_desktop.models.language import current_language

# Beyond this many findings of one kind, the rest are counted, not listed.
MAX_LISTED = 50


@dataclass(frozen=True)
class CheckLine:
    """One sentence of the report, in both languages; ``ref_id`` points at the record."""

    code: str
    zh: str
    en: str
    ref_id: int | None = None

    @property
    def message(self) -> str:
        return self.zh if current_language() == "zh" else self.en

    def __str__(self) -> str:
        return self.message


@dataclass
class CheckReport:
    """What was checked (``checked``) and what is wrong (``findings``); clean when empty."""

    checked: list[CheckLine] = field(default_factory=list)
    findings: list[CheckLine] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings


def more_line(
    report: CheckReport, total: int, listed: int, code: str, what_zh: str, what_en: str
) -> None:
    """Count the findings of one kind past the ``listed`` shown in one closing sentence."""
    if total > listed:
        report.findings.append(
            CheckLine(
                code,
                f"……另有 {total - listed} {what_zh}，未列出。",
                f"… and {total - listed} more {what_en} not listed.",
            )
        )
