"""The one progress protocol every long model job speaks.

A long job (import, export, backup, restore, demo data, tier review, reports)
takes ``progress: ProgressReport`` and calls it with a ``Progress`` between its
steps. The call is also where a cancel arrives: when the user has cancelled, it
raises ``Cancelled``, and the job lets it pass after rolling back its
transaction or removing what it had started. The task runner in ``ui/`` hands
jobs a report that forwards progress to the screen; the command line and the
tests hand ``no_progress`` or a list's ``append``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from crm_desktop.models.errors import DomainError


@dataclass(frozen=True)
class Progress:
    """How far a job is: ``done`` of ``total`` (0 when unknown) in ``stage``.

    ``stage`` is a short word a caller can test (``"customers"``, ``"backup"``);
    ``label`` is an optional sentence for the user, already in their language.
    """

    stage: str
    done: int
    total: int
    label: str = ""


ProgressReport = Callable[[Progress], None]


def no_progress(_progress: Progress) -> None:
    """The report for a caller that shows no progress and never cancels."""


class Cancelled(DomainError):
    """The user cancelled a long action; everything it did was rolled back."""


def cancelled_error() -> Cancelled:
    """The refusal a cancelled job raises from its progress report."""
    return Cancelled(
        "job.cancelled",
        "已取消，数据没有任何改动。",
        "Cancelled; nothing in the data was changed.",
    )
