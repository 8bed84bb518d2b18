"""Likely duplicates on a real encrypted file: every kind flagged with its reason, near-misses
left alone, dismissed pairs remembered, the owner's alone, and an import's planned rows matched."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text
from stdnum.cn import ric

from crm_desktop.models.actor import Actor
from crm_desktop.models.audit import AuditEntry
from crm_desktop.models.duplicates import Candidate, likely_matches
from crm_desktop.models.duplicates.keys import id_key, is_old_id, phone_key
from crm_desktop.models.errors import ConflictError, NotFound, PermissionDenied
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.duplicates import DuplicateService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

# A real 18-digit ID (Beijing, born 1949-12-31) and the 15-digit number it replaced.
NEW_ID = "11010519491231002X"
OLD_ID = "110105491231002"


def _add(store: Store, owner: Actor, name: str, phone: str | None, **values: object) -> int:
    return CustomerService(store, owner).create(CustomerInput(name=name, phone=phone, **values)).id  # type: ignore[arg-type]


def _valid_id(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def _codes(pairs: object, low: int, high: int) -> set[str]:
    for pair in pairs:  # type: ignore[attr-defined]
        if pair.ids == (min(low, high), max(low, high)):
            return {r.code for r in pair.reasons}
    raise AssertionError(f"#{low} and #{high} were not flagged")


def test_every_kind_of_duplicate_is_flagged_and_near_misses_are_not(
    store: Store, owner: Actor
) -> None:
    add = lambda *a, **k: _add(store, owner, *a, **k)  # noqa: E731
    expected: dict[tuple[int, int], str] = {}

    def pair(a: int, b: int, code: str) -> None:
        expected[(min(a, b), max(a, b))] = code

    # the same phone, once as a main phone and once as a second phone
    zhang = add("张三", "13800138000")
    pair(zhang, add("张三", "13900139000", phone2="13800138000"), "phone_is_phone2")
    # the same ID number: the old 15-digit one and the 18-digit one it became
    zhou = add("周九", "13211112222", id_number=NEW_ID)
    zhou_old = add("周九", "13511112222")
    with store.write() as session:
        session.execute(text("UPDATE customers SET id_number = :n WHERE id = :i"),
                        {"n": OLD_ID, "i": zhou_old})
    pair(zhou, zhou_old, "same_id_old")
    # the same name with the same birthday (different phones)
    chen = add("陈静", "13600001111", birthday="1990-05-06")
    pair(chen, add("陈静", "15900002222", birthday=date(1990, 5, 6)), "same_birthday")
    # the same name, phones one digit apart / two adjacent digits swapped
    pair(add("李梅", "13812345678"), add("李梅", "13812345679"), "near_phone")
    pair(add("赵六", "13898765432"), add("赵六", "13898765423"), "swapped_phone")
    # names written differently: a middle dot, full-width letters, a space
    pair(add("阿卜杜·热合曼", "13100000001"), add("阿卜杜热合曼", "13100000991"), "name_written")
    pair(add("ＬＩＵ Ｙａｎｇ", "13100000002"), add("Liu Yang", "13100000992"), "name_written")
    pair(add("欧阳 娜娜", "13100000003", birthday="1988-08-08"),
         add("欧阳娜娜", "13100000993", birthday="1988-08-08"), "name_written")
    # the same name in traditional and simplified characters
    pair(add("張偉明", "13700000001", birthday="1970-03-03"),
         add("张伟明", "13700000991", birthday="1970-03-03"), "name_traditional")
    # the same name with an ID number typed one digit wrong years ago (stored before the checks)
    kong_id = _valid_id("44030519850315123")
    kong = add("孔明", "13700000003", id_number=kong_id)
    kong_typo = add("孔明", "13700000993")
    with store.write() as session:
        session.execute(text("UPDATE customers SET id_number = :n WHERE id = :i"),
                        {"n": kong_id[:14] + "9" + kong_id[15:], "i": kong_typo})
    pair(kong, kong_typo, "near_id")
    # a terminated customer is still compared
    gone = add("林小雨", "13700000002", birthday="1995-01-01")
    CustomerService(store, owner).terminate(gone, "搬家")
    pair(gone, add("林小雨", "13700000992", birthday="1995-01-01"), "same_birthday")

    # near-misses: a common name with different phones and birthdays …
    add("王伟", "13711112222", birthday="1980-01-01")
    add("王伟", "13733334444", birthday="1985-02-02")
    # … a family sharing a landline under their own names …
    add("钱七", "0571-88886666")
    add("孙八", "13100000000", phone2="0571-88886666")
    add("钱小宝", "13100000005", phone2="0571-88886666")
    # … the same name with phones two non-adjacent digits apart …
    add("吴十", "13211114444")
    add("吴十", "13211994445")
    # … and customers erased or merged away are never compared.
    erased = add("郑十一", "13900000011", birthday="1966-06-06")
    add("郑十一", "13900000012", birthday="1966-06-06")
    PrivacyService(store, owner).anonymise(erased, "本人要求删除")
    merged = add("冯十二", "13900000021", birthday="1977-07-07")
    add("冯十二", "13900000022", birthday="1977-07-07")
    with store.write() as session:
        session.execute(text("UPDATE customers SET status = 'merged', merged_into = 1 WHERE id = :i"),
                        {"i": merged})

    found = DuplicateService(store, owner).find()
    assert {pair.ids for pair in found.pairs} == set(expected)
    assert found.total == len(expected)
    for (low, high), code in expected.items():
        assert code in _codes(found.pairs, low, high)
    for shown in found.pairs:
        assert 40 <= shown.score <= 100
        assert shown.low.id < shown.high.id
        assert all(r.zh and r.en for r in shown.reasons)
        # numbers are masked on the list as everywhere on screen
        assert all("****" in (side.phone or "****") for side in (shown.low, shown.high))
    assert [p.score for p in found.pairs] == sorted((p.score for p in found.pairs), reverse=True)
    assert found.customers == 33 - 2  # the erased and the merged one are not counted


def test_the_reasons_say_what_matched_in_both_languages(store: Store, owner: Actor) -> None:
    a = _add(store, owner, "李梅", "13812345678", birthday="1992-02-02")
    b = _add(store, owner, "李梅", "13812345679")
    found = DuplicateService(store, owner).find()
    (pair,) = found.pairs
    assert pair.ids == (a, b)
    words = {r.code: r for r in pair.reasons}
    assert words["near_phone"].zh == "电话号码只差一位数字（第 11 位）"
    assert words["near_phone"].en == "Phone numbers one digit apart (digit 11)"
    assert words["same_name"].zh == "姓名相同"
    assert pair.score == 55
    assert (pair.low.phone, pair.high.phone) == ("138****5678", "138****5679")
    assert pair.low.birthday == date(1992, 2, 2) and pair.high.birthday is None


def test_a_shared_id_number_counts_more_than_a_name_and_birthday(store: Store, owner: Actor) -> None:
    same_id = (_add(store, owner, "周九", "13211112222", id_number=NEW_ID),
               _add(store, owner, "周久", "13511112222"))
    with store.write() as session:
        session.execute(text("UPDATE customers SET id_number = :n WHERE id = :i"),
                        {"n": OLD_ID, "i": same_id[1]})
    birthday = (_add(store, owner, "陈静", "13600001111", birthday="1990-05-06"),
                _add(store, owner, "陈静", "15900002222", birthday="1990-05-06"))
    pairs = DuplicateService(store, owner).find().pairs
    assert [p.ids for p in pairs] == [same_id, birthday]
    assert pairs[0].score > pairs[1].score
    # the names sound the same (zhoujiu): a character picked wrongly from the input method
    assert {"same_id_old", "name_sound"} <= {r.code for r in pairs[0].reasons}


def test_a_dismissed_pair_never_comes_back_until_undone(store: Store, owner: Actor) -> None:
    service = DuplicateService(store, owner)
    a = _add(store, owner, "陈静", "13600001111", birthday="1990-05-06")
    b = _add(store, owner, "陈静", "15900002222", birthday="1990-05-06")
    c = _add(store, owner, "陈静", "15900003333", birthday="1990-05-06")
    assert {p.ids for p in service.find().pairs} == {(a, b), (a, c), (b, c)}

    service.dismiss(b, a)
    assert {p.ids for p in service.find().pairs} == {(a, c), (b, c)}
    with pytest.raises(ConflictError) as again:
        service.dismiss(a, b)
    assert "已经标记为不是同一人" in str(again.value)
    with store.read() as session:
        entry = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        assert entry is not None and entry.action == "customer.not_duplicate"
        assert entry.entity_id == a

    service.undismiss(a, b)
    assert {p.ids for p in service.find().pairs} == {(a, b), (a, c), (b, c)}
    with pytest.raises(NotFound):
        service.undismiss(a, b)


def test_dismissing_needs_two_real_customers(store: Store, owner: Actor) -> None:
    service = DuplicateService(store, owner)
    a = _add(store, owner, "陈静", "13600001111")
    with pytest.raises(NotFound):
        service.dismiss(a, 9999)
    with pytest.raises(Exception) as same:
        service.dismiss(a, a)
    assert "两位不同的客户" in str(same.value)


def test_only_the_owner_lists_or_dismisses(store: Store, owner: Actor, clerk: Actor) -> None:
    a = _add(store, owner, "陈静", "13600001111", birthday="1990-05-06")
    b = _add(store, owner, "陈静", "15900002222", birthday="1990-05-06")
    service = DuplicateService(store, clerk)
    with pytest.raises(PermissionDenied):
        service.find()
    with pytest.raises(PermissionDenied):
        service.dismiss(a, b)
    assert len(DuplicateService(store, owner).find().pairs) == 1


def test_planned_import_rows_get_their_likely_matches(store: Store, owner: Actor) -> None:
    zhang = _add(store, owner, "张伟明", "13700000001", birthday="1970-03-03")
    li = _add(store, owner, "李梅", "13812345678")
    _add(store, owner, "王伟", "13711112222", birthday="1980-01-01")
    planned = [
        Candidate("張偉明", "13900000000", None, date(1970, 3, 3)),
        Candidate("王伟", "13799998888", None, "1985-02-02"),
        Candidate("李梅", "13812345687"),
        ("李 梅", "13812345678", None, None),
        # as a spreadsheet hands them over: the phone a number, the birthday a datetime
        Candidate("张伟明", 13700000001.0, None, datetime(1970, 3, 3)),  # type: ignore[arg-type]
    ]
    with store.read() as session:
        found = likely_matches(session, planned)
    assert set(found) == {0, 2, 3, 4}
    assert [m.customer_id for m in found[0]] == [zhang]
    assert {"name_traditional", "same_birthday"} <= {r.code for r in found[0][0].reasons}
    assert [m.customer_id for m in found[2]] == [li]
    assert "swapped_phone" in {r.code for r in found[2][0].reasons}
    assert found[3][0].customer_id == li and found[3][0].name == "李梅"
    assert {"same_phone", "name_written"} <= {r.code for r in found[3][0].reasons}
    assert [m.customer_id for m in found[4]] == [zhang]
    assert {"same_phone", "same_name", "same_birthday"} <= {r.code for r in found[4][0].reasons}
    with store.read() as session:
        assert likely_matches(session, []) == {}


def test_a_number_many_share_pairs_only_the_same_names_among_them(
    store: Store, owner: Actor
) -> None:
    """A company's switchboard on sixty staff files: only the two files of one person pair."""
    with store.write() as session:
        for n in range(60):
            session.execute(text(
                "INSERT INTO customers (name, phone, phone2, birthday_lunar, kind,"
                " marketing_consent, do_not_contact, status, created_at, updated_at, version)"
                " VALUES (:name, :phone, '0755-86000000', FALSE, 'individual', FALSE, FALSE, 'active',"
                " '2024-01-01 09:00:00', '2024-01-01 09:00:00', 1)"),
                {"name": f"员工{n:02d}" if n != 59 else "员工07", "phone": f"1390000{n:04d}"})
    found = DuplicateService(store, owner).find()
    assert [(p.low.name, p.high.name) for p in found.pairs] == [("员工07", "员工07")]
    assert {r.code for r in found.pairs[0].reasons} == {"same_phone", "same_name"}
    assert found.pairs[0].score == 55  # a shared landline weighs less than a shared mobile


@pytest.mark.parametrize(("typed", "key"), [
    ("13800138000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"),
    ("8613800138000", "13800138000"),
    ("0755-12345678", "075512345678"),
    ("+86 755 1234 5678", "075512345678"),
    ("+852 9123 4567", "85291234567"),
    ("１３８００１３８０００", "13800138000"),
    ("12", None),
    (None, None),
])
def test_phones_fold_to_one_key(typed: str | None, key: str | None) -> None:
    assert phone_key(typed) == key


def test_an_old_id_number_folds_to_the_new_one() -> None:
    assert id_key(OLD_ID) == NEW_ID and is_old_id(OLD_ID)
    assert ric.is_valid(NEW_ID)
    assert id_key(NEW_ID.lower()) == NEW_ID and not is_old_id(NEW_ID)
    assert id_key(" 110105 491231 002 ") == NEW_ID
    assert id_key(None) is None
