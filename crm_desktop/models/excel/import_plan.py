"""The plan of a customer import: the user's answers, the catalogue and the card numbers it needs.

Rows with wrong optional values or damaged text go ahead or not by the user's
answers (``apply_row_choices``). Tiers and card types named in the file are
matched to the shop's by name; the ones it lacks are refused row by row, or
created when the user confirmed. Rows that need a card but name none get the
shop's next generated numbers, the running number kept in the same transaction
as the import.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from crm_desktop.models import bulk_sql
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel import customer_writer as writer
from crm_desktop.models.excel.customer_rows import CustomerRow, RowCheck
from crm_desktop.models.excel.customer_writer import lookup
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.row_findings import (
    CLEARABLE_FIELDS,
    DamagedCell,
    ExistingMatch,
    LikelyMatch,
    OptionalProblem,
    Rejection,
    damaged_skip_reason,
    zh_or_en,
)
from crm_desktop.models.rules.card_numbers import make_card_number
from crm_desktop.models.services.shop_settings import CARD_SEQUENCE_KEY, load_settings, read_setting

DEFAULT_CARD_TYPE = "会员卡"


@dataclass
class ImportPlan:
    """What the import will do with each accepted row."""

    new_rows: list[CustomerRow] = field(default_factory=list)
    # sheet row → (existing customer id, changed profile fields)
    updates: dict[int, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    # sheet row → the existing customer that receives the row's new card
    new_cards_for: dict[int, int] = field(default_factory=dict)
    card_rows: list[CustomerRow] = field(default_factory=list)
    matches: list[ExistingMatch] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    skipped: int = 0
    new_tiers: list[str] = field(default_factory=list)
    new_card_types: list[str] = field(default_factory=list)
    cards: writer.CardPlan = field(default_factory=writer.CardPlan)
    create_tiers: list[str] = field(default_factory=list)
    create_types: list[str] = field(default_factory=list)
    next_sequence: int = 0
    optional_problems: list[OptionalProblem] = field(default_factory=list)
    damaged: list[DamagedCell] = field(default_factory=list)
    likely: list[LikelyMatch] = field(default_factory=list)


def apply_row_choices(check: RowCheck, options: ImportOptions, plan: ImportPlan) -> list[CustomerRow]:
    """The rows that go ahead after the user's answers on wrong optional values and damaged text.

    A row imported without its wrong optional values keeps them, as the file had
    them, in ``corrections`` (待更正). Damaged text answered "clear" is left out and
    kept there too; a damaged name cannot be left out, so it is kept and flagged.
    """
    if not check.optional and not check.damaged:
        return check.accepted
    kept: list[CustomerRow] = []
    for row in check.accepted:
        number, refused = row.row, False
        fix = check.optional.get(number)
        if fix is not None:
            choice = options.choice(number, "optional")
            plan.optional_problems.append(OptionalProblem(number, row.name, fix.fields, choice))
            if choice == "refuse":
                plan.rejected.extend(Rejection(number, f.column, f.reason) for f in fix.fields)
                refused = True
            else:
                row = replace(row, corrections={**(row.corrections or {}), **fix.raw})
        cells = check.damaged.get(number, ())
        if cells:
            choice = options.choice(number, "damaged")
            plan.damaged.extend(c._replace(choice=choice) for c in cells)
            if choice == "skip" and not refused:
                plan.rejected.extend(
                    Rejection(number, c.column, damaged_skip_reason(c.column, c.preview))
                    for c in cells
                )
                refused = True
            elif choice == "clear":
                row = _cleared(row, cells)
        if not refused:
            kept.append(row)
    return kept


def _cleared(row: CustomerRow, cells: tuple[DamagedCell, ...]) -> CustomerRow:
    flagged = {c.field: str(getattr(row, c.field)) for c in cells}
    emptied: dict[str, Any] = {f: None for f in flagged if f in CLEARABLE_FIELDS}
    return replace(row, **emptied, corrections={**(row.corrections or {}), **flagged})


def resolve_catalogue(
    conn: Connection,
    rows: list[CustomerRow],
    mapping: ColumnMapping,
    options: ImportOptions,
    plan: ImportPlan,
) -> list[CustomerRow]:
    """The rows whose tier and card type exist or may be created; the plan learns both."""
    tiers: dict[str, int] = {
        str(n): int(i) for n, i in conn.exec_driver_sql("SELECT name, id FROM tiers")
    }
    types: dict[str, int] = {
        str(n): int(i) for n, i in conn.exec_driver_sql("SELECT name, id FROM card_types")
    }
    wanted_tiers = list(dict.fromkeys(r.tier for r in rows if r.tier and r.tier not in tiers))
    wanted_types = list(
        dict.fromkeys(r.card_type for r in rows if r.card_type and r.card_type not in types)
    )
    plan.new_tiers, plan.new_card_types = list(wanted_tiers), list(wanted_types)
    if not options.create_missing:
        kept = []
        for row in rows:
            if row.tier in wanted_tiers:
                plan.rejected.append(
                    Rejection(
                        row.row,
                        mapping.header_of("tier"),
                        zh_or_en(
                            f"等级“{row.tier}”在本店还没有；确认创建新等级后再导入。",
                            f"The tier {row.tier!r} does not exist yet; confirm creating it and import again.",
                        ),
                    )
                )
            elif row.card_type in wanted_types:
                plan.rejected.append(
                    Rejection(
                        row.row,
                        mapping.header_of("card_type"),
                        zh_or_en(
                            f"卡种“{row.card_type}”在本店还没有；确认创建新卡种后再导入。",
                            f"The card type {row.card_type!r} does not exist yet; confirm creating it and "
                            "import again.",
                        ),
                    )
                )
            else:
                kept.append(row)
        rows, wanted_tiers, wanted_types = kept, [], []
    default_type = conn.exec_driver_sql(
        "SELECT id FROM card_types WHERE active = TRUE ORDER BY kind NOT IN ('mixed', 'stored_value'), id LIMIT 1"
    ).scalar()
    needs_default = any(r.needs_card() and not r.card_type for r in rows)
    if (
        default_type is None
        and needs_default
        and DEFAULT_CARD_TYPE not in types
        and DEFAULT_CARD_TYPE not in wanted_types
    ):
        wanted_types.append(DEFAULT_CARD_TYPE)
        plan.new_card_types.append(DEFAULT_CARD_TYPE)
    plan.cards.tier_ids = tiers
    plan.cards.card_type_ids = types
    plan.cards.default_card_type_id = int(default_type or types.get(DEFAULT_CARD_TYPE, 0))
    plan.create_tiers, plan.create_types = wanted_tiers, wanted_types
    return rows


def number_cards(session: Session, plan: ImportPlan) -> None:
    """Generated numbers for new rows that need a card but name none, skipping taken ones."""
    needing = [r.row for r in plan.new_rows if r.needs_card() and not r.card_number]
    if not needing:
        return
    conn = session.connection()
    settings = load_settings(session)
    sequence = int(read_setting(session, CARD_SEQUENCE_KEY) or 1)
    numbers: list[str] = []
    while len(numbers) < len(needing):
        try:
            batch = [
                make_card_number(settings.card_number_prefix, s, settings.card_number_length)
                for s in range(sequence, sequence + len(needing) - len(numbers) + 50)
            ]
        except ValueError as exc:
            raise ValidationError(
                "card.numbers_exhausted",
                "按当前卡号长度已经没有可用的卡号，请在设置里加长卡号位数。",
                "No card numbers are left at the current length; make card numbers longer "
                "in the settings.",
            ) from exc
        sequence += len(batch)
        taken = {
            n for (n,) in lookup(conn, "SELECT number FROM cards WHERE number IN ({marks})", batch)
        }
        in_file = {r.card_number for r in plan.new_rows if r.card_number}
        numbers.extend(n for n in batch if n not in taken and n not in in_file)
    plan.cards.generated = dict(zip(needing, numbers, strict=False))
    last = numbers[len(needing) - 1]
    plan.next_sequence = int(last[len(settings.card_number_prefix) : -1]) + 1


def create_catalogue(conn: Connection, plan: ImportPlan) -> None:
    """Insert the tiers and card types the user agreed to create (ranks after the highest)."""
    if plan.create_tiers:
        rank = int(conn.exec_driver_sql("SELECT coalesce(max(rank), 0) FROM tiers").scalar() or 0)
        first = writer.next_id(conn, "tiers")
        conn.exec_driver_sql(
            "INSERT INTO tiers (id, name, rank, price_percent, points_multiplier_percent, rule_kind, "
            "threshold, window_days, benefits, active) VALUES (?, ?, ?, 100, 100, 'spend', 0, 365, '', TRUE)",
            [(first + i, name, rank + 1 + i) for i, name in enumerate(plan.create_tiers)],
        )
        plan.cards.tier_ids.update({n: first + i for i, n in enumerate(plan.create_tiers)})
        bulk_sql.ids_taken(conn, ("tiers",))
    if plan.create_types:
        first = writer.next_id(conn, "card_types")
        conn.exec_driver_sql(
            "INSERT INTO card_types (id, name, kind, price_fen, count_total, bonus_rules, active) "
            "VALUES (?, ?, 'mixed', 0, 0, '[]', TRUE)",
            [(first + i, name) for i, name in enumerate(plan.create_types)],
        )
        plan.cards.card_type_ids.update({n: first + i for i, n in enumerate(plan.create_types)})
        bulk_sql.ids_taken(conn, ("card_types",))
        if not plan.cards.default_card_type_id:
            plan.cards.default_card_type_id = plan.cards.card_type_ids[plan.create_types[0]]
