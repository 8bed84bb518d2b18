"""Choosing a starter set (开店模板): the kind of shop, which parts to take, what they hold.

Shown by the first-start wizard and by the owner's "Starter set…" dialog. The
preview is the set's own data (no database); the dialog may mark the names
already on file, which applying leaves as they are.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.starter_sets import (
    PARTS,
    SHOP_KINDS,
    StarterCardType,
    StarterSet,
    StarterTier,
    starter_set,
)
from crm_desktop.ui.cards.card_text import money

translate = QCoreApplication.translate
NO_SET = "none"


def kind_names() -> dict[str, str]:
    return {
        "salon": translate("StarterChoice", "Hair and beauty salon"),
        "gym": translate("StarterChoice", "Gym"),
        "cafe": translate("StarterChoice", "Café or tea shop"),
        "retail": translate("StarterChoice", "Retail shop"),
        NO_SET: translate("StarterChoice", "Empty: I will add my own"),
    }


def part_names() -> dict[str, str]:
    return {
        "card_types": translate("StarterChoice", "Card types"),
        "tiers": translate("StarterChoice", "Tiers"),
        "items": translate("StarterChoice", "Services and products"),
    }


def _bonus_text(rules: tuple[tuple[int, int], ...]) -> str:
    return translate("StarterChoice", ", ").join(
        translate("StarterChoice", "pay %1, get %2 free")
        .replace("%1", money(pay)).replace("%2", money(bonus))
        for pay, bonus in rules
    )


def card_type_line(row: StarterCardType) -> str:
    """One card type in words: its kind and what it holds."""
    if row.kind == "count":
        text = translate("StarterChoice", "%1 visits of %2 for %3, valid %4 days")
        return (text.replace("%1", str(row.count_total)).replace("%2", row.service_name or "")
                .replace("%3", money(row.price_fen)).replace("%4", str(row.validity_days)))
    if row.kind == "period":
        text = translate("StarterChoice", "%1 days of %2 for %3")
        return (text.replace("%1", str(row.validity_days)).replace("%2", row.service_name or "")
                .replace("%3", money(row.price_fen)))
    if row.kind == "points":
        return translate("StarterChoice", "collects points on every purchase")
    rules = _bonus_text(row.bonus_rules)
    return translate("StarterChoice", "money kept on the card; %1").replace("%1", rules)


def tier_line(row: StarterTier) -> str:
    """One tier in words: its discount and what it takes to reach it."""
    if row.threshold_fen == 0:
        reach = translate("StarterChoice", "every member")
    else:
        reach = translate("StarterChoice", "from %1 spent in a year").replace(
            "%1", money(row.threshold_fen))
    if row.price_percent == 100:
        return translate("StarterChoice", "list price; %1").replace("%1", reach)
    return (translate("StarterChoice", "pays %1% of the list price; %2")
            .replace("%1", str(row.price_percent)).replace("%2", reach))


def preview_html(chosen: StarterSet, parts: list[str], on_file: dict[str, list[str]]) -> str:
    """The chosen parts of ``chosen`` as a short list; names on file are marked as kept."""
    kept = translate("StarterChoice", "already on file, kept as it is")
    sections = []
    for part in parts:
        lines = []
        for row in getattr(chosen, part):
            if isinstance(row, StarterCardType):
                detail = card_type_line(row)
            elif isinstance(row, StarterTier):
                detail = tier_line(row)
            else:
                detail = f"{money(row.price_fen)} · {row.category}"
            line = f"<b>{html.escape(row.name)}</b> — {html.escape(detail)}"
            if row.name in on_file.get(part, []):
                line = f"<s>{line}</s> <i>({html.escape(kept)})</i>"
            lines.append(f"<li>{line}</li>")
        sections.append(f"<p><b>{html.escape(part_names()[part])}</b></p><ul>{''.join(lines)}</ul>")
    if not sections:
        return html.escape(translate("StarterChoice", "Nothing will be added."))
    return "".join(sections)


class StarterChoice(QWidget):
    """The kind of shop (or none), the parts to take, and a preview; ``changed`` on each edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, offer_none: bool = True) -> None:
        super().__init__(parent)
        self.on_file: dict[str, list[str]] = {}
        names = kind_names()
        kinds_box = QGroupBox(self.tr("Kind of shop"))
        kinds_layout = QGridLayout(kinds_box)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for index, kind in enumerate((*SHOP_KINDS, *((NO_SET,) if offer_none else ()))):
            button = QRadioButton(names[kind])
            button.setObjectName(f"starter_kind_{kind}")
            self.kind_group.addButton(button)
            kinds_layout.addWidget(button, index // 2, index % 2)
            self.kind_buttons[kind] = button
        self.kind_buttons[SHOP_KINDS[0]].setChecked(True)
        parts_box = QGroupBox(self.tr("Take"))
        parts_layout = QVBoxLayout(parts_box)
        self.part_boxes: dict[str, QCheckBox] = {}
        for part in PARTS:
            box = QCheckBox(part_names()[part])
            box.setObjectName(f"starter_part_{part}")
            box.setChecked(True)
            box.toggled.connect(self._update)
            parts_layout.addWidget(box)
            self.part_boxes[part] = box
        parts_layout.addStretch(1)
        self.preview = QTextBrowser()
        self.preview.setObjectName("starter_preview")
        self.preview.setOpenLinks(False)
        choices = QHBoxLayout()
        choices.addWidget(kinds_box, 2)
        choices.addWidget(parts_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(choices)
        layout.addWidget(self.preview, 1)
        self.kind_group.buttonToggled.connect(lambda _button, _on: self._update())
        self._update()

    def kind(self) -> str | None:
        """The chosen kind of shop, or None for an empty file."""
        for kind, button in self.kind_buttons.items():
            if button.isChecked():
                return None if kind == NO_SET else kind
        return None

    def set_kind(self, kind: str | None) -> None:
        self.kind_buttons[kind or NO_SET].setChecked(True)

    def parts(self) -> list[str]:
        """The parts ticked (none when no kind is chosen)."""
        if self.kind() is None:
            return []
        return [part for part, box in self.part_boxes.items() if box.isChecked()]

    def set_on_file(self, on_file: dict[str, list[str]]) -> None:
        """Mark these names as already on file (applying skips them)."""
        self.on_file = on_file
        self._update()

    def _update(self) -> None:
        kind = self.kind()
        for box in self.part_boxes.values():
            box.setEnabled(kind is not None)
        if kind is None:
            self.preview.setHtml(html.escape(
                self.tr("The file starts empty. Card types, tiers and items can be added later "
                        "under Shop admin, or a starter set applied from there.")))
        else:
            self.preview.setHtml(preview_html(starter_set(kind), self.parts(), self.on_file))
        self.changed.emit()
