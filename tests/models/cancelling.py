"""A progress report that keeps every step and cancels, as a user's Cancel would, after n."""

from __future__ import annotations

from crm_desktop.models.progress import Progress, ProgressReport, cancelled_error


def cancel_after(steps: int, seen: list[Progress]) -> ProgressReport:
    """Append each step to ``seen``; the ``steps``-th report raises ``Cancelled``."""

    def report(progress: Progress) -> None:
        seen.append(progress)
        if len(seen) >= steps:
            raise cancelled_error()

    return report
