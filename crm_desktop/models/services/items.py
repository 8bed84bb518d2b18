"""The shop's list of services and products (服务/商品): read by everyone, kept by the owner.

The counter finds an item by scanning its barcode, from the favourites, or by
typing part of its name, its pinyin initials, its category or the start of its
barcode. A shop's list is short (hundreds of items), so search filters it in
memory rather than keeping a separate index.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities.counter import Item
from crm_desktop.models.errors import ConflictError, NotFound, ValidationError
from crm_desktop.models.rules.card_rules import check_amount_fen
from crm_desktop.models.rules.validation import clean_text, fold
from crm_desktop.models.search_index import name_pinyin
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.item_records import ItemInput, ItemRecord

_BARCODE = re.compile(r"[0-9A-Za-z]{1,40}")


def _invalid(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f"invalid.{field}", zh, en, field=field)


def clean_barcode(value: str | None) -> str | None:
    """A barcode of digits and letters (full-width folded), None when empty."""
    if value is None:
        return None
    text = fold(str(value)).strip()
    if not text:
        return None
    if not _BARCODE.fullmatch(text):
        raise _invalid("barcode", "条码只能包含数字和字母，最多 40 位。",
                       "A barcode may only hold digits and letters, at most 40 of them.")
    return text


def item_fields(data: ItemInput) -> dict[str, Any]:
    """The checked columns of an item (the one set of rules for every path that adds one)."""
    name = clean_text(data.name, "name", 100)
    if name is None:
        raise _invalid("name", "请填写服务或商品的名称。", "Please enter the item's name.")
    category = clean_text(data.category, "category", 40) or ""
    check_amount_fen(data.price_fen, "price", allow_zero=True)
    return {
        "name": name,
        "category": category,
        "price_fen": data.price_fen,
        "barcode": clean_barcode(data.barcode),
        "uses_visit": bool(data.uses_visit),
        "favourite": bool(data.favourite),
    }


def _rank(row: Item, needle: str, pinyin: str) -> int | None:
    """How well ``row`` matches the typed text; lower is better, None for no match."""
    name = row.name.lower()
    if row.barcode is not None and row.barcode.lower() == needle:
        return 0
    if name == needle:
        return 1
    if name.startswith(needle):
        return 2
    if needle in name:
        return 3
    initials = pinyin.split()
    if any(token.startswith(needle) for token in initials):
        return 4
    if row.barcode is not None and row.barcode.lower().startswith(needle):
        return 5
    if needle in (row.category or "").lower():
        return 6
    return None


class ItemService(Service):
    """Items the shop sells; writes need the owner's "catalog.manage"."""

    def list(self, include_inactive: bool = False) -> list[ItemRecord]:
        """Items by category and name; retired ones only when asked."""
        with self._read("card.read") as session:
            return [ItemRecord.of(row) for row in self._rows(session, include_inactive)]

    def favourites(self) -> builtins.list[ItemRecord]:
        """The items the owner marked for the counter's quick list."""
        return [item for item in self.list() if item.favourite]

    def search(self, text: str, limit: int = 20) -> builtins.list[ItemRecord]:
        """Active items matching name, pinyin initials, barcode start or category, best first."""
        needle = fold(text or "").strip().lower()
        if not needle:
            return []
        with self._read("card.read") as session:
            ranked: list[tuple[int, str, int, Item]] = []
            for row in self._rows(session, False):
                score = _rank(row, needle, name_pinyin(row.name))
                if score is not None:
                    ranked.append((score, row.name, row.id, row))
            ranked.sort(key=lambda hit: hit[:3])
            return [ItemRecord.of(hit[3]) for hit in ranked[:max(limit, 0)]]

    def by_barcode(self, code: str) -> ItemRecord | None:
        """The active item with exactly this barcode, or None."""
        try:
            clean = clean_barcode(code)
        except ValidationError:
            return None
        if clean is None:
            return None
        with self._read("card.read") as session:
            row = session.scalar(select(Item).where(Item.barcode == clean, Item.active.is_(True)))
            return ItemRecord.of(row) if row is not None else None

    def get(self, item_id: int) -> ItemRecord:
        """One item, active or not."""
        with self._read("card.read") as session:
            return ItemRecord.of(self._load(session, item_id))

    def create(self, data: ItemInput) -> ItemRecord:
        """Add an item to the list."""
        with self._action("item.create", Entity.ITEM, "catalog.manage") as rec:
            fields = item_fields(data)
            self._barcode_free(rec.session, fields["barcode"], None)
            row = Item(active=True, version=1, **fields)
            rec.session.add(row)
            rec.session.flush()
            rec.entity_id = row.id
            rec.after = dict(fields)
            return ItemRecord.of(row)

    def update(self, item_id: int, data: ItemInput, version: int) -> ItemRecord:
        """Save an item edited from ``version``; a newer version means someone else saved first."""
        with self._action("item.update", Entity.ITEM, "catalog.manage") as rec:
            fields = item_fields(data)
            row = self._load(rec.session, item_id)
            self._check_version(row, version)
            self._barcode_free(rec.session, fields["barcode"], row.id)
            rec.entity_id = row.id
            rec.before = {key: getattr(row, key) for key in fields}
            for key, value in fields.items():
                setattr(row, key, value)
            row.version += 1
            rec.after = dict(fields)
            return ItemRecord.of(row)

    def set_active(self, item_id: int, active: bool) -> ItemRecord:
        """Retire an item from the counter's lists, or bring it back; its sales stay."""
        with self._action("item.set_active", Entity.ITEM, "catalog.manage") as rec:
            row = self._load(rec.session, item_id)
            rec.entity_id = row.id
            rec.before = {"name": row.name, "active": row.active}
            row.active = bool(active)
            row.version += 1
            rec.after = {"name": row.name, "active": row.active}
            return ItemRecord.of(row)

    # -- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _rows(session: Session, include_inactive: bool) -> builtins.list[Item]:
        query = select(Item).order_by(Item.category, Item.name, Item.id)
        if not include_inactive:
            query = query.where(Item.active.is_(True))
        return builtins.list(session.scalars(query))

    @staticmethod
    def _load(session: Session, item_id: int) -> Item:
        row = session.get(Item, item_id)
        if row is None:
            raise NotFound("item.missing", "找不到这个服务或商品。", "No such item.")
        return row

    @staticmethod
    def _check_version(row: Item, version: int) -> None:
        if row.version != version:
            raise ConflictError(
                "item.version",
                f"“{row.name}”在您打开之后已被修改过。为免覆盖对方的修改，这次没有保存；"
                "请重新打开后再改。",
                f"'{row.name}' was changed after you opened it. Nothing was saved, so that "
                "change is not overwritten; reopen the item and apply your change again.",
            )

    @staticmethod
    def _barcode_free(session: Session, barcode: str | None, own_id: int | None) -> None:
        if barcode is None:
            return
        other = session.scalar(select(Item).where(Item.barcode == barcode))
        if other is not None and other.id != own_id:
            raise ConflictError(
                "item.barcode_taken",
                f"条码 {barcode} 已经用在“{other.name}”上了，请换一个条码或先改掉那件商品的条码。",
                f"Barcode {barcode} is already on '{other.name}'; use another barcode or "
                "change that item's first.",
                field="barcode",
            )
