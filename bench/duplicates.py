"""Benchmark: likely duplicates over 1,000,000 customers, and an import's 100,000 planned rows.

Builds (once; cached under the temp folder) an encrypted file of ``--customers``
customers with the demo generator's names (common surnames, so 王宁 and 李思 come
hundreds of times), unique mobiles, 85 % with a birthday, a quarter with an ID
number, some with a family landline as second phone, 2 % terminated, and
duplicates planted at ~0.6 % of customers, one kind each: a second phone that is
another's phone, the same name and birthday, a phone one digit apart or with two
neighbours swapped, the name with a space, a middle dot or a full-width space,
the name in traditional characters. Then times, against a plain baseline in the
same run (one full ``SELECT id, name, phone, id_number, birthday FROM customers``
scan, rows fetched into Python), as wall-clock and as CPU time (on a shared machine
the wall clock also counts other people's work; the ratios are what hold):

- ``DuplicateService.find`` over the whole file (target: under 30 s here), and how
  many of the planted pairs it found;
- ``likely_matches`` for 100,000 planned import rows (a tenth of them likely
  duplicates of customers on file).

    python bench/duplicates.py [--customers N] [--planned N] [--rebuild] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from crm_desktop.models.demo.names import make_name
from crm_desktop.models.duplicates import Candidate, likely_matches
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.duplicates import DuplicateService
from crm_desktop.models.store.store import Store

OWNER = "boss"
PASSWORD = "bench-pass-1"
PREFIXES = ("130", "133", "135", "138", "139", "150", "158", "166", "177", "186", "189", "199")
KINDS = ("phone2", "birthday", "near", "swap", "space", "dot", "wide", "traditional")
_INSERT = (
    "INSERT INTO customers (id, name, gender, birthday, birthday_md, birthday_lunar, phone,"
    " phone_rev, phone2, id_number, kind, marketing_consent, do_not_contact, status,"
    " created_at, updated_at, member_since, version) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?,"
    " 'individual', 0, 0, ?, '2024-01-01 09:00:00.000000', '2024-01-01 09:00:00.000000',"
    " '2024-01-01', 1)"
)
Row = tuple[Any, ...]


def _id_number(rng: random.Random, born: date, used: set[str]) -> str | None:
    from stdnum.cn import ric

    for _ in range(5):
        body = f"{rng.choice(('110105', '310104', '440305', '330106'))}{born:%Y%m%d}"
        body += f"{rng.randrange(1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in used:
            used.add(number)
            return number
    return None


def _twin(rng: random.Random, kind: str, row: Row, phone: str, to_traditional: Any) -> Row:
    """A second record of the person in ``row``, made the way ``kind`` says."""
    cid, name, gender, born, born_md, own, _rev, _phone2, _id, status = row
    if kind == "phone2":
        return (cid, name, gender, None, None, phone, phone[::-1], own, None, status)
    if kind == "birthday":
        return (cid, name, gender, born, born_md, phone, phone[::-1], None, None, status)
    if kind in ("near", "swap"):
        digits = list(own)
        spot = rng.randrange(3, 10)
        if kind == "near":
            digits[spot] = str((int(digits[spot]) + 1 + rng.randrange(8)) % 10)
        elif digits[spot] != digits[spot + 1]:
            digits[spot], digits[spot + 1] = digits[spot + 1], digits[spot]
        else:
            digits[spot] = str((int(digits[spot]) + 1) % 10)
        near = "".join(digits)
        return (cid, name, gender, None, None, near, near[::-1], None, None, status)
    twin_name = {
        "space": name[:1] + " " + name[1:],
        "dot": name[:1] + "·" + name[1:],
        "wide": name[:1] + "\u3000" + name[1:],  # a full-width space, as a Chinese keyboard types it
        "traditional": to_traditional(name),
    }[kind]
    return (cid, twin_name, gender, born, born_md, phone, phone[::-1], None, None, status)


def build(path: Path, customers: int, seed: int = 5) -> list[tuple[int, int, str]]:
    """Fill a new file; returns the planted pairs (first id, second id, kind)."""
    import opencc

    to_traditional = opencc.OpenCC("s2t.json").convert
    rng = random.Random(seed)
    store, _recovery = create_store(path, "查重测试店", OWNER, PASSWORD)
    used_ids: set[str] = set()
    landlines = [f"0571-8{n:07d}" for n in rng.sample(range(10**7), max(10, customers // 60))]
    step = 73_939_133
    offset = rng.randrange(10**8)
    rows: dict[int, Row] = {}
    planted: list[tuple[int, int, str]] = []
    today = date(2025, 6, 30)
    cid = 0
    while cid < customers:
        cid += 1
        gender = "F" if rng.random() < 0.48 else "M"
        born = today - timedelta(days=int(rng.triangular(18, 72, 34) * 365.25))
        has_birthday = rng.random() < 0.85
        phone = PREFIXES[rng.randrange(len(PREFIXES))] + f"{(cid * step + offset) % 10**8:08d}"
        id_number = _id_number(rng, born, used_ids) if rng.random() < 0.25 else None
        row: Row = (
            cid, make_name(rng, gender), gender,
            born.isoformat() if has_birthday or id_number else None,
            f"{born:%m-%d}" if has_birthday or id_number else None,
            phone, phone[::-1], rng.choice(landlines) if rng.random() < 0.05 else None,
            id_number, "terminated" if rng.random() < 0.02 else "active",
        )
        rows[cid] = row
        if rng.random() < 0.006 and cid < customers:
            kind = KINDS[rng.randrange(len(KINDS))]
            cid += 1
            twin_phone = PREFIXES[rng.randrange(len(PREFIXES))] + f"{(cid * step + offset) % 10**8:08d}"
            if kind == "birthday" and row[3] is None:
                kind = "phone2"
            twin = _twin(rng, kind, row, twin_phone, to_traditional)
            rows[cid] = (cid, *twin[1:])
            planted.append((cid - 1, cid, kind))
    raw = store.engine.raw_connection()
    cur: Any = raw.cursor()
    started = time.perf_counter()
    cur.execute("BEGIN")
    cur.executemany(_INSERT, list(rows.values()))
    cur.execute("COMMIT")
    cur.execute("ANALYZE")
    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    store.close()
    print(f"built {customers:,} customers ({len(planted):,} planted pairs) in "
          f"{time.perf_counter() - started:.0f} s")
    planted_file = path.with_suffix(".planted")
    planted_file.write_text("\n".join(f"{a} {b} {k}" for a, b, k in planted))
    return planted


def _planted(path: Path) -> list[tuple[int, int, str]]:
    found = []
    for line in path.with_suffix(".planted").read_text().splitlines():
        a, b, kind = line.split()
        found.append((int(a), int(b), kind))
    return found


def _timed(work: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds of ``runs`` runs, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def _line(what: str, wall: float, cpu: float, base: tuple[float, float] | None,
          note: str = "") -> None:
    ratio = f"  ×{wall / base[0]:.1f} / ×{cpu / base[1]:.1f} of baseline" if base else ""
    print(f"{what:<44} {wall:7.2f} s wall {cpu:7.2f} s CPU{ratio}" + (f"  ({note})" if note else ""))


def _planned_rows(store: Store, count: int, seed: int = 9) -> list[Candidate]:
    """Import rows: nine in ten new people, one in ten a customer on file written differently."""
    rng = random.Random(seed)
    with store.read() as session:
        dbapi: Any = session.connection().connection.dbapi_connection
        sample = dbapi.execute(
            "SELECT name, phone, birthday FROM customers ORDER BY random() LIMIT ?",
            (count // 10,),
        ).fetchall()
    planned = [Candidate(n + " ", p[:-1] + str((int(p[-1]) + 1) % 10), None, b)
               for n, p, b in sample]
    while len(planned) < count:
        gender = "F" if rng.random() < 0.5 else "M"
        planned.append(Candidate(make_name(rng, gender), f"16{rng.randrange(10**9):09d}", None,
                                 f"19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(9)}"))
    return planned


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--planned", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--rebuild", action="store_true", help="build the file again")
    args = parser.parse_args(argv)
    path = args.dir / f"crm-bench-duplicates-{args.customers}.crm"
    if args.rebuild or not path.exists() or not path.with_suffix(".planted").exists():
        for stale in args.dir.glob(path.name + "*"):
            stale.unlink()
        build(path, args.customers)
    planted = _planted(path)
    store, owner = open_store(path, OWNER, PASSWORD)
    try:
        def scan() -> int:
            with store.read() as session:
                dbapi: Any = session.connection().connection.dbapi_connection
                return len(dbapi.execute(
                    "SELECT id, name, phone, id_number, birthday FROM customers").fetchall())

        scan()  # the first read warms the page cache for both
        base, base_cpu, rows = _timed(scan, args.runs)
        print(f"file: {rows:,} customers, {path.stat().st_size / 1e6:.0f} MB; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        _line("baseline: one full scan of the customers", base, base_cpu, None)

        service = DuplicateService(store, owner)
        took, took_cpu, result = _timed(lambda: service.find(limit=500), args.runs)
        found: Any = result
        pairs = {p.ids for p in service.find(limit=None).pairs}
        hits = {k: 0 for k in KINDS}
        totals = {k: 0 for k in KINDS}
        for a, b, kind in planted:
            totals[kind] += 1
            hits[kind] += (a, b) in pairs
        _line("find likely duplicates, whole file", took, took_cpu, (base, base_cpu),
              f"{found.total:,} pairs; target < 30 s")
        recall = ", ".join(f"{k} {hits[k]}/{totals[k]}" for k in KINDS)
        print(f"  planted pairs found: {sum(hits.values())}/{len(planted)} ({recall})")

        planned = _planned_rows(store, args.planned)

        def match() -> object:
            with store.read() as session:
                return likely_matches(session, planned)

        took, took_cpu, result = _timed(match, args.runs)
        matched: Any = result
        _line(f"likely matches of {len(planned):,} planned rows", took, took_cpu, (base, base_cpu),
              f"{len(matched):,} rows matched")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
