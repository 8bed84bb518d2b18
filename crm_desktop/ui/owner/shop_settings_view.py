"""Shop settings (店铺设置): shop details, the points rule, card number format, idle lock,
and backups and retention: the backup folder (Choose…, or the default beside the
file), how many automatic backups are kept, and how long terminated customers'
files are kept before they are listed for deletion; and keeping profiles current:
which facts a profile's completeness counts, and how often contact details are to
be confirmed with the customer (定期核对: not asked for, or every 6, 12 or 24 months).

The settings are read on the task runner when the screen opens (Save and Undo
wait for them). Save sends only what changed, as one action on the runner; the
catalog service checks every value (the backup folder must exist and be writable,
the retention period fall within its bounds) and saves all or nothing. A refusal
shows beside its field and keeps what was typed. Spin boxes allow values past the valid range on purpose, so an owner who
types one reads the reason rather than seeing it silently clipped.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.backup_records import default_folder
from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.rules.card_numbers import make_card_number
from crm_desktop.models.rules.profile_facts import FACTS
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.shop_settings import ShopSettings
from crm_desktop.ui.base.acting import Op, Refusals
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_STYLE, refusal_label

TEXT_KEYS = ("shop_name", "shop_address", "shop_phone", "card_number_prefix", "backup_dir")
FACT_COLUMNS = 7


def _spin(name: str, low: int, high: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setMinimumWidth(110)
    return spin


class ShopSettingsView(QWidget):
    """The settings form; ``loaded`` is what the file holds now."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shop_settings_view")
        self.context = context
        self.loaded: ShopSettings | None = None

        self.edits: dict[str, QLineEdit] = {}
        for key in TEXT_KEYS:
            edit = QLineEdit()
            edit.setObjectName(key)
            self.edits[key] = edit
        self.edits["shop_phone"].setPlaceholderText(self.tr("e.g. 021-12345678"))
        self.spins: dict[str, QSpinBox] = {
            "points_per_yuan": _spin("points_per_yuan", 0, 100_000),
            "points_per_yuan_redeemed": _spin("points_per_yuan_redeemed", 0, 1_000_000),
            "card_number_length": _spin("card_number_length", 1, 40),
            "idle_lock_minutes": _spin("idle_lock_minutes", -999, 100_000, self.tr(" min")),
            "backup_keep": _spin("backup_keep", -999, 100_000),
            "retention_days": _spin("retention_days", -999, 1_000_000, self.tr(" days")),
        }
        self.retention_spin = self.spins["retention_days"]
        self.points_example = QLabel()
        self.points_example.setWordWrap(True)
        self.card_example = QLabel()
        self.card_example.setObjectName("card_number_example")

        shop_box = QGroupBox(self.tr("Shop details (printed on receipts)"))
        shop_form = QFormLayout(shop_box)
        shop_form.addRow(self.tr("Shop name"), self.edits["shop_name"])
        shop_form.addRow(self.tr("Address"), self.edits["shop_address"])
        shop_form.addRow(self.tr("Phone"), self.edits["shop_phone"])
        points_box = QGroupBox(self.tr("Points"))
        points_form = QFormLayout(points_box)
        points_form.addRow(self.tr("Points per yuan spent"), self.spins["points_per_yuan"])
        points_form.addRow(
            self.tr("Points needed for 1 yuan off"), self.spins["points_per_yuan_redeemed"]
        )
        points_form.addRow("", self.points_example)
        card_box = QGroupBox(self.tr("Card numbers"))
        card_form = QFormLayout(card_box)
        card_form.addRow(self.tr("Prefix (digits)"), self.edits["card_number_prefix"])
        card_form.addRow(self.tr("Length with check digit"), self.spins["card_number_length"])
        card_form.addRow(self.tr("First number"), self.card_example)
        lock_box = QGroupBox(self.tr("Screen lock"))
        lock_form = QFormLayout(lock_box)
        lock_form.addRow(self.tr("Lock after idle for"), self.spins["idle_lock_minutes"])
        backup_box = QGroupBox(self.tr("Backups and records"))
        backup_form = QFormLayout(backup_box)
        folder_row = QHBoxLayout()
        self.edits["backup_dir"].setPlaceholderText(
            self.tr("Default: %1").replace("%1", str(default_folder(context.store.path)))
        )
        self.edits["backup_dir"].setToolTip(
            self.tr("Automatic backups go here; a USB drive is a good place.")
        )
        self.choose_folder_button = QPushButton(self.tr("Choose…"))
        self.choose_folder_button.setObjectName("backup_dir_choose")
        self.choose_folder_button.setAutoDefault(False)
        self.choose_folder_button.clicked.connect(self.choose_backup_folder)
        self.default_folder_button = QPushButton(self.tr("Use the default"))
        self.default_folder_button.setObjectName("backup_dir_default")
        self.default_folder_button.setAutoDefault(False)
        self.default_folder_button.clicked.connect(self.edits["backup_dir"].clear)
        folder_row.addWidget(self.edits["backup_dir"], 1)
        folder_row.addWidget(self.choose_folder_button)
        folder_row.addWidget(self.default_folder_button)
        backup_form.addRow(self.tr("Backup folder"), folder_row)
        backup_form.addRow(self.tr("Automatic backups kept"), self.spins["backup_keep"])
        backup_form.addRow(
            self.tr("Keep ended memberships for"), self.retention_spin
        )
        retention_note = QLabel(
            self.tr("After this, customers whose membership ended are listed for deletion.")
        )
        retention_note.setWordWrap(True)
        backup_form.addRow("", retention_note)
        upkeep_box = self._upkeep_box()

        self.error_label = refusal_label("settings_error", hidden=True)
        self.info_label = QLabel()
        self.info_label.setObjectName("settings_info")
        self.info_label.setStyleSheet(DONE_STYLE)
        self.refusals = Refusals(self.error_label, {
            **self.edits, **self.spins, "completeness_fields": self.fact_grid,
            "contact_check_months": self.check_combo,
        })
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("settings_save")
        # Enter in any field saves through the window's default button (once).
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Undo my changes"))
        self.revert_button.setObjectName("settings_revert")
        self.revert_button.setAutoDefault(False)
        self.revert_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(shop_box)
        left.addWidget(lock_box)
        left.addStretch(1)
        right.addWidget(points_box)
        right.addWidget(card_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(columns)
        layout.addWidget(backup_box)
        layout.addWidget(upkeep_box)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        for key in ("points_per_yuan", "points_per_yuan_redeemed", "card_number_length"):
            self.spins[key].valueChanged.connect(lambda _v: self._update_examples())
        self.edits["card_number_prefix"].textChanged.connect(lambda _t: self._update_examples())
        context.bus.subscribe(self, (Entity.SETTING,), self._changed)
        self.load()

    def _upkeep_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Keeping profiles current"))
        form = QFormLayout(box)
        self.fact_grid = QWidget()
        self.fact_grid.setObjectName("completeness_fields")
        grid = QGridLayout(self.fact_grid)
        grid.setContentsMargins(0, 0, 0, 0)
        self.fact_boxes: dict[str, QCheckBox] = {}
        for index, fact in enumerate(FACTS):
            check = QCheckBox(fact.label)
            check.setObjectName(f"fact_{fact.key}")
            grid.addWidget(check, index // FACT_COLUMNS, index % FACT_COLUMNS)
            self.fact_boxes[fact.key] = check
        form.addRow(self.tr("Completeness counts"), self.fact_grid)
        self.check_combo = QComboBox()
        self.check_combo.setObjectName("contact_check_months")
        for months, text in ((0, self.tr("Not asked for")), (6, self.tr("Every 6 months")),
                             (12, self.tr("Every 12 months")), (24, self.tr("Every 24 months"))):
            self.check_combo.addItem(text, months)
        self.check_combo.setToolTip(self.tr(
            "Customers who are due are listed on the Today panel and their profile, until "
            "someone confirms the details with them."))
        form.addRow(self.tr("Confirm contact details with the customer"), self.check_combo)
        return box

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.edits["shop_name"].setFocus()

    # -- reading ----------------------------------------------------------------------------------

    def load(self) -> None:
        """Read what the file holds on the runner and show it (also Undo my changes)."""
        Op(self.context.runner, self.context.service(CatalogService).settings).guarding(
            self.save_button, self.revert_button
        ).refusals(self.refusals).on_done(self._show).run()

    def _show(self, settings: ShopSettings) -> None:
        self.loaded = settings
        self.error_label.hide()
        for key, edit in self.edits.items():
            edit.setText(str(getattr(settings, key)))
        for key, spin in self.spins.items():
            spin.setValue(int(getattr(settings, key)))
        for key, check in self.fact_boxes.items():
            check.setChecked(key in settings.completeness_fields)
        self.check_combo.setCurrentIndex(
            max(0, self.check_combo.findData(settings.contact_check_months)))
        self._update_examples()

    def choose_backup_folder(self) -> None:
        """A folder picker starting at the current folder; the choice is saved with Save."""
        start = self.edits["backup_dir"].text().strip() or str(
            default_folder(self.context.store.path).parent
        )
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the backup folder"), start)
        if chosen:
            self.edits["backup_dir"].setText(str(Path(chosen)))

    def typed(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: edit.text() for key, edit in self.edits.items()}
        values.update({key: spin.value() for key, spin in self.spins.items()})
        values["completeness_fields"] = tuple(
            key for key, check in self.fact_boxes.items() if check.isChecked())
        values["contact_check_months"] = int(self.check_combo.currentData())
        return values

    def changes(self) -> dict[str, Any]:
        """What differs from the file (text compared without surrounding blanks)."""
        if self.loaded is None:
            return self.typed()
        changed = {}
        for key, value in self.typed().items():
            now = getattr(self.loaded, key)
            if (value.strip() if isinstance(value, str) else value) != now:
                changed[key] = value
        return changed

    # -- saving -----------------------------------------------------------------------------------

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return  # the settings are still being read, or the last Save is still running
        self.refusals.clear()
        self.info_label.clear()
        changes = self.changes()
        if not changes:
            self.info_label.setText(self.tr("Nothing changed."))
            return
        catalog = self.context.service(CatalogService)
        Op(self.context.runner, partial(catalog.update_settings, changes)).guarding(
            self.save_button, self.revert_button
        ).refusals(self.refusals).on_done(self._saved).run()  # a refusal keeps what was typed

    def _saved(self, settings: ShopSettings) -> None:
        self._show(settings)
        self.info_label.setText(self.tr("Settings saved."))

    # -- showing ----------------------------------------------------------------------------------

    def _update_examples(self) -> None:
        earn = self.spins["points_per_yuan"].value()
        redeem = self.spins["points_per_yuan_redeemed"].value()
        self.points_example.setText(
            self.tr("Spending 100 yuan earns %1 points; %2 points take 1 yuan off.")
            .replace("%1", str(earn * 100))
            .replace("%2", str(redeem))
        )
        prefix = self.edits["card_number_prefix"].text().strip()
        length = self.spins["card_number_length"].value()
        example = ""
        # The same room the service asks for: prefix, at least 4 running digits, check digit.
        if (prefix.isdigit() or not prefix) and length - len(prefix) - 1 >= 4:
            example = make_card_number(prefix, 1, length)
        self.card_example.setText(example or self.tr("(does not fit)"))

    def _changed(self, change: Change) -> None:
        # Another window saved settings: show them, unless the owner is typing here.
        if not self.changes():
            self.load()
