"""How the counter's day reads on screen and on paper: movement kinds, money tables, the slip.

Shared by the shift dialogs, the Today box and the owner's day-end screen so a
method or a kind of movement reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from crm_desktop.models.services.counter_records import KindLine, MethodLine, ShiftClosed
from crm_desktop.ui.cards.card_text import method_text, money

translate = QCoreApplication.translate


def kind_text(kind: str) -> str:
    """The word for one kind of money movement at the counter."""
    names = {
        "top_up": translate("CounterText", "Top-ups"),
        "sale": translate("CounterText", "Sales not paid from a card"),
        "card_sale": translate("CounterText", "Cards sold"),
        "card_fee": translate("CounterText", "Card fees"),
        "refund": translate("CounterText", "Refunds"),
        "cancel_cash_out": translate("CounterText", "Cash paid out on cancellations"),
    }
    return names.get(kind, kind)


def time_text(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else ""


def signed_money(amount_fen: int) -> str:
    """A difference with its sign: +¥5.00, -¥3.20, ¥0.00."""
    return f"+{money(amount_fen)}" if amount_fen > 0 else money(amount_fen)


def read_only_table(name: str, headers: Sequence[str], parent: QWidget | None = None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_rows(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Put ``rows`` of text in ``table``; money columns (starting with ¥ or a sign) align right."""
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if value[:1] in ("¥", "-", "+") and any(ch.isdigit() for ch in value):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)


def method_headers() -> list[str]:
    return [
        translate("CounterText", "Payment method"),
        translate("CounterText", "In"),
        translate("CounterText", "Out"),
        translate("CounterText", "Net"),
    ]


def method_rows(lines: Sequence[MethodLine]) -> list[list[str]]:
    return [
        [method_text(line.method), money(line.in_fen), money(line.out_fen), money(line.net_fen)]
        for line in lines
    ]


def moved_lines(lines: Sequence[MethodLine], *always: str) -> list[MethodLine]:
    """The methods money moved through, and ``always`` (cash: the drawer is counted) anyway."""
    return [line for line in lines if line.in_fen or line.out_fen or line.method in always]


def kind_headers() -> list[str]:
    return [
        translate("CounterText", "Kind"),
        translate("CounterText", "Payment method"),
        translate("CounterText", "Count"),
        translate("CounterText", "Amount"),
    ]


def kind_rows(lines: Sequence[KindLine]) -> list[list[str]]:
    return [
        [kind_text(line.kind), method_text(line.method), str(line.count), money(line.amount_fen)]
        for line in lines
    ]


def slip_lines(closed: ShiftClosed, shop_name: str = "") -> list[str]:
    """The handover slip (交班小票) as plain lines: who, when, per method and kind, the cash."""
    figures = closed.figures
    shift = figures.shift
    lines: list[str] = []
    if shop_name:
        lines.append(shop_name)
    lines += [
        translate("CounterText", "Shift handover"),
        translate("CounterText", "Clerk: %1").replace("%1", shift.username),
        translate("CounterText", "Opened: %1").replace("%1", time_text(shift.opened_at)),
        translate("CounterText", "Closed: %1").replace(
            "%1", time_text(shift.closed_at or datetime.now())
        ),
        translate("CounterText", "Transactions: %1").replace("%1", str(figures.transactions)),
        "",
    ]
    for line in figures.methods:
        lines.append(
            translate("CounterText", "%1: in %2, out %3")
            .replace("%1", method_text(line.method))
            .replace("%2", money(line.in_fen))
            .replace("%3", money(line.out_fen))
        )
    if figures.kinds:
        lines.append("")
    for kind in figures.kinds:
        lines.append(
            f"{kind_text(kind.kind)} · {method_text(kind.method)} × {kind.count}: "
            f"{money(kind.amount_fen)}"
        )
    lines += [
        "",
        translate("CounterText", "Float: %1").replace("%1", money(shift.float_fen)),
        translate("CounterText", "Expected cash: %1").replace("%1", money(figures.expected_cash_fen)),
        translate("CounterText", "Cash counted: %1").replace("%1", money(closed.counted_cash_fen)),
        translate("CounterText", "Difference: %1").replace("%1", signed_money(closed.difference_fen)),
    ]
    if closed.note:
        lines.append(translate("CounterText", "Note: %1").replace("%1", closed.note))
    lines += ["", translate("CounterText", "Signature: ____________")]
    return lines
