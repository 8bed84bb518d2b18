"""Faults that must lose nothing: a kill in the middle of work, a full disk, an I/O error,
racing debits, a clock set back. After each the file is reopened and the full check passes.

A second copy of the program on the same file is refused: see
``tests/models/test_store.py::test_a_second_process_is_refused_while_the_first_holds_the_file``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from crm_desktop.models.actor import Actor
from crm_desktop.models.check import run_check
from crm_desktop.models.clock import clock_warning
from crm_desktop.models.entities import Card, Customer, ValueEntry
from crm_desktop.models.errors import ConflictError, DomainError, StoreError
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.opening import open_store
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store import integrity
from crm_desktop.models.store.store import Store

PASSWORD = "owner-pass-1"
REPO = Path(__file__).resolve().parents[2]
REAL = ImportOptions(dry_run=False, create_missing=True)


def new_card(store: Store, owner: Actor, topup_fen: int = 0) -> int:
    kind = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    with store.write() as session:
        customer = Customer(name="张三", phone="13800138000")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    return CardService(store, owner).issue(customer_id, kind.id, first_topup_fen=topup_fen).id


def customers_csv(path: Path, rows: int, first_phone: int = 13700000000) -> Path:
    lines = ["姓名,手机,余额"] + [f"导入{i},{first_phone + i},10.00" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(store: Store, entity: type) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(entity)) or 0)


def reopened_and_checked(path: Path) -> Store:
    store, _ = open_store(path, "boss", PASSWORD)
    report = run_check(store)
    assert report.clean, [str(line) for line in report.findings]
    return store


def _child(code: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, CRM_DESKTOP_LANG="zh")
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env,
    )


def _read_until(child: subprocess.Popen[str], wanted: int) -> list[str]:
    """Lines the child printed, until ``wanted`` of them (it reports each after its commit)."""
    assert child.stdout is not None
    lines: list[str] = []
    while len(lines) < wanted:
        line = child.stdout.readline()
        if not line:
            _, err = child.communicate(timeout=30)
            raise AssertionError(f"child stopped early: {err}")
        lines.append(line.strip())
    return lines


def _kill(child: subprocess.Popen[str]) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL


# -- (a) killed in the middle of a stream of top-ups -------------------------------------------

TOP_UPS = """
    import sys
    from pathlib import Path
    from crm_desktop.models.opening import open_store
    from crm_desktop.models.services.cards import CardService
    store, actor = open_store(Path(sys.argv[1]), "boss", sys.argv[2])
    cards = CardService(store, actor)
    card_id = int(sys.argv[3])
    i = 0
    while True:
        cards.top_up(card_id, 100 + i)
        print(i, flush=True)  # only after the commit returned
        i += 1
"""


def test_kill_during_top_ups_keeps_every_committed_one_and_balances_equal_ledgers(
    db_path: Path, store: Store, owner: Actor
) -> None:
    card_id = new_card(store, owner)
    store.close()

    child = _child(TOP_UPS, str(db_path), PASSWORD, str(card_id))
    printed = [int(line) for line in _read_until(child, 25)]
    _kill(child)

    again = reopened_and_checked(db_path)
    try:
        with again.read() as session:
            amounts = list(session.scalars(
                select(ValueEntry.principal_fen).where(ValueEntry.kind == "topup")
                .order_by(ValueEntry.id)))
            card = session.get(Card, card_id)
            audited = session.scalar(text(
                "SELECT count(*) FROM audit_entries WHERE action = 'card.top_up'"))
        assert card is not None
        # Every reported top-up is there, in order, with no gap; the child may have
        # committed a few more before the kill landed, each whole: entry, card and audit.
        assert printed == list(range(25))
        assert amounts[:25] == [100 + i for i in printed]
        assert amounts == [100 + i for i in range(len(amounts))]
        assert audited == len(amounts)
        assert card.principal_fen == sum(amounts)
    finally:
        again.close()


# -- (b) killed in the middle of a bulk import -------------------------------------------------

IMPORT = """
    import sys, time
    from pathlib import Path
    from crm_desktop.models.opening import open_store
    from crm_desktop.models.services.customer_import import CustomerImport
    from crm_desktop.models.excel.header_detect import detect_header
    from crm_desktop.models.excel.import_report import ImportOptions
    from crm_desktop.models.excel.readers import open_table
    from crm_desktop.models.progress import Progress
    store, actor = open_store(Path(sys.argv[1]), "boss", sys.argv[2])
    table = open_table(Path(sys.argv[3]))

    def progress(p: Progress) -> None:
        if p.stage == "write" and 0 < p.done < p.total:
            print("writing", p.done, p.total, flush=True)
            time.sleep(120)  # rows written, not committed: the parent kills us here

    CustomerImport(store, actor).run(
        table, detect_header(table), ImportOptions(dry_run=False, create_missing=True),
        progress=progress)
    print("finished", flush=True)
"""


def test_kill_during_an_import_leaves_the_file_as_before(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor
) -> None:
    new_card(store, owner, topup_fen=5000)
    before = (count(store, Customer), count(store, Card), count(store, ValueEntry))
    store.close()
    sheet = customers_csv(tmp_path / "members.csv", 6000)

    child = _child(IMPORT, str(db_path), PASSWORD, str(sheet))
    (line,) = _read_until(child, 1)
    assert line.startswith("writing 5000 ")
    _kill(child)

    again = reopened_and_checked(db_path)
    try:
        assert (count(again, Customer), count(again, Card), count(again, ValueEntry)) == before
        # Nothing of the killed import is left in the way: the same people then go in.
        table = open_table(customers_csv(tmp_path / "again.csv", 10))
        report = CustomerImport(again, again.actor_for("boss")).run(
            table, detect_header(table), REAL)
        assert report.imported == 10 and count(again, Customer) == before[0] + 10
        assert run_check(again).clean
    finally:
        again.close()


# -- (c) the disk full during a write ------------------------------------------------------------


@contextmanager
def disk_limited_to(store: Store, pages: int) -> Iterator[None]:
    """Every new connection of the store may grow the file to ``pages`` at most."""

    def cap(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {int(pages)}")

    store.engine.dispose()
    event.listen(store.engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(store.engine, "connect", cap)
        store.engine.dispose()


def test_a_full_disk_refuses_the_import_with_a_sentence_and_changes_nothing(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor
) -> None:
    with store.read() as session:
        pages = int(session.execute(text("PRAGMA page_count")).scalar() or 0)
    before = count(store, Customer)
    table = open_table(customers_csv(tmp_path / "members.csv", 3000))
    with disk_limited_to(store, pages), pytest.raises(StoreError) as refused:
        CustomerImport(store, owner).run(table, detect_header(table), REAL)

    assert str(refused.value) == "磁盘已满，操作没有保存，数据没有改动。请腾出空间后重试。"
    assert count(store, Customer) == before
    # Space freed: the same import now goes in.
    assert CustomerImport(store, owner).run(table, detect_header(table), REAL).imported == 3000
    store.close()
    reopened_and_checked(db_path).close()


# -- (d) an I/O error: the file taken away from under the open program --------------------------


def test_an_io_error_refuses_writes_and_reads_with_a_sentence_and_loses_nothing(
    db_path: Path, store: Store, owner: Actor
) -> None:
    card_id = new_card(store, owner, topup_fen=5000)
    cards = CardService(store, owner)
    # The file moved away under the open program and a folder put at its name (as a
    # sync tool might): the next connection cannot open it, even as root.
    aside = db_path.with_name("aside.crm")
    store.engine.dispose()
    os.replace(db_path, aside)
    db_path.mkdir()
    try:
        with pytest.raises(StoreError) as refused:
            cards.top_up(card_id, 1000)
        assert str(refused.value).startswith("数据文件 shop.crm 在程序打开期间被移动")
        with pytest.raises(StoreError) as unread:
            cards.value_ledger(card_id)
        assert str(unread.value).startswith("读写数据文件时出错")
    finally:
        store.engine.dispose()
        db_path.rmdir()
        os.replace(aside, db_path)
    assert [e.principal_fen for e in cards.value_ledger(card_id)] == [5000]
    store.close()
    reopened_and_checked(db_path).close()


# -- (f) two debits racing on one card -----------------------------------------------------------


def test_racing_debits_never_overdraw_and_exactly_the_covered_ones_succeed(
    db_path: Path, store: Store, owner: Actor, clerk: Actor
) -> None:
    card_id = new_card(store, owner, topup_fen=1000)
    start = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def debit() -> None:
        service = CardService(store, clerk)
        start.wait()
        try:
            service.consume(card_id, 300, "stored_value")
            result = "ok"
        except DomainError as error:
            result = str(error)
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=debit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("ok") == 3
    refusals = [o for o in outcomes if o != "ok"]
    assert len(refusals) == 5 and all(o.startswith("余额不足：需付 3.00 元") for o in refusals)
    (record,) = CardService(store, owner).cards_of(1)
    assert record.principal_fen + record.bonus_fen == 100
    store.close()
    reopened_and_checked(db_path).close()


def test_a_debit_larger_than_the_balance_is_refused_and_changes_nothing(
    store: Store, owner: Actor
) -> None:
    card_id = new_card(store, owner, topup_fen=1000)
    with pytest.raises(ConflictError, match="余额不足"):
        CardService(store, owner).consume(card_id, 1001, "stored_value")
    assert [e.principal_after_fen for e in CardService(store, owner).value_ledger(card_id)] == [1000]


# -- (g) the clock set backwards -----------------------------------------------------------------


def test_a_clock_set_back_keeps_ledger_order_and_warns(
    db_path: Path, store: Store, owner: Actor
) -> None:
    card_id = new_card(store, owner, topup_fen=1000)
    cards = CardService(store, owner)
    assert clock_warning(store) is None
    cards.top_up(card_id, 2000)
    ahead = datetime.now() + timedelta(days=2)
    with store.write() as session:
        # As if that top-up was booked while the clock was two days ahead.
        session.execute(text("UPDATE value_entries SET ts = :ts WHERE id = 2"), {"ts": ahead})
    cards.top_up(card_id, 3000)  # the clock is right again: an earlier time than the last entry

    ledger = cards.value_ledger(card_id)
    assert [(e.principal_fen, e.principal_after_fen) for e in ledger] == [
        (1000, 1000), (2000, 3000), (3000, 6000)]
    assert ledger[2].ts < ledger[1].ts
    warning = clock_warning(store)
    assert warning is not None
    assert "早于最近一条记录的时间" in str(warning) and f"{ahead:%Y-%m-%d %H:%M}" in str(warning)
    store.close()
    again, _ = open_store(db_path, "boss", PASSWORD)
    try:
        # The balances hold; the only finding is the hand edit that played the clock.
        assert {line.code for line in run_check(again).findings} == {"audit.ledger.changed"}
    finally:
        again.close()


# -- a damaged page met while working (a big file is only fully checked in the background) ------


def test_a_damaged_page_met_by_a_service_is_one_sentence(
    db_path: Path, store: Store, owner: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.write() as session:
        session.add_all(Customer(name=f"客户{i}", phone=f"139{i:08d}", notes="备注" * 100)
                        for i in range(400))
    store.close()
    monkeypatch.setattr(integrity, "FULL_CHECK_MAX_BYTES", 0)
    data = bytearray(db_path.read_bytes())
    # The 400 customers were written last: damage the pages of the file's later part (not
    # its very end, so the file still opens), whatever tables the schema holds before them.
    pages = len(data) // 4096
    for page in range(pages * 2 // 3, pages * 5 // 6):
        data[page * 4096 + 100] ^= 0xFF
    db_path.write_bytes(bytes(data))

    again, owner = open_store(db_path, "boss", PASSWORD)
    try:
        refusals: list[str] = []
        for customer_id in range(1, 401):
            try:
                CustomerService(again, owner).get(customer_id)
            except StoreError as error:
                refusals.append(str(error))
        assert refusals and set(refusals) == {
            "数据文件有一部分已损坏，这些数据无法读取，操作没有保存。请从最近的备份恢复。"}
    finally:
        again.close()
