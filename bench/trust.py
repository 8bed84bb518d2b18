"""Benchmark of the trust paths on a demo shop: backup, restore, lock/unlock, erasure, exports.

Builds (or reuses) an encrypted demo file of ``--customers`` customers with
``generate_demo``, then times, each against a plain baseline in the same run:

- a verified backup (backup API copy + open + integrity check + counts) vs a plain
  ``shutil.copyfile`` of the same file;
- a restore (safety backup of the current file, staging, swap) vs the same copy;
- the lock and unlock of the app (``Store.suspend`` + ``Store.resume``, which
  unwraps the key from the password again) vs a bare ``Store.open``;
- erasing one customer (``PrivacyService.anonymise``: erase, purge the name index,
  reclaim the space) vs one ordinary customer update;
- the access-request export of one customer and the audit-log export;
- a signed money action (a top-up: ledger row, balance, signed audit entry with the
  digest of its ledger rows), p95 of ``--topups``, vs the same rows written by bare SQL
  in one transaction;
- the full ``check`` (pages, structure, balances, every signature and ledger digest)
  vs the encryption and structure checks alone (reading every page).

    python bench/trust.py [--customers N] [--dir DIR] [--reuse] [--runs N]

Times are medians of ``--runs`` runs (the restore and the erasure: one run each per
customer, on distinct customers). No targets are set by the issue; the numbers say
what an owner waits for.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from crm_desktop.models.actor import Actor
from crm_desktop.models.opening import create_store, open_store, resume_store
from crm_desktop.models.store.store import Store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OWNER = "boss"
PASSWORD = "bench-pass-1"


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--topups", type=int, default=50)
    parser.add_argument("--dir", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--reuse", action="store_true", help="keep a file built by an earlier run")
    return parser.parse_args(argv)


def _timed(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _line(what: str, ours: float, base: float, base_name: str) -> None:
    print(f"{what:<34} {ours * 1000:9.0f} ms   {base_name:<22} {base * 1000:8.0f} ms"
          f"   ratio {ours / base:6.1f}x")


def make_file(path: Path, customers: int, reuse: bool) -> None:
    from crm_desktop.models.demo import generate_demo

    if reuse and path.exists():
        return
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    store, _recovery = create_store(path, "信任测试店", OWNER, PASSWORD)
    try:
        generate_demo(store, store.actor_for(OWNER), customers, seed=11)
    finally:
        store.close()
    print(f"built {customers:,} customers in {time.perf_counter() - started:.0f} s")


def main(argv: Sequence[str] | None = None) -> int:
    from sqlalchemy import select

    from crm_desktop.models.backup_copy import make_backup
    from crm_desktop.models.entities import Card, Customer
    from crm_desktop.models.excel.export_audit import export_audit
    from crm_desktop.models.restore import restore
    from crm_desktop.models.services.customer_records import CustomerInput
    from crm_desktop.models.services.customers import CustomerService
    from crm_desktop.models.services.privacy import PrivacyService

    args = _parse(argv)
    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"trust-{args.customers}.crm"
    make_file(path, args.customers, args.reuse)
    size_mb = path.stat().st_size / 1e6
    print(f"file: {args.customers:,} customers, {size_mb:.0f} MB; median of {args.runs} runs\n")
    scratch = work / "trust-scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()

    copy_s = _timed(lambda: shutil.copyfile(path, scratch / "plain-copy"), args.runs)
    # A bare open (password key derivation, integrity check on open) as the unlock baseline.
    open_s = _timed(lambda: open_store(path, OWNER, PASSWORD)[0].close(), args.runs)

    store, owner = open_store(path, OWNER, PASSWORD)
    counter = iter(range(1_000_000))
    backup_s = _timed(
        lambda: make_backup(store, scratch / f"b{next(counter)}.crmbak"), args.runs)
    _line("verified backup", backup_s, copy_s, "plain file copy")

    def lock_and_unlock() -> None:
        store.suspend()
        resume_store(store, OWNER, PASSWORD)

    _line("lock + unlock (suspend/resume)", _timed(lock_and_unlock, args.runs), open_s,
          "Store.open")

    with store.read() as session:
        open_card_owners = select(Card.customer_id).where(Card.status != "cancelled")
        free = session.scalars(
            select(Customer.id).where(Customer.status == "active",
                                      Customer.id.not_in(open_card_owners))
            .order_by(Customer.id).limit(args.runs * 2)
        ).all()
    customers = CustomerService(store, owner)
    privacy = PrivacyService(store, owner)
    updates = iter(free[args.runs:])

    def one_update() -> None:
        cid = next(updates)
        current = customers.get(cid)
        typed = CustomerInput.from_record(current)  # masked numbers read as "unchanged"
        customers.update(cid, replace(typed, notes="老客户"), current.version)

    update_s = _timed(one_update, min(args.runs, len(free) - args.runs))
    erase_targets = iter(free[:args.runs])
    erase_s = _timed(lambda: privacy.anonymise(next(erase_targets), "客户本人要求删除"),
                     min(args.runs, len(free)))
    _line("erase one customer (+reclaim)", erase_s, update_s, "one customer update")

    person = free[-1]
    person_s = _timed(lambda: privacy.export_person(person, scratch / "person.xlsx"), args.runs)
    audit_s = _timed(lambda: export_audit(store, owner, scratch / "audit.xlsx"), 1)
    print(f"{'access-request export, 1 customer':<34} {person_s * 1000:9.0f} ms")
    print(f"{'audit-log export, whole log':<34} {audit_s * 1000:9.0f} ms")

    _money_and_check(store, owner, args.topups)

    backup = scratch / "b0.crmbak"
    started = time.perf_counter()
    restore(path, backup, signed_in=owner, store=store)  # closes the store; takes a safety backup first
    restore_s = time.perf_counter() - started
    _line("restore (safety backup + swap)", restore_s, copy_s, "plain file copy")
    shutil.rmtree(scratch, ignore_errors=True)
    # The restored file carries the erasures undone; later --reuse runs start from it.
    return 0


def _p95(times: list[float]) -> float:
    return sorted(times)[max(0, int(len(times) * 0.95) - 1)]


def _money_and_check(store: Store, owner: Actor, topups: int) -> None:
    from sqlalchemy import select

    from crm_desktop.models.check import run_check
    from crm_desktop.models.entities import Card, CardType
    from crm_desktop.models.services.cards import CardService

    with store.read() as session:
        card_id, customer_id = session.execute(
            select(Card.id, Card.customer_id).join(CardType)
            .where(Card.status == "active", CardType.kind == "stored_value")
            .order_by(Card.id).limit(1)
        ).one()
    cards = CardService(store, owner)
    signed = []
    for _ in range(topups):
        started = time.perf_counter()
        cards.top_up(card_id, 100, "cash")
        signed.append(time.perf_counter() - started)

    def bare_top_up() -> None:
        with store.engine.begin() as conn:
            after = conn.exec_driver_sql(
                "SELECT principal_fen FROM cards WHERE id = ?", (card_id,)).scalar()
            conn.exec_driver_sql(
                "INSERT INTO value_entries (card_id, customer_id, ts, kind, principal_fen, "
                "bonus_fen, principal_after_fen, bonus_after_fen, note) "
                "VALUES (?, ?, '2026-01-01 10:00:00.000000', 'topup', 0, 0, ?, 0, 'bench')",
                (card_id, customer_id, after))

    bare = []
    for _ in range(topups):
        started = time.perf_counter()
        bare_top_up()
        bare.append(time.perf_counter() - started)
    with store.engine.begin() as conn:  # the bare rows were a baseline, not bookings
        conn.exec_driver_sql("DELETE FROM value_entries WHERE note = 'bench' AND kind = 'topup' "
                             "AND principal_fen = 0")
    _line(f"top-up, signed (p95 of {topups})", _p95(signed), statistics.median(bare),
          "bare SQL insert (median)")

    def pages_only() -> None:
        with store.engine.connect() as conn:
            list(conn.exec_driver_sql("PRAGMA cipher_integrity_check"))
            list(conn.exec_driver_sql("PRAGMA quick_check"))

    pages_s = _timed(pages_only, 1)
    check_s = _timed(lambda: run_check(store), 1)
    _line("check (signatures, digests)", check_s, pages_s, "page + structure checks")


if __name__ == "__main__":
    sys.exit(main())
