"""Reading the audit log: one record's history, the latest entries, and who may see them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crm_desktop.models import audit
from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def add_customer(store: Store, actor: Actor | None = None) -> int:
    with store.write() as session:
        customer = Customer(name="赵六", phone="13600001234", phone_rev="43210000631")
        session.add(customer)
        session.flush()
        if actor is not None:
            audit.append(session, actor, "customer.create", "customer", customer.id, {},
                         {"name": customer.name, "phone": customer.phone})
        return customer.id


def test_owner_sees_the_latest_entries_filtered_by_user_action_and_day(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    customer_id = add_customer(store)
    UserService(store, owner).add("xiaoli", "clerk", "clerk-pass-1")
    EngagementService(store, clerk).log_interaction(customer_id, "call", "问候")
    log = AuditService(store, owner)

    # The clerk fixture's own account was added by the owner first.
    assert [e.action for e in log.recent()] == [
        "interaction.log", "user.add", "user.add", "file.create"
    ]
    assert [e.action for e in log.recent(username="clerk1")] == ["interaction.log"]
    assert [e.action for e in log.recent(action="user.")] == ["user.add", "user.add"]
    assert [e.action for e in log.recent(limit=1)] == ["interaction.log"]
    assert len(log.recent(since=date.today(), until=date.today())) == 4
    assert log.recent(until=date.today() - timedelta(days=1)) == []
    added = log.recent(action="user.add")[0]
    assert added.after == {"username": "xiaoli", "role": "clerk"}
    assert added.username == "boss"


def test_history_of_one_record(store: Store, owner: Actor) -> None:
    users = UserService(store, owner)
    added = users.add("xiaoli", "clerk", "clerk-pass-1")
    users.set_role("xiaoli", "accountant")
    users.add("xiaowang", "clerk", "clerk-pass-2")

    history = AuditService(store, owner).history("user", added.id)

    assert [e.action for e in history] == ["user.set_role", "user.add"]
    assert history[0].before == {"role": "clerk"}


def test_accountant_reads_the_log_and_a_clerk_only_customer_and_card_history(
    store: Store, owner: Actor, clerk: Actor, accountant: Actor
) -> None:
    customer_id = add_customer(store, clerk)
    feedback = EngagementService(store, clerk).open_feedback(customer_id, "praise", "", "很好")

    assert [e.action for e in AuditService(store, accountant).recent()][:1] == ["feedback.open"]
    clerk_log = AuditService(store, clerk)
    created = clerk_log.history("customer", customer_id)
    assert [(e.action, e.username) for e in created] == [("customer.create", "clerk1")]
    # Personal values never reach the log, so a clerk reading it learns nothing new.
    assert created[0].after == {"name": "***", "phone": "***"}
    with pytest.raises(PermissionDenied, match="前台账号无权查看操作日志"):
        clerk_log.recent()
    with pytest.raises(PermissionDenied, match="前台账号无权查看操作日志"):
        clerk_log.history("user", owner.user_id)
    with pytest.raises(PermissionDenied, match="无权查看操作日志"):
        clerk_log.history("feedback", feedback.id)


def test_company_region_and_tags_stay_out_of_the_log(store: Store, owner: Actor) -> None:
    from crm_desktop.models.services.customer_records import CustomerInput
    from crm_desktop.models.services.customers import CustomerService

    record = CustomerService(store, owner).create(CustomerInput(
        name="钱七", kind="enterprise", company="七星茶庄", province="浙江", city="杭州", tags=("孕期",)))
    entry = AuditService(store, owner).history("customer", record.id)[0]
    assert entry.after["company"] == entry.after["city"] == entry.after["tags"] == "***"
    logged = repr(entry.before) + repr(entry.after)
    for value in ("钱七", "七星茶庄", "浙江", "杭州", "孕期"):
        assert value not in logged
