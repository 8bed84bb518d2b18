"""Small hand-built shop files for the analytics tests: customers and purchases by day."""

from __future__ import annotations

from datetime import date, datetime, time

from crm_desktop.models.entities import Customer, Purchase
from crm_desktop.models.store.store import Store


def add_customer(store: Store, name: str, **fields: object) -> int:
    with store.write() as session:
        fields.setdefault("created_at", datetime(2020, 1, 1, 9, 0))
        customer = Customer(name=name, **fields)
        session.add(customer)
        session.flush()
        return customer.id


def add_sale(
    store: Store, customer_id: int, day: date, paid_fen: int, *, hour: int = 10, **fields: object
) -> int:
    with store.write() as session:
        sale = Purchase(
            customer_id=customer_id,
            ts=datetime.combine(day, time(hour, 0)),
            kind="sale",
            amount_fen=paid_fen,
            paid_fen=paid_fen,
            payment_method=str(fields.pop("payment_method", "cash")),
            **fields,
        )
        session.add(sale)
        session.flush()
        return sale.id


def add_refund(store: Store, sale_id: int, day: date, back_fen: int) -> int:
    with store.write() as session:
        sale = session.get(Purchase, sale_id)
        assert sale is not None
        refund = Purchase(
            customer_id=sale.customer_id,
            card_id=sale.card_id,
            ts=datetime.combine(day, time(15, 0)),
            kind="refund",
            refund_of_id=sale_id,
            amount_fen=-back_fen,
            paid_fen=-back_fen,
            payment_method=sale.payment_method,
        )
        session.add(refund)
        session.flush()
        return refund.id
