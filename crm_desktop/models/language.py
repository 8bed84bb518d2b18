"""Which language the model layer's messages speak (Simplified Chinese or English)."""

from __future__ import annotations

import locale
import os

_SUPPORTED = ("zh", "en")
_current: list[str] = []


def detect_language() -> str:
    """Pick the language from CRM_DESKTOP_LANG or the system locale; Chinese by default."""
    wanted = os.environ.get("CRM_DESKTOP_LANG", "")
    if wanted[:2] in _SUPPORTED:
        return wanted[:2]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "zh" if value.lower().startswith("zh") else "en"
    code = locale.getlocale()[0] or ""
    if code.lower().startswith("en"):
        return "en"
    return "zh"


def current_language() -> str:
    """The language messages are given in right now."""
    if not _current:
        _current.append(detect_language())
    return _current[0]


def set_language(code: str) -> None:
    """Switch the language of messages ("zh" or "en")."""
    if code not in _SUPPORTED:
        raise ValueError(f"unsupported language {code!r}")
    _current[:] = [code]
