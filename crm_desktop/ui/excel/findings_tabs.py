"""What a dry run found, row by row, in tabs: refused rows, and the questions the user answers.

Refused rows (every reason of each), rows with wrong optional values, damaged
text, likely duplicates of customers on file, and every row found on file with
the key that found it. Each question's tab keeps the user's answers;
``answers()`` gives them as ``ImportOptions`` takes them. A tab shows only when
it has rows, its title says how many.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from crm_desktop.models.excel.fields import field_by_key
from crm_desktop.models.excel.import_report import ImportReport
from crm_desktop.models.excel.row_findings import (
    CLEARABLE_FIELDS,
    DamagedCell,
    ExistingMatch,
    duplicate_reason,
)
from crm_desktop.ui.excel.choice_model import ChoiceRow
from crm_desktop.ui.excel.choice_panel import RowChoicePanel


class ImportFindings(QTabWidget):
    """``refused_table`` lists refused rows; the panels hold the questions and their answers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_findings")
        self.refused_table = QTableWidget(0, 3)
        self.refused_table.setObjectName("rejected_table")
        self.refused_table.setHorizontalHeaderLabels(
            [self.tr("Sheet row"), self.tr("Column"), self.tr("Reason")]
        )
        self.refused_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.refused_table.verticalHeader().setVisible(False)
        heading = self.refused_table.horizontalHeader()
        heading.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        heading.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        heading.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.refused_table.setWordWrap(True)
        row, name = self.tr("Sheet row"), self.tr("Name in the file")
        self.optional = RowChoicePanel(
            "optional_rows",
            self.tr(
                "These rows are right except for values a customer may go without (a birthday, "
                "an email, an ID number…). Import them without those values, flagged for "
                "correction on the profile, or leave the rows out."
            ),
            [row, name, self.tr("Wrong values"), self.tr("Your answer")],
            [("refuse", self.tr("Do not import the row")),
             ("drop", self.tr("Import without the wrong values, flagged for correction"))],
            2,
        )
        self.damaged = RowChoicePanel(
            "damaged_rows",
            self.tr(
                "The text of these cells looks damaged (?? where characters were, unknown "
                "symbols, garbled characters): the file may have been saved in another "
                "encoding. Best: save it from the old system as UTF-8 and import again."
            ),
            [row, name, self.tr("Column"), self.tr("Text in the file"), self.tr("Your answer")],
            [("skip", self.tr("Skip the row")),
             ("clear", self.tr("Leave the field empty, flagged for correction")),
             ("keep", self.tr("Import the text as it is"))],
            3,
        )
        self.likely = RowChoicePanel(
            "likely_rows",
            self.tr(
                "These rows look like a customer already on file, though no phone, card or ID "
                "number is the same. Say for each whether it is a new customer."
            ),
            [row, name, self.tr("Customer on file"), self.tr("Why"), self.tr("Score"),
             self.tr("Your answer")],
            [("new", self.tr("Import as a new customer")),
             ("skip", self.tr("Skip the row")),
             ("same", self.tr("It is this customer"))],
            3,
        )
        self.matches = RowChoicePanel(
            "matched_rows",
            self.tr(
                "These rows are customers already on file, found by the key shown. Nothing on "
                "file is overwritten unless you chose so on the previous page; what a row has "
                "that the customer lacks can be added."
            ),
            [row, self.tr("Customer on file"), self.tr("Found by"), self.tr("New in the file"),
             self.tr("Different on file"), self.tr("Your answer")],
            [("skip", self.tr("Leave as on file")),
             ("add_new", self.tr("Add what is new (empty fields only)"))],
            3,
        )
        self.addTab(self.refused_table, "")
        for panel in (self.optional, self.damaged, self.likely, self.matches):
            self.addTab(panel, "")

    # -- answers ------------------------------------------------------------------------------

    def panels(self) -> dict[str, RowChoicePanel]:
        """Each question (as ``ImportOptions`` names it) and its tab."""
        return {"optional": self.optional, "damaged": self.damaged, "likely": self.likely,
                "new_info": self.matches}

    def answers(self) -> tuple[dict[str, str], dict[tuple[int, str], str]]:
        """(an answer for every row, per question; {(sheet row, question): answer})."""
        defaults: dict[str, str] = {}
        choices: dict[tuple[int, str], str] = {}
        for question, panel in self.panels().items():
            defaults[question] = panel.model.default
            choices.update({(row, question): a for row, a in panel.model.overrides.items()})
        return defaults, choices

    def forget_answers(self) -> None:
        for panel in self.panels().values():
            panel.model.forget_answers()

    def asked(self) -> int:
        """How many rows a question is asked about."""
        return sum(
            sum(1 for i in range(p.model.rowCount()) if len(p.model.row_at(i).allowed) > 1)
            for p in self.panels().values()
        )

    # -- what the dry run found ---------------------------------------------------------------

    def show_report(self, report: ImportReport) -> None:
        self._fill_refused(report)
        kind = report.kind
        self.optional.show_rows([
            ChoiceRow(p.row, (str(p.row), p.name, "\n".join(
                f"{_label(kind, f.field)} {f.value}：{f.reason}" for f in p.fields)),
                ("refuse", "drop"))
            for p in report.optional_problems
        ], askable=report.dry_run)
        self._fill_damaged(report)
        self.likely.show_rows([
            ChoiceRow(m.row, (str(m.row), m.name, f"#{m.customer_id} {m.customer_name}",
                              "\n".join(m.reasons), f"{m.score:.0f}"), ("new", "skip", "same"))
            for m in report.likely
        ], askable=report.dry_run)
        self.matches.show_rows([self._match_row(kind, m, report.dry_run) for m in report.matches],
                               askable=report.dry_run)
        titles = (
            (self.refused_table, self.tr("Refused (%1)"),
             len({r.row for r in report.rejected}) + len(report.duplicates)),
            (self.optional, self.tr("Wrong optional values (%1)"), len(report.optional_problems)),
            (self.damaged, self.tr("Damaged text (%1)"), len({d.row for d in report.damaged})),
            (self.likely, self.tr("Possible duplicates (%1)"), len(report.likely)),
            (self.matches, self.tr("Already on file (%1)"), len(report.matches)),
        )
        for widget, title, count in titles:
            index = self.indexOf(widget)
            self.setTabText(index, title.replace("%1", str(count)))
            self.setTabVisible(index, count > 0)
        first = next((self.indexOf(w) for w, _, n in titles if n), 0)
        self.setCurrentIndex(first)

    def _fill_refused(self, report: ImportReport) -> None:
        entries = [(r.row, r.column, r.reason) for r in report.rejected]
        entries += [(d.row, "", duplicate_reason(d.first_row)) for d in report.duplicates]
        entries.sort(key=lambda e: e[0])
        table = self.refused_table
        table.setRowCount(len(entries))
        for row, (number, column, reason) in enumerate(entries):
            for col, text in enumerate((str(number), column, reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, col, item)
        table.resizeRowsToContents()

    def _fill_damaged(self, report: ImportReport) -> None:
        by_row: dict[int, list[DamagedCell]] = {}
        for cell in report.damaged:
            by_row.setdefault(cell.row, []).append(cell)
        model = self.damaged.model
        rows: list[ChoiceRow] = []
        for number, cells in by_row.items():
            rows.append(ChoiceRow(number, (
                str(number), cells[0].name, "、".join(c.column for c in cells),
                "\n".join(f"{c.preview}（{c.why}）" if c.why else c.preview for c in cells),
            ), ("skip", "clear", "keep")))
            if any(c.field not in CLEARABLE_FIELDS for c in cells):
                model.row_labels[(number, "clear")] = self.tr(
                    "Import it and flag the name for correction")
        self.damaged.show_rows(rows, askable=report.dry_run)

    def _match_row(self, kind: str, match: ExistingMatch, dry_run: bool) -> ChoiceRow:
        key = (
            self.tr("likely the same person (your answer)") if match.key == "likely"
            else f"{_label(kind, match.key)} {match.key_value}" if match.key else ""
        )
        new = "\n".join(f"{_label('customers', f)} {v}" for f, v in match.new_values)
        differs = "、".join(_label("customers", f) for f in match.differs)
        if match.note:
            differs = f"{differs}\n{match.note}" if differs else match.note
        askable = dry_run and bool(match.new_values) and match.action in ("skip", "add_new")
        done = {
            "skip": self.matches.model.labels["skip"],
            "add_new": self.matches.model.labels["add_new"],
            "fill": self.tr("Fill empty fields"),
            "overwrite": self.tr("Overwrite from the file"),
            "unchanged": self.tr("Nothing new"),
        }
        return ChoiceRow(
            match.row,
            (str(match.row), f"#{match.customer_id} {match.customer_name}".strip(), key, new,
             differs),
            ("skip", "add_new") if askable else (),
            done.get(match.action, match.action),
        )


def _label(kind: str, key: str) -> str:
    """A field's words as the import names it, in the current language."""
    try:
        return field_by_key(kind, key).label
    except KeyError:
        try:
            return field_by_key("customers", key).label
        except KeyError:
            return key
