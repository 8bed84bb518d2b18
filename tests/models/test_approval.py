"""Manager approval on a real encrypted file: what the clerk is refused, what the owner's
password lets through, and what the audit log then says."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.approval import (
    RULES_KEY,
    Approval,
    approval_holds,
    approved_with,
    check_discount,
    discount_needs_approval,
)
from crm_desktop.models.audit_labels import change_summary
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import AuditEntry, Customer, Setting, Transaction
from crm_desktop.models.errors import ApprovalRequired, AuthError, PermissionDenied
from crm_desktop.models.operation import perform
from crm_desktop.models.services.approval_settings import ApprovalSettings
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.login_throttle import LoginThrottle
from crm_desktop.models.store.store import Store
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD


@dataclass
class Counter:
    store: Store
    owner: Actor
    clerk: Actor
    card_id: int
    sale_id: int


@pytest.fixture
def counter(store: Store, owner: Actor, clerk: Actor) -> Counter:
    card_type = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    with store.write() as session:
        customer = Customer(name="张三", phone="13800138000")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    cards = CardService(store, clerk)
    card = cards.issue(customer_id, card_type.id)
    cards.top_up(card.id, 10000, "cash")
    sale = cards.consume(card.id, 3000, "stored_value")
    assert sale.purchase_id is not None
    return Counter(store, owner, clerk, card.id, sale.purchase_id)


def _require(counter: Counter, *actions: str, approvers: tuple[str, ...] = ()) -> None:
    ApprovalSettings(counter.store, counter.owner).save(list(actions), None, list(approvers))


def _entries(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _last(store: Store, action: str) -> AuditEntry:
    with store.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                .order_by(AuditEntry.id.desc())).first()
        assert entry is not None
        session.expunge(entry)
        return entry


def _after(entry: AuditEntry) -> dict[str, object]:
    after = entry.after if isinstance(entry.after, dict) else json.loads(entry.after or "{}")
    assert isinstance(after, dict)
    return after


def test_each_configured_action_is_refused_for_a_clerk_without_approval(counter: Counter) -> None:
    _require(counter, "purchase.refund", "card.cancel")
    cards = CardService(counter.store, counter.clerk)
    before = _entries(counter.store)
    with pytest.raises(ApprovalRequired) as refund:
        cards.refund(counter.sale_id, "顾客不满意")
    assert refund.value.code == "approval.required" and refund.value.action == "purchase.refund"
    assert "退款" in refund.value.zh and "Refunds" in refund.value.en
    assert refund.value.approvers == ("boss",)
    with pytest.raises(ApprovalRequired) as cancel:
        cards.cancel(counter.card_id, "cash", "顾客要求退卡")
    assert cancel.value.action == "card.cancel" and "注销退卡" in cancel.value.zh
    assert _entries(counter.store) == before
    assert cards.get(counter.card_id).status == "active"


def test_the_owners_password_lets_the_refund_through_and_the_audit_names_the_approver(
    counter: Counter,
) -> None:
    _require(counter, "purchase.refund")
    cards = CardService(counter.store, counter.clerk)
    with approved_with(Approval("boss", OWNER_PASSWORD)):
        result = cards.refund(counter.sale_id, "顾客不满意")
    assert result.amount_fen == 3000
    entry = _last(counter.store, "purchase.refund")
    after = _after(entry)
    assert after["approved_by"] == "boss" and entry.user_id == counter.clerk.user_id
    shown = change_summary({}, after)
    assert "批准人：boss" in shown and str(after["approval_signature"]) not in shown
    with counter.store.read() as session:
        row = session.scalars(select(Transaction).where(
            Transaction.operation_id == entry.operation_id)).one()
        assert row.approved_by == counter.owner.user_id
        file_id, operation_id = counter.store.keys.file_id, str(entry.operation_id)
        assert approval_holds(session, file_id, operation_id, after)
        # A clerk writing "approved by boss" into an entry cannot make the owner's signature.
        signature = str(after["approval_signature"])
        forged = {**after, "approval_signature": signature[:-8] + "AAAAAAA="}
        assert not approval_holds(session, file_id, operation_id, forged)
        assert not approval_holds(session, file_id, operation_id, {"approved_by": "boss"})
        assert not approval_holds(session, file_id, "another-operation", after)


def test_a_wrong_password_is_refused_counted_and_writes_nothing(counter: Counter) -> None:
    _require(counter, "card.cancel")
    cards = CardService(counter.store, counter.clerk)
    before = _entries(counter.store)
    with approved_with(Approval("boss", "not-the-password")), pytest.raises(AuthError) as wrong:
        cards.cancel(counter.card_id, "cash", "顾客要求退卡")
    assert wrong.value.code == "approval.wrong_password" and "密码不正确" in wrong.value.zh
    assert wrong.value.field == "approval_password"
    assert LoginThrottle(counter.store.path).failures("boss") == 1
    assert _entries(counter.store) == before
    assert cards.get(counter.card_id).status == "active"


def test_an_action_not_configured_asks_for_nothing(counter: Counter) -> None:
    _require(counter, "card.cancel")
    result = CardService(counter.store, counter.clerk).refund(counter.sale_id, "顾客不满意")
    assert result.amount_fen == 3000
    assert "approved_by" not in _after(_last(counter.store, "purchase.refund"))


def test_the_owner_acting_needs_no_approval(counter: Counter) -> None:
    _require(counter, "purchase.refund", "card.cancel")
    cards = CardService(counter.store, counter.owner)
    cards.refund(counter.sale_id, "顾客不满意")
    cards.cancel(counter.card_id, "cash", "顾客要求退卡")
    assert "approved_by" not in _after(_last(counter.store, "card.cancel"))


def test_an_approval_serves_one_operation_and_its_own_action_only(counter: Counter) -> None:
    _require(counter, "purchase.refund", "card.cancel")
    cards = CardService(counter.store, counter.clerk)
    with approved_with(Approval("boss", OWNER_PASSWORD)):
        cards.refund(counter.sale_id, "顾客不满意")
        with pytest.raises(ApprovalRequired):
            cards.cancel(counter.card_id, "cash", "顾客要求退卡")
    with approved_with(Approval("boss", OWNER_PASSWORD, action="purchase.refund")), \
            pytest.raises(ApprovalRequired):
        cards.cancel(counter.card_id, "cash", "顾客要求退卡")
    assert cards.get(counter.card_id).status == "active"


def test_a_named_manager_approves_and_approves_their_own(counter: Counter) -> None:
    UserService(counter.store, counter.owner).add("manager1", "clerk", STAFF_PASSWORD)
    _require(counter, "purchase.refund", approvers=("manager1",))
    cards = CardService(counter.store, counter.clerk)
    with pytest.raises(ApprovalRequired) as asked:
        cards.refund(counter.sale_id, "顾客不满意")
    assert asked.value.approvers == ("boss", "manager1")
    with approved_with(Approval("clerk1", STAFF_PASSWORD)), pytest.raises(PermissionDenied):
        cards.refund(counter.sale_id, "顾客不满意")
    with approved_with(Approval("manager1", STAFF_PASSWORD)):
        cards.refund(counter.sale_id, "顾客不满意")
    assert _after(_last(counter.store, "purchase.refund"))["approved_by"] == "manager1"


def test_rules_changed_outside_the_program_count_as_the_strictest(counter: Counter) -> None:
    _require(counter, "card.cancel", approvers=("clerk1",))
    with counter.store.write() as session:  # what a clerk with the file's key could do
        row = session.get(Setting, RULES_KEY)
        assert row is not None
        data = json.loads(row.value)
        data["actions"], data["approvers"] = [], ["clerk1"]
        row.value = json.dumps(data)
    with pytest.raises(ApprovalRequired) as asked:
        CardService(counter.store, counter.clerk).refund(counter.sale_id, "顾客不满意")
    assert asked.value.approvers == ("boss",)


def test_a_clerk_cannot_change_the_rules(counter: Counter) -> None:
    with pytest.raises(PermissionDenied):
        ApprovalSettings(counter.store, counter.clerk).save([], None, ["clerk1"])


def test_discounts_above_the_limit_need_approval() -> None:
    assert discount_needs_approval(2001, 10000, 20)
    assert not discount_needs_approval(2000, 10000, 20)
    assert not discount_needs_approval(9000, 10000, None)
    assert discount_needs_approval(1, 10000, 0)
    assert not discount_needs_approval(0, 10000, 0)


def _sale_with_discount(store: Store, clerk: Actor, discount_fen: int) -> None:
    """A sale's frame as card_money books it: the discount checked before anything is written."""
    with perform(store, clerk, "card.consume", Entity.CARD, "card.operate") as op:
        op.approved_by = op.approved_by or check_discount(
            op.session, store, clerk, op.operation_id, discount_fen, 10000)
        op.after = {"discount_fen": discount_fen}


def test_a_discount_above_the_limit_needs_approval_and_the_entry_says_for_what(
    counter: Counter,
) -> None:
    ApprovalSettings(counter.store, counter.owner).save(["purchase.discount"], 20, [])
    _sale_with_discount(counter.store, counter.clerk, 2000)  # 20 %: within the limit
    with pytest.raises(ApprovalRequired) as asked:
        _sale_with_discount(counter.store, counter.clerk, 2500)
    assert "超过限额的折扣" in asked.value.zh
    with approved_with(Approval("boss", OWNER_PASSWORD)):
        _sale_with_discount(counter.store, counter.clerk, 2500)
    after = _after(_last(counter.store, "card.consume"))
    assert after["approved_by"] == "boss" and after["approval_for"] == "purchase.discount"


def test_check_names_an_entry_whose_approval_a_clerk_wrote_in_without_the_approver(
    counter: Counter,
) -> None:
    from crm_desktop.models.check import run_check

    _require(counter, "purchase.refund")
    cards = CardService(counter.store, counter.clerk)
    with approved_with(Approval("boss", OWNER_PASSWORD)):
        cards.refund(counter.sale_id, "顾客不满意")
    assert [f for f in run_check(counter.store).findings if "批准" in f.zh] == []
    # A hostile clerk signs an entry of their own saying the owner approved it.
    with perform(counter.store, counter.clerk, "card.note", Entity.CARD, "card.operate") as op:
        op.after = {"approved_by": "boss", "approval_for": "purchase.refund"}
    found = [f for f in run_check(counter.store).findings if "批准" in f.zh]
    assert len(found) == 1 and "伪造" in found[0].zh


def test_a_gold_members_sale_above_the_owners_discount_limit_asks_for_approval(
    counter: Counter,
) -> None:
    gold = CatalogService(counter.store, counter.owner).create_tier("金卡", 3, price_percent=88)
    CardService(counter.store, counter.owner).change_tier(counter.card_id, gold.id, "老顾客")
    ApprovalSettings(counter.store, counter.owner).save(["purchase.discount"], 10, [])
    cards = CardService(counter.store, counter.clerk)
    with pytest.raises(ApprovalRequired):
        cards.consume(counter.card_id, 1000, "stored_value")  # 12 % off: above 10 %
    assert cards.get(counter.card_id).principal_fen == 7000  # nothing booked
    with approved_with(Approval("boss", OWNER_PASSWORD)):
        sale = cards.consume(counter.card_id, 1000, "stored_value")
    assert sale.discount_fen == 120 and sale.paid_fen == 880
    assert _after(_last(counter.store, "card.consume"))["approved_by"] == "boss"
