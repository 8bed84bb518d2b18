"""Merge two customer files of one person: both side by side, a choice per differing field.

The preview loads on the task runner: each customer's number, name, phone (masked),
cards, balances and history, then every field whose values differ with a radio
for each side (preselected: the survivor's value, or the one that is filled in),
and a summary of what moves. Merging needs the ticked confirmation and the red
button; the default button is Cancel, so Enter never merges. The merge runs
through ``Op`` on the worker; a refusal shows in the dialog and nothing changes.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.merge_fields import KEEP, OTHER
from crm_desktop.models.rules.validation import format_fen
from crm_desktop.models.services.merge import MergeService
from crm_desktop.models.services.merge_preview import MergePreview, MergeResult, MergeSide
from crm_desktop.ui.base.acting import Op, Refusals
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import (
    DANGER_BUTTON_STYLE,
    DONE_STYLE,
    HINT_STYLE,
    TITLE_STYLE,
    refusal_label,
)


class MergeDialog(QDialog):
    """``outcome`` is the ``MergeResult`` once merged; ``choices`` the radio groups by field."""

    def __init__(
        self, context: AppContext, keep_id: int, other_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.keep_id, self.other_id = keep_id, other_id
        self.preview: MergePreview | None = None
        self.outcome: MergeResult | None = None
        self.choices: dict[str, QButtonGroup] = {}
        self.setObjectName("merge_dialog")
        self.setWindowTitle(self.tr("Merge two customers"))
        self.setMinimumSize(720, 560)

        self.status_label = QLabel(self.tr("Loading both customers…"))
        self.status_label.setObjectName("merge_status")
        self.status_label.setWordWrap(True)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.same_label = QLabel()
        self.same_label.setObjectName("merge_same")
        self.same_label.setWordWrap(True)
        self.same_label.setStyleSheet(HINT_STYLE)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("merge_summary")
        self.summary_label.setWordWrap(True)
        self.error_label = refusal_label("merge_error", hidden=True)
        self.refusals = Refusals(self.error_label)
        self.swap_button = QPushButton(self.tr("Keep the other one instead"))
        self.swap_button.setObjectName("merge_swap")
        self.swap_button.setAutoDefault(False)
        self.swap_button.clicked.connect(self.swap)
        self.confirm_box = QCheckBox(
            self.tr("I have checked: these two files are the same person"))
        self.confirm_box.setObjectName("merge_confirm")
        self.confirm_box.toggled.connect(self._update)

        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.setObjectName("merge_button")
        self.merge_button.setStyleSheet(DANGER_BUTTON_STYLE)
        self.merge_button.setAutoDefault(False)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.setDefault(True)
        self.merge_button.clicked.connect(self.merge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.same_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.swap_button)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.buttons)
        self._update()
        self.load()

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        """Ask for the preview of the current pair on the task runner."""
        service = self.context.service(MergeService)
        keep, other = self.keep_id, self.other_id
        self.preview = None
        self._update()
        Op(self.context.runner, lambda: service.preview(keep, other)).guarding(
            self.swap_button).refusals(self.refusals).on_done(self._show).run()

    def swap(self) -> None:
        """Keep the other customer instead (the choices start again from the defaults)."""
        self.keep_id, self.other_id = self.other_id, self.keep_id
        self.load()

    def _show(self, preview: MergePreview) -> None:
        self.preview = preview
        keep, other = preview.keep, preview.other
        self.status_label.setText(
            self.tr("#%1 is merged into #%2 and stops showing in lists. Pick, field by field, "
                    "which value the merged file keeps.")
            .replace("%1", str(other.id)).replace("%2", str(keep.id)))
        self._clear_grid()
        self.grid.addWidget(self._heading(self.tr("Keep"), keep), 0, 1)
        self.grid.addWidget(self._heading(self.tr("Merge in"), other), 0, 2)
        for row, field in enumerate(preview.differing, start=1):
            self.grid.addWidget(QLabel(field.label), row, 0)
            group = QButtonGroup(self)
            for column, (choice, shown) in enumerate(
                ((KEEP, field.keep_text), (OTHER, field.other_text)), start=1
            ):
                radio = QRadioButton(shown or self.tr("(empty)"))
                radio.setObjectName(f"merge_{choice}_{field.name}")
                radio.setChecked(choice == field.default)
                group.addButton(radio)
                self.grid.addWidget(radio, row, column)
            self.choices[field.name] = group
        self.grid.setRowStretch(len(preview.differing) + 1, 1)
        same = [f.label for f in preview.fields if not f.differs and f.filled]
        self.same_label.setText(
            self.tr("The same in both: %1").replace("%1", "、".join(same)) if same else "")
        self.summary_label.setText(self._summary(preview))
        self._update()

    def _heading(self, title: str, side: MergeSide) -> QLabel:
        label = QLabel(f"{title}  #{side.id} {side.name}\n{side.phone or ''}")
        label.setObjectName("merge_heading")
        label.setStyleSheet(TITLE_STYLE)
        return label

    def _clear_grid(self) -> None:
        for group in self.choices.values():
            group.deleteLater()
        self.choices = {}
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone from the dialog now, freed once control returns
                widget.deleteLater()

    def _summary(self, preview: MergePreview) -> str:
        keep, other = preview.keep, preview.other
        lines = [
            self.tr("Moves to #%1: %2 cards (%3 active), stored value ¥%4, %5 points, %6 visits.")
            .replace("%1", str(keep.id)).replace("%2", str(other.cards))
            .replace("%3", str(other.active_cards)).replace("%4", format_fen(other.balance_fen))
            .replace("%5", str(other.points)).replace("%6", str(other.counts_left)),
            self.tr("Also %1 purchases, %2 contacts, %3 feedback, %4 survey answers and %5 "
                    "customers they referred.")
            .replace("%1", str(other.purchases)).replace("%2", str(other.interactions))
            .replace("%3", str(other.feedback)).replace("%4", str(other.surveys))
            .replace("%5", str(other.referrals)),
            self.tr("After the merge #%1 holds %2 cards, stored value ¥%3 and %4 points in all; "
                    "nothing is added or lost.")
            .replace("%1", str(keep.id)).replace("%2", str(keep.cards + other.cards))
            .replace("%3", format_fen(keep.balance_fen + other.balance_fen))
            .replace("%4", str(keep.points + other.points)),
        ]
        if preview.tags_after:
            lines.append(self.tr("Tags: %1").replace("%1", "、".join(preview.tags_after)))
        lines.append(self.tr("The merge can be undone from the audit log as long as nothing "
                             "has happened to #%1 since.").replace("%1", str(keep.id)))
        return "\n".join(lines)

    # -- merging ------------------------------------------------------------------------------

    def chosen(self) -> dict[str, str]:
        """Field → "keep" or "other", as the radios stand."""
        taken: dict[str, str] = {}
        for name, group in self.choices.items():
            checked = group.checkedButton()
            if checked is not None:
                taken[name] = OTHER if checked.objectName().startswith("merge_other_") else KEEP
        return taken

    def merge(self) -> None:
        """Run the merge on the task runner with the choices and the versions the preview saw."""
        preview = self.preview
        if preview is None or not self.confirm_box.isChecked():
            return
        service = self.context.service(MergeService)
        keep, other, take = preview.keep.id, preview.other.id, self.chosen()
        versions = (preview.keep.version, preview.other.version)
        Op(self.context.runner,
           lambda: service.merge(keep, other, take, expected_versions=versions)).guarding(
            self.merge_button, self.swap_button).refusals(self.refusals).on_done(
            self._merged).run()

    def _merged(self, result: MergeResult) -> None:
        self.outcome = result
        self.status_label.setStyleSheet(DONE_STYLE)
        self.status_label.setText(
            self.tr("#%1 is merged into #%2 (audit entry %3).")
            .replace("%1", str(result.other_id)).replace("%2", str(result.keep_id))
            .replace("%3", str(result.entry_id)))
        self.accept()

    def _update(self) -> None:
        self.merge_button.setEnabled(self.preview is not None and self.confirm_box.isChecked())
