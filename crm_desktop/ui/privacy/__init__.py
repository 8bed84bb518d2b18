"""A person's rights and the owner's privacy duties: consent, access export, erasure, retention, rekey."""

from __future__ import annotations

from crm_desktop.ui.privacy.privacy_menu import PrivacyMenu, install

__all__ = ["PrivacyMenu", "install"]
