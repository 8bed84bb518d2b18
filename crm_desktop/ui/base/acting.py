"""The one UI frame for acting: a call runs on the task runner, its outcome comes back here.

``Op(runner, call)`` is what every screen uses to do something: it decides the
thread (the worker, always), the busy guard (the widgets it guards are disabled
while the call runs, so a second Enter never books twice), the progress dialog
(``with_progress``: the call then takes the model layer's progress report), and
how a refusal shows (``refusals``: one sentence beside the form, the field it
names marked and focused; nothing typed is cleared).

``Refusals`` is that way of showing a refusal; ``LatestAnswer`` runs a read
after the input has rested (a preview while typing) and keeps only the newest
answer; ``ActionDialog`` is the form dialog every OK-makes-one-call dialog is; a call
refused for want of an owner's or manager's approval opens its approval area
(``approval_prompt``) and runs again once approved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from crm_desktop.models.errors import ApprovalRequired, DomainError
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.approval_prompt import ApprovalPrompt
from crm_desktop.ui.base.style import INVALID_FIELD_STYLE, refusal_label
from crm_desktop.ui.base.task_runner import TaskHandle, TaskRunner, describe_error

# A preview waits this long after the last keystroke before it asks the worker.
PREVIEW_DELAY_MS = 150


def while_open(widget: QWidget, callback: Callable[..., None]) -> Callable[..., None]:
    """``callback``, skipped when ``widget`` is gone (closed before a late answer came)."""

    def call(*args: Any) -> None:
        if isValid(widget):
            callback(*args)

    return call


class Refusals:
    """Shows a refusal in ``label`` and marks the field the error names (``error.field``)."""

    def __init__(self, label: QLabel, fields: dict[str, QWidget] | None = None) -> None:
        self.label = label
        self.fields: dict[str, QWidget] = fields if fields is not None else {}
        self._marked: list[QWidget] = []

    def show(self, error: BaseException) -> None:
        """Show a refusal (already in the user's language) beside the field it names."""
        self.show_text(describe_error(error), getattr(error, "field", None))

    def show_text(self, text: str, field: str | None = None) -> None:
        self.clear()
        self.label.setText(text)
        self.label.show()
        widget = self.fields.get(field or "")
        if widget is not None and widget.isVisibleTo(widget.window()):
            widget.setStyleSheet(INVALID_FIELD_STYLE)
            self._marked.append(widget)
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def clear(self) -> None:
        for widget in self._marked:
            widget.setStyleSheet("")
        self._marked.clear()
        self.label.clear()
        self.label.hide()

    @property
    def text(self) -> str:
        return self.label.text()


class Op:
    """One action asked for on a screen; configure it, then ``run()`` it once."""

    def __init__(self, runner: TaskRunner, call: Callable[..., Any]) -> None:
        self.runner = runner
        self.call = call
        self._on_done: Callable[[Any], None] | None = None
        self._on_refused: Callable[[BaseException], None] | None = None
        self._refusals: Refusals | None = None
        self._on_cancelled: Callable[[], None] | None = None
        self._guarded: tuple[QWidget, ...] = ()
        self._progress: tuple[str, QWidget | None, Mapping[str, str] | None, bool] | None = None

    def on_done(self, callback: Callable[[Any], None]) -> Op:
        self._on_done = callback
        return self

    def refusals(self, shown_in: Refusals | Callable[[BaseException], None]) -> Op:
        """Where a refusal shows: a ``Refusals`` (cleared when the call starts) or a callback."""
        if isinstance(shown_in, Refusals):
            self._refusals = shown_in
            self._on_refused = shown_in.show
        else:
            self._on_refused = shown_in
        return self

    def on_cancelled(self, callback: Callable[[], None]) -> Op:
        self._on_cancelled = callback
        return self

    def guarding(self, *widgets: QWidget) -> Op:
        """Disable ``widgets`` while the call runs; a disabled guard means: do not start."""
        self._guarded = widgets
        return self

    def with_progress(
        self,
        title: str,
        parent: QWidget | None = None,
        labels: Mapping[str, str] | None = None,
        *,
        cancellable: bool = True,
    ) -> Op:
        """Show a progress dialog with Cancel; ``call(progress)`` then gets the report."""
        self._progress = (title, parent, labels, cancellable)
        return self

    def run(self) -> TaskHandle | None:
        """Start the call; None when a guarded widget says an earlier one is still running."""
        if any(not widget.isEnabled() for widget in self._guarded):
            return None
        if self._refusals is not None:
            self._refusals.clear()
        for widget in self._guarded:
            widget.setEnabled(False)

        def release() -> bool:
            """Enable the guarded widgets again; False when the screen went meanwhile."""
            alive = [widget for widget in self._guarded if isValid(widget)]
            for widget in alive:
                widget.setEnabled(True)
            return bool(alive) or not self._guarded

        def done(result: Any) -> None:
            if release() and self._on_done is not None:
                self._on_done(result)

        def refused(error: BaseException) -> None:
            if release():
                (self._on_refused or self.runner.announce_error)(error)

        def cancelled() -> None:
            if release() and self._on_cancelled is not None:
                self._on_cancelled()

        if self._progress is None:
            return self.runner.submit(self.call, on_done=done, on_error=refused)
        title, parent, labels, cancellable = self._progress
        return self.runner.run_with_progress(
            self.call, title, parent, on_done=done, on_error=refused, on_cancelled=cancelled,
            labels=labels, cancellable=cancellable,
        )


class LatestAnswer(QObject):
    """Runs a read on the worker once the input has rested; only the newest answer arrives."""

    def __init__(
        self,
        runner: TaskRunner,
        answered: Callable[[Any], None],
        refused: Callable[[BaseException], None],
        parent: QObject | None = None,
        delay_ms: int = PREVIEW_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.answered = answered
        self.refused = refused
        self._call: Callable[[], Any] | None = None
        self._handle: TaskHandle | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.ask_now)

    def ask(self, call: Callable[[], Any]) -> None:
        """Ask ``call()`` after the delay; a newer ask replaces it and drops older answers."""
        self._call = call
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._timer.start()

    def ask_now(self) -> None:
        """Ask the waiting call at once (the user confirmed before the delay ran out)."""
        self._timer.stop()
        call, self._call = self._call, None
        if call is None:
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = self.runner.submit(call, on_done=self._done, on_error=self._failed)

    @property
    def waiting(self) -> bool:
        """True while an answer is still to come."""
        return self._call is not None or (self._handle is not None and not self._handle.finished)

    def _done(self, result: Any) -> None:
        if isValid(self):  # its screen may have closed before the answer came
            self._handle = None
            self.answered(result)

    def _failed(self, error: BaseException) -> None:
        if isValid(self):
            self._handle = None
            self.refused(error)


class ActionDialog(QDialog):
    """A form whose OK makes one call on the runner; a refusal shows beside the form.

    A subclass fills ``form``, registers its inputs in ``refusals.fields`` under the
    names the services use, and implements ``work()``: read the inputs now and
    return the call (it runs on the worker and must not touch widgets). ``answered``
    receives the call's result; by default it keeps it in ``result`` and closes.
    (Not ``done``: that is Qt's own, which ``accept`` and ``reject`` call.)
    """

    def __init__(self, context: AppContext, title: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.result: Any = None
        if title:
            self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error_label = refusal_label(hidden=True)
        self.refusals = Refusals(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("confirm")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.first_field: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        self.approval = ApprovalPrompt(self.run_call)
        self.refusals.fields["approver"] = self.approval.approver_combo
        self.refusals.fields["approval_password"] = self.approval.password_edit
        layout.addWidget(self.approval)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def work(self) -> Callable[[], Any]:
        """Read the inputs now and return the call to run on the worker."""
        raise NotImplementedError

    def submit(self) -> None:
        try:
            call = self.work()
        except DomainError as error:  # an input refused before anything runs
            self.refusals.show(error)
            return
        self.run_call(call)

    def run_call(self, call: Callable[[], Any]) -> None:
        """Run ``call``; refused for want of a manager's approval, the approval area asks."""
        if not self.ok_button.isEnabled():
            return  # the call before is still running
        self.refusals.clear()
        Op(self.context.runner, call).guarding(
            self.ok_button, self.approval.approve_button
        ).refusals(lambda error: self._call_refused(error, call)).on_done(self._call_booked).run()

    def _call_refused(self, error: BaseException, call: Callable[[], Any]) -> None:
        if isinstance(error, ApprovalRequired):
            self.approval.ask(error, call)
        self.refusals.show(error)

    def _call_booked(self, result: Any) -> None:
        self.approval.finish()
        self.answered(result)

    def answered(self, result: Any) -> None:
        self.result = result
        self.accept()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.first_field is not None:
            self.first_field.setFocus()

