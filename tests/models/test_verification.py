"""Periodic verification (定期核对): who is due, the one-click confirmation and its audit entry,
and the import's corrections (待更正) set aside or cleared when the field is fixed."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import ConflictError, PermissionDenied, ValidationError
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.profile_quality import ProfileQualityService
from crm_desktop.models.services.today import TodayService
from crm_desktop.models.services.verification import (
    VerificationService,
    months_after,
    months_before,
)
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

TODAY = date.today()


def _member(store: Store, owner: Actor, name: str, since: date, **fields: object) -> int:
    data = CustomerInput(name=name, member_since=since, **fields)  # type: ignore[arg-type]
    return CustomerService(store, owner).create(data).id


def _confirmed(store: Store, customer_id: int, at: datetime) -> None:
    with store.write() as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        customer.contact_confirmed_at = at


def _due_names(store: Store, actor: Actor) -> list[str]:
    return [item.customer_name for item in TodayService(store, actor).summary().contact_checks.items]


def test_months_are_calendar_months() -> None:
    assert months_before(date(2025, 3, 31), 1) == date(2025, 2, 28)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert months_after(date(2024, 8, 31), 6) == date(2025, 2, 28)


def test_nothing_is_due_until_the_owner_asks_for_checks(store: Store, owner: Actor) -> None:
    _member(store, owner, "老会员", TODAY.replace(year=TODAY.year - 5))
    summary = TodayService(store, owner).summary()
    assert summary.contact_check_months == 0 and summary.contact_checks.total == 0


def test_due_members_are_listed_longest_waiting_first(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    CatalogService(store, owner).update_settings({"contact_check_months": 12})
    oldest = _member(store, owner, "十年会员", TODAY - timedelta(days=3650))
    _member(store, owner, "新会员", TODAY - timedelta(days=30))
    checked = _member(store, owner, "去年核对", TODAY - timedelta(days=3000))
    _confirmed(store, checked, datetime.now() - timedelta(days=400))
    recent = _member(store, owner, "上月核对", TODAY - timedelta(days=3000))
    _confirmed(store, recent, datetime.now() - timedelta(days=30))
    asked_not = _member(store, owner, "拒绝联系", TODAY - timedelta(days=3650),
                        do_not_contact=True)
    gone = _member(store, owner, "已注销", TODAY - timedelta(days=3650))
    CustomerService(store, owner).terminate(gone, "搬家")

    summary = TodayService(store, clerk).summary()
    assert summary.contact_check_months == 12
    assert [i.customer_name for i in summary.contact_checks.items] == ["十年会员", "去年核对"]
    assert summary.contact_checks.total == 2 and summary.contact_checks.exact
    first = summary.contact_checks.items[0]
    assert first.customer_id == oldest and first.last_confirmed is None
    assert first.due_on == months_after(TODAY - timedelta(days=3650), 12)

    # The profile of a do-not-contact member still says the details are due.
    assert ProfileQualityService(store, clerk).of(asked_not).contact_due()


def test_one_click_confirms_logs_it_and_keeps_an_open_edit_saveable(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    CatalogService(store, owner).update_settings({"contact_check_months": 6})
    customer_id = _member(store, owner, "待核对", TODAY - timedelta(days=400), phone="13800138000")
    customers = CustomerService(store, clerk)
    opened = customers.get(customer_id)
    assert _due_names(store, clerk) == ["待核对"]

    at = VerificationService(store, clerk).confirm_contact(customer_id)

    assert _due_names(store, clerk) == []
    quality = ProfileQualityService(store, clerk).of(customer_id)
    assert quality.last_confirmed == at and not quality.contact_due()
    assert quality.contact_due_on == months_after(at.date(), 6)
    entry = AuditService(store, owner).recent(1)[0]
    assert (entry.action, entry.entity_id, entry.username) == (
        "customer.contact_confirmed", customer_id, "clerk1")
    assert entry.after["contact_confirmed_at"].startswith(at.date().isoformat())
    # The form opened before the click still saves: confirming is not an edit of the profile.
    saved = customers.update(
        customer_id, replace(CustomerInput.from_record(opened), email="new@example.com"),
        opened.version)
    assert saved.email == "new@example.com" and saved.contact_confirmed_at == at


def test_who_may_confirm(store: Store, owner: Actor, accountant: Actor) -> None:
    customer_id = _member(store, owner, "某人", TODAY)
    with pytest.raises(PermissionDenied):
        VerificationService(store, accountant).confirm_contact(customer_id)
    CustomerService(store, owner).terminate(customer_id, "不来了")
    with pytest.raises(ConflictError, match="不在使用中"):
        VerificationService(store, owner).confirm_contact(customer_id)
    assert CustomerService(store, owner).get(customer_id).contact_confirmed_at is None


def _with_corrections(store: Store, customer_id: int, corrections: dict[str, str]) -> None:
    with store.write() as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        customer.corrections = json.dumps(corrections, ensure_ascii=False)


def test_fixing_a_field_clears_its_correction_and_the_audit_says_so(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    customer_id = _member(store, owner, "导入的", TODAY)
    _with_corrections(store, customer_id, {"birthday": "1988-02-30", "email": "abc@"})
    customers = CustomerService(store, clerk)
    record = customers.get(customer_id)
    assert record.corrections == (("birthday", "1988-02-30"), ("email", "abc@"))

    fixed = customers.update(customer_id, replace(CustomerInput.from_record(record),
                                                  birthday="1988-02-28"), record.version)
    assert fixed.corrections == (("email", "abc@"),)
    entry = AuditService(store, owner).recent(1)[0]
    assert entry.action == "customer.update" and entry.after["corrections_cleared"] == "birthday"
    assert "1988-02-30" not in json.dumps(entry.after, ensure_ascii=False)


def test_a_correction_can_be_set_aside_when_the_field_is_right(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    customer_id = _member(store, owner, "导入的", TODAY)
    _with_corrections(store, customer_id, {"phone": "1380013800"})
    version = CustomerService(store, clerk).get(customer_id).version
    assert VerificationService(store, clerk).dismiss_correction(customer_id, "phone") == ()
    record = CustomerService(store, clerk).get(customer_id)
    assert record.corrections == () and record.version == version
    entry = AuditService(store, owner).recent(1)[0]
    assert entry.action == "customer.correction_dismissed" and entry.before == {"field": "phone"}
    with pytest.raises(ValidationError, match="没有待更正"):
        VerificationService(store, clerk).dismiss_correction(customer_id, "phone")
