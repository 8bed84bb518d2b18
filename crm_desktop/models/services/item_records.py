"""Plain, frozen values for the shop's list of items (服务/商品) and its sales figures.

Screens, exports and charts are built from these; no ORM row leaves a service.
Money is int fen.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.models.entities.counter import Item


@dataclass(frozen=True)
class ItemRecord:
    """One service or product on the owner's list, at its list price."""

    id: int
    name: str
    category: str
    price_fen: int
    barcode: str | None
    uses_visit: bool  # a sale takes one visit of a count card per unit
    favourite: bool
    active: bool
    version: int

    @classmethod
    def of(cls, row: Item) -> ItemRecord:
        return cls(
            id=row.id,
            name=row.name,
            category=row.category or "",
            price_fen=row.price_fen,
            barcode=row.barcode,
            uses_visit=bool(row.uses_visit),
            favourite=bool(row.favourite),
            active=bool(row.active),
            version=row.version,
        )


@dataclass(frozen=True)
class ItemInput:
    """What the owner types for a new or changed item."""

    name: str
    category: str
    price_fen: int
    barcode: str | None = None
    uses_visit: bool = False
    favourite: bool = False


@dataclass(frozen=True)
class SalesRow:
    """Sales of one item (or one category) in one day or month.

    ``amount_fen`` is at list price (quantity × unit price), ``discount_fen`` the
    tier discounts on those lines, ``refunded_fen`` what line refunds took back.
    """

    key: str  # item name, or the category for by-category rows
    category: str
    period: str  # "2026-12-03" for a day, "2026-12" for a month
    quantity: int
    amount_fen: int
    discount_fen: int
    refunded_fen: int

    @property
    def net_fen(self) -> int:
        return self.amount_fen - self.discount_fen - self.refunded_fen
