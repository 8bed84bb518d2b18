"""The validation sweep (资料体检): every stored value that today's rules would refuse.

Rules change (python-stdnum's area codes, the numbering plan, a new check), and files
hold values typed or imported before: an ID number with an area code that never
existed or a wrong check digit, a birthday in the future, a phone whose prefix no
operator uses, a mistyped email. The sweep reads every customer in use (not the
anonymised or merged) once, in id order and in chunks, and runs on each stored
value the very check a profile form runs as it is typed
(``customer_records.check_field``), plus the phone warning and the member-since
check. Each finding carries the check's own sentence and opens the profile.

Values are shown as a screen may show them: phone and ID numbers masked for every
role, control characters made visible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.language import current_language
from crm_desktop.models.progress import Progress, ProgressReport, no_progress
from crm_desktop.models.rules.validation import mask_id_number, mask_phone, phone_warning
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.customer_records import (
    CHECKED_FIELDS,
    check_field,
    check_member_since,
)

CHUNK = 5_000
SWEPT_FIELDS: tuple[str, ...] = tuple(dict.fromkeys((*CHECKED_FIELDS, "member_since")))
# What each chunk reads, in this order: the id, then every swept field (the name among them).
_COLUMNS = ("id", *SWEPT_FIELDS)
_NAME = _COLUMNS.index("name")
SHOWN_CHARS = 40
_LEFT_OUT = ("anonymised", "merged")


@dataclass(frozen=True)
class SweepFinding:
    """One stored value the rules refuse ("refused") or find unusual ("unusual")."""

    customer_id: int
    customer_name: str
    field: str
    shown: str
    severity: str
    zh: str
    en: str

    @property
    def message(self) -> str:
        """The sentence in the current language."""
        return self.zh if current_language() == "zh" else self.en


@dataclass(frozen=True)
class SweepReport:
    """What the sweep read and found; ``findings`` may stop at the caller's limit.

    ``total`` counts every finding, ``by_field`` per customer field, most first.
    """

    on_date: date
    checked: int
    findings: tuple[SweepFinding, ...]
    total: int
    by_field: tuple[tuple[str, int], ...]

    @property
    def clean(self) -> bool:
        return self.total == 0


class SweepService(Service):
    """Runs the sweep for those who fix profiles (owner and clerks)."""

    def run(
        self,
        progress: ProgressReport = no_progress,
        *,
        limit: int | None = None,
        on_date: date | None = None,
    ) -> SweepReport:
        """Check every stored value of every customer in use; keep the first ``limit`` findings.

        Reports ``Progress("sweep", done, total)`` after each chunk; a cancel stops it
        (nothing is written either way).
        """
        day = on_date or date.today()
        findings: list[SweepFinding] = []
        counts: Counter[str] = Counter()
        checked = 0
        with self._read("customer.write") as session:
            total = int(session.scalar(
                select(func.count()).select_from(Customer)
                .where(Customer.status.not_in(_LEFT_OUT))
            ) or 0)
            progress(Progress("sweep", 0, total))
            for rows in _chunks(session):
                for row in rows:
                    for finding in check_row(row, day):
                        counts[finding.field] += 1
                        if limit is None or len(findings) < limit:
                            findings.append(finding)
                checked += len(rows)
                progress(Progress("sweep", checked, max(total, checked)))
        return SweepReport(
            on_date=day, checked=checked, findings=tuple(findings), total=sum(counts.values()),
            by_field=tuple(counts.most_common()),
        )


def check_row(row: Sequence[Any], day: date) -> Iterator[SweepFinding]:
    """The findings of one customer row (its values in the order of ``_COLUMNS``)."""
    for field, value in zip(SWEPT_FIELDS, row[1:], strict=True):
        if value is None or value == "":
            continue
        try:
            if field == "member_since":
                check_member_since(value, day)
            else:
                check_field(field, value, day)
        except ValidationError as error:
            yield _finding(row, field, value, "refused", error.zh, error.en)
            continue
        if field in ("phone", "phone2"):
            warning = phone_warning(str(value))
            if warning is not None:
                yield _finding(row, field, value, "unusual", *warning)


def shown_value(field: str, value: object) -> str:
    """A stored value as the list shows it: numbers masked, invisible characters visible."""
    raw = value.isoformat() if isinstance(value, date) else str(value)
    if field in ("phone", "phone2"):
        raw = mask_phone(raw) or ""
    elif field == "id_number":
        # Too short to mask like a real number: hide all of it.
        raw = (mask_id_number(raw) or "") if len(raw) >= 8 else "*" * len(raw)
    visible = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in raw)
    return visible if len(visible) <= SHOWN_CHARS else visible[:SHOWN_CHARS] + "…"


def _finding(
    row: Sequence[Any], field: str, value: object, severity: str, zh: str, en: str
) -> SweepFinding:
    return SweepFinding(row[0], row[_NAME], field, shown_value(field, value), severity, zh, en)


def _chunks(session: Session) -> Iterator[list[Sequence[Any]]]:
    # Keyset pages by id: each chunk is an index range, so the sweep never slows down
    # towards the end of a big file and progress can be reported between chunks.
    statement = text(
        f"SELECT {', '.join(_COLUMNS)} FROM customers WHERE id > :after "
        "AND status NOT IN ('anonymised', 'merged') ORDER BY id LIMIT :chunk"
    ).columns(**_typed_columns())
    after = 0
    while True:
        # Plain tuples: a row's values by position cost a fraction of named lookups.
        rows: list[Sequence[Any]] = [
            tuple(row) for row in session.execute(statement, {"after": after, "chunk": CHUNK})
        ]
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _typed_columns() -> dict[str, Any]:
    # Dates come back as dates, as the ORM would give them.
    table = Customer.__table__
    return {"birthday": table.c.birthday.type, "member_since": table.c.member_since.type}
