"""The file check finds what was changed behind the program's back, and stays quiet otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.models import check
from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.check import run_check
from crm_desktop.models.entities import (
    Card,
    CardType,
    CountEntry,
    Customer,
    PointsEntry,
    ValueEntry,
)
from crm_desktop.models.opening import open_store
from crm_desktop.models.operation import perform
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store import integrity
from crm_desktop.models.store.store import Store
from tests.tamper import tamper

OWNER_PASSWORD = "owner-pass-1"


def add_card(store: Store, number: str, phone: str) -> int:
    """A card whose totals agree with its ledgers: 100 paid + 10 free, 30 spent, points, counts.

    Written by hand but inside one signed operation, as the program would have."""
    boss = store.actor_for("boss")
    with perform(store, boss, "test.setup", Entity.CARD, "card.operate") as op:
        session = op.session
        kind = session.query(CardType).filter_by(name="储值卡").first()
        if kind is None:
            kind = CardType(name="储值卡", kind="mixed")
            session.add(kind)
        customer = Customer(name="王五", phone=phone, phone_rev=phone[::-1])
        session.add(customer)
        session.flush()
        card = Card(
            number=number,
            customer_id=customer.id,
            card_type_id=kind.id,
            principal_fen=7000,
            bonus_fen=1000,
            points=70,
            counts_left=8,
        )
        session.add(card)
        session.flush()
        ids = {"card_id": card.id, "customer_id": customer.id}
        session.add_all(
            [
                ValueEntry(**ids, kind="topup", principal_fen=10000, bonus_fen=1000,
                           principal_after_fen=10000, bonus_after_fen=1000),
                ValueEntry(**ids, kind="consume", principal_fen=-3000, bonus_fen=0,
                           principal_after_fen=7000, bonus_after_fen=1000),
                PointsEntry(**ids, kind="earn", points=100, points_after=100),
                PointsEntry(**ids, kind="redeem", points=-30, points_after=70),
                CountEntry(**ids, kind="purchase", counts=10, counts_after=10),
                CountEntry(**ids, kind="use", counts=-2, counts_after=8),
            ]
        )
        return card.id


def sentences(store: Store) -> list[str]:
    return [str(line) for line in run_check(store).findings]


@pytest.mark.both_backends
def test_a_clean_file_passes_and_the_report_says_what_was_checked(
    store: Store, owner: Actor, backend: str
) -> None:
    add_card(store, "800000000018", "13800000001")
    add_card(store, "800000000026", "13800000002")
    UserService(store, owner).add("xiaoli", "clerk", "clerk-pass-1")

    report = run_check(store)

    assert report.clean, [str(f) for f in report.findings]
    checked = "\n".join(str(line) for line in report.checked)
    if backend == "file":
        assert "cipher_integrity_check" in checked
        assert "quick_check" in checked
    else:
        assert "服务器只让程序的操作追加流水、消费和操作日志，不许改写：8 张表" in checked
    assert "2 张卡" in checked and "12 条流水" in checked
    assert "操作日志哈希链和签名：4 条（签名人：boss 4 条；签名前沿用的 0 条）" in checked
    assert "每条流水和消费记录都属于一条已签名的操作记录，且与签名时一致：12 条" in checked


@pytest.mark.both_backends
def test_a_balance_changed_in_sql_is_found_and_named(store: Store) -> None:
    card_id = add_card(store, "800000000018", "13800000001")
    tamper(store, f"UPDATE cards SET principal_fen = 999900 WHERE id = {card_id}")

    report = run_check(store)

    assert not report.clean
    assert [line.ref_id for line in report.findings] == [card_id]
    assert str(report.findings[0]) == "会员卡 800000000018 的储值本金记为 999900，但流水合计为 7000。"


@pytest.mark.both_backends
def test_points_and_counts_are_checked_too(store: Store) -> None:
    card_id = add_card(store, "800000000018", "13800000001")
    tamper(store, f"UPDATE cards SET points = 71, counts_left = 0 WHERE id = {card_id}")

    found = sentences(store)

    assert "会员卡 800000000018 的积分记为 71，但流水合计为 70。" in found
    assert "会员卡 800000000018 的剩余次数记为 0，但流水合计为 8。" in found


@pytest.mark.both_backends
def test_a_negative_balance_is_found_even_when_the_sums_agree(store: Store) -> None:
    card_id = add_card(store, "800000000018", "13800000001")
    tamper(
        store,
        "INSERT INTO value_entries (card_id, customer_id, ts, kind, principal_fen, bonus_fen, "
        "principal_after_fen, bonus_after_fen, note) "
        f"SELECT id, customer_id, '2025-01-01 10:00:00', 'consume', -9000, 0, -2000, 1000, '' "
        f"FROM cards WHERE id = {card_id}",
    )
    tamper(store, f"UPDATE cards SET principal_fen = -2000 WHERE id = {card_id}")

    found = sentences(store)

    assert "会员卡 800000000018 的储值本金为负数（-2000）。" in found
    assert any("流水之后余额为负数（-2000）" in line for line in found)


@pytest.mark.both_backends
def test_a_ledger_entry_with_a_wrong_balance_after_is_found(store: Store) -> None:
    add_card(store, "800000000018", "13800000001")
    tamper(store, "UPDATE points_entries SET points_after = 500 WHERE kind = 'redeem'")

    found = sentences(store)

    # The running total is wrong, and the row no longer matches what its entry signed.
    assert len(found) == 2
    assert "积分流水记录变动后为 500，按流水累计应为 70" in found[0]
    assert "所签的流水和消费记录（6 条）被改动、增加或删除过" in found[1]


@pytest.mark.both_backends
def test_an_edited_or_removed_audit_entry_breaks_the_chain(store: Store, owner: Actor) -> None:
    users = UserService(store, owner)
    users.add("xiaoli", "clerk", "clerk-pass-1")
    users.add("xiaowang", "clerk", "clerk-pass-2")
    users.add("xiaozhao", "clerk", "clerk-pass-3")

    tamper(store, "UPDATE audit_entries SET username = 'nobody' WHERE id = 2")
    assert sentences(store) == [
        "操作日志第 2 条的内容被改动过。",
        "操作日志第 2 条以“nobody”的名义写入，但签名不是nobody的：是伪造的。",
    ]

    tamper(store, "UPDATE audit_entries SET username = 'boss' WHERE id = 2")
    tamper(store, "DELETE FROM audit_entries WHERE id = 3")
    # Entry 3 was also the newest one when the owner last signed the key file.
    assert sentences(store) == [
        "操作日志第 4 条之前有记录被删除或插入，哈希链断开。",
        "操作日志被截短：店主上次确认时最新的第 3 条（共 3 条）已不在或被改动。",
    ]


def test_bytes_changed_on_disk_are_found_by_the_encryption_check(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As for a big file, whose open check skips the full page check (a small one is refused).
    monkeypatch.setattr(integrity, "FULL_CHECK_MAX_BYTES", 0)
    with store.write() as session:
        session.add_all(
            Customer(name=f"客户{i}", phone=f"139{i:08d}", phone_rev=f"139{i:08d}"[::-1],
                     notes="备注" * 100)
            for i in range(400)
        )
    store.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    pages = len(data) // page
    # A page in the middle of the customers' data: the open itself never reads it.
    target = (pages // 2) * page + 100
    data[target] ^= 0xFF
    db_path.write_bytes(bytes(data))

    again, _ = open_store(db_path, "boss", OWNER_PASSWORD)
    try:
        report = run_check(again)
    finally:
        again.close()

    assert not report.clean
    assert any("加密校验失败" in str(line) and f"page {pages // 2 + 1}" in str(line)
               for line in report.findings)


@pytest.mark.both_backends
def test_a_long_list_of_findings_is_cut_and_the_rest_counted(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check, "MAX_LISTED", 1)
    for i in range(3):
        add_card(store, f"80000000010{i}", f"1380000010{i}")
    tamper(store, "UPDATE cards SET bonus_fen = bonus_fen + 1")

    assert sentences(store) == [
        "会员卡 800000000100 的赠送金额记为 1001，但流水合计为 1000。",
        "……另有 2 张卡的赠送金额有误，未列出。",
    ]


@pytest.mark.both_backends
def test_a_server_table_whose_history_guard_was_dropped_is_named(
    store: Store, backend: str
) -> None:
    if backend == "file":
        pytest.skip("a file keeps no guard of its own: anyone with its key writes any page")
    tamper(store, "ALTER TABLE purchases DISABLE TRIGGER crm_one_writer")

    assert sentences(store) == [
        "服务器上的 purchases 表失去了历史保护：记录可以被改写。请让管理员重新运行 server init。"
    ]


@pytest.mark.both_backends
def test_a_ledger_entry_moved_to_another_customer_by_hand_is_found(store: Store) -> None:
    add_card(store, "800000000018", "13800000001")
    add_card(store, "800000000026", "13800000002")
    # A change a server lets a staff login make (a merge moves rows so); no signed merge covers it.
    tamper(store, "UPDATE value_entries SET customer_id = (SELECT max(id) FROM customers) "
                  "WHERE id = 2")

    found = sentences(store)

    assert len(found) == 1 and "所签的流水和消费记录（6 条）被改动、增加或删除过" in found[0]
