"""The one task runner: work off the GUI thread, answers on it, progress, cancel, errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.entities import AuditEntry, Tag
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.progress import Progress, ProgressReport
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.change_bus import ChangeBus
from crm_desktop.ui.base.progress_dialog import ProgressDialog
from crm_desktop.ui.base.task_runner import TaskRunner


@pytest.fixture
def threaded(chinese_ui: None) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_work_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot, threaded: TaskRunner) -> None:
    answers: list[tuple[int, int]] = []
    handle = threaded.submit(
        lambda: threading.get_ident(),
        on_done=lambda worker: answers.append((worker, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: bool(answers), timeout=3000)
    worker, callback = answers[0]
    assert worker != threading.main_thread().ident
    assert callback == threading.main_thread().ident
    assert handle.finished and not threaded.busy


def test_a_refusal_reaches_on_error_with_its_sentence(qtbot: QtBot, threaded: TaskRunner) -> None:
    errors: list[BaseException] = []

    def refuse() -> None:
        raise ValidationError("x", "金额不能为负数。", "The amount cannot be negative.")

    threaded.submit(refuse, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert str(errors[0]) == "金额不能为负数。"


def test_an_unexpected_error_without_handler_is_announced_once(
    qtbot: QtBot, threaded: TaskRunner
) -> None:
    with qtbot.waitSignal(threaded.failed_unhandled, timeout=3000) as failed:
        threaded.submit(lambda: 1 / 0)
    assert failed.args[0].startswith("出现了意外错误，操作没有完成。")
    assert "ZeroDivisionError" in failed.args[0]


def test_cancelling_a_job_rolls_its_transaction_back(
    qtbot: QtBot, threaded: TaskRunner, store: Store
) -> None:
    steps: list[Progress] = []
    cancelled: list[bool] = []
    done: list[Any] = []

    def job(progress: ProgressReport) -> str:
        with store.write() as session:
            for i in range(200):
                session.add(Tag(name=f"标签{i}"))
                session.flush()
                progress(Progress("tags", i + 1, 200, f"第 {i + 1} 个"))
                time.sleep(0.01)
        return "finished"

    handle = threaded.submit_job(
        job,
        on_done=done.append,
        on_progress=steps.append,
        on_cancelled=lambda: cancelled.append(True),
    )
    qtbot.waitUntil(lambda: len(steps) >= 2, timeout=3000)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=3000)
    assert done == []
    assert steps[0].total == 200 and steps[-1].done < 200
    with store.read() as session:
        assert session.scalars(select(Tag)).all() == [], "nothing of a cancelled job is kept"


def test_progress_dialog_cancel_stops_the_job(qtbot: QtBot, threaded: TaskRunner) -> None:
    cancelled: list[bool] = []

    def job(progress: ProgressReport) -> None:
        for i in range(500):
            time.sleep(0.01)
            progress(Progress("customers", i, 500, "导入中"))

    threaded.run_with_progress(job, "导入客户", on_cancelled=lambda: cancelled.append(True))
    qtbot.waitUntil(
        lambda: any(isinstance(w, ProgressDialog) and w.isVisible() for w in qtbot_top_levels()),
        timeout=3000,
    )
    dialog = next(w for w in qtbot_top_levels() if isinstance(w, ProgressDialog) and w.isVisible())
    qtbot.waitUntil(lambda: dialog.bar.value() > 0, timeout=3000)
    assert dialog.bar.maximum() == 500 and dialog.label.text() == "导入中"
    dialog.cancel_button.click()
    assert dialog.label.text() == "正在取消…"
    qtbot.waitUntil(lambda: bool(cancelled), timeout=3000)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)


def qtbot_top_levels() -> list[Any]:
    from PySide6.QtWidgets import QApplication

    return list(QApplication.topLevelWidgets())


def test_a_cancelled_search_never_answers(qtbot: QtBot, threaded: TaskRunner) -> None:
    answers: list[str] = []
    gate = threading.Event()
    first = threaded.submit(lambda: (gate.wait(2), "old")[1], on_done=answers.append)
    threaded.submit(lambda: "new", on_done=answers.append)
    first.cancel()
    gate.set()
    qtbot.waitUntil(lambda: answers == ["new"], timeout=3000)


def test_changes_published_on_the_worker_arrive_on_the_gui_thread(
    qtbot: QtBot, threaded: TaskRunner, store: Store, owner: Actor
) -> None:
    bus = ChangeBus(store)
    seen: list[tuple[Change, int]] = []
    bus.changed.connect(lambda change: seen.append((change, threading.get_ident())))
    customers = CustomerService(store, owner)
    threaded.submit(lambda: customers.create(CustomerInput(name="钱七", phone="13600001234")))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    change, thread = seen[0]
    assert change.entities == {Entity.CUSTOMER} and change.action == "customer.create"
    assert thread == threading.main_thread().ident
    bus.detach()


def test_a_task_runs_under_the_operation_id_made_when_it_was_asked_for(
    qtbot: QtBot, threaded: TaskRunner, store: Store, owner: Actor
) -> None:
    bus = ChangeBus(store)
    seen: list[Change] = []
    bus.changed.connect(seen.append)
    customers = CustomerService(store, owner)
    handle = threaded.submit(lambda: customers.create(CustomerInput(name="孙八", phone="13600004321")))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0].operation_id == handle.operation_id
    with store.read() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None and last.operation_id == handle.operation_id
    bus.detach()


def test_a_view_hears_only_the_kinds_it_subscribed_to_and_no_audited_read(
    qtbot: QtBot, store: Store, owner: Actor
) -> None:
    bus = ChangeBus(store)
    owner_widget = QWidget()
    cards: list[Change] = []
    people: list[Change] = []
    bus.subscribe(owner_widget, (Entity.CARD,), cards.append)
    bus.subscribe(owner_widget, (Entity.CUSTOMER,), people.append)
    customers = CustomerService(store, owner)
    record = customers.create(CustomerInput(name="周九", phone="13600005678"))
    PrivacyService(store, owner).reveal_full_number(record.id, "phone")
    qtbot.waitUntil(lambda: bool(people), timeout=3000)
    qtbot.wait(50)
    assert [c.action for c in people] == ["customer.create"], "a logged reveal changed nothing"
    assert cards == []
    owner_widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken_valid(owner_widget), timeout=3000)
    customers.create(CustomerInput(name="吴十", phone="13600008765"))
    qtbot.wait(50)
    assert len(people) == 1, "a subscription ends with the widget that made it"
    bus.detach()


def shiboken_valid(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))
