"""The first-start wizard's last page: start with a set for the kind of shop, or empty.

Shown once the file exists and the recovery key is written down. The chosen
parts are applied through ``StarterService`` when Finish is pressed; a refusal
stays on the page with the choice kept.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.starter import StarterService, StarterSummary
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.style import DONE_STYLE, REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import TaskRunner, describe_error
from crm_desktop.ui.starter_choice import StarterChoice


class _Wizard(Protocol):
    store: Store | None
    actor: Actor | None
    runner: TaskRunner

    def accept(self) -> None: ...


class StarterPage(QWizardPage):
    """Offers a starter set; ``summary`` says what was created once Finish applied it."""

    def __init__(self, wizard: _Wizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.summary: StarterSummary | None = None
        self._applying = False
        self._finish_when_applied = False
        self.setTitle(self.tr("Start with a set for your kind of shop"))
        self.setSubTitle(
            self.tr("Card types, three tiers and a few services to begin with. Untick what you "
                    "do not want; everything can be changed later under Shop admin.")
        )
        self.choice = StarterChoice()
        self.status_label = QLabel()
        self.status_label.setObjectName("starter_status")
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice, 1)
        layout.addWidget(self.status_label)

    def validatePage(self) -> bool:
        kind, parts = self.choice.kind(), self.choice.parts()
        store, actor = self._wizard.store, self._wizard.actor
        if self.summary is not None or kind is None or not parts or store is None or actor is None:
            return True
        if self._applying:
            return False
        self._applying = True
        self.choice.setEnabled(False)
        self._show(self.tr("Adding the starter set…"), refused=False)
        service = StarterService(store, actor)
        self._finish_when_applied = False
        self._wizard.runner.submit(
            lambda: service.apply(kind, parts), on_done=self._applied, on_error=self._failed
        )
        # The synchronous runner has already finished; the threaded one finishes later.
        self._finish_when_applied = True
        return self.summary is not None

    def _applied(self, summary: StarterSummary) -> None:
        self.summary = summary
        self._applying = False
        self._show(summary.text(), refused=False)
        if self._finish_when_applied:
            self._wizard.accept()

    def _failed(self, error: BaseException) -> None:
        self._applying = False
        self.choice.setEnabled(True)
        self._show(describe_error(error), refused=True)

    def _show(self, text: str, *, refused: bool) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(REFUSAL_STYLE if refused else DONE_STYLE)
