"""Where the user's data and the program's resources live (also inside a frozen bundle)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "crm_desktop"
DEFAULT_DB_NAME = "shop.crm"


def user_data_dir() -> Path:
    """The per-user data folder: %APPDATA%, ~/Library/Application Support or XDG data home."""
    override = os.environ.get("CRM_DESKTOP_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_db_path() -> Path:
    return user_data_dir() / DEFAULT_DB_NAME


def resources_dir() -> Path:
    """``resources/`` next to the package, or inside the PyInstaller bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
