"""Run a model call that reports progress through callbacks as a task-runner job.

The import and export functions take ``progress`` and ``cancelled`` callbacks;
the task runner steps generators that yield ``(done, total, label)``. The job
below runs the call on a helper thread and hands each report over to the
runner, the helper waiting until the runner has taken it. When the runner
closes the job (the user pressed Cancel), the waiting report raises and
``cancelled()`` answers True, so the call rolls back its transaction or
deletes its half-written file before the job ends.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator
from typing import Any

Step = tuple[int, int, str]
Report = Callable[[int, int, str], None]
CallbackWork = Callable[[Report, Callable[[], bool]], Any]
Job = Generator[Step | None, None, Any]

_POLL_S = 0.05


class JobStopped(Exception):
    """Raised inside the call at its next report once the user has cancelled."""


def callback_job(work: CallbackWork, stop: threading.Event | None = None) -> Callable[[], Job]:
    """A job function for ``runner.submit_job`` that runs ``work(report, cancelled)``.

    ``stop`` lets the caller cancel too (setting it), even before ``submit_job``
    has handed back the task handle (the synchronous runner in tests).
    """
    stop = stop or threading.Event()

    def job() -> Job:
        steps: queue.Queue[Step | None] = queue.Queue()
        taken = threading.Semaphore(0)
        outcome: dict[str, Any] = {}

        def report(done: int, total: int, label: str) -> None:
            if stop.is_set():
                raise JobStopped()
            steps.put((done, total, label))
            taken.acquire()
            if stop.is_set():
                raise JobStopped()

        def run() -> None:
            try:
                outcome["result"] = work(report, stop.is_set)
            except BaseException as error:  # noqa: BLE001 - handed back to the runner
                outcome["error"] = error
            finally:
                steps.put(None)

        helper = threading.Thread(target=run, name="crm-desktop-excel", daemon=True)
        helper.start()
        try:
            while True:
                try:
                    step = steps.get(timeout=_POLL_S)
                except queue.Empty:
                    yield None  # lets the runner notice a cancel while the call works
                    continue
                if step is None:
                    break
                yield step
                taken.release()
        finally:
            if helper.is_alive():
                # Closed by the runner: stop the call and wait until it has rolled back.
                stop.set()
                taken.release()
                helper.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    return job
