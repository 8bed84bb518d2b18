"""Merging two customer files of one person, and undoing it, on a real encrypted shop file.

What the owner must be able to rely on: every row of the merged customer belongs
to the survivor afterwards, money and points add up to what they were, both
customers' cards still work, the values picked survive, the audit log says who
merged whom, and an undo puts both files back exactly — unless something happened
to the survivor since, which it then names.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.audit_labels import change_summary
from crm_desktop.models.check import run_check
from crm_desktop.models.errors import ConflictError, PermissionDenied, ValidationError
from crm_desktop.models.services import merge_rows
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.services.merge import MergeService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store
from tests.models.merge_shop import (
    TABLES,
    Pair,
    build_pair,
    give_consent,
    owners,
    snapshot,
    totals,
)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def pair(store: Store, owner: Actor) -> Pair:
    return build_pair(store, owner)


def _customer(store: Store, cid: int, columns: str) -> tuple[object, ...]:
    """The columns as stored; days as "YYYY-MM-DD" (a server hands back dates)."""
    with store.read() as session:
        row = session.execute(
            text(f"SELECT {columns} FROM customers WHERE id = :id"), {"id": cid}).one()
    return tuple(v.isoformat() if type(v) is date else v for v in row)


def test_every_row_moves_and_the_totals_stay(store: Store, owner: Actor, pair: Pair) -> None:
    before = {table: owners(store, table) for table in TABLES}
    money = totals(store, (pair.keep, pair.other))

    result = MergeService(store, owner).merge(pair.keep, pair.other)

    for table in TABLES:
        after = owners(store, table)
        assert set(after) == set(before[table])  # nothing added or lost
        assert pair.other not in after.values(), table
        moved = [i for i, c in before[table].items() if c == pair.other]
        assert all(after[i] == pair.keep for i in moved), table
    assert totals(store, (pair.keep,)) == money
    assert result.cards == 2 and result.purchases == 5 and result.referrals == 1
    with store.read() as session:
        statuses: dict[int, str] = dict(session.execute(text(
            "SELECT id, status FROM cards WHERE customer_id = :k"), {"k": pair.keep}).all())
        referrer = session.execute(text("SELECT referrer_id FROM customers WHERE id = :id"),
                                   {"id": pair.referred_by_other}).scalar()
        dismissed = session.execute(text("SELECT low_id, high_id FROM duplicate_dismissals")).one()
    assert set(statuses.values()) == {"active"} and len(statuses) == 3
    assert referrer == pair.keep
    assert tuple(dismissed) == tuple(sorted((pair.keep, pair.third)))
    assert _customer(store, pair.other, "status, merged_into") == ("merged", pair.keep)
    assert set(CustomerService(store, owner).get(pair.keep).tags) == {"咖啡", "常客", "甜点"}
    assert run_check(store).clean


def test_both_cards_keep_working_for_the_survivor(store: Store, owner: Actor, pair: Pair) -> None:
    MergeService(store, owner).merge(pair.keep, pair.other)
    cards = CardService(store, owner)
    cards.top_up(pair.other_card, 1000, "cash")
    cards.use_count(pair.other_count_card, 1)
    cards.consume(pair.keep_card, 100, "stored_value")
    with store.read() as session:
        holders = set(session.execute(text(
            "SELECT customer_id FROM value_entries UNION SELECT customer_id FROM count_entries"
        )).scalars())
    assert pair.other not in holders
    assert run_check(store).clean


def test_the_values_picked_survive_and_a_phone_moves_safely(
    store: Store, owner: Actor, pair: Pair
) -> None:
    service = MergeService(store, owner)
    preview = service.preview(pair.keep, pair.other)
    shown = {f.name: f for f in preview.differing}
    assert shown["phone"].keep_text == "138****8000" and shown["phone"].other_text == "139****9000"
    assert shown["email"].default == "other"  # the survivor had none
    assert shown["member_since"].default == "other"  # the earlier day
    assert shown["name"].default == "keep"
    assert preview.other.cards == 2 and preview.other.purchases == 5
    assert preview.tags_after == ("咖啡", "常客", "甜点")

    result = service.merge(pair.keep, pair.other, {"phone": "other", "name": "keep"})

    assert set(result.taken) == {"phone", "email", "address", "member_since"}
    kept = _customer(store, pair.keep, "name, phone, phone_rev, email, city, member_since")
    assert kept == ("张三", "13900139000", "00093100931", "zs@example.com", "杭州", "2021-03-30")
    # The number the survivor gave up stays with the merged file, so an undo can return it.
    assert _customer(store, pair.other, "phone") == ("13800138000",)
    found = CustomerService(store, owner).get(pair.keep)
    assert found.phone == "139****9000"


def test_the_audit_log_says_who_was_merged_into_whom(
    store: Store, owner: Actor, pair: Pair
) -> None:
    MergeService(store, owner).merge(pair.keep, pair.other, {"phone": "other"})
    entry = AuditService(store, owner).recent(1, action="customer.merge")[0]
    assert (entry.username, entry.entity, entry.entity_id) == ("boss", "customer", pair.keep)
    summary = change_summary(entry.before, entry.after, entry.entity)
    assert f"并入的客户：#{pair.other}" in summary and f"并入到：#{pair.keep}" in summary
    assert "转入的会员卡：2" in summary
    assert "采用被并入客户的资料：手机、邮箱、地址、入会日期" in summary
    assert summary == (f"并入的客户：#{pair.other}；并入到：#{pair.keep}；转入的会员卡：2；"
                       "转入的消费记录：5；采用被并入客户的资料：手机、邮箱、地址、入会日期")
    assert "13900139000" not in str(entry.after) and "merge_record" not in summary


def test_an_undo_puts_both_files_back_exactly(store: Store, owner: Actor, pair: Pair) -> None:
    before = snapshot(store, pair)
    service = MergeService(store, owner)
    merged = service.merge(pair.keep, pair.other, {"phone": "other", "name": "other"})
    assert snapshot(store, pair) != before

    undone = service.undo(merged.entry_id)

    assert snapshot(store, pair) == before
    assert (undone.keep_id, undone.other_id, undone.undone_entry_id) == (
        pair.keep, pair.other, merged.entry_id)
    assert AuditService(store, owner).recent(1)[0].action == "customer.merge_undo"
    assert run_check(store).clean
    with pytest.raises(ConflictError, match="已经在第"):
        service.undo(merged.operation_id)
    # Merged again after the undo, and undone again: still exact, still clean.
    again = service.merge(pair.keep, pair.other)
    service.undo(again.entry_id)
    assert snapshot(store, pair) == before
    assert run_check(store).clean


@pytest.mark.parametrize("what", ["top_up", "edit", "contact", "tier_free_card_action"])
def test_an_undo_is_refused_once_the_survivor_was_touched(
    store: Store, owner: Actor, pair: Pair, what: str
) -> None:
    service = MergeService(store, owner)
    merged = service.merge(pair.keep, pair.other)
    if what == "top_up":
        CardService(store, owner).top_up(pair.other_card, 1000, "cash")
    elif what == "edit":
        customers = CustomerService(store, owner)
        record = customers.get(pair.keep)
        edited = replace(CustomerInput.from_record(record), notes="合并后补充")
        customers.update(pair.keep, edited, record.version)
    elif what == "contact":
        EngagementService(store, owner).log_interaction(pair.keep, "call", "回访")
    else:
        CardService(store, owner).freeze(pair.keep_card, "暂停")
    state = snapshot(store, pair)

    with pytest.raises(ConflictError, match="不能再撤销这次合并"):
        service.undo(merged.entry_id)

    assert snapshot(store, pair) == state


def test_only_the_owner_merges_or_undoes(
    store: Store, owner: Actor, clerk: Actor, pair: Pair
) -> None:
    with pytest.raises(PermissionDenied):
        MergeService(store, clerk).merge(pair.keep, pair.other)
    with pytest.raises(PermissionDenied):
        MergeService(store, clerk).preview(pair.keep, pair.other)
    merged = MergeService(store, owner).merge(pair.keep, pair.other)
    with pytest.raises(PermissionDenied):
        MergeService(store, clerk).undo(merged.entry_id)
    assert _customer(store, pair.other, "status") == ("merged",)


def test_refusals_say_why_and_change_nothing(store: Store, owner: Actor, pair: Pair) -> None:
    service = MergeService(store, owner)
    state = snapshot(store, pair)
    with pytest.raises(ConflictError, match="和自己合并"):
        service.merge(pair.keep, pair.keep)
    with pytest.raises(ValidationError, match="没有这个字段"):
        service.merge(pair.keep, pair.other, {"shoe_size": "other"})
    with pytest.raises(ValidationError, match="keep"):
        service.merge(pair.keep, pair.other, {"phone": "both"})
    CustomerService(store, owner).update(pair.third, CustomerInput(
        name="李四", phone="13700137000", do_not_contact=True), 1)
    with store.write() as session:
        session.execute(text("UPDATE customers SET marketing_consent = TRUE, "
                             "consent_channel = 'wechat' WHERE id = :id"), {"id": pair.keep})
    with pytest.raises(ValidationError, match="互相矛盾"):
        service.merge(pair.keep, pair.third, {"do_not_contact": "other",
                                              "marketing_consent": "keep"})
    with pytest.raises(ConflictError, match="被修改过"):
        preview = service.preview(pair.keep, pair.other)
        CustomerService(store, owner).set_tags(pair.other, ["新"])
        service.merge(pair.keep, pair.other,
                      expected_versions=(preview.keep.version, preview.other.version))
    assert owners(store, "purchases") == state["purchases"]
    service.merge(pair.keep, pair.other)
    with pytest.raises(ConflictError, match="已经合并到"):
        service.merge(pair.third, pair.other)


def test_a_terminated_customer_can_be_merged_in_but_not_kept(
    store: Store, owner: Actor, pair: Pair
) -> None:
    customers = CustomerService(store, owner)
    customers.terminate(pair.third, "搬走了")
    service = MergeService(store, owner)
    with pytest.raises(ConflictError, match="已注销"):
        service.merge(pair.third, pair.keep)
    merged = service.merge(pair.keep, pair.third)
    service.undo(merged.entry_id)
    assert _customer(store, pair.third, "status, merged_into") == ("terminated", None)


def test_the_survivor_is_found_by_name_and_the_merged_file_is_not(
    store: Store, owner: Actor, pair: Pair
) -> None:
    MergeService(store, owner).merge(pair.keep, pair.other, {"name": "other"})
    hits = CustomerSearch(store, owner).find("张叁").hits
    assert [hit.id for hit in hits] == [pair.keep]


def test_a_chain_of_merges_keeps_the_file_checking_clean(
    store: Store, owner: Actor, pair: Pair
) -> None:
    service = MergeService(store, owner)
    service.merge(pair.keep, pair.other)
    CardService(store, owner).consume(pair.other_card, 100, "stored_value")
    service.merge(pair.third, pair.keep, {"member_since": "other"})
    assert set(owners(store, "purchases").values()) <= {pair.third, pair.referred_by_other}
    assert _customer(store, pair.third, "member_since") == (date(2021, 3, 30).isoformat(),)
    report = run_check(store)
    assert report.clean, [str(f) for f in report.findings]


def test_the_customers_folded_into_a_survivor_are_found_through_chains(
    store: Store, owner: Actor, pair: Pair
) -> None:
    service = MergeService(store, owner)
    service.merge(pair.keep, pair.other)
    service.merge(pair.third, pair.keep)
    with store.read() as session:
        conn = session.connection()
        assert merge_rows.absorbed_ids(conn, pair.third) == (pair.keep, pair.other)
        assert merge_rows.absorbed_ids(conn, pair.keep) == (pair.other,)
        assert merge_rows.absorbed_ids(conn, pair.referred_by_other) == ()


def test_id_numbers_change_hands_without_a_clash_and_back(
    store: Store, owner: Actor, pair: Pair
) -> None:
    customers = CustomerService(store, owner)
    for cid, number in ((pair.keep, "11010519491231002X"), (pair.other, "44030419950101123X")):
        record = customers.get(cid)
        customers.update(cid, replace(CustomerInput.from_record(record), id_number=number),
                         record.version)
    service = MergeService(store, owner)
    assert {f.name: f.other_text for f in service.preview(pair.keep, pair.other).differing}[
        "id_number"] == "440***********123X"
    merged = service.merge(pair.keep, pair.other, {"id_number": "other"})
    assert _customer(store, pair.keep, "id_number") == ("44030419950101123X",)
    assert _customer(store, pair.other, "id_number") == ("11010519491231002X",)
    service.undo(merged.entry_id)
    assert _customer(store, pair.keep, "id_number") == ("11010519491231002X",)
    assert _customer(store, pair.other, "id_number") == ("44030419950101123X",)


def test_when_one_referred_the_other_the_merged_file_does_not_refer_itself(
    store: Store, owner: Actor, pair: Pair
) -> None:
    service = MergeService(store, owner)
    preview = service.preview(pair.other, pair.referred_by_other)
    choice = next(f for f in preview.differing if f.name == "referrer_id")
    assert choice.other_text == f"#{pair.other} 张叁" and choice.default == "keep"
    flipped = service.preview(pair.referred_by_other, pair.other)
    assert next(f for f in flipped.differing if f.name == "referrer_id").default == "other"
    with pytest.raises(ValidationError, match="自己的介绍人"):
        service.merge(pair.referred_by_other, pair.other, {"referrer_id": "keep"})
    service.merge(pair.referred_by_other, pair.other)
    assert _customer(store, pair.referred_by_other, "referrer_id") == (None,)
    assert run_check(store).clean


def test_consent_taken_from_the_other_file_shows_in_the_consent_history(
    store: Store, owner: Actor, pair: Pair
) -> None:
    customers = CustomerService(store, owner)
    give_consent(store, owner, pair.other)
    consent_at = customers.get(pair.other).consent_at
    service = MergeService(store, owner)
    merged = service.merge(pair.keep, pair.other, {"marketing_consent": "other"})
    history = PrivacyService(store, owner).consent_history(pair.keep)
    assert [(e.given, e.channel, e.at) for e in history] == [(True, "wechat", consent_at)]
    service.undo(merged.entry_id)
    events = PrivacyService(store, owner).consent_history(pair.keep)
    assert [e.given for e in events] == [True, False]  # no consent of its own again
