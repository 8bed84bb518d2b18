"""The owner's setup checklist on the Today panel (开店清单): what is still to do.

One line per step not yet done, each with a button that triggers the main
window's menu action for it (found by its object name, so the box needs no
screen module). Read again when card types, tiers, items, accounts or settings
change; hidden once everything is done, when the owner says "Do not show again",
and for every role but the owner.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.services.setup_checklist import SetupChecklist, SetupChecklistService
from crm_desktop.ui.base.acting import while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import HINT_STYLE

PERMISSION = "settings.manage"
WATCHED = frozenset({
    Entity.CARD_TYPE, Entity.TIER, Entity.ITEM, Entity.USER, Entity.SETTING, Entity.FILE,
})


class SetupChecklistBox(QGroupBox):
    """Lists the steps still to do; ``checklist`` is the last one read."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today_setup_checklist")
        self.setTitle(self.tr("Getting the shop ready"))
        self.context = context
        self.checklist: SetupChecklist | None = None
        self.step_buttons: dict[str, QPushButton] = {}
        self.service = context.service(SetupChecklistService)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("setup_checklist_count")
        self.count_label.setStyleSheet(HINT_STYLE)
        self.hide_button = QPushButton(self.tr("Do not show again"))
        self.hide_button.setObjectName("setup_checklist_hide")
        self.hide_button.setAutoDefault(False)
        self.hide_button.clicked.connect(self.hide_for_good)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.hide_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addLayout(footer)
        self.hide()
        if context.can(PERMISSION):
            context.bus.subscribe(self, WATCHED, self._changed)
            self.refresh()

    def refresh(self) -> None:
        """Read the checklist on the worker; the box shows or hides when it comes."""
        service = self.service
        self.context.runner.submit(
            service.checklist, on_done=while_open(self, self.show_checklist),
            on_error=lambda _error: None,  # the checklist is a help, never a reason to complain
        )

    def show_checklist(self, checklist: SetupChecklist) -> None:
        self.checklist = checklist
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.step_buttons.clear()
        remaining = checklist.remaining
        for row, step in enumerate(remaining):
            label = QLabel(step.text)
            label.setWordWrap(True)
            label.setObjectName(f"setup_step_{step.key}")
            button = QPushButton(self.tr("Open"))
            button.setObjectName(f"setup_open_{step.key}")
            button.setAutoDefault(False)
            button.clicked.connect(partial(self.open_step, step.action_name))
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(button, row, 1)
            self.step_buttons[step.key] = button
        done = len(checklist.steps) - len(remaining)
        self.count_label.setText(
            self.tr("%1 of %2 done").replace("%1", str(done))
            .replace("%2", str(len(checklist.steps)))
        )
        self.setVisible(bool(remaining) and not checklist.hidden)

    def open_step(self, action_name: str) -> None:
        """Trigger the main window's action that opens the step's screen."""
        action = self._action(action_name)
        if action is not None:
            action.trigger()

    def hide_for_good(self) -> None:
        self.hide()
        service = self.service
        self.context.runner.submit(lambda: service.set_hidden(True), on_error=lambda _e: None)

    def _action(self, name: str) -> QAction | None:
        action = self.window().findChild(QAction, name)
        return action if isinstance(action, QAction) and action.isVisible() else None

    def _changed(self, _change: Change) -> None:
        self.refresh()
