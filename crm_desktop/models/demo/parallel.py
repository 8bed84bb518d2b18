"""Making demo rows in a helper process while this one writes them to the file.

Generating rows and inserting them each take about half the time of a large
demo run; with two processes they overlap. The helper runs the same ``fill`` on
a buffer whose chunks go through a pipe, so the rows — and the file — are the
same as when one process does both. The helper never touches the file: the
writing process keeps the one transaction, and a cancel or an error stops the
helper and rolls everything back.
"""

from __future__ import annotations

import marshal
import multiprocessing
from collections.abc import Generator
from multiprocessing.connection import Connection
from typing import Any

from crm_desktop.models.bulk import BulkWriter
from crm_desktop.models.bulk_rows import Batch, RowBuffer
from crm_desktop.models.demo.plan import DemoPlan, fill
from crm_desktop.models.progress import Progress


class HelperFailed(RuntimeError):
    """The helper process stopped with an error (its text) or without a word."""


class _PipeBuffer(RowBuffer):
    def __init__(self, pipe: Connection, first_ids: dict[str, int]) -> None:
        super().__init__(first_ids)
        self.pipe = pipe

    def send(self, batch: Batch) -> None:
        _post(self.pipe, ("rows", batch))


def _post(pipe: Connection, message: tuple[Any, ...]) -> None:
    # marshal handles exactly what rows hold (tuples of numbers, text, None) and is
    # faster than pickle; both ends are the same interpreter, so its format matches.
    pipe.send_bytes(marshal.dumps(message))


def _produce(pipe: Connection, plan: DemoPlan, first_ids: dict[str, int]) -> None:
    """The helper's whole life: fill, pass chunks and progress on, then the card sequence."""
    try:
        rows = _PipeBuffer(pipe, first_ids)
        steps = fill(rows, plan)
        while True:
            try:
                step = next(steps)
            except StopIteration as stop:
                _post(pipe, ("done", stop.value))
                break
            _post(pipe, ("progress", step.done, step.total))
    except BaseException as exc:  # reported to the writer, which rolls back
        _post(pipe, ("error", f"{type(exc).__name__}: {exc}"))
    finally:
        pipe.close()


def fill_in_helper(writer: BulkWriter, plan: DemoPlan) -> Generator[Progress, None, int]:
    """Like ``fill(writer, plan)``, with the rows made in a helper process."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    helper = context.Process(target=_produce, args=(sender, plan, writer.first_ids()),
                             name="demo-rows", daemon=True)
    helper.start()
    sender.close()
    try:
        while True:
            try:
                message: tuple[Any, ...] = marshal.loads(receiver.recv_bytes())
            except EOFError:
                raise HelperFailed("the helper process stopped unexpectedly") from None
            if message[0] == "rows":
                writer.send(message[1])
            elif message[0] == "progress":
                yield Progress("customers", message[1], message[2])
            elif message[0] == "done":
                return int(message[1])
            else:
                raise HelperFailed(str(message[1]))
    finally:
        if helper.is_alive():
            helper.terminate()
        helper.join()
        receiver.close()
