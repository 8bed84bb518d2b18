"""A shop ready on day one: apply a starting set (开店模板) of card types, tiers and items.

``apply`` writes the chosen parts of a set in one operation (owner only), through
the catalog's own rules for card types and tiers, and skips every row whose name
is already on file, saying which. Applying the same set twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import CardType, Tier
from crm_desktop.models.entities.counter import Item
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.language import current_language
from crm_desktop.models.permissions import require
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.catalog import card_type_fields, tier_fields
from crm_desktop.models.services.item_records import ItemInput
from crm_desktop.models.services.items import item_fields
from crm_desktop.models.starter_sets import (
    PARTS,
    SHOP_KINDS,
    StarterSet,
    part_name,
    shop_kind_name,
    starter_set,
)


@dataclass(frozen=True)
class StarterSummary:
    """What ``apply`` created and what it left alone because the name was already on file."""

    kind: str
    created: dict[str, list[str]] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)

    @property
    def created_count(self) -> int:
        return sum(len(names) for names in self.created.values())

    def text(self, language: str | None = None) -> str:
        """One line per part, e.g. "卡种：新建 3 个" and the names skipped."""
        lang = language or current_language()
        zh = lang == "zh"
        lines = []
        for part in PARTS:
            made, kept = self.created.get(part, []), self.skipped.get(part, [])
            if not made and not kept:
                continue
            what = part_name(part, lang)
            line = f"{what}：新建 {len(made)} 个" if zh else f"{what.capitalize()}: {len(made)} added"
            if kept:
                names = ("、" if zh else ", ").join(kept)
                line += (f"；已有同名的未重复添加：{names}" if zh
                         else f"; already on file, left as they are: {names}")
            lines.append(line + ("。" if zh else "."))
        if not lines:
            return "没有选择任何内容，什么也没有改变。" if zh else "Nothing was chosen; nothing changed."
        return "\n".join(lines)


def _check_kind(kind: str) -> None:
    if kind not in SHOP_KINDS:
        raise ValidationError(
            "invalid.shop_kind",
            "请选择店铺类型：美容美发、健身、咖啡/茶饮或零售。",
            "Choose the kind of shop: salon, gym, café or retail.",
            field="kind",
        )


def _check_parts(parts: Collection[str]) -> list[str]:
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise ValidationError(
            "invalid.starter_part",
            f"开店模板没有这部分内容：{'、'.join(unknown)}。",
            f"A starter set has no part called {', '.join(unknown)}.",
            field="parts",
        )
    return [part for part in PARTS if part in parts]


def _names(session: Session, column: object) -> set[str]:
    return set(session.scalars(select(column)))  # type: ignore[call-overload]


class StarterService(Service):
    """Starting sets for a new shop; applying one is the owner's."""

    def preview(self, kind: str, language: str | None = None) -> StarterSet:
        """What ``apply(kind)`` would create (before names already on file are skipped)."""
        require(self.actor, "catalog.manage")
        _check_kind(kind)
        return starter_set(kind, language)

    def on_file(self, kind: str, language: str | None = None) -> dict[str, list[str]]:
        """Per part, the names of the set that are already on file (and would be skipped)."""
        wanted = self.preview(kind, language)
        with self._read("card.read") as session:
            found = {
                "card_types": _names(session, CardType.name),
                "tiers": _names(session, Tier.name),
                "items": _names(session, Item.name),
            }
        return {part: [n for n in wanted.names(part) if n in found[part]] for part in PARTS}

    def apply(
        self, kind: str, parts: Collection[str] = PARTS, language: str | None = None
    ) -> StarterSummary:
        """Create the chosen ``parts`` of the set for ``kind`` in one operation."""
        _check_kind(kind)
        chosen = _check_parts(parts)
        wanted = starter_set(kind, language)
        summary = StarterSummary(kind)
        with self._action("starter.apply", Entity.CARD_TYPE, "catalog.manage") as op:
            session = op.session
            if "card_types" in chosen:
                self._card_types(session, wanted, summary)
            if "tiers" in chosen:
                self._tiers(session, wanted, summary)
            if "items" in chosen:
                self._items(session, wanted, summary)
            session.flush()
            op.also = {Entity.TIER, Entity.ITEM}
            op.after = {
                "kind": shop_kind_name(kind, "zh"),
                "created": {p: names for p, names in summary.created.items() if names},
                "skipped": {p: names for p, names in summary.skipped.items() if names},
            }
        return summary

    @staticmethod
    def _card_types(session: Session, wanted: StarterSet, summary: StarterSummary) -> None:
        on_file = _names(session, CardType.name)
        made, kept = summary.created.setdefault("card_types", []), summary.skipped.setdefault(
            "card_types", [])
        for row in wanted.card_types:
            if row.name in on_file:
                kept.append(row.name)
                continue
            fields = card_type_fields(row.name, row.kind, row.price_fen, row.validity_days,
                                      row.count_total, row.service_name, row.bonus_rules)
            session.add(CardType(active=True, **fields))
            made.append(row.name)

    @staticmethod
    def _tiers(session: Session, wanted: StarterSet, summary: StarterSummary) -> None:
        on_file = _names(session, Tier.name)
        ranks = set(session.scalars(select(Tier.rank)))
        made, kept = summary.created.setdefault("tiers", []), summary.skipped.setdefault(
            "tiers", [])
        new = [row for row in wanted.tiers if row.name not in on_file]
        kept.extend(row.name for row in wanted.tiers if row.name in on_file)
        # Ranks already taken by the shop's own tiers: the new ones go above them, in order.
        top = int(session.scalar(select(func.max(Tier.rank))) or 0)
        shift = top if any(row.rank in ranks for row in new) else 0
        for row in new:
            fields = tier_fields(row.name, row.rank + shift, row.price_percent,
                                 row.points_multiplier_percent, "spend", row.threshold_fen,
                                 365, row.benefits)
            session.add(Tier(active=True, **fields))
            made.append(row.name)

    @staticmethod
    def _items(session: Session, wanted: StarterSet, summary: StarterSummary) -> None:
        on_file = _names(session, Item.name)
        made, kept = summary.created.setdefault("items", []), summary.skipped.setdefault(
            "items", [])
        for row in wanted.items:
            if row.name in on_file:
                kept.append(row.name)
                continue
            session.add(Item(active=True, **item_fields(ItemInput(
                row.name, row.category, row.price_fen, None, row.uses_visit, row.favourite))))
            made.append(row.name)
