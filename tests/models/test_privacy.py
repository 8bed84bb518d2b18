"""A person's rights: erasure that leaves no old byte in the file, access export, retention,
consent withdrawal that takes effect at once, and a logged "show" of a full number."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from decrypted_pages import found_in_file
from sqlalchemy import func, select, text

from crm_desktop.models.actor import Actor
from crm_desktop.models.check import run_check
from crm_desktop.models.entities import AuditEntry, Purchase, ValueEntry
from crm_desktop.models.errors import ConflictError, PermissionDenied, ValidationError
from crm_desktop.models.rules.validation import id_check_digit
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.care_service import CareService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store

ID_17 = "11010519900307123"
ID_NUMBER = ID_17 + id_check_digit(ID_17)
NANA = CustomerInput(
    name="欧阳娜娜", phone="13912345678", phone2="0755-87654321", email="nana.oy@example.com",
    id_number=ID_NUMBER, address="玫瑰园幸福路88号", province="广东", city="深圳",
    notes="喜欢紫罗兰花茶，周三下午来", tags=("花茶",), marketing_consent=True,
    consent_channel="wechat",
)
SECRETS = [s.encode() for s in ("欧阳娜娜", "13912345678", "87654321", "87654321931",
                                "nana.oy@example.com", ID_NUMBER, "玫瑰园幸福路", "紫罗兰花茶",
                                "ouyangnana", "周三下午")]


def _nana_with_history(store: Store, owner: Actor) -> tuple[int, int]:
    """Ouyang Nana with a cancelled stored-value card, a purchase, talks, feedback, a survey."""
    customer = CustomerService(store, owner).create(NANA)
    kind = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    cards = CardService(store, owner)
    card = cards.issue(customer.id, kind.id, first_topup_fen=10_000)
    cards.consume(card.id, 3_000, "stored_value")
    cards.cancel(card.id, "cash", "退卡")
    talk = EngagementService(store, owner)
    talk.log_interaction(customer.id, "call", "欧阳娜娜来电问紫罗兰花茶", "周三下午来")
    talk.open_feedback(customer.id, "complaint", "服务", "欧阳娜娜说等得太久")
    talk.record_survey(customer.id, date.today(), 4, 9, "欧阳娜娜：很好")
    return customer.id, card.id


def _money(store: Store) -> tuple[int, int, int]:
    with store.read() as session:
        paid = session.scalar(select(func.sum(ValueEntry.principal_fen)))
        bonus = session.scalar(select(func.sum(ValueEntry.bonus_fen)))
        sales = session.scalar(select(func.sum(Purchase.paid_fen)))
    return int(paid or 0), int(bonus or 0), int(sales or 0)


def test_erasure_keeps_the_books_and_leaves_no_old_byte_anywhere_in_the_file(
    store: Store, owner: Actor, db_path: Path
) -> None:
    other = CustomerService(store, owner).create(CustomerInput(name="王小明", phone="13800001111"))
    nana_id, _card = _nana_with_history(store, owner)
    # The check can see them now (in the file or its log): the scan itself works.
    assert found_in_file(db_path, store.database_key, SECRETS) == set(SECRETS)
    money = _money(store)

    result = PrivacyService(store, owner).anonymise(nana_id, "本人要求删除")

    assert result.customer_ids == (nana_id,) and result.reclaimed
    assert found_in_file(db_path, store.database_key, SECRETS) == set()
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    erased = CustomerService(store, owner).get(nana_id)
    assert erased.name == f"已匿名客户 #{nana_id}" and erased.status == "anonymised"
    assert (erased.phone, erased.phone2, erased.email, erased.id_number, erased.address,
            erased.province, erased.city, erased.birthday, erased.notes, erased.tags,
            erased.marketing_consent) == (None, None, None, None, None, None, None, None, None,
                                          (), False)
    # The books still add up: same amounts, balances equal their ledgers.
    assert _money(store) == money and run_check(store).clean
    search = CustomerSearch(store, owner)
    assert search.find("欧阳").hits == () and search.find("oynn").hits == ()
    assert search.by_phone("13912345678") is None
    assert [h.id for h in search.find("王小明").hits] == [other.id]
    with store.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == "customer.anonymise"
    assert json.loads(entry.after) == {"status": "anonymised", "reason": "本人要求删除"}


@pytest.mark.both_backends
def test_erasure_is_refused_with_an_open_card_a_named_reason_or_for_a_clerk(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    customer = CustomerService(store, owner).create(CustomerInput(name="李雷", phone="13800002222"))
    kind = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    CardService(store, owner).issue(customer.id, kind.id, first_topup_fen=500)
    privacy = PrivacyService(store, owner)
    with pytest.raises(ConflictError, match="还有 1 张未退的会员卡"):
        privacy.anonymise(customer.id, "本人要求")
    with pytest.raises(ValidationError, match="请不要写客户的姓名"):
        privacy.anonymise(customer.id, "李雷本人要求删除")
    with pytest.raises(ValidationError, match="请不要写客户的姓名"):
        privacy.anonymise(customer.id, "来电 138-0000-2222 要求")
    with pytest.raises(PermissionDenied, match="前台账号无权删除客户"):
        PrivacyService(store, clerk).anonymise(customer.id, "本人要求")
    assert CustomerService(store, owner).get(customer.id).name == "李雷"


@pytest.mark.both_backends
def test_the_access_export_holds_everything_about_the_person_and_is_logged_once(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    nana_id, _card = _nana_with_history(store, owner)
    PrivacyService(store, owner).withdraw_consent(nana_id, "sms")
    with store.read() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry))

    done = PrivacyService(store, owner).export_person(nana_id, tmp_path / "欧阳娜娜.xlsx")

    book = openpyxl.load_workbook(done.path)
    assert book.sheetnames == ["档案", "会员卡", "储值流水", "积分流水", "次数流水", "消费记录",
                               "互动记录", "反馈", "问卷", "营销同意", "操作记录"]
    profile = {row[0]: row[1] for row in book["档案"].iter_rows(min_row=2, values_only=True)}
    assert profile["姓名"] == "欧阳娜娜" and profile["身份证号"] == ID_NUMBER
    assert profile["手机号"] == "13912345678" and profile["标签"] == "花茶"
    assert book["档案"]["B7"].data_type == "s"  # the phone is text, not a number
    values = list(book["储值流水"].iter_rows(min_row=2, values_only=True))
    assert [(v[2], v[3]) for v in values] == [("充值", 100.0), ("消费", -30.0), ("退卡退款", -70.0)]
    assert list(book["消费记录"].iter_rows(min_row=2, values_only=True))[0][5] == 30.0
    assert list(book["互动记录"].iter_rows(min_row=2, values_only=True))[0][3] == \
        "欧阳娜娜来电问紫罗兰花茶"
    consent = [(r[1], r[2]) for r in book["营销同意"].iter_rows(min_row=2, values_only=True)]
    assert consent == [("同意", "微信"), ("撤回", "短信")]
    actions = [r[2] for r in book["操作记录"].iter_rows(min_row=2, values_only=True)]
    assert {"customer.create", "card.issue", "card.consume", "card.cancel", "interaction.log",
            "feedback.open", "survey.record", "customer.consent_withdrawn"} <= set(actions)
    assert done.rows["储值流水"] == 3
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries + 1
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None and last.action == "customer.export_person"
    assert last.entity_id == nana_id and "欧阳" not in last.after + last.before


@pytest.mark.both_backends
def test_only_the_owner_exports_a_person(store: Store, accountant: Actor, tmp_path: Path) -> None:
    customer = CustomerService(store, store.actor_for("boss")).create(CustomerInput(name="韩梅梅"))
    with pytest.raises(PermissionDenied):
        PrivacyService(store, accountant).export_person(customer.id, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.both_backends
def test_terminated_customers_past_the_retention_period_are_listed_for_erasure(
    store: Store, owner: Actor
) -> None:
    service = CustomerService(store, owner)
    old = service.create(CustomerInput(name="老客户"))
    recent = service.create(CustomerInput(name="新走的"))
    service.create(CustomerInput(name="还在的"))
    for record in (old, recent):
        service.terminate(record.id, "不再来了")
    with store.write() as session:
        session.execute(text("UPDATE customers SET terminated_at = :at WHERE id = :id"),
                        {"at": datetime(2020, 1, 10, 9, 0), "id": old.id})
    privacy = PrivacyService(store, owner)
    assert privacy.retention_days() == 3 * 365

    due = privacy.retention_due(date(2025, 6, 1))

    assert [(d.customer_id, d.name) for d in due] == [(old.id, "老客户")]
    assert due[0].due_since == date(2023, 1, 9)  # 1,095 days, 2020 being a leap year
    privacy.set_retention_days(30)
    assert [d.customer_id for d in privacy.retention_due(datetime.now() + timedelta(days=31))] \
        == [old.id, recent.id]
    with pytest.raises(ValidationError, match="保存期限应为 30 到 36500 天"):
        privacy.set_retention_days(7)
    result = privacy.anonymise_many([d.customer_id for d in due], "超过保存期限")
    assert result.customer_ids == (old.id,)
    assert privacy.retention_due(date(2025, 6, 1)) == ()


@pytest.mark.both_backends
def test_withdrawn_consent_takes_the_customer_off_every_greeting_list_at_once(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    customer = CustomerService(store, owner).create(CustomerInput(
        name="周星星", phone="13800003333", birthday=date(1990, 5, 20), marketing_consent=True,
        consent_channel="paper_form"))
    care = CareService(store, owner)
    template = "{name}生日快乐"
    assert [g.customer_id for g in care.greetings([customer.id], template).greetings] == \
        [customer.id]

    event = PrivacyService(store, clerk).withdraw_consent(customer.id, "phone")

    assert (event.given, event.channel, event.recorded_by) == (False, "phone", "clerk1")
    listed = care.greetings([customer.id], template)
    assert listed.greetings == () and listed.left_out_no_consent == 1
    with pytest.raises(ValidationError, match="未同意接收营销信息"):
        care.mark_contacted([customer.id])
    history = PrivacyService(store, owner).consent_history(customer.id)
    assert [(e.given, e.channel) for e in history] == [(True, "paper_form"), (False, "phone")]
    assert CustomerService(store, owner).get(customer.id).marketing_consent is False
    with pytest.raises(ConflictError, match="没有同意接收营销信息，无需撤回"):
        PrivacyService(store, clerk).withdraw_consent(customer.id, "phone")
    with pytest.raises(ValidationError, match="撤回渠道只能是"):
        PrivacyService(store, clerk).withdraw_consent(customer.id, "pigeon")


@pytest.mark.both_backends
def test_showing_a_full_number_is_for_the_owner_and_is_logged_without_the_number(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    customer = CustomerService(store, owner).create(CustomerInput(
        name="赵敏", phone="13800004444", id_number=ID_NUMBER))
    privacy = PrivacyService(store, owner)
    assert privacy.reveal_full_number(customer.id, "id_number") == ID_NUMBER
    assert privacy.reveal_full_number(customer.id, "phone") == "13800004444"
    with store.read() as session:
        shown = session.scalars(select(AuditEntry).where(AuditEntry.action == "customer.reveal")
                                .order_by(AuditEntry.id)).all()
    assert [(e.entity_id, json.loads(e.after)) for e in shown] == [
        (customer.id, {"field": "id_number"}), (customer.id, {"field": "phone"})]
    assert all(ID_NUMBER not in e.after and "13800004444" not in e.after for e in shown)
    with pytest.raises(PermissionDenied):
        PrivacyService(store, clerk).reveal_full_number(customer.id, "phone")
    with pytest.raises(ValidationError, match="只能显示手机号"):
        privacy.reveal_full_number(customer.id, "address")
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "customer.reveal")) == 2
