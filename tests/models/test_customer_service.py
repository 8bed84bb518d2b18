"""Customer files through the service: roles, masking, duplicates, versions, consent, status."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select, text

from crm_desktop.models import search_index
from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import AuditEntry, Card, CardType, Customer
from crm_desktop.models.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from crm_desktop.models.services.customer_query_sql import name_ids, search_sql
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

ID_NUMBER = "11010519491231002X"


def _count(store: Store, entity: type) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(entity)) or 0)


def _snapshot(store: Store) -> tuple[object, ...]:
    """What a user could notice changed: customers, their versions, and the audit log."""
    with store.read() as session:
        rows = session.execute(
            select(Customer.id, Customer.name, Customer.phone, Customer.version).order_by(Customer.id)
        ).all()
        audit = session.scalar(select(func.count()).select_from(AuditEntry))
    return tuple(rows), audit


def _name_ids(store: Store, typed: str) -> list[int]:
    """Ids the name index itself holds for ``typed``, on whichever backend the shop lives."""
    query = search_index.name_query(typed)
    assert query is not None
    with store.read() as session:
        sql, params = name_ids(search_sql(session), query)
        return sorted(row[0] for row in session.execute(text(sql), params))


def test_owner_creates_a_customer_from_messy_input_and_it_is_stored_normalised(
    store: Store, owner: Actor
) -> None:
    service = CustomerService(store, owner)
    record = service.create(
        CustomerInput(
            name="  张三 ",
            phone="+86 138-0013 8000",
            id_number=ID_NUMBER.lower(),
            email="ZS@Example.COM",
            tags=("咖啡", " 会员日 ", "咖啡"),
        )
    )
    assert record.name == "张三"
    # The screen gets masks even for the owner; the file holds the normalised numbers.
    assert record.phone == "138****8000"
    assert record.id_number == "110***********002X"
    assert record.email == "zs@example.com"
    # Birthday and gender come from the ID number when left empty.
    assert record.birthday == date(1949, 12, 31)
    assert record.gender == "F"
    assert record.tags == ("会员日", "咖啡")
    assert record.version == 1
    assert record.status == "active"
    assert record.created_by == "boss" and record.updated_by == "boss"
    assert record.pii_masked
    assert record.completeness == 60  # phone, gender, birthday, email, ID, tags
    with store.read() as session:
        row = session.get(Customer, record.id)
        assert row is not None
        assert (row.phone, row.id_number) == ("13800138000", ID_NUMBER)
        assert (row.phone_rev, row.birthday_md) == ("00083100831", "12-31")
    assert _name_ids(store, "张三") == [record.id]
    assert _name_ids(store, "zs") == [record.id]


def test_every_role_sees_phone_and_id_masked_only_the_owner_may_reveal(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    created = CustomerService(store, clerk).create(
        CustomerInput(name="李四", phone="13912345678", phone2="010-87654321", id_number=ID_NUMBER)
    )
    assert created.phone == "139****5678"
    assert created.phone2 == "010-****4321"
    assert created.id_number == "110***********002X"
    assert created.pii_masked
    seen_by_owner = CustomerService(store, owner).get(created.id)
    assert (seen_by_owner.phone, seen_by_owner.phone2, seen_by_owner.id_number) == (
        "139****5678", "010-****4321", "110***********002X")
    assert seen_by_owner.pii_masked
    # The whole number comes only through the logged show, and only for the owner.
    assert PrivacyService(store, owner).reveal_full_number(created.id, "phone2") == "010-87654321"
    with pytest.raises(PermissionDenied):
        PrivacyService(store, clerk).reveal_full_number(created.id, "phone")


def test_accountant_cannot_create_or_edit_and_nothing_is_written(
    store: Store, owner: Actor, accountant: Actor
) -> None:
    record = CustomerService(store, owner).create(CustomerInput(name="王五", phone="13700001111"))
    before = _snapshot(store)
    books = CustomerService(store, accountant)
    with pytest.raises(PermissionDenied, match="会计账号无权修改客户档案"):
        books.create(CustomerInput(name="赵六"))
    with pytest.raises(PermissionDenied, match="会计"):
        books.update(record.id, CustomerInput(name="王五五"), record.version)
    with pytest.raises(PermissionDenied):
        books.terminate(record.id, "搬家")
    # A refusal comes before any check of the data itself.
    with pytest.raises(PermissionDenied):
        books.create(CustomerInput(name=""))
    assert _snapshot(store) == before
    assert books.get(record.id).phone == "137****1111"


def test_duplicate_phone_names_the_customer_on_file_and_changes_nothing(
    store: Store, clerk: Actor
) -> None:
    service = CustomerService(store, clerk)
    service.create(CustomerInput(name="张三", phone="13800138000"))
    other = service.create(CustomerInput(name="李四", phone="13900001111"))
    before = _snapshot(store)
    with pytest.raises(ConflictError) as refused:
        service.create(CustomerInput(name="张叁", phone="138 0013 8000"))
    assert "138****8000" in str(refused.value) and "“张三”" in str(refused.value)
    assert "13800138000" not in str(refused.value)
    assert refused.value.field == "phone"
    with pytest.raises(ConflictError, match="张三"):
        service.update(other.id, CustomerInput(name="李四", phone="13800138000"), other.version)
    assert _snapshot(store) == before
    assert _name_ids(store, "张叁") == []


def test_duplicate_id_number_is_refused_and_a_terminated_holder_can_be_reactivated(
    store: Store, owner: Actor
) -> None:
    service = CustomerService(store, owner)
    first = service.create(CustomerInput(name="周七", id_number=ID_NUMBER))
    service.terminate(first.id, "客户要求注销")
    with pytest.raises(ConflictError) as refused:
        service.create(CustomerInput(name="周七", id_number=ID_NUMBER))
    assert "110***********002X" in str(refused.value)
    assert "已注销，可以重新启用" in str(refused.value)
    back = service.reactivate(first.id, "客户回来了")
    assert back.status == "active" and back.terminated_at is None


def test_two_edits_from_the_same_version_never_overwrite_each_other(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    opened = CustomerService(store, owner).create(CustomerInput(name="陈八", phone="13600000001"))
    first = CustomerService(store, clerk).update(
        opened.id, CustomerInput(name="陈八", phone="13600000001", city="杭州"), opened.version
    )
    assert first.version == opened.version + 1 and first.city == "杭州"
    with pytest.raises(ConflictError) as refused:
        CustomerService(store, owner).update(
            opened.id, CustomerInput(name="陈捌", phone="13600000001"), opened.version
        )
    assert "已被 clerk1" in str(refused.value) and "没有保存" in str(refused.value)
    now = CustomerService(store, owner).get(opened.id)
    assert (now.name, now.city, now.version) == ("陈八", "杭州", first.version)


def test_saving_an_unchanged_form_writes_nothing_and_masked_numbers_mean_unchanged(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    created = CustomerService(store, owner).create(
        CustomerInput(name="吴九", phone="13512345678", id_number=ID_NUMBER, tags=("茶",))
    )
    clerk_view = CustomerService(store, clerk).get(created.id)
    before = _snapshot(store)
    same = CustomerService(store, clerk).update(
        created.id, CustomerInput.from_record(clerk_view), clerk_view.version
    )
    assert same.version == created.version
    assert _snapshot(store) == before
    edited = CustomerService(store, clerk).update(
        created.id,
        replace(CustomerInput.from_record(clerk_view), address="西湖路 1 号"),
        clerk_view.version,
    )
    assert edited.address == "西湖路 1 号"
    assert _stored_numbers(store, created.id) == ("13512345678", ID_NUMBER)
    # The owner now gets masks too: an untouched mask, or a revealed number sent back
    # as it was, leaves the numbers as they are and writes nothing.
    owner_view = CustomerService(store, owner).get(created.id)
    before = _snapshot(store)
    CustomerService(store, owner).update(
        created.id, CustomerInput.from_record(owner_view), owner_view.version)
    assert _snapshot(store) == before
    revealed = PrivacyService(store, owner).reveal_full_number(created.id, "phone")
    before = _snapshot(store)
    same = CustomerService(store, owner).update(
        created.id, replace(CustomerInput.from_record(owner_view), phone=revealed),
        owner_view.version)
    assert same.version == owner_view.version
    assert _snapshot(store) == before
    assert _stored_numbers(store, created.id) == ("13512345678", ID_NUMBER)
    changed = CustomerService(store, owner).update(
        created.id, replace(CustomerInput.from_record(owner_view), phone="13512340000"),
        owner_view.version)
    assert changed.phone == "135****0000"
    assert _stored_numbers(store, created.id) == ("13512340000", ID_NUMBER)


def _stored_numbers(store: Store, customer_id: int) -> tuple[str | None, str | None]:
    with store.read() as session:
        row = session.get(Customer, customer_id)
        assert row is not None
        return row.phone, row.id_number


def test_renaming_moves_the_customer_in_the_search_index(store: Store, owner: Actor) -> None:
    service = CustomerService(store, owner)
    record = service.create(CustomerInput(name="郑十"))
    service.update(record.id, CustomerInput(name="单田芳"), record.version)
    assert _name_ids(store, "郑十") == []
    assert _name_ids(store, "田芳") == [record.id]


def test_referrer_must_exist_and_cannot_be_oneself(store: Store, owner: Actor) -> None:
    service = CustomerService(store, owner)
    referrer = service.create(CustomerInput(name="老客户"))
    with pytest.raises(ValidationError, match="推荐人（客户编号 999）不存在"):
        service.create(CustomerInput(name="新客户", referrer_id=999))
    assert _count(store, Customer) == 1
    new = service.create(CustomerInput(name="新客户", source="转介绍", referrer_id=referrer.id))
    assert (new.referrer_name, new.source) == ("老客户", "referral")
    with pytest.raises(ValidationError, match="不能推荐自己"):
        service.update(
            new.id, CustomerInput(name="新客户", referrer_id=new.id), new.version
        )


def test_enterprise_fields_belong_to_enterprise_customers(store: Store, clerk: Actor) -> None:
    service = CustomerService(store, clerk)
    with pytest.raises(ValidationError, match="只用于企业客户") as refused:
        service.create(CustomerInput(name="孙小姐", company="某某科技"))
    assert refused.value.field == "company"
    with pytest.raises(ValidationError, match="请填写公司名称"):
        service.create(CustomerInput(name="钱经理", kind="企业"))
    assert _count(store, Customer) == 0
    firm = service.create(
        CustomerInput(name="钱经理", kind="企业", company="某某科技", contact_title="采购",
                      industry="软件")
    )
    assert (firm.kind, firm.company, firm.industry) == ("enterprise", "某某科技", "软件")


def test_consent_is_dated_with_its_channel_and_cleared_when_withdrawn(
    store: Store, clerk: Actor
) -> None:
    service = CustomerService(store, clerk)
    given = service.create(CustomerInput(name="冯一", marketing_consent=True))
    assert given.marketing_consent and given.consent_channel == "in_person"
    assert given.consent_at is not None
    kept = service.update(
        given.id, CustomerInput(name="冯一", marketing_consent=True, city="苏州"), given.version
    )
    assert kept.consent_at == given.consent_at
    withdrawn = service.update(
        given.id, CustomerInput(name="冯一", marketing_consent=False, consent_channel="wechat",
                                city="苏州"), kept.version
    )
    assert (withdrawn.marketing_consent, withdrawn.consent_at, withdrawn.consent_channel) == (
        False, None, None)
    with pytest.raises(ValidationError, match="不再联系"):
        service.update(
            given.id,
            CustomerInput(name="冯一", marketing_consent=True, do_not_contact=True),
            withdrawn.version,
        )
    assert service.get(given.id).version == withdrawn.version


def test_birthday_in_the_future_is_refused(store: Store, clerk: Actor) -> None:
    with pytest.raises(ValidationError, match="生日不能是将来的日期"):
        CustomerService(store, clerk).create(
            CustomerInput(name="陈未来", birthday=date(date.today().year + 1, 1, 1))
        )
    assert _count(store, Customer) == 0


def test_terminate_needs_a_reason_and_no_open_card(store: Store, owner: Actor) -> None:
    service = CustomerService(store, owner)
    record = service.create(CustomerInput(name="褚二", phone="13300000002"))
    with pytest.raises(ValidationError, match="请填写注销原因"):
        service.terminate(record.id, "  ")
    with store.write() as session:
        kind = CardType(name="储值卡", kind="stored_value")
        session.add(kind)
        session.flush()
        session.add(Card(number="800000000018", customer_id=record.id, card_type_id=kind.id))
    with pytest.raises(ConflictError, match="800000000018"):
        service.terminate(record.id, "不再来了")
    assert service.get(record.id).status == "active"
    with store.write() as session:
        card = session.scalars(select(Card)).one()
        card.status = "cancelled"
    closed = service.terminate(record.id, "不再来了")
    assert closed.status == "terminated" and closed.terminated_at is not None
    with pytest.raises(ConflictError, match="已经注销"):
        service.terminate(record.id, "再注销一次")


def test_each_action_leaves_one_audit_entry_without_personal_values(
    store: Store, owner: Actor
) -> None:
    service = CustomerService(store, owner)
    start = _count(store, AuditEntry)
    record = service.create(CustomerInput(name="卫三", phone="13811112222", city="南京"))
    service.update(record.id, CustomerInput(name="卫三", phone="13833334444", city="南京"),
                   record.version)
    assert _count(store, AuditEntry) == start + 2
    with store.read() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()
    edit, create = entries
    assert (create.action, edit.action) == ("customer.create", "customer.update")
    assert json.loads(create.after)["city"] == "***"  # a region describes the person
    assert json.loads(edit.after) == {"phone": "***"}
    assert json.loads(edit.before) == {"phone": "***"}
    for entry in entries:
        assert "1381111" not in entry.after + entry.before and "卫三" not in entry.after


def test_set_tags_replaces_tags_and_moves_the_version_on(store: Store, clerk: Actor) -> None:
    service = CustomerService(store, clerk)
    record = service.create(CustomerInput(name="蒋四", tags=("甜品",)))
    tagged = service.set_tags(record.id, ["咖啡", "VIP", "咖啡"], expected_version=record.version)
    assert tagged.tags == ("VIP", "咖啡")
    assert tagged.version == record.version + 1
    assert service.tag_names() == ["VIP", "咖啡", "甜品"]
    with pytest.raises(ConflictError):
        service.set_tags(record.id, [], expected_version=record.version)


def test_a_missing_customer_is_reported_plainly(store: Store, clerk: Actor) -> None:
    with pytest.raises(NotFound, match="找不到编号为 42 的客户"):
        CustomerService(store, clerk).get(42)
