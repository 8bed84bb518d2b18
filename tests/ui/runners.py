"""Task runners for GUI tests that need to see a screen before the worker has answered."""

from __future__ import annotations

from crm_desktop.ui.base.task_runner import Job, SynchronousTaskRunner, TaskHandle


class CountingRunner(SynchronousTaskRunner):
    """Runs inline, and counts the tasks it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.started = 0

    def _start(self, handle: TaskHandle, work: Job) -> None:
        self.started += 1
        super()._start(handle, work)


class LaterRunner(SynchronousTaskRunner):
    """Holds every task until the test lets the worker answer, in the order asked."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: list[tuple[TaskHandle, Job]] = []

    def _start(self, handle: TaskHandle, work: Job) -> None:
        self.waiting.append((handle, work))

    def answer(self) -> None:
        """Answer what was asked so far (what those answers ask in turn waits for the next)."""
        asked, self.waiting = self.waiting, []
        for handle, work in asked:
            super()._start(handle, work)

    def answer_all(self) -> None:
        """Answer until nothing waits, the answers' own requests included."""
        while self.waiting:
            self.answer()
