"""The one task runner: database work on one worker thread, results back on the GUI thread.

A task is a plain callable (``submit``) or a long job that speaks the model
layer's progress protocol (``submit_job``): ``work(progress)`` calls
``progress(Progress(...))`` between its steps, and once the user has cancelled
that call raises ``Cancelled``, so the job's transaction rolls back or its
half-written file goes. Callbacks always run on the GUI thread. Each task runs
under the operation id made when it was submitted, on the GUI thread where the
user asked (see ``models.operation.asked_as``). Tests inject
``SynchronousTaskRunner``: the same interface, run inline.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QWidget

from crm_desktop.models.changes import new_operation_id
from crm_desktop.models.errors import DomainError
from crm_desktop.models.operation import asked_as
from crm_desktop.models.progress import Cancelled, Progress, ProgressReport, cancelled_error
from crm_desktop.ui.base.progress_dialog import ProgressDialog

log = logging.getLogger(__name__)

DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[Progress], None]
Job = Callable[[ProgressReport], Any]

# Progress reaches the GUI at most this often; a job may report far more often.
PROGRESS_INTERVAL_S = 0.05

_in_task = threading.local()


def running_a_task() -> bool:
    """True inside work the runner is running (on the worker, or inline in tests)."""
    return bool(getattr(_in_task, "depth", 0))


@dataclass
class TaskHandle:
    """What ``submit`` returns: cancel it, or ask whether it is still running."""

    task_id: int
    operation_id: str
    on_done: DoneCallback | None = None
    on_error: ErrorCallback | None = None
    on_progress: ProgressCallback | None = None
    on_cancelled: Callable[[], None] | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event)
    finished: bool = False
    # Set when no answer may reach a screen any more (the app locked), whatever happened.
    dismissed: bool = False

    def cancel(self) -> None:
        """Stop the task at its next step.

        A plain call's answer is dropped. A long job (one with ``on_cancelled``) that
        had already done its work when the cancel came still reports it through
        ``on_done``: the user learns what really happened.
        """
        self.cancel_event.set()

    def dismiss(self) -> None:
        """Stop the task and drop every answer it may still bring."""
        self.dismissed = True
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


def _drive(work: Job, handle: TaskHandle, forward: Callable[[Progress], None]) -> Any:
    """Run ``work(report)`` under the task's operation id; the report honours a cancel."""
    last = 0.0

    def report(progress: Progress) -> None:
        nonlocal last
        if handle.cancel_event.is_set():
            raise cancelled_error()
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL_S or progress.done >= progress.total > 0:
            last = now
            forward(progress)

    _in_task.depth = getattr(_in_task, "depth", 0) + 1
    try:
        if handle.cancel_event.is_set():
            raise cancelled_error()
        with asked_as(handle.operation_id):
            return work(report)
    finally:
        _in_task.depth -= 1


def _run(
    work: Job,
    handle: TaskHandle,
    forward: Callable[[Progress], None],
    finished: Callable[[Any], None],
    failed: Callable[[BaseException], None],
    cancelled: Callable[[], None],
) -> None:
    try:
        result = _drive(work, handle, forward)
    except Cancelled:
        cancelled()
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the GUI
        if not isinstance(error, DomainError):
            log.exception("task %s failed", handle.task_id)
        failed(error)
    else:
        finished(result)


class _Worker(QObject):
    """Lives on the worker thread; runs one task at a time in submission order."""

    finished = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, object)
    cancelled = Signal(int)

    @Slot(int, object, object)
    def execute(self, task_id: int, work: Job, handle: TaskHandle) -> None:
        _run(
            work, handle,
            lambda progress: self.progressed.emit(task_id, progress),
            lambda result: self.finished.emit(task_id, result),
            lambda error: self.failed.emit(task_id, error),
            lambda: self.cancelled.emit(task_id),
        )


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
        return self.submit_job(lambda _progress: work(), on_done=on_done, on_error=on_error)

    def submit_job(
        self,
        work: Job,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> TaskHandle:
        """Run a long job: ``work(progress)`` reports ``Progress`` and stops when cancelled."""
        handle = TaskHandle(
            self._next_id, new_operation_id(), on_done, on_error, on_progress, on_cancelled
        )
        self._next_id += 1
        self._open[handle.task_id] = handle
        if len(self._open) == 1:
            self.busy_changed.emit(True)
        self._start(handle, work)
        return handle

    def run_with_progress(
        self,
        work: Job,
        title: str,
        parent: QWidget | None = None,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_cancelled: Callable[[], None] | None = None,
        labels: Mapping[str, str] | None = None,
        cancellable: bool = True,
    ) -> TaskHandle:
        """``submit_job`` with a progress dialog whose Cancel button cancels the job.

        ``labels`` words a stage for the user when the job's progress brings no label;
        ``cancellable=False`` greys Cancel out (a job that must not stop half-way).
        """
        dialog = ProgressDialog(title, parent, labels)
        dialog.cancel_button.setEnabled(cancellable)

        def finish(callback: Callable[..., None] | None, *args: Any) -> None:
            dialog.close_when_done()
            if callback is not None:
                callback(*args)

        handle = self.submit_job(
            work,
            on_done=lambda result: finish(on_done, result),
            on_error=lambda error: finish(on_error or self.announce_error, error),
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
            handle.dismiss()

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel what is queued and stop the worker thread (at window close)."""
        for handle in list(self._open.values()):
            handle.dismiss()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)
            self._thread = None
            self._worker = None

    # -- running ------------------------------------------------------------------------------

    def _start(self, handle: TaskHandle, work: Job) -> None:
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
        if handle is None or handle.dismissed:
            return
        if handle.cancelled and handle.on_cancelled is None:
            return
        if handle.on_done is not None:
            handle.on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, error: BaseException) -> None:
        handle = self._close(task_id)
        if handle is None or handle.cancelled:
            return
        (handle.on_error or self.announce_error)(error)

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

    def announce_error(self, error: BaseException) -> None:
        """Hand an error no screen shows itself to the main window, as one sentence."""
        self.failed_unhandled.emit(describe_error(error))


class SynchronousTaskRunner(TaskRunner):
    """The same interface, but every task runs inline before ``submit`` returns (tests)."""

    def _start(self, handle: TaskHandle, work: Job) -> None:
        task_id = handle.task_id
        _run(
            work, handle,
            lambda progress: self._on_progress(task_id, progress),
            lambda result: self._on_finished(task_id, result),
            lambda error: self._on_failed(task_id, error),
            lambda: self._on_cancelled(task_id),
        )
