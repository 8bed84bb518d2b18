"""The one task runner: database work on one worker thread, results back on the GUI thread.

A task is a plain callable (``submit``) or a generator function that yields
``(done, total, label)`` progress and returns its result (``submit_job``).
Callbacks always run on the GUI thread. Cancelling a job closes its generator at
the next yield, so its ``with store.write()`` blocks roll back. Tests inject
``SynchronousTaskRunner``: the same interface, run inline.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QWidget

from crm_desktop.models.errors import DomainError

log = logging.getLogger(__name__)

Job = Generator[Any, None, Any]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[["Progress"], None]

# Progress reaches the GUI at most this often; a job may yield far more often.
PROGRESS_INTERVAL_S = 0.05


class Progress(NamedTuple):
    """How far a long job has come: ``done`` of ``total`` (0 when unknown) and what it does."""

    done: int
    total: int
    label: str = ""


class TaskCancelled(Exception):
    """Raised inside the runner when a job stopped because the user cancelled it."""


@dataclass
class TaskHandle:
    """What ``submit`` returns: cancel it, or ask whether it is still running."""

    task_id: int
    on_done: DoneCallback | None = None
    on_error: ErrorCallback | None = None
    on_progress: ProgressCallback | None = None
    on_cancelled: Callable[[], None] | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event)
    finished: bool = False

    def cancel(self) -> None:
        """Stop the task at its next step; its callbacks will not be called any more."""
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


def describe_error(error: BaseException) -> str:
    """The one sentence a user sees for ``error``: the domain sentence, or a general one."""
    if isinstance(error, DomainError):
        return str(error)
    return QCoreApplication.translate(
        "TaskRunner",
        "Something unexpected went wrong; the action was not completed. Details: %1",
    ).replace("%1", f"{type(error).__name__}: {error}")


def _drive(work: Callable[[], Any], handle: TaskHandle, report: Callable[[Progress], None]) -> Any:
    """Run ``work``; when it is a generator, step it, report progress, honour cancel."""
    result = work()
    if not isinstance(result, Generator):
        return result
    job: Job = result
    last = 0.0
    try:
        while True:
            if handle.cancel_event.is_set():
                job.close()
                raise TaskCancelled()
            try:
                step = next(job)
            except StopIteration as stop:
                return stop.value
            now = time.monotonic()
            if step is not None and now - last >= PROGRESS_INTERVAL_S:
                last = now
                report(Progress(*step))
    finally:
        job.close()


class _Worker(QObject):
    """Lives on the worker thread; runs one task at a time in submission order."""

    finished = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, object)
    cancelled = Signal(int)

    @Slot(int, object, object)
    def execute(self, task_id: int, work: Callable[[], Any], handle: TaskHandle) -> None:
        if handle.cancel_event.is_set():
            self.cancelled.emit(task_id)
            return
        try:
            result = _drive(work, handle, lambda p: self.progressed.emit(task_id, p))
        except TaskCancelled:
            self.cancelled.emit(task_id)
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the GUI
            if not isinstance(error, DomainError):
                log.exception("task %s failed", task_id)
            self.failed.emit(task_id, error)
        else:
            self.finished.emit(task_id, result)


class TaskRunner(QObject):
    """Runs work on one worker thread; its callbacks run on the GUI thread.

    ``failed_unhandled`` carries the sentence of an error no ``on_error`` took, so the
    main window can show it once.
    """

    failed_unhandled = Signal(str)
    busy_changed = Signal(bool)
    _dispatch = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._next_id = 1
        self._open: dict[int, TaskHandle] = {}
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    # -- public interface ---------------------------------------------------------------------

    def submit(
        self,
        work: Callable[[], Any],
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> TaskHandle:
        """Run ``work()`` (a service call) off the GUI thread; ``on_done(result)`` afterwards."""
        return self.submit_job(work, on_done=on_done, on_error=on_error)

    def submit_job(
        self,
        work: Callable[[], Any],
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> TaskHandle:
        """Run a job: ``work()`` returns a generator yielding ``(done, total, label)``."""
        handle = TaskHandle(self._next_id, on_done, on_error, on_progress, on_cancelled)
        self._next_id += 1
        self._open[handle.task_id] = handle
        if len(self._open) == 1:
            self.busy_changed.emit(True)
        self._start(handle, work)
        return handle

    def run_with_progress(
        self,
        work: Callable[[], Any],
        title: str,
        parent: QWidget | None = None,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> TaskHandle:
        """``submit_job`` with a progress dialog whose Cancel button cancels the job."""
        from crm_desktop.ui.progress_dialog import ProgressDialog

        dialog = ProgressDialog(title, parent)

        def finish(callback: Callable[..., None] | None, *args: Any) -> None:
            dialog.close_when_done()
            if callback is not None:
                callback(*args)

        handle = self.submit_job(
            work,
            on_done=lambda result: finish(on_done, result),
            on_error=lambda error: finish(on_error or self._unhandled, error),
            on_progress=dialog.show_progress,
            on_cancelled=lambda: finish(on_cancelled),
        )
        if not handle.finished:
            dialog.cancel_requested.connect(handle.cancel)
            dialog.open_delayed()
        return handle

    @property
    def busy(self) -> bool:
        return bool(self._open)

    def cancel_all(self) -> None:
        """Cancel every open task (the app locks): no answer reaches a view any more."""
        for handle in list(self._open.values()):
            handle.cancel()

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel what is queued and stop the worker thread (at window close)."""
        for handle in list(self._open.values()):
            handle.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)
            self._thread = None
            self._worker = None

    # -- running ------------------------------------------------------------------------------

    def _start(self, handle: TaskHandle, work: Callable[[], Any]) -> None:
        if self._worker is None:
            self._thread = QThread()
            self._thread.setObjectName("crm-desktop-worker")
            self._worker = _Worker()
            self._worker.moveToThread(self._thread)
            self._dispatch.connect(self._worker.execute)
            self._worker.finished.connect(self._on_finished)
            self._worker.failed.connect(self._on_failed)
            self._worker.progressed.connect(self._on_progress)
            self._worker.cancelled.connect(self._on_cancelled)
            self._thread.start()
        self._dispatch.emit(handle.task_id, work, handle)

    def _close(self, task_id: int) -> TaskHandle | None:
        handle = self._open.pop(task_id, None)
        if handle is not None:
            handle.finished = True
            if not self._open:
                self.busy_changed.emit(False)
        return handle

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: Any) -> None:
        handle = self._close(task_id)
        if handle is None or handle.cancelled:
            return
        if handle.on_done is not None:
            handle.on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, error: BaseException) -> None:
        handle = self._close(task_id)
        if handle is None or handle.cancelled:
            return
        (handle.on_error or self._unhandled)(error)

    @Slot(int, object)
    def _on_progress(self, task_id: int, progress: Progress) -> None:
        handle = self._open.get(task_id)
        if handle is not None and handle.on_progress is not None and not handle.cancelled:
            handle.on_progress(progress)

    @Slot(int)
    def _on_cancelled(self, task_id: int) -> None:
        handle = self._close(task_id)
        if handle is not None and handle.on_cancelled is not None:
            handle.on_cancelled()

    def _unhandled(self, error: BaseException) -> None:
        self.failed_unhandled.emit(describe_error(error))


class SynchronousTaskRunner(TaskRunner):
    """The same interface, but every task runs inline before ``submit`` returns (tests)."""

    def _start(self, handle: TaskHandle, work: Callable[[], Any]) -> None:
        def report(progress: Progress) -> None:
            self._on_progress(handle.task_id, progress)

        try:
            result = _drive(work, handle, report)
        except TaskCancelled:
            self._on_cancelled(handle.task_id)
        except BaseException as error:  # noqa: BLE001 - as on the worker thread
            if not isinstance(error, DomainError):
                log.exception("task %s failed", handle.task_id)
            self._on_failed(handle.task_id, error)
        else:
            self._on_finished(handle.task_id, result)
