"""What the card type and tier dialogs share: new when there is no record, else an edit of it.

Save sends the form to the catalog service on the task runner (create, or update
with the "in use" box); the record it answers is ``saved``. Every refusal comes
from the service (or from reading a typed amount) and shows beside its field,
with nothing typed lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLineEdit, QWidget

from crm_desktop.ui.base.acting import ActionDialog
from crm_desktop.ui.base.app_context import AppContext


class CatalogDialog(ActionDialog):
    """A Save/Cancel form over ``record`` (None: a new one) with its name first.

    ``titles`` are the window titles for new and edit; ``name`` the name box's object
    name and example; ``active_text`` the "in use" box, shown on edits only.
    """

    def __init__(
        self,
        context: AppContext,
        record: Any | None,
        parent: QWidget | None,
        *,
        titles: tuple[str, str],
        name: tuple[str, str],
        active_text: str,
        width: int,
    ) -> None:
        super().__init__(context, titles[0] if record is None else titles[1], parent)
        self.record = record
        self.setMinimumWidth(width)
        self.buttons.setStandardButtons(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok_button.setObjectName("confirm")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName(name[0])
        self.name_edit.setPlaceholderText(name[1])
        self.refusals.fields["name"] = self.first_field = self.name_edit
        self.active_check = QCheckBox(active_text)
        self.active_check.setChecked(True if record is None else record.active)
        self.active_check.setVisible(record is not None)

    @property
    def saved(self) -> Any:
        """The record as saved, once Save went through (None before)."""
        return self.result

    def saving(
        self, create: Callable[..., Any], update: Callable[..., Any], *args: Any, **fields: Any
    ) -> Callable[[], Any]:
        """The call Save makes: ``create(*args, **fields)``, or ``update`` of the record."""
        if self.record is None:
            return partial(create, *args, **fields)
        return partial(
            update, self.record.id, *args, active=self.active_check.isChecked(), **fields
        )
