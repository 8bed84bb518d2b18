"""The search box's hint is read whole in English and Chinese, even with the list made narrow."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from crm_desktop.models.actor import Actor
from crm_desktop.ui.base.i18n import install_language
from tests.ui.conftest import ShopData, WindowFactory


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_placeholder_is_never_cut_off(
    make_window: WindowFactory, owner: Actor, shop: ShopData, lang: str
) -> None:
    install_language(lang)
    window = make_window(owner)
    window.resize(1366, 768)
    edit = window.search_panel.search_edit
    edit.parentWidget().resize(200, 400)  # as narrow as a splitter would squeeze it
    QApplication.processEvents()
    hint = edit.placeholderText()
    assert hint and ("pinyin" in hint or "拼音" in hint)
    needed = QFontMetrics(edit.font()).horizontalAdvance(hint)
    assert edit.width() >= needed + 24, (edit.width(), needed)
    assert edit.minimumWidth() >= needed
