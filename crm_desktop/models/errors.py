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


class ApprovalRequired(DomainError):
    """The owner put this action behind an owner's or manager's password; none was given.

    ``action`` is the action asked for, ``approvers`` the accounts that may approve it.
    """

    def __init__(
        self, action: str, words_zh: str, words_en: str, approvers: tuple[str, ...] = ()
    ) -> None:
        super().__init__(
            "approval.required",
            f"“{words_zh}”需要店主或经理批准：请批准人在下面选择账号并输入密码。",
            f"'{words_en}' needs an owner's or a manager's approval: the approver picks their "
            "account below and types their password.",
            field="approval_password",
        )
        self.action = action
        self.approvers = approvers
