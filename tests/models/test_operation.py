"""The one operation frame: one audit entry per operation, its id kept, asked twice refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.entities import AuditEntry, Customer
from crm_desktop.models.errors import ConflictError
from crm_desktop.models.operation import asked_as
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def audit_count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_an_operation_asked_twice_is_applied_once(store: Store, owner: Actor) -> None:
    customers = CustomerService(store, owner)
    before = audit_count(store)
    with asked_as("counter-2-op-17"):
        customers.create(CustomerInput(name="李雷", phone="13900001111"))
    with asked_as("counter-2-op-17"), pytest.raises(ConflictError) as refused:
        customers.create(CustomerInput(name="李雷", phone="13900002222"))
    assert str(refused.value) in (
        "这个操作已经完成过了，不会重复办理。", "This action was already done; it is not done a second time."
    )
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 1
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.operation_id == "counter-2-op-17"
    assert audit_count(store) == before + 1


def test_each_operation_inside_one_request_gets_its_own_derived_id(
    store: Store, owner: Actor
) -> None:
    customers = CustomerService(store, owner)
    seen: list[Change] = []
    store.subscribe(seen.append)
    with asked_as("req-9"):
        first = customers.create(CustomerInput(name="韩梅梅", phone="13900003333"))
        customers.set_tags(first.id, ["常客"])
    assert [c.operation_id for c in seen] == ["req-9", "req-9:2"]
    assert seen[0].entities == {Entity.CUSTOMER} and seen[0].customer_ids == (first.id,)


def test_a_change_survives_its_json_form() -> None:
    change = Change("card.consume", frozenset({Entity.CARD, Entity.PURCHASE}), (4, 5),
                    customer_ids=(9,), data_changed=True, operation_id="abc")
    assert Change.from_json(change.to_json()) == change
    with pytest.raises(ValueError):
        Change.from_json(change.to_json().replace('"card"', '"spaceship"'))
