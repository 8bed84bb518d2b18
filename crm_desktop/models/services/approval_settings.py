"""The owner's approval rules (授权设置): read them, and save them signed.

What the rules mean and how the counter asks for approval is ``models.approval``.
Saving is the owner's (``settings.manage``); the value is stored in the settings
table like every other setting and signed with the saving owner's own key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from crm_desktop.models.approval import (
    RULES_KEY,
    ApprovalRules,
    clean_rules,
    load_rules,
    stored_rules,
)
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import User
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.shop_settings import write_setting


@dataclass(frozen=True)
class ApprovalSetup:
    """The rules and the accounts the owner may name as approvers (active, not owners)."""

    rules: ApprovalRules
    staff: tuple[str, ...]


class ApprovalSettings(Service):
    """Read and save which actions need an owner's or manager's approval."""

    def setup(self) -> ApprovalSetup:
        with self._read("settings.manage") as session:
            staff = session.scalars(
                select(User.username).where(User.active.is_(True), User.role != "owner")
                .order_by(User.username)
            ).all()
            return ApprovalSetup(load_rules(session, self.store), tuple(staff))

    def save(
        self, actions: Sequence[str], discount_percent: int | None, approvers: Sequence[str]
    ) -> ApprovalRules:
        """Store new rules (owner only); an unknown or inactive approver is refused."""
        if discount_percent is not None and not 0 <= discount_percent <= 100:
            raise ValidationError(
                "invalid.discount_percent",
                "折扣限额应为 0 到 100 之间的百分比。",
                "The discount limit must be a percentage from 0 to 100.",
                field="discount_percent",
            )
        rules = clean_rules(actions, discount_percent, approvers)
        with self._action("approval.update", Entity.SETTING, "settings.manage") as rec:
            active = set(rec.session.scalars(
                select(User.username).where(User.active.is_(True))).all())
            unknown = [name for name in rules.approvers if name not in active]
            if unknown:
                raise ValidationError(
                    "invalid.approver",
                    f"没有这个在用的账号：{'、'.join(unknown)}。",
                    f"No such active account: {', '.join(unknown)}.",
                    field="approvers",
                )
            before = load_rules(rec.session, self.store)
            signer = self.store.trust.signer(self.actor.username)
            if signer is None:  # a file from before signatures: stored unsigned
                value = json.dumps(rules.to_json(), ensure_ascii=False)
            else:
                value = stored_rules(rules, signer, self.actor.username, self.store.keys.file_id)
            write_setting(rec.session, RULES_KEY, json.loads(value))
            rec.before, rec.after = before.to_json(), rules.to_json()
            return rules
