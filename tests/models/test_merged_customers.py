"""A customer merged into another is one person with the survivor, on a real encrypted file.

What a shop must be able to rely on: erasing the person erases the file merged in too
(it still holds the name and number that lost at the merge), with no byte left and
the books still checking clean; the person's export and consent history show what the
merged file says; the merged file itself is never edited, given a card, written to or
erased on its own — each refusal names the customer to open; and a number still held by
a merged file is refused with the survivor's name, or comes back to the survivor itself.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from decrypted_pages import found_in_file
from sqlalchemy import func, select, text

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import make_backup
from crm_desktop.models.check import run_check
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.errors import ConflictError
from crm_desktop.models.opening import open_store
from crm_desktop.models.restore import restore
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.services.merge import MergeService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.privacy_records import read_erasures, write_erasures
from crm_desktop.models.store.store import Store
from tests.conftest import OWNER_PASSWORD
from tests.models.merge_shop import Pair, build_pair, give_consent

# What only the merged file (#other, 张叁) holds after a merge that kept the survivor's name
# and phone: its own name and number, the number reversed for the search, its address.
OTHER_SECRETS = [s.encode() for s in ("张叁", "13900139000", "00093100931", "人民路 1 号")]


@pytest.fixture
def pair(store: Store, owner: Actor) -> Pair:
    return build_pair(store, owner)


def _merge(store: Store, owner: Actor, pair: Pair, **take: str) -> None:
    MergeService(store, owner).merge(pair.keep, pair.other, {"address": "keep", **take})


def _cancel_cards(store: Store, owner: Actor, pair: Pair) -> None:
    cards = CardService(store, owner)
    for card in (pair.keep_card, pair.other_card, pair.other_count_card):
        cards.cancel(card, "cash", "退卡")


def _row(store: Store, cid: int, columns: str) -> tuple[object, ...]:
    with store.read() as session:
        return tuple(session.execute(
            text(f"SELECT {columns} FROM customers WHERE id = :id"), {"id": cid}).one())


def _entries(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _merged_words(pair: Pair) -> str:
    return f"这位客户已并入 #{pair.keep} 张三，请打开 #{pair.keep}"


def test_erasing_the_survivor_erases_the_merged_file_too(
    store: Store, owner: Actor, pair: Pair, db_path: Path
) -> None:
    _merge(store, owner, pair)
    _cancel_cards(store, owner, pair)
    assert found_in_file(db_path, store.database_key, OTHER_SECRETS) == set(OTHER_SECRETS)

    result = PrivacyService(store, owner).anonymise(pair.keep, "本人要求删除")

    assert result.customer_ids == (pair.keep,) and result.merged_ids == (pair.other,)
    assert _row(store, pair.other, "name, phone, phone_rev, email, address, status, "
                "merged_into") == (f"已匿名客户 #{pair.other}", None, None, None, None,
                                   "anonymised", pair.keep)
    assert _row(store, pair.keep, "status, phone") == ("anonymised", None)
    assert found_in_file(db_path, store.database_key, OTHER_SECRETS) == set()
    report = run_check(store)
    assert report.clean, [str(f) for f in report.findings]
    entry = AuditService(store, owner).recent(1)[0]
    assert entry.action == "customer.anonymise"
    assert entry.after["merged_erased"] == str(pair.other)
    # Noted beside the file, so a restored backup cannot bring the merged file back either.
    assert {n.customer_id for n in read_erasures(db_path)} == {pair.keep, pair.other}


def test_a_restored_backup_cannot_bring_back_the_merged_file_either(
    store: Store, owner: Actor, pair: Pair, tmp_path: Path, db_path: Path
) -> None:
    _merge(store, owner, pair)
    _cancel_cards(store, owner, pair)
    old = make_backup(store, tmp_path / "old.crmbak")
    PrivacyService(store, owner).anonymise(pair.keep, "本人要求删除")
    # A note written before merged files were erased with their survivor names only it.
    write_erasures(db_path, [n for n in read_erasures(db_path) if n.customer_id == pair.keep])
    restore(db_path, old.path, signed_in=owner, store=store)

    again, boss = open_store(db_path, "boss", OWNER_PASSWORD)
    try:
        privacy = PrivacyService(again, boss)
        assert privacy.erasures_undone() == (pair.keep,)
        result = privacy.erase_again()
        assert (result.customer_ids, result.merged_ids) == ((pair.keep,), (pair.other,))
        with again.read() as session:
            row = session.execute(text("SELECT name, phone, status FROM customers WHERE id = :id"),
                                  {"id": pair.other}).one()
        assert tuple(row) == (f"已匿名客户 #{pair.other}", None, "anonymised")
        assert privacy.erasures_undone() == ()
    finally:
        again.close()
    assert {n.customer_id for n in read_erasures(db_path)} == {pair.keep, pair.other}


@pytest.mark.both_backends
def test_a_merged_file_is_not_erased_or_exported_on_its_own(
    store: Store, owner: Actor, pair: Pair, tmp_path: Path
) -> None:
    _merge(store, owner, pair)
    _cancel_cards(store, owner, pair)
    privacy = PrivacyService(store, owner)
    entries = _entries(store)

    with pytest.raises(ConflictError, match=_merged_words(pair) + "，删除它的个人信息时会一并"):
        privacy.anonymise(pair.other, "本人要求删除")
    with pytest.raises(ConflictError, match=_merged_words(pair)):
        privacy.anonymise_many([pair.third, pair.other], "超过保存期限")
    with pytest.raises(ConflictError, match=_merged_words(pair) + "，导出它的个人信息时会包含"):
        privacy.export_person(pair.other, tmp_path / "person.xlsx")
    with pytest.raises(ConflictError, match=_merged_words(pair)):
        privacy.withdraw_consent(pair.other, "phone")

    assert _entries(store) == entries and not (tmp_path / "person.xlsx").exists()
    assert _row(store, pair.other, "name, status") == ("张叁", "merged")
    assert _row(store, pair.third, "status") == ("active",)


@pytest.mark.both_backends
def test_the_retention_list_takes_a_merged_file_with_its_survivor(
    store: Store, owner: Actor, pair: Pair
) -> None:
    _merge(store, owner, pair)
    _cancel_cards(store, owner, pair)
    CustomerService(store, owner).terminate(pair.keep, "不再来了")
    with store.write() as session:  # terminated long ago; the merged file was once too
        session.execute(text("UPDATE customers SET terminated_at = :at WHERE id IN (:k, :o)"),
                        {"at": datetime(2020, 1, 10), "k": pair.keep, "o": pair.other})
    privacy = PrivacyService(store, owner)

    due = privacy.retention_due(datetime(2025, 6, 1))

    assert [(d.customer_id, d.merged_ids) for d in due] == [(pair.keep, (pair.other,))]
    result = privacy.anonymise_many([d.customer_id for d in due], "超过保存期限")
    assert result.merged_ids == (pair.other,)
    assert _row(store, pair.other, "name, status") == (f"已匿名客户 #{pair.other}", "anonymised")
    assert privacy.retention_due(datetime(2025, 6, 1)) == ()
    assert run_check(store).clean


@pytest.mark.both_backends
def test_the_survivors_export_shows_what_the_merged_file_says(
    store: Store, owner: Actor, pair: Pair, tmp_path: Path
) -> None:
    give_consent(store, owner, pair.other)
    # The owner keeps the survivor's own answer: no consent.
    _merge(store, owner, pair, marketing_consent="keep")

    done = PrivacyService(store, owner).export_person(pair.keep, tmp_path / "张三.xlsx")

    book = openpyxl.load_workbook(done.path)
    profile = list(book["档案"].iter_rows(values_only=True))
    assert profile[0] == ("项目", "内容", f"已并入的档案 #{pair.other}")
    facts = {row[0]: row[1:] for row in profile[1:]}
    assert facts["姓名"] == ("张三", "张叁")
    assert facts["手机号"] == ("13800138000", "13900139000")
    assert facts["地址"] == (None, "人民路 1 号")
    assert facts["状态"] == ("正常", "已合并") and facts["并入到"] == (None, f"#{pair.keep}")
    consent = [(r[1], r[2], r[4]) for r in book["营销同意"].iter_rows(min_row=2, values_only=True)]
    assert consent == [("同意", "微信", pair.other), ("撤回", None, pair.keep)]
    audit = list(book["操作记录"].iter_rows(min_row=2, values_only=True))
    assert ("customer.create", "customer", pair.other) in {(r[2], r[3], r[4]) for r in audit}
    assert "customer.merge" in {r[2] for r in audit}
    assert not any("merge_record" in str(cell) for row in audit for cell in row)
    assert any(f"merged_from: #{pair.other}" in str(row[6]) for row in audit)


@pytest.mark.both_backends
def test_the_consent_history_reads_the_merged_file_and_ends_on_what_holds_now(
    store: Store, owner: Actor, pair: Pair
) -> None:
    give_consent(store, owner, pair.other)
    _merge(store, owner, pair, marketing_consent="keep")
    privacy = PrivacyService(store, owner)

    history = privacy.consent_history(pair.keep)

    assert [(e.given, e.channel, e.customer_id) for e in history] == [
        (True, "wechat", pair.other), (False, None, pair.keep)]
    assert CustomerService(store, owner).get(pair.keep).marketing_consent is False
    # The merged file alone still tells its own story.
    assert [e.given for e in privacy.consent_history(pair.other)] == [True]


@pytest.mark.both_backends
def test_a_merged_file_is_not_edited_given_a_card_or_written_to(
    store: Store, owner: Actor, pair: Pair
) -> None:
    _merge(store, owner, pair)
    customers = CustomerService(store, owner)
    record = customers.get(pair.other)
    stored_value = CatalogService(store, owner).list_card_types()[0]
    entries = _entries(store)

    with pytest.raises(ConflictError, match=_merged_words(pair) + "。"):
        customers.update(pair.other, replace(CustomerInput.from_record(record), notes="新备注"),
                         record.version)
    with pytest.raises(ConflictError, match=_merged_words(pair)):
        customers.set_tags(pair.other, ["新"])
    with pytest.raises(ConflictError, match=_merged_words(pair)):
        CardService(store, owner).issue(pair.other, stored_value.id)
    talk = EngagementService(store, owner)
    with pytest.raises(ConflictError, match=_merged_words(pair)):
        talk.log_interaction(pair.other, "call", "回访")
    with pytest.raises(ConflictError, match=_merged_words(pair)):
        talk.open_feedback(pair.other, "complaint", "服务", "等太久")

    assert _entries(store) == entries
    assert CardService(store, owner).cards_of(pair.other) == []


@pytest.mark.both_backends
def test_a_chain_of_merges_names_the_last_survivor_and_is_erased_whole(
    store: Store, owner: Actor, pair: Pair
) -> None:
    _merge(store, owner, pair)
    MergeService(store, owner).merge(pair.third, pair.keep)
    record = CustomerService(store, owner).get(pair.other)
    with pytest.raises(ConflictError, match=f"已并入 #{pair.third} 李四，请打开 #{pair.third}。"):
        CustomerService(store, owner).update(pair.other, CustomerInput.from_record(record),
                                             record.version)
    _cancel_cards(store, owner, pair)

    result = PrivacyService(store, owner).anonymise(pair.third, "本人要求删除")

    assert result.merged_ids == (pair.keep, pair.other)
    for cid in (pair.third, pair.keep, pair.other):
        assert _row(store, cid, "name, phone, status") == (f"已匿名客户 #{cid}", None, "anonymised")
    assert run_check(store).clean


@pytest.mark.both_backends
def test_merged_files_left_behind_by_an_earlier_erasure_can_still_be_erased(
    store: Store, owner: Actor, pair: Pair
) -> None:
    _merge(store, owner, pair)
    _cancel_cards(store, owner, pair)
    with store.write() as session:  # the survivor alone was erased, as before merges counted
        session.execute(text("UPDATE customers SET status = 'anonymised', phone = NULL, "
                             "phone_rev = NULL, name = :n WHERE id = :id"),
                        {"n": f"已匿名客户 #{pair.keep}", "id": pair.keep})
    privacy = PrivacyService(store, owner)

    result = privacy.anonymise(pair.keep, "本人要求删除")

    assert (result.customer_ids, result.merged_ids) == ((pair.keep,), (pair.other,))
    assert _row(store, pair.other, "name, phone, status") == (
        f"已匿名客户 #{pair.other}", None, "anonymised")
    with pytest.raises(ConflictError, match="已经匿名化，无需再删除"):
        privacy.anonymise(pair.keep, "本人要求删除")


@pytest.mark.both_backends
def test_a_number_kept_on_a_merged_file_names_the_survivor(
    store: Store, owner: Actor, clerk: Actor, pair: Pair
) -> None:
    _merge(store, owner, pair)  # the survivor keeps 13800138000; 13900139000 stays behind
    customers = CustomerService(store, clerk)

    with pytest.raises(ConflictError) as refused:
        customers.create(CustomerInput(name="王五", phone="13900139000"))

    message = str(refused.value)
    assert f"登记在客户 #{pair.other} 名下，该档案已并入 #{pair.keep} 张三" in message
    assert f"请直接打开 #{pair.keep}" in message and "不能再登记给别的客户" in message
    assert "139****9000" in message and "13900139000" not in message
    assert refused.value.field == "phone"
    third = customers.get(pair.third)
    with pytest.raises(ConflictError, match=f"已并入 #{pair.keep} 张三"):
        customers.update(pair.third, replace(CustomerInput.from_record(third),
                                             phone="13900139000"), third.version)


@pytest.mark.both_backends
def test_the_survivor_takes_back_its_own_old_number(
    store: Store, owner: Actor, pair: Pair
) -> None:
    _merge(store, owner, pair)
    customers = CustomerService(store, owner)
    record = customers.get(pair.keep)

    saved = customers.update(pair.keep, replace(CustomerInput.from_record(record),
                                                phone="13900139000"), record.version)

    assert saved.phone == "139****9000"
    assert _row(store, pair.keep, "phone, phone_rev") == ("13900139000", "00093100931")
    assert _row(store, pair.other, "phone, phone_rev, status") == (None, None, "merged")
    assert run_check(store).clean
