"""Per-PC interface preferences (language, last user name), kept outside the shop file.

They are read before anyone signs in, so they cannot live in the encrypted file;
nothing personal about customers is ever stored here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from crm_desktop.paths import user_data_dir


def preferences_file() -> Path:
    return user_data_dir() / "interface.ini"


def _settings() -> QSettings:
    return QSettings(str(preferences_file()), QSettings.Format.IniFormat)


def preference(key: str, default: str | None = None) -> str | None:
    value = _settings().value(key)
    return value if isinstance(value, str) else default


def save_preference(key: str, value: str) -> None:
    settings = _settings()
    settings.setValue(key, value)
    settings.sync()
