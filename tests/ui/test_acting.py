"""The UI frame for acting: the busy guard, refusals beside their field, late answers."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.models.errors import ValidationError
from crm_desktop.ui.base.acting import Op, Refusals
from tests.ui.runners import LaterRunner


def test_a_second_press_while_the_call_runs_starts_nothing(qtbot: QtBot) -> None:
    runner = LaterRunner()
    button = QPushButton("保存")
    qtbot.addWidget(button)
    done: list[int] = []
    assert Op(runner, lambda: 1).guarding(button).on_done(done.append).run() is not None
    assert not button.isEnabled()
    assert Op(runner, lambda: 2).guarding(button).on_done(done.append).run() is None
    runner.answer_all()
    assert done == [1] and button.isEnabled()


def test_a_refusal_shows_beside_the_field_it_names_and_keeps_what_was_typed(
    qtbot: QtBot,
) -> None:
    runner = LaterRunner()
    form = QWidget()
    qtbot.addWidget(form)
    label, phone = QLabel(form), QLineEdit("1380013", form)
    form.show()
    refusals = Refusals(label, {"phone": phone})

    def refuse() -> None:
        raise ValidationError("invalid.phone", "手机号应为 11 位数字。", "11 digits.", field="phone")

    Op(runner, refuse).refusals(refusals).run()
    runner.answer_all()
    assert label.text() == "手机号应为 11 位数字。" and label.isVisible()
    assert phone.text() == "1380013" and form.focusWidget() is phone and phone.styleSheet()


def test_an_answer_arriving_after_its_screen_closed_reaches_nothing(qtbot: QtBot) -> None:
    runner = LaterRunner()
    button = QPushButton("确认")
    done: list[int] = []
    Op(runner, lambda: 1).guarding(button).on_done(done.append).run()
    button.deleteLater()
    qtbot.waitUntil(lambda: not _alive(button), timeout=2000)
    runner.answer_all()
    assert done == []


def _alive(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))
