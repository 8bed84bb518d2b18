"""Domain errors: each carries one clear sentence in Chinese and in English.

Services raise these; the GUI and the command line show ``str(error)`` and never
parse exceptions.
"""

from __future__ import annotations

from crm_desktop.models.language import current_language


class DomainError(Exception):
    """A refusal a user can understand; nothing was changed."""

    def __init__(self, code: str, zh: str, en: str, *, field: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.zh = zh
        self.en = en
        self.field = field

    @property
    def message(self) -> str:
        """The sentence in the current language."""
        return self.zh if current_language() == "zh" else self.en

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    """A typed or imported value is not acceptable; ``field`` names the input."""


class PermissionDenied(DomainError):
    """The user's role does not allow this action."""


class NotFound(DomainError):
    """The record asked for does not exist (or no longer exists)."""


class ConflictError(DomainError):
    """Someone else changed the record first, or a unique value is taken."""


class StoreError(DomainError):
    """The file cannot be opened, is locked, damaged, or from a newer version."""


class AuthError(DomainError):
    """Wrong user name or password, or an inactive account."""
