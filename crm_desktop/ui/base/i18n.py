"""The interface language: choose it, remember it on this PC, and install its translators.

Source strings are English; ``resources/translations/crm_desktop_zh_CN.qm`` holds the
Simplified Chinese. Qt's own ``qtbase`` catalogue translates the standard buttons
(wizard Next/Back, message box Yes/No). The model layer's messages follow the same
choice through ``models.language.set_language``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from crm_desktop.models.language import set_language
from crm_desktop.paths import resources_dir
from crm_desktop.ui.base.preferences import preference, save_preference

LANGUAGES = ("zh", "en")
QT_LOCALE_NAMES = {"zh": "zh_CN", "en": "en"}
_PREFERENCE_KEY = "ui/language"
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return resources_dir() / "translations"


def saved_language() -> str | None:
    value = preference(_PREFERENCE_KEY)
    return value if value in LANGUAGES else None


def save_language(lang: str) -> None:
    """Remember ``lang`` for the next start on this PC."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    save_preference(_PREFERENCE_KEY, lang)


def system_language() -> str:
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def choose_language(requested: str | None = None) -> str:
    """``--lang`` first, then CRM_DESKTOP_LANG, then the saved choice, then the system locale."""
    if requested in LANGUAGES:
        return requested
    env = os.environ.get("CRM_DESKTOP_LANG", "")[:2]
    if env in LANGUAGES:
        return env
    return saved_language() or system_language()


def install_language(lang: str) -> None:
    """Load the translators for ``lang`` into the running application (replacing any)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing a language")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    set_language(lang)
    qt_name = QT_LOCALE_NAMES[lang]
    QLocale.setDefault(QLocale(qt_name))
    catalogues = [
        (translations_dir(), f"crm_desktop_{qt_name}"),
        (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), f"qtbase_{qt_name}"),
    ]
    for folder, name in catalogues:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)


def current_translators() -> int:
    """How many catalogues are installed now (the tests check Chinese really loaded)."""
    return len(_installed)
