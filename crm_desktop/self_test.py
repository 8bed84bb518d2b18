"""``crm-desktop --self-test``: prove on this machine (or in the bundle) that the program works.

It creates a temporary encrypted shop file and, through the same services the
screens use, issues a card with a first top-up, tops it up again, books a
purchase from the balance, exports the liability workbook and renders a chart
offscreen. Each step prints one line ("ok  …" or "FAIL  …"); the exit status is
non-zero when any step failed. Nothing outside the temporary folder is touched.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from crm_desktop.models.actor import Actor
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.store.store import Store

OWNER = "boss"
PASSWORD = "self-test-pass-1"


class StepFailed(Exception):
    """A step ran but its result was not what it should be."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


@dataclass
class SelfTest:
    """The state shared by the steps: the temporary folder, the open store, the card."""

    folder: Path
    out: TextIO
    store: Store | None = None
    card_id: int = 0
    balance_fen: int = 0
    failures: int = 0

    @property
    def signed_in(self) -> tuple[Store, Actor]:
        assert self.store is not None, "the shop file is not open"
        return self.store, self.store.actor_for(OWNER)

    def step(self, label: str, fn: Callable[[SelfTest], str]) -> bool:
        started = time.perf_counter()
        try:
            detail = fn(self)
        except Exception as error:  # every failure must become one readable line
            self.failures += 1
            print(f"FAIL  {label}  {type(error).__name__}: {error}", file=self.out, flush=True)
            traceback.print_exc(file=sys.stderr)
            return False
        took = (time.perf_counter() - started) * 1000
        print(f"ok    {label}  {detail} ({took:.0f} ms)", file=self.out, flush=True)
        return True


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step in a temporary folder; 0 when all passed, 1 otherwise."""
    stream = out if out is not None else sys.stdout
    with tempfile.TemporaryDirectory(prefix="crm-self-test-") as tmp:
        test = SelfTest(Path(tmp), stream)
        try:
            _run_steps(test)
        finally:
            if test.store is not None:
                test.store.close()
    print("self-test passed" if test.failures == 0 else f"self-test FAILED ({test.failures})",
          file=stream, flush=True)
    return 0 if test.failures == 0 else 1


def _run_steps(test: SelfTest) -> None:
    steps: list[tuple[str, Callable[[SelfTest], str]]] = [
        ("create encrypted file", _create_file),
        ("issue card", _issue_card),
        ("top up", _top_up),
        ("consume", _consume),
        ("export liability", _export),
        ("render chart", _chart),
    ]
    for index, (label, fn) in enumerate(steps):
        if not test.step(label, fn):
            # Later steps need this one's result; they count as failed, not skipped.
            for later, _fn in steps[index + 1:]:
                test.failures += 1
                print(f"FAIL  {later}  not run", file=test.out, flush=True)
            return


def _create_file(test: SelfTest) -> str:
    path = test.folder / "self-test.crm"
    store, recovery = create_store(path, "自检小店", OWNER, PASSWORD)
    store.close()
    expect(not path.read_bytes()[:16].startswith(b"SQLite format 3"), "the file is not encrypted")
    expect(bool(recovery), "no recovery key was made")
    test.store, _actor = open_store(path, OWNER, PASSWORD)
    return f"{path.stat().st_size} bytes, encrypted, reopened with the password"


def _issue_card(test: SelfTest) -> str:
    from crm_desktop.models.services.cards import CardService
    from crm_desktop.models.services.catalog import CatalogService
    from crm_desktop.models.services.customer_records import CustomerInput
    from crm_desktop.models.services.customers import CustomerService

    store, actor = test.signed_in
    card_type = CatalogService(store, actor).create_card_type(
        "自检储值卡", "stored_value", bonus_rules=[(10000, 1000)]
    )
    customer = CustomerService(store, actor).create(CustomerInput(name="张自检", phone="13800138000"))
    card = CardService(store, actor).issue(customer.id, card_type.id, first_topup_fen=10000)
    test.card_id = card.id
    expect(card.principal_fen == 10000, f"paid balance {card.principal_fen}, expected 10000")
    expect(card.bonus_fen == 1000, f"bonus balance {card.bonus_fen}, expected 1000")
    return f"card {card.number}, balance 100.00 + bonus 10.00"


def _top_up(test: SelfTest) -> str:
    from crm_desktop.models.services.cards import CardService

    store, actor = test.signed_in
    result = CardService(store, actor).top_up(test.card_id, 5000)
    expect(result.principal_after_fen == 15000, f"paid {result.principal_after_fen}, want 15000")
    expect(result.bonus_after_fen == 1000, f"bonus {result.bonus_after_fen}, want 1000")
    return "50.00 added, balance 150.00 + bonus 10.00"


def _consume(test: SelfTest) -> str:
    from crm_desktop.models.services.cards import CardService

    store, actor = test.signed_in
    service = CardService(store, actor)
    result = service.consume(test.card_id, 3200, "stored_value")
    spent = (result.principal_before_fen + result.bonus_before_fen
             - result.principal_after_fen - result.bonus_after_fen)
    expect(result.paid_fen > 0, "nothing was paid")
    expect(spent == result.paid_fen, f"balance fell by {spent}, paid {result.paid_fen}")
    card = service.get(test.card_id)
    expect(card.total_fen == 16000 - result.paid_fen, f"card shows {card.total_fen}")
    test.balance_fen = card.total_fen
    return f"paid {result.paid_fen / 100:.2f}, balance now {card.total_fen / 100:.2f}"


def _export(test: SelfTest) -> str:
    from openpyxl import load_workbook

    from crm_desktop.models.excel.export_liability import export_liability

    store, actor = test.signed_in
    path = test.folder / "liability.xlsx"
    result = export_liability(store, actor, path)
    expect(result.rows == 1, f"{result.rows} rows, expected 1 card")
    book = load_workbook(path, read_only=True)
    try:
        numbers = [
            cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
            for cell in row if isinstance(cell, int | float)
        ]
    finally:
        book.close()
    balance = test.balance_fen / 100
    expect(any(abs(n - balance) < 0.005 for n in numbers), f"{balance:.2f} not in the workbook")
    return f"{path.stat().st_size} bytes, reopened, balance {balance:.2f} found"


def _chart(test: SelfTest) -> str:
    from datetime import date, timedelta

    from crm_desktop.reports.chart_data import ChartRequest
    from crm_desktop.reports.charts import build_chart
    from crm_desktop.reports.export import png_bytes

    store, _actor = test.signed_in
    today = date.today()
    with store.read() as session:
        figure = build_chart(session, "takings", ChartRequest(today - timedelta(days=90), today))
    data = png_bytes(figure)
    expect(data.startswith(b"\x89PNG"), "not a PNG")
    expect(len(data) > 1000, f"PNG only {len(data)} bytes")
    return f"PNG {len(data)} bytes"
