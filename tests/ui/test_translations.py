"""The Chinese interface is complete: every message translated, placeholders intact, and no
English left on the main screens, dialogs and wizard."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.i18n import translations_dir
from crm_desktop.ui.base.progress_dialog import ProgressDialog
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.first_run_wizard import FirstRunWizard
from crm_desktop.ui.login_dialog import LoginDialog
from crm_desktop.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory

ROOT = Path(__file__).resolve().parents[2]
ZH_TS = translations_dir() / "crm_desktop_zh_CN.ts"
PLACEHOLDER = re.compile(r"%\d|\{[A-Za-z_][A-Za-z0-9_]*\}")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin words a Chinese screen may show: key names, file types, language names, and the
# pinyin user name given as an example.
ALLOWED_WORDS = {"Ctrl", "Esc", "PDF", "English", "zs", "pdf", "laoban"}


def _messages(path: Path) -> Iterator[tuple[str, str, ET.Element]]:
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message.findtext("source") or "", message


def _finished(message: ET.Element) -> bool:
    translation = message.find("translation")
    return translation is not None and translation.get("type") is None and bool(translation.text)


def test_every_chinese_message_is_finished_with_the_same_placeholders() -> None:
    problems = []
    count = 0
    for context, source, message in _messages(ZH_TS):
        count += 1
        translation = message.find("translation")
        text = "" if translation is None else (translation.text or "")
        kind = None if translation is None else translation.get("type")
        if kind in ("unfinished", "vanished", "obsolete") or not text.strip():
            problems.append(f"{context}: {source!r} is not translated")
            continue
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"{context}: placeholders differ in {source!r} -> {text!r}")
        if "&" in source.replace("&&", "") and "&" not in text:
            problems.append(f"{context}: {source!r} lost its keyboard accelerator")
    assert count > 50, "the catalogue must really hold the interface's messages"
    assert problems == []


def test_the_catalogue_holds_every_string_in_the_code_and_the_qm_is_built(
    tmp_path: Path,
) -> None:
    fresh = tmp_path / "fresh.ts"
    tools = Path(sys.executable).parent
    lupdate = next(
        (str(p) for p in (tools / "pyside6-lupdate", tools / "pyside6-lupdate.exe") if p.exists()),
        None,
    )
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed beside this interpreter")
    sources = sorted((ROOT / "crm_desktop" / "ui").rglob("*.py")) + [ROOT / "crm_desktop" / "app.py"]
    subprocess.run(
        [lupdate, *map(str, sources), "-silent", "-locations", "none", "-ts", str(fresh)],
        check=True,
    )
    in_code = {(c, s) for c, s, _ in _messages(fresh)}
    in_catalogue = {(c, s) for c, s, _ in _messages(ZH_TS)}
    missing = sorted(in_code - in_catalogue)
    assert missing == [], "run scripts/update_translations.py and translate the new strings"

    built = QTranslator()
    assert built.load(str(ZH_TS.with_suffix(".qm")))
    stale = [
        (c, s)
        for c, s, m in _messages(ZH_TS)
        if _finished(m) and built.translate(c, s) != (m.findtext("translation") or "")
    ]
    assert stale == [], "the .qm is older than the .ts: run scripts/update_translations.py"


# -- the screens in Chinese ---------------------------------------------------------------------


def _english_sources() -> set[str]:
    return {
        source
        for _c, source, message in _messages(ZH_TS)
        if (message.findtext("translation") or "") != source
    }


def _visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can see on ``root`` and its menus."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if widget.objectName() in ("wizard_recovery_key",):
            continue
        where = f"{type(widget).__name__}#{widget.objectName()}"
        if widget.isWindow() and widget.windowTitle():
            yield where + ".windowTitle", widget.windowTitle()
        if isinstance(widget, QLabel):
            yield where, widget.text()
        elif isinstance(widget, QAbstractButton):
            yield where, widget.text()
            yield where + ".toolTip", widget.toolTip()
        elif isinstance(widget, QLineEdit):
            yield where + ".placeholder", widget.placeholderText()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield where + f"[{i}]", widget.itemText(i)
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield where + f"[{i}]", widget.tabText(i)
        elif isinstance(widget, QMenu):
            yield where, widget.title()
            for action in widget.actions():
                yield where + ">" + action.objectName(), action.text()
        model = getattr(widget, "model", None)
        if callable(model) and hasattr(widget, "horizontalHeader"):
            table_model = model()
            for column in range(table_model.columnCount()):
                header = table_model.headerData(column, Qt.Orientation.Horizontal)
                yield where + f".header[{column}]", str(header or "")
    if isinstance(root, QWizard):
        for page_id in root.pageIds():
            page = root.page(page_id)
            yield f"page{page_id}.title", page.title()
            yield f"page{page_id}.subTitle", page.subTitle()


def _untranslated(root: QWidget, dynamic: tuple[str, ...]) -> list[str]:
    english = _english_sources()
    found = []
    for where, raw in _visible_texts(root):
        text = re.sub(r"<[^>]+>", " ", raw).replace("&", "")
        if not text.strip():
            continue
        if raw in english or text in english:
            found.append(f"{where}: {raw!r}")
            continue
        for value in dynamic:
            text = text.replace(value, " ")
        leftover = [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_WORDS]
        if leftover:
            found.append(f"{where}: {raw!r} has English words {leftover}")
    return found


def test_main_window_login_and_lock_screen_speak_chinese(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor, db_path: Path, store: Store
) -> None:
    window: MainWindow = make_window(owner)
    window.idle_lock.lock_now()
    dynamic = ("boss", str(db_path))
    problems = _untranslated(window, dynamic)
    problems += _untranslated(window.idle_lock.lock_screen, dynamic)
    login = LoginDialog(db_path, SynchronousTaskRunner(), "boss")
    qtbot.addWidget(login)
    problems += _untranslated(login, dynamic)
    progress = ProgressDialog("导入", window)
    qtbot.addWidget(progress)
    problems += _untranslated(progress, dynamic)
    assert problems == []
    assert window.menu("file").title() == "文件(&F)"


def test_first_start_wizard_speaks_chinese_on_both_pages(
    qtbot: QtBot, tmp_path: Path, chinese_ui: None
) -> None:
    path = tmp_path / "new.crm"
    wizard = FirstRunWizard(path, SynchronousTaskRunner())
    qtbot.addWidget(wizard)
    wizard.show()
    dynamic = (str(path),)
    problems = _untranslated(wizard, dynamic)
    page = wizard.shop_page
    page.shop_edit.setText("小店")
    page.owner_edit.setText("boss")
    page.password_edit.setText("secret-pass-9")
    page.repeat_edit.setText("secret-pass-9")
    wizard.next()
    assert wizard.currentPage() is wizard.recovery_page
    problems += _untranslated(wizard, (*dynamic, "boss"))
    assert problems == []
    assert wizard.button(QWizard.WizardButton.FinishButton).text() != "Finish"
    assert wizard.store is not None
    wizard.store.close()
